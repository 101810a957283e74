"""Comments, approvals and publishing: the group decides, with a lived-experience majority
(R-RD3, R-LG1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Forbidden, ValidationFailed
from portal.models import AuditEvent, GroupMember, SectionComment
from portal.models.base import today_in_wales
from portal.models.enums import MemberKind, MemberStatus, RecruitmentStage
from portal.recruitment import decisions, descriptions
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    """Three representatives, one member of staff and an adviser, all accepted."""
    org = factories.organisation(db_session)
    board = factories.board(db_session, org, meetings=4)
    recruitment = factories.recruitment(db_session, board, vacancies=(1, 1, 0))
    people = {}
    for name, kind in (("rep1", MemberKind.LIVED_EXPERIENCE), ("rep2", MemberKind.LIVED_EXPERIENCE),
                       ("rep3", MemberKind.LIVED_EXPERIENCE),
                       ("staff", MemberKind.ORGANISATION_STAFF),
                       ("adviser", MemberKind.INDEPENDENT_ADVISER)):
        person = factories.person(db_session, given_name=name.title())
        if kind == MemberKind.LIVED_EXPERIENCE:
            factories.grant(db_session, person, "representative", org, board)
        db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=person.id,
                                   kind=kind, status=MemberStatus.ACCEPTED))
        people[name] = person
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    people["admin"] = admin
    version = factories.description(db_session, recruitment)
    db_session.commit()
    return {"recruitment": recruitment, "version": version, "board": board, "org": org,
            **people}


def _decide(data_app, db_session, person, rid, number=1, decision="approve", note=None):
    with data_app.test_request_context("/en/"):
        decisions.decide(db_session, person, rid, number, decision, note)
    db_session.commit()


def _state(db_session, world):
    current = descriptions.latest(db_session, world["recruitment"].id)
    return decisions.approval_state(db_session, world["recruitment"].id, current)


def _publish_data(days=21, **changes):
    data = {"closes_on": today_in_wales() + timedelta(days=days), "contact_name": "Alex Jones",
            "contact_phone": "029 2000 0000", "contact_email": ""}
    data.update(changes)
    return data


def test_publishing_needs_approval_by_more_than_half_of_the_group__R_RD3(
        data_app, db_session, world):
    rid = world["recruitment"].id
    for name in ("rep1", "rep2"):
        _decide(data_app, db_session, world[name], rid)
    state = _state(db_session, world)
    assert (state.accepted, state.needed, state.approvals) == (5, 3, 2)
    assert not state.approved
    with data_app.test_request_context("/en/"), pytest.raises(DomainError) as refused:
        decisions.publish(db_session, world["rep1"], rid, _publish_data())
    assert "2 of 5 members have approved" in str(refused.value.message)
    db_session.rollback()
    _decide(data_app, db_session, world["rep3"], rid)
    assert _state(db_session, world).approved
    with data_app.test_request_context("/en/"):
        decisions.publish(db_session, world["rep1"], rid, _publish_data())
    db_session.commit()
    recruitment = db_session.get(type(world["recruitment"]), rid)
    assert recruitment.stage == RecruitmentStage.PUBLISHED
    assert recruitment.published_version_id == world["version"].id
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "role_published"))
    assert event.actor_id == world["rep1"].id and event.details["version"] == 1


def test_staff_and_advisers_never_carry_an_approval_alone__R_LG1(data_app, db_session, world):
    rid = world["recruitment"].id
    for name in ("staff", "adviser", "rep1"):
        _decide(data_app, db_session, world[name], rid)
    state = _state(db_session, world)
    assert state.approvals == 3 >= state.needed
    assert not state.approved
    assert "never decide alone" in state.reason()
    _decide(data_app, db_session, world["rep2"], rid)
    assert not _state(db_session, world).approved  # 2 lived, 2 others
    _decide(data_app, db_session, world["rep3"], rid)
    assert _state(db_session, world).approved


def test_an_edit_after_approval_clears_approvals__R_RD3(data_app, db_session, world):
    rid = world["recruitment"].id
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    assert _state(db_session, world).approved
    version = world["version"]
    data = {"sections": {k: dict(v) for k, v in version.sections.items()},
            "hourly_rate": version.hourly_rate, "term_months": 36, "eligibility_years": 5,
            "selection_methods": list(version.selection_methods)}
    data["sections"]["title"]["en"] = "Carer board member"
    with data_app.test_request_context("/en/"):
        descriptions.save_version(db_session, world["rep2"], rid, data, "Clearer title")
    db_session.commit()
    state = _state(db_session, world)
    assert state.version_number == 2 and state.approvals == 0 and not state.approved
    cleared = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "approvals_cleared"))
    assert cleared.details == {"recruitment_id": rid, "previous": 1, "cleared": 3}
    # An answer given on the old version is refused: read the new one first.
    with data_app.test_request_context("/en/"), pytest.raises(DomainError):
        decisions.decide(db_session, world["rep1"], rid, 1, "approve", None)


def test_nothing_is_approved_or_published_without_a_lived_experience_majority__R_LG1(
        data_app, db_session, world):
    """Removals and declines change the balance: with 2 representatives against 2 others,
    the group can neither approve nor publish, and says why."""
    rid = world["recruitment"].id
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    member = db_session.scalar(sa.select(GroupMember).where(
        GroupMember.person_id == world["rep3"].id))
    member.status = MemberStatus.REMOVED
    db_session.commit()
    with data_app.test_request_context("/en/"):
        with pytest.raises(DomainError) as refused:
            decisions.decide(db_session, world["rep1"], rid, 1, "approve", None)
        assert "more than half" in str(refused.value.message)
        with pytest.raises(DomainError):
            decisions.publish(db_session, world["rep1"], rid, _publish_data())
    db_session.rollback()
    assert not _state(db_session, world).approved


def test_only_accepted_members_decide(data_app, db_session, world):
    rid = world["recruitment"].id
    with data_app.test_request_context("/en/"):
        with pytest.raises(Forbidden):  # administrators help, the group decides
            decisions.decide(db_session, world["admin"], rid, 1, "approve", None)
        with pytest.raises(DomainError) as refused:
            decisions.decide(db_session, world["rep1"], rid, 1, "changes", "  ")
        assert refused.value.field == "note"


def test_publishing_refuses_a_short_closing_date_and_no_contact__R_RD3(
        data_app, db_session, world):
    rid = world["recruitment"].id
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    with data_app.test_request_context("/en/"):
        with pytest.raises(ValidationFailed) as refused:
            decisions.publish(db_session, world["rep1"], rid, _publish_data(
                days=decisions.MIN_OPEN_DAYS - 1, contact_name=" ", contact_phone=""))
        fields = {field for field, _message in refused.value.problems}
        assert fields == {"closes_on", "contact_name", "contact_phone"}
        # The minimum itself is accepted.
        decisions.publish(db_session, world["rep1"], rid,
                          _publish_data(days=decisions.MIN_OPEN_DAYS))


def test_publishing_needs_every_section_in_both_languages__R_RD1(data_app, db_session, world):
    rid = world["recruitment"].id
    sections = dict(world["version"].sections)
    sections["working_with"] = {"en": "The board", "cy": ""}
    world["version"].sections = sections
    db_session.commit()
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    with data_app.test_request_context("/en/"), pytest.raises(DomainError) as refused:
        decisions.publish(db_session, world["rep1"], rid, _publish_data())
    assert "1 sections still need writing" in str(refused.value.message)


def test_members_comment_on_a_section__R_RD3(data_app, db_session, world):
    rid = world["recruitment"].id
    with data_app.test_request_context("/en/"):
        decisions.add_comment(db_session, world["staff"], rid, "payment",
                              "Say that people can choose to volunteer")
        with pytest.raises(ValidationFailed):
            decisions.add_comment(db_session, world["rep1"], rid, "no_such_section", "x")
    db_session.commit()
    by_section = decisions.comments_by_section(db_session, rid)
    assert [c.body for c in by_section["payment"]] == ["Say that people can choose to volunteer"]
    assert by_section["payment"][0].version == 1
    assert db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "section_commented")).details["section"] == "payment"


def test_pages_decide_comment_and_publish(app, client, db_session, login, csrf, submit, world):
    rid = world["recruitment"].id
    login(client, world["rep1"])
    page = client.get(f"/en/recruitment/{rid}/role")
    html = page.get_data(as_text=True)
    assert "0 of 5 members have approved" in html and "Record my decision" in html
    # Asking for changes without saying what: refused, in Welsh on /cy/, choice kept.
    refused = client.post(f"/cy/recruitment/{rid}/role/decision", data={
        "decision": "changes", "note": "", "version": "1", "csrf_token": csrf(page)})
    assert refused.status_code == 400
    assert 'href="#note"' in refused.get_data(as_text=True)
    comment = client.post(f"/en/recruitment/{rid}/role/comments", data={
        "section": "term", "body": "Mention the review after three years",
        "csrf_token": csrf(page)})
    assert comment.status_code == 302
    assert db_session.scalar(sa.select(sa.func.count(SectionComment.id))) == 1
    bad = client.post(f"/en/recruitment/{rid}/role/comments", data={
        "section": "term", "body": "", "csrf_token": csrf(page)})
    assert bad.status_code == 400 and 'href="#body"' in bad.get_data(as_text=True)
    for name in ("rep1", "rep2", "rep3"):
        login(client, world[name])
        answer = client.post(f"/en/recruitment/{rid}/role/decision", data={
            "decision": "approve", "version": "1",
            "csrf_token": csrf(client.get(f"/en/recruitment/{rid}/role"))})
        assert answer.status_code == 302
    publish_path = f"/en/recruitment/{rid}/publish"
    soon = today_in_wales() + timedelta(days=3)
    too_soon = submit(client, publish_path, {
        "closes_on-day": soon.day, "closes_on-month": soon.month, "closes_on-year": soon.year,
        "contact_name": "Alex", "contact_phone": "029 2000 0000"})
    assert too_soon.status_code == 400
    assert "at least 14 days" in too_soon.get_data(as_text=True)
    later = today_in_wales() + timedelta(days=30)
    done = submit(client, publish_path, {
        "closes_on-day": later.day, "closes_on-month": later.month,
        "closes_on-year": later.year, "contact_name": "Alex Jones",
        "contact_phone": "029 2000 0000"})
    assert done.status_code == 302 and done.location.endswith(f"/recruitment/{rid}/advertising")
    public = client.get(f"/cy/roles/{rid}")
    assert public.status_code == 200 and "Alex Jones" in public.get_data(as_text=True)


def test_publish_page_lists_what_is_missing(app, client, db_session, login, csrf, world):
    login(client, world["rep1"])
    rid = world["recruitment"].id
    path = f"/en/recruitment/{rid}/publish"
    page = client.get(path)
    assert page.status_code == 200
    assert "0 of 5 members have approved" in page.get_data(as_text=True)
    later = today_in_wales() + timedelta(days=30)
    refused = client.post(path, data={
        "closes_on-day": later.day, "closes_on-month": later.month,
        "closes_on-year": later.year, "contact_name": "A",
        "csrf_token": csrf(client.get(f"/en/recruitment/{rid}/role"))})
    assert refused.status_code == 400
    assert "There is a problem" in refused.get_data(as_text=True)


def test_publishing_tells_people_who_asked_to_be_kept_informed_once__R_AC4(
        data_app, db_session, world):
    from portal.models import InterestRegistration, OutboxMessage
    from portal.models.base import utcnow

    board_area = world["board"].area
    matching = InterestRegistration(
        name="Rhian", email="rhian@example.org", contact_channel="email", language="cy",
        areas=[board_area], seat_types=["carer"], unsubscribe_token="stop-rhian",
        confirmed_at=utcnow())
    elsewhere = InterestRegistration(
        name="Dewi", email="dewi@example.org", contact_channel="email", language="en",
        areas=["powys"], seat_types=[], unsubscribe_token="stop-dewi", confirmed_at=utcnow())
    db_session.add_all([matching, elsewhere])
    db_session.commit()
    rid = world["recruitment"].id
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    for _ in range(2):  # published, then published again with a later closing date
        with data_app.test_request_context("/en/"):
            decisions.publish(db_session, world["rep1"], rid, _publish_data(days=30 + _))
        db_session.commit()
    messages = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == "interest_role_published")).all()
    assert [(m.recipient, m.language.value) for m in messages] == [("rhian@example.org", "cy")]
    assert f"/cy/roles/{rid}" in messages[0].payload["url"]


def test_publishing_checks_the_minimums_again__R_PAY1_R_TM1(data_app, db_session, world):
    """The Living Wage rises every year: a version saved at last year's rate cannot be
    published at this year's."""
    rid = world["recruitment"].id
    for name in ("rep1", "rep2", "rep3"):
        _decide(data_app, db_session, world[name], rid)
    before = data_app.config["LIVING_WAGE_HOURLY"]
    data_app.config["LIVING_WAGE_HOURLY"] = "14.80"
    try:
        with data_app.test_request_context("/en/"), pytest.raises(DomainError) as refused:
            decisions.publish(db_session, world["rep1"], rid, _publish_data())
        assert "Living Wage" in str(refused.value.message)
    finally:
        data_app.config["LIVING_WAGE_HOURLY"] = before
