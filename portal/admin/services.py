"""Organisation administration: boards, their seats, and appointments recorded by hand.

Access is checked here (portal.permissions); the seat and term rules come from portal.boards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal import audit
from portal.auth.services import normalise_email
from portal.boards import Compliance, add_months, seat_problems, term_problem
from portal.errors import NotFound, ValidationFailed
from portal.geography import AREAS_BY_KEY, DISTRICT_AREA
from portal.models import Appointment, Board, Organisation, Person, RoleGrant
from portal.models.base import today_in_wales
from portal.models.enums import AppointmentStatus, BoardKind, Role, SeatType
from portal.permissions import (
    administered_organisation_ids,
    ensure_administers,
    ensure_any_admin,
)


def organisations_for(session: Session, person: Person) -> list[Organisation]:
    ids = administered_organisation_ids(session, person)
    query = sa.select(Organisation).order_by(Organisation.name_en)
    if ids is not None:
        query = query.where(Organisation.id.in_(ids or {-1}))
    return list(session.scalars(query))


def current_counts(session: Session, board_ids: list[int], today: date) -> dict[int, dict]:
    """Current representatives per board and seat type, in one query. People, not
    appointments, are counted: one person is one representative."""
    rows = session.execute(
        sa.select(Appointment.board_id, Appointment.seat_type,
                  sa.func.count(sa.distinct(Appointment.person_id)))
        .where(
            Appointment.board_id.in_(board_ids or [-1]),
            Appointment.status == AppointmentStatus.ACTIVE,
            Appointment.start_date <= today,
            Appointment.end_date > today,
        )
        .group_by(Appointment.board_id, Appointment.seat_type)
    )
    counts: dict[int, dict[SeatType, int]] = {b: {} for b in board_ids}
    for board_id, seat_type, n in rows:
        counts[board_id][seat_type] = n
    return counts


@dataclass
class BoardSummary:
    board: Board
    compliance: Compliance


def organisation_overview(
    session: Session, actor: Person, organisation_id: int, today: date
) -> tuple[Organisation, list[BoardSummary]]:
    ensure_any_admin(session, actor)  # people who administer nothing learn nothing of ids
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    ensure_administers(session, actor, organisation_id)
    boards = list(
        session.scalars(
            sa.select(Board).where(Board.organisation_id == organisation_id).order_by(Board.name_en)
        )
    )
    counts = current_counts(session, [b.id for b in boards], today)
    return organisation, [BoardSummary(b, Compliance(b.kind, counts[b.id])) for b in boards]


def get_board(session: Session, actor: Person, board_id: int) -> Board:
    ensure_any_admin(session, actor)
    board = session.scalar(
        sa.select(Board).options(joinedload(Board.organisation)).where(Board.id == board_id)
    )
    if board is None:
        raise NotFound()
    ensure_administers(session, actor, board.organisation_id)
    return board


def board_detail(session: Session, actor: Person, board_id: int, today: date):
    board = get_board(session, actor, board_id)
    appointments = list(
        session.scalars(
            sa.select(Appointment)
            .options(joinedload(Appointment.person))
            .where(Appointment.board_id == board_id)
            .order_by(Appointment.status, Appointment.seat_type, Appointment.end_date)
        )
    )
    counts = current_counts(session, [board.id], today)[board.id]
    return board, appointments, Compliance(board.kind, counts)


BOARD_FIELDS = (
    "name_en", "name_cy", "kind", "area", "districts", "meetings_per_year",
    "service_user_seats", "carer_seats", "deputy_seats",
)


def save_board(
    session: Session, actor: Person, organisation_id: int, data: dict[str, Any],
    board_id: int | None = None, reason: str | None = None,
) -> Board:
    """Create or change a board. Seats below R-BD1/R-BD2 are refused citing the standard
    (R-TM2); districts must lie in the board's area. Audited with what changed."""
    ensure_administers(session, actor, organisation_id)
    kind = BoardKind(data["kind"])
    problems: list[tuple[str | None, Any]] = list(seat_problems(kind, {
        SeatType.SERVICE_USER: data["service_user_seats"],
        SeatType.CARER: data["carer_seats"],
        SeatType.DEPUTY: data["deputy_seats"],
    }))
    if data["area"] not in AREAS_BY_KEY:
        problems.append(("area", _l("Choose the health-board area")))
    else:
        wrong = [d for d in data["districts"] if DISTRICT_AREA.get(d) != data["area"]]
        if wrong:
            problems.append(("districts", _l("Choose only districts in the board's area")))
    duplicate = session.scalar(
        sa.select(Board.id).where(
            Board.organisation_id == organisation_id,
            sa.or_(Board.name_en == data["name_en"], Board.name_cy == data["name_cy"]),
            Board.id != (board_id or -1),
        )
    )
    if duplicate:
        problems.append(("name_en", _l("This organisation already has a board with that name")))
    if problems:
        raise ValidationFailed(problems)

    if board_id is None:
        board = Board(organisation_id=organisation_id)
        session.add(board)
        changes = {f: [None, data[f]] for f in BOARD_FIELDS}
        action = "board_created"
    else:
        board = get_board(session, actor, board_id)
        if board.organisation_id != organisation_id:
            raise NotFound()
        changes = {
            f: [_plain(getattr(board, f)), data[f]]
            for f in BOARD_FIELDS if _plain(getattr(board, f)) != data[f]
        }
        action = "board_updated"
    for field in BOARD_FIELDS:
        setattr(board, field, kind if field == "kind" else data[field])
    session.flush()
    audit.record(session, actor, action, board, reason=reason, changes=changes)
    return board


