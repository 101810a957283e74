"""Boards, seats, terms and the compliance line (R-BD1, R-BD2, R-TM1, R-TM2)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from portal.boards import Compliance, add_months, minimum_term_months, seat_problems
from portal.models import Appointment, AuditEvent, Board, Person, RoleGrant
from portal.models.enums import BoardKind, SeatType
from tests import factories


@pytest.fixture
def org_admin(db_session):
    org = factories.organisation(db_session)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.commit()
    return org, admin


def board_form(**overrides):
    data = {
        "name_en": "Cardiff Partnership Board", "name_cy": "Bwrdd Partneriaeth Caerdydd",
        "kind": "partnership", "area": "cardiff-and-vale", "districts": ["cardiff"],
        "meetings_per_year": "4", "service_user_seats": "3", "carer_seats": "2",
        "deputy_seats": "2",
    }
    data.update(overrides)
    return data


def appointment_form(**overrides):
    data = {"given_name": "Rhys", "family_name": "Evans", "seat_type": "service_user",
            "start_date-day": "1", "start_date-month": "2", "start_date-year": "2026",
            "term_months": "36", "term_number": "1"}
    data.update(overrides)
    return data


def test_compliance_line_two_service_users_one_carer_is_one_carer_short__R_BD1(data_app):
    compliance = Compliance(BoardKind.DECISION, {SeatType.SERVICE_USER: 2, SeatType.CARER: 1})
    with data_app.test_request_context():
        assert compliance.line() == "Below the minimum: 1 carer short"
        assert not compliance.ok


def test_compliance_line_meets_the_minimum__R_BD1(data_app):
    compliance = Compliance(BoardKind.DECISION, {SeatType.SERVICE_USER: 2, SeatType.CARER: 3})
    with data_app.test_request_context():
        assert compliance.line() == "Meets the minimum of 2 service users and 2 carers"


def test_partnership_board_needs_two_deputies__R_BD2(data_app):
    compliance = Compliance(BoardKind.PARTNERSHIP,
                            {SeatType.SERVICE_USER: 2, SeatType.CARER: 2, SeatType.DEPUTY: 0})
    with data_app.test_request_context():
        assert compliance.line() == "Below the minimum: 2 deputies short"
    both = Compliance(BoardKind.PARTNERSHIP, {SeatType.SERVICE_USER: 1, SeatType.DEPUTY: 2})
    with data_app.test_request_context():
        assert both.line() == "Below the minimum: 1 service user and 2 carers short"


def test_compliance_line_in_welsh__R_AC2(data_app):
    compliance = Compliance(BoardKind.DECISION, {SeatType.SERVICE_USER: 2, SeatType.CARER: 1})
    with data_app.test_request_context(), force_locale("cy"):
        line = compliance.line()
    assert line != "Below the minimum: 1 carer short" and "1" in line


@pytest.mark.parametrize(("meetings", "months"), [(1, 36), (3, 36), (4, 36), (6, 36), (7, 36),
                                                  (8, 24), (9, 24), (12, 24), (52, 24)])
def test_minimum_term_follows_meeting_frequency__R_TM1(meetings, months):
    assert minimum_term_months(meetings) == months


def test_seats_below_the_minimum_are_refused_citing_the_standard__R_TM2(data_app):
    with data_app.test_request_context():
        problems = seat_problems(BoardKind.PARTNERSHIP, {
            SeatType.SERVICE_USER: 1, SeatType.CARER: 2, SeatType.DEPUTY: 1})
    fields = [field for field, _ in problems]
    assert fields == ["service_user_seats", "deputy_seats"]
    assert all("Wales guidance" in message for _, message in problems)


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 23), 36) == date(2029, 11, 23)


def test_admin_creates_a_board(client, db_session, login, csrf, org_admin):
    org, admin = org_admin
    login(client, admin)
    page = client.get(f"/en/admin/organisations/{org.id}/boards/new")
    assert page.status_code == 200
    response = client.post(f"/en/admin/organisations/{org.id}/boards/new",
                           data={**board_form(), "csrf_token": csrf(page)})
    assert response.status_code == 302
    board = db_session.scalar(sa.select(Board))
    assert (board.kind, board.service_user_seats, board.districts) == (
        BoardKind.PARTNERSHIP, 3, ["cardiff"])
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "board_created"))
    assert event.actor_id == admin.id and event.object_id == board.id
    detail = client.get(response.location)
    assert "Below the minimum: 2 service users, 2 carers and 2 deputies short" in detail.get_data(
        as_text=True)


def test_board_below_minimum_is_refused_and_keeps_input__R_BD1_R_TM2(
        client, db_session, login, csrf, submit, org_admin):
    org, admin = org_admin
    login(client, admin)
    response = submit(
        client, f"/cy/admin/organisations/{org.id}/boards/new",
        board_form(carer_seats="1", name_en="Keep this name"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Mae problem wedi codi" in html and 'href="#carer_seats"' in html
    assert 'value="Keep this name"' in html and 'value="1"' in html
    assert db_session.scalar(sa.select(sa.func.count(Board.id))) == 0


def test_districts_must_be_in_the_area(client, db_session, login, csrf, submit, org_admin):
    org, admin = org_admin
    login(client, admin)
    response = submit(
        client, f"/en/admin/organisations/{org.id}/boards/new",
        board_form(districts=["gwynedd"]))
    assert response.status_code == 400
    assert "Choose only districts in the board" in response.get_data(as_text=True)


def test_edit_board_records_what_changed(client, db_session, login, csrf, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=6)
    db_session.commit()
    login(client, admin)
    page = client.get(f"/en/admin/boards/{board.id}/edit")
    assert 'value="6"' in page.get_data(as_text=True)
    response = client.post(f"/en/admin/boards/{board.id}/edit", data={
        **board_form(kind="decision", meetings_per_year="10", deputy_seats="0",
                     name_en=board.name_en, name_cy=board.name_cy),
        "csrf_token": csrf(page)})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Board, board.id).meetings_per_year == 10
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "board_updated"))
    assert event.details["changes"]["meetings_per_year"] == [6, 10]


def test_record_appointment_by_hand__R_TM1(client, db_session, login, csrf, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=10)
    db_session.commit()
    login(client, admin)
    page = client.get(f"/en/admin/boards/{board.id}/appointments/new")
    assert 'value="24"' in page.get_data(as_text=True)  # the minimum is the default
    response = client.post(f"/en/admin/boards/{board.id}/appointments/new", data={
        **appointment_form(given_name="Siân", family_name="Jones", email="sian@example.org",
                           seat_type="carer", **{"start_date-month": "4"}, term_months="24"),
        "csrf_token": csrf(page)})
    assert response.status_code == 302
    appointment = db_session.scalar(sa.select(Appointment))
    assert appointment.end_date == date(2028, 4, 1)
    assert appointment.seat_type == SeatType.CARER
    person = db_session.get(Person, appointment.person_id)
    assert person.email == "sian@example.org"
    assert db_session.scalar(sa.select(RoleGrant.role).where(RoleGrant.person_id == person.id)
                             ).value == "representative"
    html = client.get(f"/en/admin/boards/{board.id}/").get_data(as_text=True)
    assert "Siân Jones" in html and "1 April 2028" in html


def test_term_shorter_than_the_minimum_is_refused__R_TM1_R_TM2(
        client, db_session, login, csrf, submit, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=4)
    db_session.commit()
    login(client, admin)
    response = submit(
        client, f"/en/admin/boards/{board.id}/appointments/new",
        appointment_form(**{"start_date-day": "31"}, term_months="24"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "must be a real date" in html
    response = submit(client, f"/en/admin/boards/{board.id}/appointments/new",
                      appointment_form(term_months="24"))
    assert response.status_code == 400
    assert "at least 36 months" in response.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count(Appointment.id))) == 0


def test_organisation_page_sql_count_is_constant(client, db_session, login, org_admin):
    """Performance budget: the same number of statements for 1 board or 30."""

    org, admin = org_admin
    login(client, admin)

    boards = [factories.board(db_session, org)]
    factories.appointment(db_session, boards[0])
    db_session.commit()
    first = _statements(client, f"/en/admin/organisations/{org.id}/")
    for _ in range(29):
        b = factories.board(db_session, org)
        factories.appointment(db_session, b)
        factories.appointment(db_session, b, seat="carer")
    db_session.commit()
    many = _statements(client, f"/en/admin/organisations/{org.id}/")
    assert first == many


def _statements(client, path):
    from sqlalchemy import event

    from portal.extensions import db

    app = client.application
    with app.app_context():
        engine = db.engine
    seen = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def test_term_rule_is_shown_with_the_other_errors__R_TM1(client, db_session, login, csrf, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=4)
    db_session.commit()
    login(client, admin)
    page = client.get(f"/en/admin/boards/{board.id}/appointments/new")
    response = client.post(f"/en/admin/boards/{board.id}/appointments/new", data={
        "term_months": "3", "term_number": "1", "csrf_token": csrf(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the representative&#39;s first name" in html and "at least 36 months" in html


def test_compliance_counts_people_not_appointments__R_BD1(data_app, db_session):
    from portal.admin.services import current_counts
    from portal.models.base import today_in_wales

    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    rep = factories.person(db_session)
    factories.appointment(db_session, board, rep, seat="carer")
    factories.appointment(db_session, board, rep, seat="carer")  # recorded twice by mistake
    db_session.commit()
    counts = current_counts(db_session, [board.id], today_in_wales())[board.id]
    assert counts == {SeatType.CARER: 1}


def test_overlapping_term_for_the_same_person_is_refused(
        client, db_session, login, csrf, submit, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=4)
    rep = factories.person(db_session, email="rep@example.org", given_name="Rhys",
                           family_name="Evans")
    factories.appointment(db_session, board, rep, start=date(2026, 1, 1))
    db_session.commit()
    login(client, admin)
    response = submit(
        client, f"/en/admin/boards/{board.id}/appointments/new",
        appointment_form(email="rep@example.org"))
    assert response.status_code == 400
    assert "already has a term on this board" in response.get_data(as_text=True)


def test_an_email_never_attaches_someone_elses_account(client, db_session, login, csrf, submit, org_admin):
    org, admin = org_admin
    board = factories.board(db_session, org, meetings=4)
    factories.person(db_session, email="secret@example.org", given_name="Secret",
                     family_name="Name")
    db_session.commit()
    login(client, admin)
    response = submit(
        client, f"/en/admin/boards/{board.id}/appointments/new",
        appointment_form(email="secret@example.org"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "cannot be used for this name" in html and "Secret" not in html
    assert db_session.scalar(sa.select(sa.func.count(Appointment.id))) == 0
