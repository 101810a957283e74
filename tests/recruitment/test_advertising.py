"""The advertising plan: channels, planned and done dates, tracked links and reach (R-AD1)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from portal.codes import READABLE_ALPHABET
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import AdvertChannel, AuditEvent, Board, GroupMember
from portal.models.enums import ADVERT_CHANNELS, MemberKind, MemberStatus
from portal.recruitment import advertising
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    role = factories.published_role(db_session, board)
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    db_session.add(GroupMember(recruitment_id=role.id, person_id=rep.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    worker = factories.person(db_session)
    factories.grant(db_session, worker, "engagement_worker", org)
    stranger = factories.person(db_session)
    factories.grant(db_session, stranger, "representative", factories.organisation(db_session))
    db_session.commit()
    return {"role": role, "rep": rep, "worker": worker, "stranger": stranger}


def test_the_plan_offers_every_channel_in_the_guidance__R_AD1():
    assert set(advertising.CHANNEL_NAMES) == set(ADVERT_CHANNELS)
    for key in ("local_newspapers", "radio", "social_media", "pharmacies_gp_opticians",
                "community_mental_health_teams", "drop_in_centres", "food_banks",
                "forum_website", "newsletters", "libraries", "events", "partnership_boards"):
        assert key in ADVERT_CHANNELS


def test_channels_are_planned_done_and_tracked__R_AD1(data_app, db_session, world):
    rid = world["role"].id
    with data_app.test_request_context("/en/"):
        paper = advertising.add_channel(db_session, world["rep"], rid, {
            "channel": "local_newspapers", "planned_on": date(2027, 3, 1)})
        cafe = advertising.add_channel(db_session, world["worker"], rid, {
            "channel": "custom", "custom_name": "Wrexham carers' café"})
        with pytest.raises(DomainError):  # the same channel twice
            advertising.add_channel(db_session, world["rep"], rid, {"channel": "custom",
                                                                    "custom_name": "WREXHAM carers' café"})
        with pytest.raises(ValidationFailed):  # another channel needs a name
            advertising.add_channel(db_session, world["rep"], rid, {"channel": "custom"})
        with pytest.raises(Forbidden):
            advertising.add_channel(db_session, world["stranger"], rid, {"channel": "radio"})
        with pytest.raises(DomainError):  # not done yet
            advertising.mark_done(db_session, world["worker"], rid, cafe.id, date(2099, 1, 1))
        advertising.mark_done(db_session, world["worker"], rid, cafe.id, date(2026, 3, 2))
    db_session.commit()
    assert paper.code != cafe.code and len(paper.code) == advertising.CODE_LENGTH
    assert set(paper.code) <= set(READABLE_ALPHABET)
    for visitor in ("a", "b", "c", "a", "a"):  # the same person three times counts once
        advertising.follow(db_session, cafe.code.lower(), visitor)  # typed from a poster
    advertising.follow(db_session, cafe.code)  # not counted (HEAD, prefetch)
    db_session.commit()
    with data_app.test_request_context("/en/"):
        advertising.record_heard_about(db_session, world["worker"], rid, cafe.id, "")
        advertising.record_heard_about(db_session, world["worker"], rid, cafe.id, "")
        advertising.record_heard_about(db_session, world["worker"], rid, None, "Her neighbour")
        with pytest.raises(DomainError):  # somewhere else, but where?
            advertising.record_heard_about(db_session, world["worker"], rid, None, " ")
        with pytest.raises(Forbidden):
            advertising.record_heard_about(db_session, world["stranger"], rid, cafe.id, "")
    db_session.commit()
    lines, elsewhere = advertising.reach(db_session, rid)
    lines = {line.name: line for line in lines}
    assert lines["Wrexham carers' café"].heard == 2 and lines["Local newspapers"].heard == 0
    assert elsewhere == ["Her neighbour"]
    assert lines["Wrexham carers' café"].visits == 3
    assert lines["Wrexham carers' café"].done_by == world["worker"].full_name
    assert lines["Local newspapers"].visits == 0 and lines["Local newspapers"].done_on is None
    actions = set(db_session.scalars(sa.select(AuditEvent.action)))
    assert {"advert_channel_added", "advert_channel_done", "heard_about_recorded"} <= actions


def test_tracked_link_counts_the_visit_and_opens_the_role_in_the_browser_language__R_AD1(
        app, client, db_session, world):
    row = AdvertChannel(recruitment_id=world["role"].id, channel="food_banks", code="KP7Q2M")
    db_session.add(row)
    db_session.commit()
    response = client.get("/r/KP7Q2M", headers={"Accept-Language": "cy"})
    assert response.status_code == 302
    assert response.location.endswith(f"/cy/roles/{world['role'].id}")
    client.get("/r/KP7Q2M")  # a reload
    client.head("/r/KP7Q2M")  # a link checker
    client.get("/r/KP7Q2M", headers={"Sec-Purpose": "prefetch"})  # the browser guessing
    other = client.get("/r/kp7q2m", environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 302
    db_session.refresh(row)
    assert row.visits == 2  # two people
    for bad in ("NOPE99", "abc%00", "KP7Q2", "ÅÅÅÅÅÅ"):
        assert client.get(f"/r/{bad}").status_code in (400, 404), bad


def test_links_of_unpublished_roles_lead_nowhere(data_app, db_session, world):
    draft = factories.recruitment(db_session, db_session.get(Board, world["role"].board_id))
    db_session.add(AdvertChannel(recruitment_id=draft.id, channel="radio", code="ZZZ222"))
    db_session.commit()
    with pytest.raises(NotFound):
        advertising.follow(db_session, "ZZZ222")


def test_plan_page_adds_and_marks_done(app, client, db_session, login, csrf, submit, world):
    rid = world["role"].id
    login(client, world["rep"])
    path = f"/en/recruitment/{rid}/advertising"
    refused = submit(client, path, {"channel": "custom", "custom_name": "",
                                    "planned_on-day": "31", "planned_on-month": "2",
                                    "planned_on-year": "2027"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#planned_on-day"' in html  # 31 February
    added = submit(client, path, {"channel": "radio", "planned_on-day": "1",
                                  "planned_on-month": "3", "planned_on-year": "2027"})
    assert added.status_code == 302
    row = db_session.scalar(sa.select(AdvertChannel))
    page = client.get(path).get_data(as_text=True)
    assert f"/r/{row.code}" in page and "Local or hospital radio" in page
    done = submit(client, f"{path}/{row.id}/done", {"done_on-day": "2", "done_on-month": "3",
                                                   "done_on-year": "2026"})
    assert done.status_code == 302
    db_session.refresh(row)
    assert row.done_on == date(2026, 3, 2) and row.done_by_id == world["rep"].id
    assert client.get(f"{path}/999999/done").status_code == 404
    refused = submit(client, path, {"heard-channel_id": "other", "heard-other": ""})
    assert refused.status_code == 400  # posted to the plan page: no channel chosen
    token = csrf(client.get(path))
    missing = client.post(f"{path}/heard", data={"heard-channel_id": "other",
                                                 "heard-other": "", "csrf_token": token})
    assert missing.status_code == 400 and 'href="#heard-other"' in missing.get_data(as_text=True)
    heard = client.post(f"{path}/heard", data={"heard-channel_id": str(row.id),
                                               "csrf_token": token})
    assert heard.status_code == 302
    assert ">1</td>" in client.get(path).get_data(as_text=True).replace(" ", "")
