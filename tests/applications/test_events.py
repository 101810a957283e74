"""Group events: the group puts them on, applicants sign up for one (R-SEL1, R-AC2)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    GroupEvent,
    GroupMember,
    Organisation,
    OutboxMessage,
    RoleDescriptionVersion,
)
from portal.models.base import today_in_wales, utcnow
from portal.models.enums import ApplicationStatus, MemberKind, MemberStatus
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "group_event", "informal_chat"]
    member = factories.person(db_session)
    db_session.add(GroupMember(recruitment_id=role.id, person_id=member.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    return {"role": role, "member": member}


def add_event(db_session, role, *, days=10, places=None, hour=10, access=None):
    starts = utcnow().replace(microsecond=0) + timedelta(days=days)
    starts = starts.replace(hour=hour, minute=0, second=0)
    event = GroupEvent(recruitment_id=role.id, starts_at=starts,
                       ends_at=starts + timedelta(hours=2), place="Canolfan y Dref, Aberystwyth",
                       access=access or {"en": "Step-free, hearing loop",
                                         "cy": "Heb risiau, dolen sain"}, places=places)
    db_session.add(event)
    db_session.commit()
    return event


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def _form_date(day: date) -> dict:
    return {"date-day": str(day.day), "date-month": str(day.month), "date-year": str(day.year)}


def test_times_are_typed_in_wales_and_stored_in_utc():
    from portal.applications.events import in_wales, parse_time

    assert parse_time("14:30") == time(14, 30) == parse_time("2.30pm") == parse_time("2:30 PM")
    assert parse_time("9am") == time(9, 0) and parse_time("12pm") == time(12, 0)
    for bad in ("14", "25:00", "13pm", "noon", "", "10:75"):
        assert parse_time(bad) is None, bad
    summer = in_wales(date(2027, 7, 1), time(10, 0))
    winter = in_wales(date(2027, 1, 12), time(10, 0))
    assert summer == datetime(2027, 7, 1, 9, 0, tzinfo=UTC)  # BST is UTC+1
    assert winter == datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
    assert in_wales(date(2027, 3, 28), time(1, 30)) is None  # the clocks skip this hour


def test_the_group_adds_changes_and_lists_events(client, db_session, login, csrf, world):
    role = world["role"]
    login(client, world["member"])
    url = f"/en/recruitment/{role.id}/events/new"
    day = today_in_wales() + timedelta(days=20)
    refused = _post(client, csrf, url, {**_form_date(day), "starts": "2pm", "ends": "",
                                        "place": "", "places": "lots"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    for anchor in ("#ends", "#place", "#places"):
        assert f'href="{anchor}"' in html, anchor
    assert 'value="2pm"' in html and 'value="lots"' in html
    refused = _post(client, csrf, url, {**_form_date(day), "starts": "2pm", "ends": "1pm",
                                        "place": "Y Bala", "places": "3"})
    assert refused.status_code == 400
    assert "The end time must be after the start time" in refused.get_data(as_text=True)
    past = _post(client, csrf, url, {**_form_date(today_in_wales() - timedelta(days=1)),
                                     "starts": "2pm", "ends": "3pm", "place": "Y Bala"})
    assert past.status_code == 400 and 'href="#date-day"' in past.get_data(as_text=True)
    saved = _post(client, csrf, url, {
        **_form_date(day), "starts": "10:00", "ends": "12:30", "place": "Hyb Cymunedol, Y Bala",
        "access_en": "Step-free access and a quiet room", "access_cy": "Mynediad heb risiau",
        "places": "2"})
    assert saved.status_code == 302 and saved.location.endswith(f"/recruitment/{role.id}/events")
    event = db_session.scalar(sa.select(GroupEvent))
    assert event.starts_at.tzinfo is UTC
    from portal.models.base import WALES

    assert event.starts_at.astimezone(WALES).time() == time(10, 0)
    assert event.starts_at.astimezone(WALES).date() == day
    assert event.access == {"en": "Step-free access and a quiet room",
                            "cy": "Mynediad heb risiau"}
    assert (event.places, event.created_by_id) == (2, world["member"].id)
    listing = client.get(f"/en/recruitment/{role.id}/events").get_data(as_text=True)
    assert "Hyb Cymunedol" in listing and "10:00 to 12:30" in listing
    edit = f"/en/recruitment/{role.id}/events/{event.id}/edit"
    assert 'value="10:00"' in client.get(edit).get_data(as_text=True)
    assert _post(client, csrf, edit, {**_form_date(day), "starts": "11am", "ends": "1pm",
                                      "place": "Hyb Cymunedol, Y Bala", "places": ""}
                 ).status_code == 302
    db_session.expire_all()
    assert event.starts_at.astimezone(WALES).time() == time(11, 0) and event.places is None


def test_the_role_page_lists_upcoming_events_in_its_language(client, db_session, world):
    role = world["role"]
    add_event(db_session, role, places=1)
    add_event(db_session, role, days=-3)  # past: not shown
    english = client.get(f"/en/roles/{role.id}").get_data(as_text=True)
    assert "Step-free, hearing loop" in english and "Heb risiau" not in english
    assert english.count("Canolfan y Dref") == 1
    welsh = client.get(f"/cy/roles/{role.id}")
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.get_data(as_text=True)
    assert "Heb risiau, dolen sain" in welsh.get_data(as_text=True)


def start_event_route(client, csrf, role, lang="en", name="Nia Rees"):
    page = client.get(f"/{lang}/roles/{role.id}/apply")
    started = client.post(f"/{lang}/roles/{role.id}/apply",
                          data={"route": "group_event", "csrf_token": csrf(page)})
    base = started.location.rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    assert _post(client, csrf, f"{base}/about-you", {
        "name": name, "language": lang, "contact_channel": "email",
        "email": "nia@example.org"}).location.endswith("/event")
    return base


def test_signing_up_for_an_event__R_SEL1_R_AC2(client, db_session, csrf, world):
    role = world["role"]
    full = add_event(db_session, role, days=5, places=1)
    db_session.add(Application(recruitment_id=role.id, reference="FULL-0001",
                               access_token_hash="x" * 64, route="group_event",
                               status=ApplicationStatus.SUBMITTED, language="en",
                               group_event_id=full.id))
    db_session.commit()
    event = add_event(db_session, role, days=12, places=3)
    base = start_event_route(client, csrf, role)
    page = client.get(f"{base}/event").get_data(as_text=True)
    assert "This event is full." in page and "2 places left" not in page
    assert f'value="{full.id}"' not in page  # shown, but not offered as a choice
    assert "3 places left" in page and "Step-free, hearing loop" in page
    refused = _post(client, csrf, f"{base}/event", {"event": str(full.id)})
    assert refused.status_code == 400 and 'href="#event"' in refused.get_data(as_text=True)
    assert _post(client, csrf, f"{base}/event", {}).status_code == 400
    assert _post(client, csrf, f"{base}/event", {"event": str(event.id)}).location.endswith(
        "/support")
    _post(client, csrf, f"{base}/support", {})
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "Your group event" in check and "Canolfan y Dref" in check
    sent = _post(client, csrf, f"{base}/check", {})
    assert sent.location.endswith("/sent")
    assert "You have a place at the group event" in client.get(sent.location).get_data(
        as_text=True)
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.template == "event_booked" and message.payload["place"] == event.place
    assert message.payload["starts_at"] == event.starts_at.isoformat()
    assert message.application_id is not None and message.organisation_id is not None
    from portal.applications.events import booked_count

    assert booked_count(db_session, event.id) == 1


def test_with_no_events_coming_up_the_page_says_so_kindly(client, db_session, csrf, world):
    role = world["role"]
    add_event(db_session, role, days=-1)
    base = start_event_route(client, csrf, role)
    html = client.get(f"{base}/event").get_data(as_text=True)
    assert "There are no events coming up yet" in html
    assert f'href="/en/roles/{role.id}/apply"' in html  # another way to apply


def test_two_people_cannot_take_the_last_place(data_app, db_session, world):
    """The event's row is locked while places are counted: the second sender waits for the
    first to finish, then is told the event is full."""
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from sqlalchemy.orm import Session

    from portal.applications import events, services
    from portal.errors import DomainError
    from portal.extensions import db

    role = world["role"]
    event = add_event(db_session, role, places=1)
    ids = []
    with data_app.test_request_context("/en/"):
        for name in ("First", "Second"):
            application, _secret = services.start(db_session, role.id, "group_event", "en")
            services.answer_eligibility(db_session, application, "yes")
            services.save_contact(db_session, application, {
                "name": name, "channel": "phone", "phone": "029 2000 0000", "language": "en"})
            events.choose_event(db_session, application, event.id)
            services.save_support(db_session, application, {})
            ids.append(application.id)
        db_session.commit()

        first = Session(db.engine)
        services.submit(first, first.get(Application, ids[0]), "http://localhost/")
        outcome = {}

        def second_sender():
            with data_app.test_request_context("/en/"), Session(db.engine) as second:
                try:
                    services.submit(second, second.get(Application, ids[1]), "http://x/")
                    second.commit()
                    outcome["second"] = "sent"
                except DomainError as exc:
                    second.rollback()
                    outcome["second"] = str(exc.message)

        thread = threading.Thread(target=second_sender)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the second sender waits for the lock"
        first.commit()
        first.close()
        thread.join(timeout=10)
    assert "full" in outcome["second"]
    db_session.expire_all()
    statuses = dict(db_session.execute(sa.select(Application.id, Application.status)).all())
    assert statuses == {ids[0]: ApplicationStatus.SUBMITTED, ids[1]: ApplicationStatus.DRAFT}


def test_cancelling_an_event_tells_everyone_with_a_place(client, db_session, login, csrf,
                                                          world):
    role = world["role"]
    event = add_event(db_session, role, places=5)
    for n, lang in enumerate(("en", "cy")):
        db_session.add(Application(
            recruitment_id=role.id, reference=f"BOOK-000{n}", access_token_hash=str(n) * 64,
            route="group_event", status=ApplicationStatus.SUBMITTED, language=lang,
            group_event_id=event.id,
            contact={"name": f"P{n}", "channel": "post", "postal_address": "1 Heol"}))
    db_session.commit()
    login(client, world["member"])
    url = f"/en/recruitment/{role.id}/events/{event.id}/cancel"
    assert "Everyone who has a place will be told" in client.get(url).get_data(as_text=True)
    assert _post(client, csrf, url, {}).status_code == 302
    assert db_session.scalar(sa.select(sa.func.count(GroupEvent.id))) == 0
    letters = list(db_session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(m.template, m.language.value) for m in letters] == [
        ("event_cancelled", "en"), ("event_cancelled", "cy")]
    assert letters[0].payload["place"] == "Canolfan y Dref, Aberystwyth"
    kept = db_session.scalars(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "event_cancelled")).all()
    assert len(kept) == 2 and kept[0].actor_id == world["member"].id
    assert db_session.scalar(sa.select(sa.func.count(Application.id)).where(
        Application.status == ApplicationStatus.SUBMITTED)) == 2  # applications are kept


def test_moving_an_event_tells_everyone_with_a_place(client, db_session, login, csrf, world):
    role = world["role"]
    event = add_event(db_session, role, places=5)
    db_session.add(Application(
        recruitment_id=role.id, reference="BOOK-0009", access_token_hash="9" * 64,
        route="group_event", status=ApplicationStatus.SUBMITTED, language="cy",
        group_event_id=event.id,
        contact={"name": "Siân", "channel": "email", "email": "sian@example.org"}))
    db_session.commit()
    login(client, world["member"])
    edit = f"/en/recruitment/{role.id}/events/{event.id}/edit"
    day = today_in_wales() + timedelta(days=30)
    refused = _post(client, csrf, edit, {**_form_date(day), "starts": "10:00", "ends": "12:00",
                                         "place": "Neuadd y Dref", "places": "0"})
    assert refused.status_code == 400  # fewer places than people booked
    assert _post(client, csrf, edit, {**_form_date(day), "starts": "10:00", "ends": "12:00",
                                      "place": "Neuadd y Dref", "places": "5"}
                 ).status_code == 302
    message = db_session.scalar(sa.select(OutboxMessage))
    assert (message.template, message.recipient, message.payload["place"]) == (
        "event_changed", "sian@example.org", "Neuadd y Dref")


def test_only_the_group_and_its_workers_manage_events_idor(client, app, db_session, login,
                                                           csrf, world):
    role = world["role"]
    event = add_event(db_session, role)
    other_role = factories.published_role(db_session)
    theirs = add_event(db_session, other_role)
    stranger_rep = factories.person(db_session)
    db_session.add(GroupMember(recruitment_id=other_role.id, person_id=stranger_rep.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    admin, worker = factories.person(db_session), factories.person(db_session)
    org = db_session.get(Organisation, db_session.get(Board, role.board_id).organisation_id)
    factories.grant(db_session, admin, "org_admin", org)
    factories.grant(db_session, worker, "engagement_worker", org)
    db_session.commit()
    pages = ("/events", "/events/new", f"/events/{event.id}/edit",
             f"/events/{event.id}/cancel")
    for person, expected in ((stranger_rep, 403), (admin, 403), (worker, 200)):
        browser = app.test_client()
        login(browser, person)
        for page in pages:
            got = browser.get(f"/en/recruitment/{role.id}{page}").status_code
            assert got == expected, (page, got, expected)
    browser = app.test_client()
    login(browser, world["member"])
    # Another recruitment's event through this recruitment's address: not found.
    assert browser.get(f"/en/recruitment/{role.id}/events/{theirs.id}/edit").status_code == 404
    token = csrf(browser.get(f"/en/recruitment/{role.id}/events/new"))
    assert browser.post(f"/en/recruitment/{role.id}/events/{theirs.id}/cancel",
                        data={"csrf_token": token}).status_code == 404
    assert db_session.scalar(sa.select(sa.func.count(GroupEvent.id))) == 2
