"""Test data builders. Each takes the session and returns a flushed object."""

from __future__ import annotations

import itertools
from datetime import date

from portal.boards import add_months, minimum_term_months
from portal.models import Appointment, Board, Organisation, Person, RoleGrant
from portal.models.base import utcnow
from portal.models.enums import (
    AppointmentStatus,
    BoardKind,
    ContactChannel,
    Language,
    Role,
    SeatType,
)

_seq = itertools.count(1)


def person(session, *, email: str | None = "auto", lang: str = "en", recorded: bool = True,
           channel: str = "email", **kw) -> Person:
    n = next(_seq)
    p = Person(
        email=f"person{n}@example.org" if email == "auto" else email,
        given_name=kw.pop("given_name", f"Given{n}"),
        family_name=kw.pop("family_name", f"Family{n}"),
        preferred_language=Language(lang),
        contact_channel=ContactChannel(channel),
        preferences_recorded_at=utcnow() if recorded else None,
        **kw,
    )
    session.add(p)
    session.flush()
    return p


def organisation(session, name: str | None = None) -> Organisation:
    n = next(_seq)
    org = Organisation(name_en=name or f"Health Board {n}", name_cy=f"Bwrdd Iechyd {n}")
    session.add(org)
    session.flush()
    return org


def board(session, org: Organisation, *, kind: str = "decision", meetings: int = 6,
          seats=(2, 2, 0), name: str | None = None) -> Board:
    n = next(_seq)
    b = Board(
        organisation_id=org.id, kind=BoardKind(kind), name_en=name or f"Board {n}",
        name_cy=f"Bwrdd {n}", area="cardiff-and-vale", districts=["cardiff"],
        meetings_per_year=meetings, service_user_seats=seats[0], carer_seats=seats[1],
        deputy_seats=seats[2],
    )
    session.add(b)
    session.flush()
    return b


def appointment(session, b: Board, p: Person | None = None, *, seat: str = "service_user",
                start: date | None = None, months: int | None = None) -> Appointment:
    p = p or person(session)
    start = start or add_months(utcnow().date(), -6)
    months = months or minimum_term_months(b.meetings_per_year)
    a = Appointment(person_id=p.id, board_id=b.id, seat_type=SeatType(seat), start_date=start,
                    term_months=months, term_number=1, end_date=add_months(start, months),
                    status=AppointmentStatus.ACTIVE)
    session.add(a)
    session.flush()
    return a


def grant(session, p: Person, role: str, org: Organisation | None = None,
          b: Board | None = None) -> RoleGrant:
    g = RoleGrant(person_id=p.id, role=Role(role), organisation_id=org.id if org else None,
                  board_id=b.id if b else None)
    session.add(g)
    session.flush()
    return g
