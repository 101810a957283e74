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


def recruitment(session, b: Board, *, vacancies=(1, 0, 0), stage: str = "drafting",
                started_by: Person | None = None):
    from portal.models import Recruitment
    from portal.models.enums import RecruitmentReason, RecruitmentStage

    r = Recruitment(board_id=b.id, reason=RecruitmentReason.TERM_ENDING,
                    service_user_vacancies=vacancies[0], carer_vacancies=vacancies[1],
                    deputy_vacancies=vacancies[2], stage=RecruitmentStage(stage),
                    started_by_id=started_by.id if started_by else None)
    session.add(r)
    session.flush()
    return r


def description(session, r, *, number: int = 1, title: str = "Board member",
                title_cy: str = "Aelod o'r bwrdd", **section_overrides):
    """A complete role description version, every section in both languages."""
    from decimal import Decimal

    from portal.models import RoleDescriptionVersion
    from portal.role_templates_content import SECTION_KEYS

    sections = {key: {"en": f"{key} text", "cy": f"testun {key}"} for key in SECTION_KEYS}
    sections["title"] = {"en": title, "cy": title_cy}
    for key, texts in section_overrides.items():
        sections[key] = texts
    v = RoleDescriptionVersion(recruitment_id=r.id, number=number, sections=sections,
                               hourly_rate=Decimal("13.45"), term_months=36,
                               eligibility_years=5,
                               selection_methods=["informal_chat", "application_form"])
    session.add(v)
    session.flush()
    return v


def published_role(session, b: Board | None = None, *, closes_on: date | None = None,
                   vacancies=(1, 0, 0), title: str = "Board member",
                   title_cy: str = "Aelod o'r bwrdd"):
    """A recruitment published for `b` (a new board and organisation if not given), open until
    `closes_on` (default: 30 days from today)."""
    from datetime import timedelta

    from portal.models.base import today_in_wales
    from portal.models.enums import RecruitmentStage

    b = b or board(session, organisation(session))
    r = recruitment(session, b, vacancies=vacancies)
    v = description(session, r, title=title, title_cy=title_cy)
    r.published_version_id = v.id
    r.published_at = utcnow()
    r.stage = RecruitmentStage.PUBLISHED
    r.closes_on = closes_on or today_in_wales() + timedelta(days=30)
    r.contact_name = "Alex Jones"
    r.contact_email = "engagement@example.org"
    r.contact_phone = "029 2000 0000"
    session.flush()
    return r
