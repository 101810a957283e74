"""Outcomes to applicants (R-SEL5, R-AC2, R-AC4), their timeline, and the group's audit trail
(R-SEL5, R-AC3)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.errors import Forbidden
from portal.models import (
    AuditEvent,
    EqualityResponse,
    GroupMember,
    OutboxMessage,
    PanelDecision,
)
from portal.models.enums import (
    ApplicationStatus,
    ContactChannel,
    Language,
    MemberKind,
    MemberStatus,
    OutboxStatus,
    PanelStage,
)
from portal.panels import core, moderation, outcomes
from tests import factories
from tests.panels.builders import panel_world
from tests.panels.decided import all_score, invited_to_interview, lived, sheet, signed_in

SHORTLIST, INTERVIEW = PanelStage.SHORTLIST, PanelStage.INTERVIEW


def decide(db_session, world, application, stage=SHORTLIST, **data):
    data = {"outcome": "interview", "reason": "The panel agreed", "made_by": lived(world),
            **data}
    return moderation.record_decision(db_session, signed_in(world.members[0]), world.role.id,
                                      stage, application.id, data)


def send(db_session, world, stage=SHORTLIST, by=0):
    return outcomes.send_outcomes(db_session, signed_in(world.members[by]), world.role.id,
                                  stage)


def messages(db_session):
    return list(db_session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def render_text(app, message):
    from portal.letters.content import paragraphs

    with app.test_request_context("/en/"):
        return "\n\n".join(paragraphs(message))


def test_bands_are_words_from_the_mean_relative_to_the_scale():
    assert outcomes.band([4, 3], 4) == "strong"
    assert outcomes.band([2, 2, 3], 4) == "good"
    assert outcomes.band([1, 1], 4) == "some"
    assert outcomes.band([0, 0, 1], 4) == "not_yet"
    assert outcomes.band([], 4) == "not_yet"


def test_each_decided_applicant_is_told_once_with_feedback_as_bands__R_SEL5(app, db_session):
    world = panel_world(db_session)
    first, second, third = world.applications[:3]
    all_score(db_session, world, first, {"essential-1": 4, "essential-2": 2, "desirable-1": 0})
    all_score(db_session, world, second, 1)
    all_score(db_session, world, third, 2, skip={1})  # not decided: not told
    one = decide(db_session, world, first)
    two = decide(db_session, world, second, outcome="not_this_time")
    assert send(db_session, world) == 2
    sent = messages(db_session)
    assert [(m.key, m.template) for m in sent] == [
        (f"panel-outcome:{one.id}", "panel_outcome_interview"),
        (f"panel-outcome:{two.id}", "panel_outcome_not_this_time")]
    assert one.told_at and two.told_at
    assert [c["band"] for c in one.feedback["criteria"]] == ["strong", "good", "not_yet"]
    assert sent[0].payload["feedback"][0] == {
        "name": "Lived experience of mental health services", "band": "strong"}
    # Sending again tells nobody twice.
    assert send(db_session, world) == 0 and len(messages(db_session)) == 2
    text = render_text(app, sent[1])
    assert "Some evidence" in text and "not invited you to the next stage" in text
    assert "representatives on the panel would be glad to have a conversation" in text
    assert "/en/keep-me-informed" in text and "/en/roles" in text
    for raw in ("1 of 4", "points", "Because"):  # never numbers nor members' reasons
        assert raw not in text


def test_every_outcome_has_its_own_words_in_both_languages__R_SEL5_R_AC2(app):
    from portal.mail import SUBJECTS
    from portal.models import OutboxMessage

    texts = set()
    for outcome, template in outcomes.TEMPLATES.items():
        assert template in SUBJECTS
        for lang in ("en", "cy"):
            message = OutboxMessage(template=template, language=Language(lang), payload={
                "name": "Nia", "reference": "ABCD-2345", "title": "Rep", "contact_name": "Alex",
                "outcome": outcome.value, "seat_type": "service_user",
                "start_date": "2027-01-01", "term_months": 36,
                "feedback": [{"name": "Good listener", "band": "good"}],
                "keep_informed_url": f"http://x/{lang}/keep-me-informed",
                "roles_url": f"http://x/{lang}/roles"})
            text = render_text(app, message)
            assert "Good evidence" in text or lang == "cy"
            assert f"/{lang}/keep-me-informed" in text
            if lang == "en":
                texts.add(text.split("\n\n")[1])
    assert len(texts) == len(outcomes.TEMPLATES)  # different words for each outcome


def test_a_welsh_applicant_is_told_in_welsh__R_AC2(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    application.language = Language.WELSH
    all_score(db_session, world, application, 3)
    decide(db_session, world, application, outcome="reserve")
    send(db_session, world)
    message = messages(db_session)[0]
    assert message.language == Language.WELSH and message.template == "panel_outcome_reserve"
    assert message.payload["feedback"][0]["name"] == "Profiad bywyd o wasanaethau iechyd meddwl"
    assert "/cy/keep-me-informed" in message.payload["keep_informed_url"]


def test_someone_without_email_gets_a_letter_in_the_print_queue__R_AC2(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    application.contact = {"name": "Nia Rees", "channel": "post",
                           "postal_address": "1 Stryd Fawr\nAberystwyth"}
    all_score(db_session, world, application, 3)
    decide(db_session, world, application, outcome="informal_chat")
    send(db_session, world)
    letter = messages(db_session)[0]
    assert letter.channel == ContactChannel.POST and letter.status == OutboxStatus.MANUAL
    assert letter.recipient is None and letter.payload["postal_address"].startswith("1 Stryd")
    assert "informal chat" in render_text(app, letter)


def test_appointed_applicants_are_told_their_seat_and_term__R_TM1(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    invited_to_interview(db_session, world, application)
    all_score(db_session, world, application, 4, stage=INTERVIEW)
    decide(db_session, world, application, INTERVIEW, outcome="appoint",
           seat_type="service_user")
    assert send(db_session, world, INTERVIEW) == 1
    message = messages(db_session)[0]
    assert message.template == "panel_outcome_appoint" and message.payload["term_months"] == 36
    assert [c["key"] for c in db_session.scalar(sa.select(PanelDecision.feedback).where(
        PanelDecision.stage == INTERVIEW))["criteria"]] == ["q1", "q2"]
    text = render_text(app, message)
    assert "appointed you" in text and "36 months" in text


def test_only_the_chair_sends_and_withdrawn_applicants_are_not_written_to(app, db_session):
    world = panel_world(db_session)
    first, second = world.applications[:2]
    for application in (first, second):
        all_score(db_session, world, application, 3)
        decide(db_session, world, application)
    with pytest.raises(Forbidden):
        send(db_session, world, by=1)
    second.status = ApplicationStatus.WITHDRAWN
    assert send(db_session, world) == 1
    assert [m.application_id for m in messages(db_session)] == [first.id]


def test_the_timeline_shows_the_decision_and_the_outcome__R_SEL5(app, db_session, login):
    world = panel_world(db_session)
    application = world.applications[0]
    applicant = factories.person(db_session, given_name="Nia", family_name="Rees")
    application.person_id = applicant.id
    all_score(db_session, world, application, 3)
    decide(db_session, world, application)
    db_session.commit()
    client = app.test_client()
    login(client, applicant)
    page = f"/en/my-applications/{application.reference}"
    html = client.get(page).get_data(as_text=True)
    assert "The shortlisting panel made its decision" in html
    assert "would like to interview you" not in html
    send(db_session, world)
    db_session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "We told you the panel would like to interview you" in html
    assert "You are invited to an interview" in html  # the message itself, listed


def test_every_told_step_has_words_for_the_applicant_and_for_staff__R_SEL5(app):
    from portal.applications.mine import EVENT_WORDS
    from portal.console.labels import EVENT_NAMES

    for step in outcomes.TOLD_STEPS.values():
        assert step in EVENT_WORDS and step in EVENT_NAMES


def _trail(world, lang="en"):
    return f"/{lang}/recruitment/{world.role.id}/panel/audit"


def test_the_group_sees_the_audit_trail_with_who_when_and_why__R_SEL5(
        app, db_session, login):
    world = panel_world(db_session, conflicts={(3, 1)})
    first, second = world.applications[:2]
    invited_to_interview(db_session, world, first)
    all_score(db_session, world, first, 3, stage=INTERVIEW)
    decide(db_session, world, first, INTERVIEW, outcome="appoint", seat_type="service_user",
           reason="Outstanding at interview")
    all_score(db_session, world, second, 1, skip={3})
    decide(db_session, world, second, outcome="not_this_time", reason="Needs more experience")
    send(db_session, world, INTERVIEW)
    group = factories.person(db_session, given_name="Group", family_name="Member")
    db_session.add(GroupMember(recruitment_id=world.role.id, person_id=group.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    client = app.test_client()
    login(client, group)
    response = client.get(_trail(world))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    for words in ("Decision recorded", "Appointment made", "Outcome sent to the applicant",
                  "Outstanding at interview", "Needs more experience", "Carys Panel",
                  core.label(first.id), "Appoint"):
        assert words in html, words
    assert client.get(_trail(world, "cy")).status_code == 200
    # The member conflicted with the second applicant does not see its entries.
    conflicted = app.test_client()
    login(conflicted, world.members[3])
    html = conflicted.get(_trail(world)).get_data(as_text=True)
    assert "Outstanding at interview" in html and "Needs more experience" not in html
    # Nobody outside the group and the panel.
    for outsider in (world.outsider_member,
                     factories.person(db_session, given_name="Any", family_name="One")):
        other = app.test_client()
        login(other, outsider)
        assert other.get(_trail(world)).status_code == 403


def test_the_audit_trail_never_shows_scores_or_equality_data__R_AC3(app, db_session, login):
    world = panel_world(db_session)
    application = world.applications[0]
    sheet(db_session, world, 0, application, 3, reason="SecretScoreReason")
    db_session.add(EqualityResponse(recruitment_id=world.role.id,
                                    answers={"ethnicity": "UniqueEqualityAnswer"}))
    db_session.add(AuditEvent(actor_id=world.members[0].id, action="score_sheet_submitted",
                              object_type="scoresheet", object_id=1,
                              details={"recruitment_id": world.role.id, "points": 987654,
                                       "equality": "UniqueEqualityAnswer"}))
    db_session.add(AuditEvent(actor_id=world.members[0].id, action="score_saved",
                              object_type="score", object_id=1,
                              details={"recruitment_id": world.role.id, "points": 4}))
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    html = client.get(_trail(world)).get_data(as_text=True)
    assert "Scores submitted" in html and "Score saved" not in html  # ACTION_WORDS
    for secret in ("987654", "UniqueEqualityAnswer", "SecretScoreReason"):
        assert secret not in html


def test_the_outcomes_page_and_sending_through_it(app, db_session, login, csrf):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    decide(db_session, world, application, outcome="reserve")
    db_session.commit()
    url = f"/en/recruitment/{world.role.id}/panel/outcomes/shortlist"
    member = app.test_client()
    login(member, world.members[1])
    html = member.get(url).get_data(as_text=True)
    assert "Reserve list" in html and "The chair of the panel sends" in html
    token = csrf(member.get("/en/account"))
    assert member.post(url, data={"csrf_token": token}).status_code == 403
    chair = app.test_client()
    login(chair, world.members[0])
    page = chair.get(url)
    assert "Send 1 outcome" in page.get_data(as_text=True)
    response = chair.post(url, data={"csrf_token": csrf(page)})
    assert response.status_code == 302
    assert len(messages(db_session)) == 1
    assert chair.post(url, data={"csrf_token": csrf(page)}).status_code == 302
    assert len(messages(db_session)) == 1  # exactly once


def test_two_sends_at_once_tell_each_applicant_exactly_once__R_SEL5(app, data_app, db_session):
    import threading

    from sqlalchemy.orm import Session

    from portal.extensions import db
    from portal.models import Person

    world = panel_world(db_session)
    for application in world.applications[:2]:
        all_score(db_session, world, application, 3)
        decide(db_session, world, application, outcome="not_this_time")
    db_session.commit()
    ids = (world.role.id, world.members[0].id)

    def send_in(session):
        chair = signed_in(session.get(Person, ids[1]))
        return outcomes.send_outcomes(session, chair, ids[0], SHORTLIST)

    result = {}
    with data_app.test_request_context("/en/"), Session(db.engine) as first:
        result["first"] = send_in(first)

        def second_send():
            with data_app.test_request_context("/en/"), Session(db.engine) as second:
                result["second"] = send_in(second)
                second.commit()

        thread = threading.Thread(target=second_send)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the second send waits for the first"
        first.commit()
        thread.join(timeout=10)
    assert (result["first"], result["second"]) == (2, 0)
    db_session.expire_all()
    assert len(messages(db_session)) == 2
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "panel_outcome_sent")) == 2


def _audited_actions():
    """(file, line, actions, keywords) of every audit.record call in the panel and expenses
    journeys, its action worked out from the string constants it is built of."""
    import ast
    import pathlib

    def strings(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return strings(node.body) | strings(node.orelse)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return {a + b for a in strings(node.left) for b in strings(node.right)}
        if isinstance(node, ast.Name) and node.id == "kind":  # expenses.decide: kind = a if b
            return {"expense_approved", "expense_returned"}
        return set()

    root = pathlib.Path(__file__).resolve().parents[2] / "portal"
    for path in sorted([*root.glob("panels/*.py"), *root.glob("expenses/*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"):
                yield (path.name, node.lineno, strings(node.args[2]),
                       {k.arg for k in node.keywords})


def test_every_panel_and_expenses_audit_action_has_plain_words_and_its_recruitment__R_SEL5():
    """The group's audit trail shows every action of the five journeys in plain, translatable
    words, and finds each by the recruitment_id in its details."""
    from portal.panels.outcomes import ACTION_WORDS

    found = list(_audited_actions())
    assert len(found) > 20
    for name, line, actions, keywords in found:
        assert actions, (name, line)
        assert not actions - set(ACTION_WORDS), (name, line, actions - set(ACTION_WORDS))
        assert "recruitment_id" in keywords, (name, line)


def test_the_interview_outcome_and_the_invitation_read_as_two_steps__R_SEL5_R_MT1(app):
    """The shortlisting outcome says the times follow; the invitation that brings them has a
    subject of its own, so two messages about one interview are not mistaken for a repeat."""
    import pathlib

    from portal.mail import SUBJECTS

    with app.test_request_context("/en/"):
        assert str(SUBJECTS["panel_outcome_interview"]()) != str(
            SUBJECTS["interview_invitation"]())
    emails = pathlib.Path(app.root_path) / "templates" / "emails"
    for ending in ("txt", "html"):
        assert "interview times to choose from separately" in (
            emails / f"panel_outcome_interview.{ending}").read_text()
