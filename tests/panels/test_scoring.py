"""Independent, anonymised scoring (R-SEL3, R-SEL4, R-SEL6, R-AC3): the services and every page
of the scoring journey."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.models import (
    ApplicationFile,
    AuditEvent,
    EqualityResponse,
    PanelDecision,
    PanelScheme,
    Score,
    ScoreSheet,
)
from portal.models.enums import PanelOutcome, PanelStage
from portal.panels import core, scoring
from tests.panels.builders import CRITERIA, panel_world

SHORT = PanelStage.SHORTLIST


@pytest.fixture
def as_member(app, login):
    def _as(person):
        client = app.test_client()
        login(client, person)
        return client

    return _as


def signed_in(person):
    person.session_token = "test"
    return person


def base(world, lang="en"):
    return f"/{lang}/recruitment/{world.role.id}/panel"


def post(client, path, data):
    page = client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    if token is None:  # a page that is refused has no form: take a token from the account page
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          client.get("/en/account").get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token.group(1)})


def full_sheet(world, member_index, application_index, reason="Clear evidence", points=3,
               submit=True, db_session=None):
    """A member's complete sheet for one application, through the services."""
    person = signed_in(world.members[member_index])
    application_id = world.applications[application_index].id
    scoring.save_scores(db_session, person, world.role.id, SHORT, {application_id: {
        c["key"]: (str(points), f"{reason} ({c['key']})") for c in CRITERIA}})
    if submit:
        scoring.submit(db_session, person, world.role.id, SHORT, application_id)
    db_session.commit()


def every_page(client, world, lang="en", stage="shortlist"):
    """Every GET page of the scoring journey for this world's first application."""
    first = world.applications[0].id
    paths = [f"{base(world, lang)}/scoring", f"{base(world, lang)}/progress",
             f"{base(world, lang)}/scoring/{stage}/applications/{first}"]
    keys = [c["key"] for c in CRITERIA] if stage == "shortlist" else ["q1", "q2"]
    paths += [f"{base(world, lang)}/scoring/{stage}/questions/{k}" for k in keys]
    paths += [f"{base(world, lang)}/scoring/applications/{a.id}/cv" for a in world.applications]
    return {path: client.get(path) for path in paths}


# ---- labels and order ---------------------------------------------------------------------------

def test_labels_are_stable_unique_and_reveal_no_order__R_SEL3(app):
    with app.app_context():
        codes = [core.label_code(i) for i in range(1, 201)]
        assert codes == [core.label_code(i) for i in range(1, 201)]
        assert len(set(codes)) == 200
        assert all(re.fullmatch(r"[A-HJ-NP-Z]{6}", c) for c in codes)
        assert codes != sorted(codes)
        assert str(core.label(7)) == f"Applicant {core.label_code(7)}"


def test_each_member_has_an_own_stable_order__R_SEL3(db_session):
    world = panel_world(db_session, applications=8)
    world.seats[0].order_seed, world.seats[1].order_seed = 11, 12
    db_session.commit()
    one = scoring.worklist(db_session, core.Seat(world.scheme, world.seats[0]), SHORT).ids
    again = scoring.worklist(db_session, core.Seat(world.scheme, world.seats[0]), SHORT).ids
    other = scoring.worklist(db_session, core.Seat(world.scheme, world.seats[1]), SHORT).ids
    assert one == again and sorted(one) == sorted(other) and one != other
    assert one != sorted(one) or other != sorted(other)


# ---- anonymity (R-SEL3, R-AC3) ----------------------------------------------------------------