def _plain(value):
    return value.value if hasattr(value, "value") else value


def record_appointment(
    session: Session, actor: Person, board_id: int, data: dict[str, Any]
) -> Appointment:
    """Record an appointment made outside the portal (the recruitment flow will make them later).

    R-TM1/R-TM2: the term may not be shorter than the board's minimum. The person is found by
    email when one is given, else created; they are granted the representative role.
    """
    board = get_board(session, actor, board_id)
    problems: list[tuple[str | None, Any]] = []
    message = term_problem(board.meetings_per_year, data["term_months"])
    if message:
        problems.append(("term_months", message))
    start: date = data["start_date"]
    today = today_in_wales()
    if start > today + timedelta(days=366) or start < date(1990, 1, 1):
        problems.append(("start_date", _l("The start date must be within the last few decades "
                                          "and no more than a year from today")))
    email = normalise_email(data["email"]) if data.get("email") else None
    person = session.scalar(sa.select(Person).where(Person.email == email)) if email else None
    if person is not None and (
        person.given_name.casefold(), person.family_name.casefold()
    ) != (data["given_name"].casefold(), data["family_name"].casefold()):
        # Never attach someone else's account, nor show its name, on the strength of an
        # email address alone.
        problems.append(("email", _l("This email address cannot be used for this name. "
                                     "Check it, or leave it empty and add it later.")))
    end = add_months(start, data["term_months"])
    if person is not None and session.scalar(sa.select(sa.exists().where(
        Appointment.person_id == person.id,
        Appointment.board_id == board.id,
        Appointment.status == AppointmentStatus.ACTIVE,
        Appointment.start_date < end,
        Appointment.end_date > start,
    ))):
        problems.append(("start_date", _l("This person already has a term on this board "
                                          "during these dates")))
    if problems:
        raise ValidationFailed(problems)

    if person is None:
        person = Person(
            email=email,
            given_name=data["given_name"],
            family_name=data["family_name"],
        )
        session.add(person)
        session.flush()
    appointment = Appointment(
        person_id=person.id,
        board_id=board.id,
        seat_type=SeatType(data["seat_type"]),
        start_date=start,
        term_months=data["term_months"],
        term_number=data["term_number"],
        end_date=end,
        status=AppointmentStatus.ACTIVE,
        recorded_by_id=actor.id,
    )
    session.add(appointment)
    has_grant = session.scalar(
        sa.select(sa.exists().where(
            RoleGrant.person_id == person.id,
            RoleGrant.role == Role.REPRESENTATIVE,
            RoleGrant.board_id == board.id,
        ))
    )
    if not has_grant:
        session.add(RoleGrant(person_id=person.id, role=Role.REPRESENTATIVE,
                              organisation_id=board.organisation_id, board_id=board.id,
                              granted_by_id=actor.id))
    session.flush()
    audit.record(session, actor, "appointment_recorded", appointment,
                 board_id=board.id, seat_type=appointment.seat_type.value,
                 start=start.isoformat(), term_months=appointment.term_months)
    return appointment


def grant_admin(
    session: Session, *, email: str, given_name: str, family_name: str,
    organisation_name: str | None, organisation_name_cy: str | None, platform: bool,
    language: str = "en",
) -> tuple[Person, Organisation | None]:
    """Platform administrators' command-line tool: make someone an organisation's (or the
    platform's) administrator, creating the person and organisation when new."""
    from portal.models.enums import Language

    if platform == bool(organisation_name):
        raise ValueError("give either --organisation or --platform")
    email = normalise_email(email)
    person = session.scalar(sa.select(Person).where(Person.email == email))
    if person is None:
        person = Person(email=email, given_name=given_name, family_name=family_name,
                        preferred_language=Language(language))
        session.add(person)
        session.flush()
    organisation = None
    if organisation_name:
        organisation = session.scalar(
            sa.select(Organisation).where(Organisation.name_en == organisation_name)
        )
        if organisation is None:
            if not organisation_name_cy:
                raise ValueError("a new organisation needs --organisation-cy (its Welsh name)")
            organisation = Organisation(name_en=organisation_name, name_cy=organisation_name_cy)
            session.add(organisation)
            session.flush()
            audit.record(session, None, "organisation_created", organisation)
    role = Role.PLATFORM_ADMIN if platform else Role.ORG_ADMIN
    in_scope = (
        RoleGrant.organisation_id == organisation.id
        if organisation is not None
        else RoleGrant.organisation_id.is_(None)
    )
    exists = session.scalar(sa.select(sa.exists().where(
        RoleGrant.person_id == person.id, RoleGrant.role == role, in_scope
    )))
    if not exists:
        session.add(RoleGrant(person_id=person.id, role=role,
                              organisation_id=organisation.id if organisation else None))
        audit.record(session, None, "admin_granted", person, role=role.value,
                     organisation_id=organisation.id if organisation else None)
    session.flush()
    return person, organisation
