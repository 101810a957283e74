"""Rules about boards, seats and terms, each enforced here and only here.

R-BD1: at least 2 service-user and 2 carer representatives on every long-term board.
R-BD2: a local mental health partnership board also appoints 2 deputies.
R-TM1: minimum term 3 years for boards meeting 3–6 times a year, 2 years for boards meeting
       monthly or every 6 weeks (8 or more times a year: every 6 weeks is 8.7).
R-TM2: local settings may exceed these minimums, never reduce them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.models.enums import BoardKind, SeatType

MIN_SERVICE_USERS = 2
MIN_CARERS = 2
MIN_PARTNERSHIP_DEPUTIES = 2


def minimum_seats(kind: BoardKind) -> dict[SeatType, int]:
    """R-BD1 and R-BD2: the fewest seats of each type a board of this kind may have."""
    deputies = MIN_PARTNERSHIP_DEPUTIES if kind == BoardKind.PARTNERSHIP else 0
    return {
        SeatType.SERVICE_USER: MIN_SERVICE_USERS,
        SeatType.CARER: MIN_CARERS,
        SeatType.DEPUTY: deputies,
    }


def minimum_term_months(meetings_per_year: int) -> int:
    """R-TM1: 24 months for boards meeting monthly or every 6 weeks (8 or more times a year),
    else 36.

    Frequencies the guidance does not name (fewer than 3, or 7 a year) get the longer
    minimum, because a minimum may be exceeded but never reduced (R-TM2).
    """
    return 24 if meetings_per_year >= 8 else 36


SEAT_FIELDS = {
    SeatType.SERVICE_USER: "service_user_seats",
    SeatType.CARER: "carer_seats",
    SeatType.DEPUTY: "deputy_seats",
}


def seat_problems(kind: BoardKind, seats: dict[SeatType, int]) -> list[tuple[str, str]]:
    """R-BD1, R-BD2, R-TM2: (field, message) for every seat count below its minimum."""
    problems = []
    minimum = minimum_seats(kind)
    if seats[SeatType.SERVICE_USER] < minimum[SeatType.SERVICE_USER]:
        problems.append((SEAT_FIELDS[SeatType.SERVICE_USER], _(
            "A board needs at least %(n)s service-user seats. The Wales guidance sets this "
            "minimum; you can add seats but not go below it.", n=MIN_SERVICE_USERS)))
    if seats[SeatType.CARER] < minimum[SeatType.CARER]:
        problems.append((SEAT_FIELDS[SeatType.CARER], _(
            "A board needs at least %(n)s carer seats. The Wales guidance sets this minimum; "
            "you can add seats but not go below it.", n=MIN_CARERS)))
    if seats[SeatType.DEPUTY] < minimum[SeatType.DEPUTY]:
        problems.append((SEAT_FIELDS[SeatType.DEPUTY], _(
            "A local mental health partnership board needs at least %(n)s deputy seats, "
            "as the Wales guidance sets out.", n=MIN_PARTNERSHIP_DEPUTIES)))
    return problems


def term_problem(meetings_per_year: int, term_months: int) -> str | None:
    """R-TM1, R-TM2: a message when a term is shorter than the board's minimum."""
    minimum = minimum_term_months(meetings_per_year)
    if term_months >= minimum:
        return None
    return _(
        "The term must be at least %(months)s months (%(years)s years) for a board that meets "
        "%(meetings)s times a year. The Wales guidance sets this minimum; a longer term is fine.",
        months=minimum, years=minimum // 12, meetings=meetings_per_year,
    )


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer days."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


SEAT_NAMES = {
    SeatType.SERVICE_USER: (_l("service user"), _l("service users")),
    SeatType.CARER: (_l("carer"), _l("carers")),
    SeatType.DEPUTY: (_l("deputy"), _l("deputies")),
}


@dataclass(frozen=True)
class Compliance:
    """How a board's current representatives compare with the minimums (R-BD1, R-BD2)."""

    kind: BoardKind
    counts: dict[SeatType, int]

    @property
    def shortfalls(self) -> dict[SeatType, int]:
        minimum = minimum_seats(self.kind)
        return {
            seat: minimum[seat] - self.counts.get(seat, 0)
            for seat in SeatType
            if self.counts.get(seat, 0) < minimum[seat]
        }

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def line(self) -> str:
        """One plain sentence, e.g. "Below the minimum: 1 carer short"."""
        if self.ok:
            if self.kind == BoardKind.PARTNERSHIP:
                return _("Meets the minimum of 2 service users, 2 carers and 2 deputies")
            return _("Meets the minimum of 2 service users and 2 carers")
        parts = []
        for seat, missing in self.shortfalls.items():
            singular, plural = SEAT_NAMES[seat]
            parts.append(ngettext("%(num)s %(one)s", "%(num)s %(many)s", missing,
                                  one=singular, many=plural))
        joined = parts[0] if len(parts) == 1 else _(
            "%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1])
        return _("Below the minimum: %(missing)s short", missing=joined)