def test_scoring_pages_show_no_identity_nor_equality_data__R_SEL3__R_AC3(
        db_session, as_member):
    world = panel_world(db_session)
    first = world.applications[0]
    first.contact = {"name": "Zephaniah Quillfeather", "channel": "email",
                     "email": "zeph@example.org", "phone": "07700 900123"}
    answers = dict(first.answers)
    answers["criteria"] = {**answers["criteria"], "essential-2": {
        "criterion": "Good listener", "answer": "Private words kept back", "essential": True}}
    answers["disclosure"] = {**answers["disclosure"], "essential-2": "summary"}
    first.answers = answers
    db_session.add(EqualityResponse(recruitment_id=world.role.id,
                                    answers={"ethnicity": "never-shown-equality",
                                             "sexuality_other": "Equality words never shown"}))
    db_session.commit()
    full_sheet(world, 1, 0, db_session=db_session)  # so that others' sheets show too
    for lang in ("en", "cy"):
        for who in (0, 1):
            client = as_member(world.members[who])
            for path, response in every_page(client, world, lang).items():
                html = response.get_data(as_text=True)
                for secret in ("Zephaniah", "zeph@example.org", "07700 900123",
                               first.reference, "never-shown-equality",
                               "Equality words never shown", "Private words kept back",
                               "Applicant 1"):
                    assert secret not in html, (path, secret)
                if "/questions/essential-1" in path:
                    assert response.status_code == 200
                    assert "Answer 1 to essential-1" in html
                    assert core.label_code(first.id) in html
    html = as_member(world.members[0]).get(
        f"{base(world)}/scoring/shortlist/questions/essential-2").get_data(as_text=True)
    assert "they chose not to share these words with the panel" in html


def test_the_cv_is_given_only_for_the_cv_route_as_an_attachment__R_SEL3(
        db_session, as_member):
    from portal.applications import documents
    from tests.console.builders import make_application
    from tests.panels.builders import declare_all

    world = panel_world(db_session)
    cv_app = make_application(db_session, world.role, route="cv", name="Rhodri Cvname")
    declare_all(db_session, world.seats, [cv_app], {(3, 0)})
    db_session.add(ApplicationFile(application_id=cv_app.id, kind="cv", stored_name="a" * 64,
                                   original_name="Rhodri Cvname CV.pdf",
                                   media_type="application/pdf", size=9, sha256="0" * 64))
    db_session.commit()
    (documents.upload_folder() / ("a" * 64)).write_bytes(b"%PDF-1.4\n")
    client = as_member(world.members[0])
    response = client.get(f"{base(world)}/scoring/applications/{cv_app.id}/cv")
    assert response.status_code == 200 and response.data == b"%PDF-1.4\n"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "Rhodri" not in disposition
    assert core.label_code(cv_app.id) in disposition
    assert response.headers["Cache-Control"] == "no-store"
    page = client.get(f"{base(world)}/scoring/shortlist/applications/{cv_app.id}")
    assert "Download the CV" in page.get_data(as_text=True)
    assert "Rhodri" not in page.get_data(as_text=True)
    # Not the CV route: no CV; a conflicted member: refused (R-SEL4).
    assert client.get(f"{base(world)}/scoring/applications/{world.applications[0].id}/cv"
                      ).status_code == 404
    assert as_member(world.members[3]).get(
        f"{base(world)}/scoring/applications/{cv_app.id}/cv").status_code == 403
    assert as_member(world.outsider_member).get(
        f"{base(world)}/scoring/applications/{cv_app.id}/cv").status_code == 403


# ---- saving and submitting (R-SEL3) -------------------------------------------------------------

