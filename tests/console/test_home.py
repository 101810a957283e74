"""The console home: who may use it, what each sees, the recruitment filter, the people who
asked to be kept informed and the letters waiting (R-IV1, R-AC1, R-AC4)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.models import Board, InterestRegistration, OutboxMessage
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, Language, OutboxStatus
from tests.console.builders import make_application
from tests.test_fuzz import assert_error_pattern


def _registration(db_session, name, areas, *, confirmed=True, seat_types=()):
    db_session.add(InterestRegistration(
        name=name, phone="01970 123456", contact_channel=ContactChannel.PHONE,
        language=Language.ENGLISH, areas=list(areas), seat_types=list(seat_types),
        unsubscribe_token=f"stop-{name}", confirmed_at=utcnow() if confirmed else None))


def test_only_group_members_and_engagement_workers_use_the_console__R_IV1(
        app, as_person, console_world):
    for who, status in (("worker", 200), ("member", 200), ("other_worker", 200),
                        ("org_admin", 403), ("platform_admin", 403), ("nobody", 403)):
        client = as_person(console_world[who])
        response = client.get("/en/console/")
        assert response.status_code == status, who
        nav = client.get("/en/recruitment/").get_data(as_text=True)
        assert ('href="/en/console/"' in nav) is (status == 200), who
    anonymous = app.test_client().get("/cy/console/")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location


def test_each_sees_only_their_recruitments_and_can_filter(db_session, as_person, console_world):
    mine = make_application(db_session, console_world["role"], name="Mine Applicant")
    theirs = make_application(db_session, console_world["other_role"], name="Their Applicant")
    db_session.commit()
    for who, seen, unseen in (("worker", mine, theirs), ("member", mine, theirs),
                              ("other_worker", theirs, mine), ("other_member", theirs, mine)):
        html = as_person(console_world[who]).get("/en/console/").get_data(as_text=True)
        assert seen.reference in html and unseen.reference not in html, who
        assert "Applications sent: 1" in html
    client = as_person(console_world["worker"])
    one = client.get(f"/en/console/?recruitment={console_world['role'].id}")
    assert one.status_code == 200 and mine.reference in one.get_data(as_text=True)


def test_a_bad_filter_is_a_400_in_the_gov_uk_pattern(db_session, as_person, console_world):
    client = as_person(console_world["worker"])
    for lang in ("en", "cy"):
        for value in ("abc", str(console_world["other_role"].id), "99999999999", "-1"):
            response = client.get(f"/{lang}/console/?recruitment={value}")
            assert response.status_code == 400, value
            assert_error_pattern(response, lang)


def test_the_sections_show_what_waits__R_AC1(db_session, as_person, console_world):
    role = console_world["role"]
    make_application(db_session, role, name="Sent Alone")
    spoken = make_application(db_session, role, name="Spoken Person", channel="post")
    spoken.assisted_by_id = console_world["worker"].id
    spoken.confirmed_at = utcnow()
    make_application(db_session, role, route="informal_chat", chat_mode="video",
                     name="Chat Person")
    make_application(db_session, role, status="draft", name="Still Writing")
    db_session.add(OutboxMessage(key="letter-1", template="application_received",
                                 channel=ContactChannel.POST, language=Language.WELSH,
                                 status=OutboxStatus.MANUAL, application_id=spoken.id,
                                 organisation_id=console_world["org"].id))
    db_session.commit()
    html = as_person(console_world["worker"]).get("/en/console/").get_data(as_text=True)
    assert "Applications sent: 2" in html and "Informal chats to arrange: 1" in html
    assert "Spoken and assisted applications: 1" in html and "Still Writing" not in html
    assert "Worker Test" in html  # who wrote it down
    assert 'href="/en/console/letters"' in html and "1 letter or call waiting" in html
    assert f'href="/en/console/roles/{role.id}/record"' in html
    member = as_person(console_world["member"]).get("/cy/console/").get_data(as_text=True)
    assert "/cy/console/letters" not in member and "/record" not in member


def test_keep_me_informed_shows_people_for_the_workers_areas__R_AC4(
        db_session, as_person, console_world):
    area = db_session.scalar(sa.select(Board.area).where(
        Board.id == console_world["role"].board_id))
    _registration(db_session, "Anywhere Person", [])
    _registration(db_session, "Here Person", [area, "powys"])
    _registration(db_session, "Elsewhere Person", ["gwynedd-only-area"])
    _registration(db_session, "Unconfirmed Person", [], confirmed=False)
    _registration(db_session, "Deputy Person", [area], seat_types=["deputy"])
    db_session.commit()
    client = as_person(console_world["worker"])
    html = client.get("/en/console/").get_data(as_text=True)
    assert "Anywhere Person" in html and "Here Person" in html and "Deputy Person" in html
    assert "Elsewhere Person" not in html and "Unconfirmed Person" not in html
    # One role: those it would be sent to (its area and its seat types: service users).
    one = client.get(f"/en/console/?recruitment={console_world['role'].id}").get_data(
        as_text=True)
    assert "Here Person" in one and "Deputy Person" not in one
    member = as_person(console_world["member"]).get("/en/console/").get_data(as_text=True)
    assert "Anywhere Person" not in member  # registrants are not shown to group members
