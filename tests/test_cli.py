"""Command-line tools: platform administrators create organisations and their administrators;
demo data loads and respects the rules it demonstrates."""

from __future__ import annotations

import sqlalchemy as sa

from portal.boards import minimum_seats, minimum_term_months
from portal.models import Appointment, AuditEvent, Board, Organisation, Person, RoleGrant
from portal.models.enums import Role, SeatType


def test_create_admin_creates_organisation_and_administrator(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "users", "create-admin", "--email", "Angharad@Example.org", "--given-name", "Angharad",
        "--family-name", "Pugh", "--organisation", "Powys Teaching Health Board",
        "--organisation-cy", "Bwrdd Iechyd Addysgu Powys", "--language", "cy"])
    assert result.exit_code == 0, result.output
    person = db_session.scalar(sa.select(Person))
    assert person.email == "angharad@example.org" and person.preferred_language.value == "cy"
    grant = db_session.scalar(sa.select(RoleGrant))
    assert grant.role == Role.ORG_ADMIN
    assert db_session.get(Organisation, grant.organisation_id).name_cy == "Bwrdd Iechyd Addysgu Powys"
    # Running it again changes nothing.
    again = runner.invoke(args=[
        "users", "create-admin", "--email", "angharad@example.org", "--given-name", "Angharad",
        "--family-name", "Pugh", "--organisation", "Powys Teaching Health Board"])
    assert again.exit_code == 0, again.output
    assert db_session.scalar(sa.select(sa.func.count(RoleGrant.id))) == 1


def test_create_admin_needs_a_welsh_name_for_a_new_organisation(app, db_session):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", "a@example.org", "--given-name", "A",
        "--family-name", "B", "--organisation", "New Board"])
    assert result.exit_code != 0 and "organisation-cy" in result.output
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_platform_admin_and_disable(app, db_session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create-admin", "--email", "p@example.org",
                               "--given-name", "P", "--family-name", "Q", "--platform"]).exit_code == 0
    result = runner.invoke(args=["users", "disable", "--email", "p@example.org",
                                 "--reason", "test"])
    assert result.exit_code == 0, result.output
    assert db_session.scalar(sa.select(Person.is_active)) is False
    assert db_session.scalar(sa.select(AuditEvent.reason).where(
        AuditEvent.action == "account_disabled")) == "test"


def test_demo_data_respects_the_rules__R_BD1_R_BD2_R_TM1(app, db_session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "demo", "--if-empty"]).exit_code == 0
    second = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert "nothing to do" in second.output
    assert db_session.scalar(sa.select(sa.func.count(Organisation.id))) == 7
    for board in db_session.scalars(sa.select(Board)):
        minimum = minimum_seats(board.kind)
        assert board.service_user_seats >= minimum[SeatType.SERVICE_USER]
        assert board.carer_seats >= minimum[SeatType.CARER]
        assert board.deputy_seats >= minimum[SeatType.DEPUTY]
    for appointment, meetings in db_session.execute(
            sa.select(Appointment, Board.meetings_per_year).join(Board)):
        assert appointment.term_months >= minimum_term_months(meetings)
    ends = db_session.scalars(sa.select(Appointment.end_date)).all()
    assert len({d.year for d in ends}) >= 3, "terms are staggered (R-TM4)"