def test_save_as_you_go_then_submit_and_it_never_changes__R_SEL3(db_session, as_member):
    world = panel_world(db_session)
    client = as_member(world.members[1])
    application = world.applications[2]
    page = f"{base(world)}/scoring/shortlist/applications/{application.id}"
    response = post(client, page, {"action": "save", "points_0": "3",
                                   "reason_0": "Clear lived experience"})
    assert response.status_code == 302
    sheet = db_session.scalar(sa.select(ScoreSheet))
    assert sheet.submitted_at is None
    assert db_session.get(PanelScheme, world.scheme.id).locked_at is not None  # R-SEL3 lock
    html = client.get(page).get_data(as_text=True)
    assert "Clear lived experience" in html
    # Submitting with criteria left unscored keeps what was typed and says what is missing.
    response = post(client, page, {"action": "submit", "points_0": "3",
                                   "reason_0": "Clear lived experience", "points_1": "2",
                                   "reason_1": "Listens well"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Knows the local area" in html
    assert "Listens well" in html
    db_session.expire_all()
    assert db_session.scalar(sa.select(ScoreSheet)).submitted_at is None
    assert db_session.scalar(sa.select(sa.func.count(Score.id))) == 2  # the draft is kept
    response = post(client, page, {"action": "submit", "points_0": "3",
                                   "reason_0": "Clear lived experience", "points_1": "2",
                                   "reason_1": "Listens well", "points_2": "0",
                                   "reason_2": "Not mentioned"})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(sa.select(ScoreSheet)).submitted_at is not None
    assert db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "score_sheet_submitted")) is not None
    html = client.get(page).get_data(as_text=True)
    assert "Your submitted scores" in html and 'name="points_0"' not in html
    # A submitted sheet cannot be changed, by either page (a form left open in another tab).
    response = post(client, page, {"action": "save", "points_0": "0", "reason_0": "Changed"})
    assert response.status_code == 302
    assert "were already submitted" in client.get(page).get_data(as_text=True)
    question = f"{base(world)}/scoring/shortlist/questions/essential-1"
    response = post(client, question, {f"points_{application.id}": "0",
                                       f"reason_{application.id}": "Changed"})
    assert response.status_code == 302
    with pytest.raises(scoring.DomainError, match="cannot be changed"):
        scoring.save_scores(db_session, signed_in(world.members[1]), world.role.id, SHORT,
                            {application.id: {"essential-1": ("0", "Changed")}})
    db_session.rollback()
    db_session.expire_all()
    assert {s.points for s in db_session.scalars(sa.select(Score))} == {3, 2, 0}
    assert "Changed" not in {s.reason for s in db_session.scalars(sa.select(Score))}


def test_points_come_from_the_scale_and_a_reason_is_needed__R_SEL3(db_session, as_member):
    world = panel_world(db_session)
    client = as_member(world.members[0])
    a, b = world.applications[0].id, world.applications[1].id
    question = f"{base(world, 'cy')}/scoring/shortlist/questions/essential-1"
    response = post(client, question, {f"points_{a}": "9", f"reason_{a}": "Typed words",
                                       f"points_{b}": "2", f"reason_{b}": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "govuk-error-summary" in html and "Typed words" in html
    assert f'href="#points_{a}"' in html and f'href="#reason_{b}"' in html
    assert db_session.scalar(sa.select(sa.func.count(Score.id))) == 0  # nothing saved
    assert db_session.get(PanelScheme, world.scheme.id).locked_at is None
    response = post(client, question, {f"points_{a}": "4", f"reason_{a}": "Typed words",
                                       f"points_{b}": "", f"reason_{b}": "", "action": "next"})
    assert response.status_code == 302 and response.location.endswith("/essential-2")
    assert db_session.scalar(sa.select(Score.points)) == 4


def test_scoring_mode_is_the_members_choice__R_SEL3(db_session, as_member):
    world = panel_world(db_session)
    client = as_member(world.members[2])
    html = client.get(f"{base(world)}/scoring").get_data(as_text=True)
    assert "Question by question" in html and "essential-1" in html
    response = post(client, f"{base(world)}/scoring/mode", {"mode": "by_application"})
    assert response.status_code == 302
    html = client.get(f"{base(world)}/scoring").get_data(as_text=True)
    assert html.count("/scoring/shortlist/applications/") == 6
    response = post(client, f"{base(world)}/scoring/mode", {"mode": "sideways"})
    assert response.status_code == 400 and "govuk-error-summary" in response.get_data(
        as_text=True)


# ---- independence (R-SEL3) and conflicts (R-SEL4) ---------------------------------------------

def test_scores_hidden_until_submitted_tested_through_every_endpoint__R_SEL3(
        db_session, as_member):
    world = panel_world(db_session)
    full_sheet(world, 1, 0, reason="SUBMITTED-BY-DEWI", db_session=db_session)
    full_sheet(world, 2, 0, reason="DRAFT-BY-ELIN", submit=False, db_session=db_session)
    chair = as_member(world.members[0])
    # Before the chair has submitted their own: nothing of anyone else's, anywhere.
    pages = every_page(chair, world)
    pages["mode"] = post(chair, f"{base(world)}/scoring/mode", {"mode": "by_application"})
    pages["home again"] = chair.get(f"{base(world)}/scoring")
    first = world.applications[0].id
    pages["save"] = post(chair, f"{base(world)}/scoring/shortlist/questions/essential-1", {
        f"points_{first}": "1", f"reason_{first}": "Chair's own"})
    pages["bad save"] = post(chair, f"{base(world)}/scoring/shortlist/applications/{first}", {
        "action": "submit", "points_0": "9"})
    for path, response in pages.items():
        html = response.get_data(as_text=True)
        assert "SUBMITTED-BY-DEWI" not in html and "DRAFT-BY-ELIN" not in html, path
        assert "Dewi" not in html or path.endswith("/progress"), path
    # After submitting their own: the others' submitted sheets, never a draft.
    full_sheet(world, 0, 0, reason="CHAIR", db_session=db_session)
    html = chair.get(f"{base(world)}/scoring/shortlist/applications/{first}").get_data(
        as_text=True)
    assert "SUBMITTED-BY-DEWI" in html and "Dewi Panel" in html
    assert "DRAFT-BY-ELIN" not in html
    for path, response in every_page(chair, world).items():
        if "/applications/" not in path or path.endswith("/cv"):
            assert "SUBMITTED-BY-DEWI" not in response.get_data(as_text=True), path
    # The member with only a draft still sees nothing of the others.
    for path, response in every_page(as_member(world.members[2]), world).items():
        html = response.get_data(as_text=True)
        assert "SUBMITTED-BY-DEWI" not in html and "CHAIR (" not in html, path
    # The progress page shows counts only, never points or reasons.
    html = chair.get(f"{base(world)}/progress").get_data(as_text=True)
    assert "SUBMITTED" not in html and "Clear evidence" not in html and "CHAIR (" not in html


def test_a_conflicted_member_sees_nothing_of_that_application__R_SEL4(db_session, as_member):
    world = panel_world(db_session, conflicts={(3, 0)})
    first = world.applications[0]
    full_sheet(world, 1, 0, reason="OTHER-MEMBER", db_session=db_session)
    client = as_member(world.members[3])
    code = core.label_code(first.id)
    for path, response in every_page(client, world).items():
        html = response.get_data(as_text=True)
        assert code not in html and "Answer 1 to" not in html, path
        assert "OTHER-MEMBER" not in html, path
    assert client.get(f"{base(world)}/scoring/shortlist/applications/{first.id}"
                      ).status_code == 403
    response = post(client, f"{base(world)}/scoring/shortlist/questions/essential-1",
                    {f"points_{first.id}": "2", f"reason_{first.id}": "Sneaky"})
    assert response.status_code == 403
    with pytest.raises(core.Forbidden):
        scoring.submit(db_session, signed_in(world.members[3]), world.role.id, SHORT, first.id)
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count(ScoreSheet.id)).where(
        ScoreSheet.member_id == world.seats[3].id)) == 0


def test_another_panel_and_other_recruitments_are_refused_idor(db_session, as_member):
    world = panel_world(db_session)
    outsider = as_member(world.outsider_member)
    for path, response in every_page(outsider, world).items():
        assert response.status_code == 403, path
    member = as_member(world.members[0])
    other = world.other_applications[0].id
    assert member.get(f"{base(world)}/scoring/shortlist/applications/{other}").status_code == 404
    response = post(member, f"{base(world)}/scoring/shortlist/questions/essential-1",
                    {f"points_{other}": "2", f"reason_{other}": "Elsewhere"})
    assert response.status_code == 403
    assert db_session.scalar(sa.select(sa.func.count(Score.id))) == 0


def test_unready_and_undeclared_members_are_told_what_to_do_first__R_SEL6__R_SEL4(
        db_session, as_member):
    world = panel_world(db_session, ready=False)
    client = as_member(world.members[1])
    for path, response in every_page(client, world).items():
        if not path.endswith("/progress"):
            assert response.status_code == 403, path
    html = client.get(f"{base(world)}/scoring").get_data(as_text=True)
    assert "Confirm your training and the confidentiality agreement" in html
    undeclared = panel_world(db_session, declared=False)
    client = as_member(undeclared.members[1])
    html = client.get(f"{base(undeclared)}/scoring").get_data(as_text=True)
    assert "waiting for you to say whether you have a conflict of interest" in html
    response = client.get(
        f"{base(undeclared)}/scoring/shortlist/applications/{undeclared.applications[0].id}")
    assert response.status_code == 403
    assert "Say whether you have a conflict of interest" in response.get_data(as_text=True)


# ---- interview stage --------------------------------------------------------------------------

def test_interview_scoring_opens_only_for_those_invited_to_interview(db_session, as_member):
    world = panel_world(db_session)
    client = as_member(world.members[1])
    invited, not_invited = world.applications[1].id, world.applications[0].id
    page = f"{base(world)}/scoring/interview/applications/{invited}"
    assert client.get(page).status_code == 404
    db_session.add(PanelDecision(recruitment_id=world.role.id, application_id=invited,
                                 stage=SHORT, outcome=PanelOutcome.INTERVIEW, reason="Strong"))
    db_session.add(PanelDecision(recruitment_id=world.role.id, application_id=not_invited,
                                 stage=SHORT, outcome=PanelOutcome.RESERVE, reason="Reserve"))
    db_session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Why would you like this role?" in html and "Their own reasons" in html
    assert client.get(f"{base(world)}/scoring/interview/applications/{not_invited}"
                      ).status_code == 404
    html = client.get(f"{base(world)}/scoring/interview/questions/q1").get_data(as_text=True)
    assert core.label_code(invited) in html and core.label_code(not_invited) not in html
    assert "Interviews" in client.get(f"{base(world)}/scoring").get_data(as_text=True)
    response = post(client, page, {"action": "submit", "points_0": "4", "reason_0": "Warm",
                                   "points_1": "3", "reason_1": "A real example"})
    assert response.status_code == 302
    sheet = db_session.scalar(sa.select(ScoreSheet).where(
        ScoreSheet.stage == PanelStage.INTERVIEW))
    assert sheet.submitted_at is not None
    assert {s.criterion for s in db_session.scalars(sa.select(Score))} == {"q1", "q2"}


# ---- progress and the services moderation reuses ----------------------------------------------

def test_the_chair_sees_progress_and_never_scores__R_SEL3(db_session, as_member):
    world = panel_world(db_session, conflicts={(3, 0)})
    full_sheet(world, 1, 0, db_session=db_session)
    full_sheet(world, 2, 1, submit=False, db_session=db_session)
    assert as_member(world.members[1]).get(f"{base(world)}/progress").status_code == 403
    html = as_member(world.members[0]).get(f"{base(world)}/progress").get_data(as_text=True)
    code = core.label_code(world.applications[0].id)
    row = re.search(rf"Applicant {code}</th>\s*<td[^>]*>([^<]*)", html).group(1)
    assert row.strip() == "1 of 3"  # the conflicted member is not counted
    assert "Clear evidence" not in html
    stages = scoring.progress(db_session, signed_in(world.members[0]), world.role.id)
    by_name = {m.person.given_name: m for m in stages[0].members}
    assert (by_name["Dewi"].submitted, by_name["Dewi"].drafted, by_name["Dewi"].to_do) == (1, 0, 5)
    assert (by_name["Elin"].submitted, by_name["Elin"].drafted) == (0, 1)
    assert by_name["Ffion"].to_do == 5  # conflicted with one of six


def test_all_submitted_and_sheets_for_give_moderation_what_is_in__R_SEL3(db_session):
    world = panel_world(db_session, conflicts={(3, 0)})
    for member in (0, 1):
        full_sheet(world, member, 0, db_session=db_session)
    full_sheet(world, 2, 0, submit=False, db_session=db_session)
    first = world.applications[0].id
    assert scoring.all_submitted(db_session, world.scheme, world.role.id, SHORT)[first] is False
    scoring.submit(db_session, signed_in(world.members[2]), world.role.id, SHORT, first)
    db_session.commit()
    done = scoring.all_submitted(db_session, world.scheme, world.role.id, SHORT)
    assert done[first] is True and not any(v for k, v in done.items() if k != first)
    sheets = scoring.sheets_for(db_session, first, SHORT)
    assert len(sheets) == 3 and all(len(s.scores) == 3 for s in sheets)
    assert scoring.submitted_sheets(db_session, world.role.id, SHORT)[first][0].scores
    assert scoring.sheets_for(db_session, world.applications[1].id, SHORT) == []


def test_submitting_twice_changes_nothing(db_session):
    world = panel_world(db_session)
    full_sheet(world, 1, 0, db_session=db_session)
    sheet, newly = scoring.submit(db_session, signed_in(world.members[1]), world.role.id, SHORT,
                                  world.applications[0].id)
    assert not newly and sheet.submitted_at is not None
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "score_sheet_submitted")) == 1


def test_the_home_partial_links_to_scoring(app, db_session):
    from flask import render_template

    world = panel_world(db_session)
    with app.test_request_context("/en/"):
        from flask import g

        g.lang = "en"
        html = render_template("panels/_home_scoring.html", recruitment=world.role,
                               seat=core.Seat(world.scheme, world.seats[0]), lang="en")
        assert "/panel/scoring" in html and "/panel/progress" in html
        assert render_template("panels/_home_scoring.html", recruitment=world.role, seat=None,
                               lang="en").strip() == ""


# ---- performance: constant SQL statements from 1 to 200 applications ----------------------------

def test_scoring_and_progress_pages_are_constant_from_1_to_200_applications(
        db_session, as_member, statements):
    from tests.panels.scoring_bulk import add_applications

    world = panel_world(db_session, applications=0)
    first = add_applications(db_session, world, 0, 1)[0]
    chair, member = as_member(world.members[0]), as_member(world.members[1])
    paths = [(chair, f"{base(world)}/scoring/shortlist/questions/essential-1"),
             (member, f"{base(world, 'cy')}/scoring/shortlist/questions/desirable-1"),
             (member, f"{base(world)}/scoring"),
             (chair, f"{base(world)}/progress"),
             (member, f"{base(world)}/scoring/shortlist/applications/{first}")]

    def measure():
        counts = {}
        for client, path in paths:
            with statements() as seen:
                response = client.get(path)
            assert response.status_code == 200, path
            counts[path] = len(seen)
        return counts

    before = measure()
    add_applications(db_session, world, 1, 199)
    html = chair.get(paths[0][1]).get_data(as_text=True)
    assert html.count('<h2 class="govuk-heading-m" id="applicant-') == 200
    assert measure() == before
    world.seats[1].scoring_mode = "by_application"
    db_session.commit()
    with statements() as seen:
        html = member.get(f"{base(world)}/scoring").get_data(as_text=True)
    assert len(seen) == before[f"{base(world)}/scoring"]
    assert html.count("/scoring/shortlist/applications/") >= 200


def test_a_second_submit_through_the_page_is_told_it_is_already_in(db_session, as_member):
    world = panel_world(db_session)
    full_sheet(world, 1, 0, db_session=db_session)
    client = as_member(world.members[1])
    page = f"{base(world)}/scoring/shortlist/applications/{world.applications[0].id}"
    response = post(client, page, {"action": "submit", "points_0": "0", "reason_0": "Again"})
    assert response.status_code == 302
    assert "were already submitted" in client.get(page).get_data(as_text=True)
    assert "Again" not in {s.reason for s in db_session.scalars(sa.select(Score))}
