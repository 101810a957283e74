"""Group events (R-SEL1): the recruitment's group puts on events for its role, and applicants
sign up for one.

- Events are created, changed and cancelled by the recruitment's group and the engagement
  workers of its organisation (applications.access), nobody else.
- Times are typed and shown in Wales's time (Europe/London) and stored in UTC.
- A place is taken when the application is sent, with the event's row locked (SELECT … FOR
  UPDATE) while the places are counted, so two people cannot take the last place.
- Everyone who has a place is told when their event changes or is cancelled, in their language
  and by their channel (R-AC2).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import outbox, publication
from portal.applications import access
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import Application, Board, GroupEvent, Person, Recruitment
from portal.models.base import WALES, utcnow
from portal.models.enums import ApplicationStatus, ContactChannel

PLACE_MAX = 500
ACCESS_MAX = 1000
PLACES_MAX = 1000

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str | None) -> time | None:
    """A time as people write it: 14:30, 14.30, 2:30pm, 2pm, 9am. None if it is not one."""
    match = _TIME.match((text or "").strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        return None  # "14" alone is not clear enough
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def in_wales(day: date, at: time) -> datetime | None:
    """The UTC moment of a Welsh wall-clock time, or None when the clocks skip it (the hour
    that does not exist when they go forward)."""
    local = datetime.combine(day, at, tzinfo=WALES)
    moment = local.astimezone(UTC)
    if moment.astimezone(WALES).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return moment


def _clock(moment: datetime) -> str:
    return moment.astimezone(WALES).strftime("%H:%M")


def when(starts: datetime | str, ends: datetime | str) -> str:
    """"Tuesday 3 March 2026, 10:30 to 12:30" in the current language, in Wales's time.
    Takes datetimes or their ISO text (as kept in a message's payload)."""
    if isinstance(starts, str):
        starts = datetime.fromisoformat(starts)
    if isinstance(ends, str):
        ends = datetime.fromisoformat(ends)
    day = format_date(starts.astimezone(WALES).date(), "EEEE d MMMM yyyy")
    return _("%(day)s, %(start)s to %(end)s", day=day, start=_clock(starts), end=_clock(ends))


def access_text(event: GroupEvent, lang: str) -> str:
    """The access information in the page's language, else in the other one."""
    info = event.access or {}
    return (info.get(lang) or info.get("cy" if lang == "en" else "en") or "").strip()


def local_parts(event: GroupEvent) -> dict:
    """What the edit form shows: the Welsh date and clock times."""
    starts = event.starts_at.astimezone(WALES)
    return {"date": starts.date(), "starts": _clock(event.starts_at),
            "ends": _clock(event.ends_at), "place": event.place,
            "access_en": (event.access or {}).get("en", ""),
            "access_cy": (event.access or {}).get("cy", ""), "places": event.places}


# ---- reading ---------------------------------------------------------------------------------

def _booked():
    """Places taken per event: sent applications that chose it."""
    return (sa.select(sa.func.count(Application.id))
            .where(Application.group_event_id == GroupEvent.id,
                   Application.status == ApplicationStatus.SUBMITTED)
            .correlate(GroupEvent).scalar_subquery())


def events_of(session: Session, recruitment_id: int, *, upcoming_only: bool = False,
              now: datetime | None = None) -> list[tuple[GroupEvent, int]]:
    """The recruitment's events with the number of places taken, soonest first (one query)."""
    query = (sa.select(GroupEvent, _booked())
             .where(GroupEvent.recruitment_id == recruitment_id)
             .order_by(GroupEvent.starts_at, GroupEvent.id))
    if upcoming_only:
        query = query.where(GroupEvent.starts_at > (now or utcnow()))
    return [(event, booked) for event, booked in session.execute(query)]


def is_full(event: GroupEvent, booked: int) -> bool:
    return event.places is not None and booked >= event.places


def _event_in(session: Session, recruitment_id: int, event_id: int, *,
              lock: bool = False) -> GroupEvent:
    query = sa.select(GroupEvent).where(GroupEvent.id == event_id,
                                        GroupEvent.recruitment_id == recruitment_id)
    if lock:
        query = query.with_for_update()
    event = session.scalar(query)
    if event is None:
        raise NotFound()
    return event


def event_for_group(session: Session, person: Person | None, recruitment_id: int,
                    event_id: int) -> tuple[Recruitment, GroupEvent]:
    """An event of a recruitment this person handles (Forbidden otherwise); an event of
    another recruitment is not found, whatever id is tried (IDOR)."""
    recruitment = access.managed_recruitment(session, person, recruitment_id)
    return recruitment, _event_in(session, recruitment_id, event_id)


def booked_count(session: Session, event_id: int) -> int:
    return session.scalar(sa.select(sa.func.count(Application.id)).where(
        Application.group_event_id == event_id,
        Application.status == ApplicationStatus.SUBMITTED)) or 0


# ---- the group's side ------------------------------------------------------------------------

def time_window(day: date | None, starts: str | None, ends: str | None, now: datetime,
                problems: list, past) -> tuple[datetime | None, datetime | None]:
    """The start and end, on one day in Wales, of what was typed for an event or an interview.
    Adds to `problems` (fields "starts", "ends", "date") for a missing or impossible time (the
    clocks going forward), a start not after `now` (`past`: the words to say so) and an end not
    after the start."""
    starts_at = ends_at = None
    start, end = parse_time(starts), parse_time(ends)
    if start is None:
        problems.append(("starts", _l("Enter the start time, like 10:30 or 2pm")))
    if end is None:
        problems.append(("ends", _l("Enter the end time, like 12:30 or 4pm")))
    if day is not None and start is not None:
        starts_at = in_wales(day, start)
        if starts_at is None:
            problems.append(("starts", _l("That time does not exist on that day because the "
                                          "clocks go forward. Choose another time.")))
        elif starts_at <= now:
            problems.append(("date", past))
    if day is not None and end is not None:
        ends_at = in_wales(day, end)
        if ends_at is None:
            problems.append(("ends", _l("That time does not exist on that day because the "
                                        "clocks go forward. Choose another time.")))
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append(("ends", _l("The end time must be after the start time")))
    return starts_at, ends_at


def _check(data: dict, booked: int) -> tuple[datetime, datetime, str, dict, int | None]:
    problems = []
    day = data.get("date")
    starts_at, ends_at = time_window(day, data.get("starts"), data.get("ends"), utcnow(),
                                     problems, _l("The event must be in the future"))
    place = (data.get("place") or "").strip()
    if not place:
        problems.append(("place", _l("Enter where the event is")))
    elif len(place) > PLACE_MAX:
        problems.append(("place", _l("Keep this to 500 characters or fewer")))
    info = {}
    for lang in ("en", "cy"):
        text = (data.get(f"access_{lang}") or "").strip()
        if len(text) > ACCESS_MAX:
            problems.append((f"access_{lang}", _l("Keep this to 1000 characters or fewer")))
        info[lang] = text
    places = data.get("places")
    if places is not None and not 1 <= places <= PLACES_MAX:
        problems.append(("places", _l("Enter a number of places between 1 and 1000, or "
                                      "leave it empty for no limit")))
    elif places is not None and places < booked:
        problems.append(("places", _l("%(n)s people already have a place, so there must be "
                                      "at least %(n)s places", n=booked)))
    if day is None:
        problems.insert(0, ("date", _l("Enter the date of the event")))
    if problems:
        raise ValidationFailed(problems)
    return starts_at, ends_at, place, info, places


def save_event(session: Session, actor: Person, recruitment_id: int, data: dict,
               event_id: int | None = None) -> GroupEvent:
    """Add an event, or change one. When the time or the place of an event with bookings
    changes, everyone booked is told. Raises Forbidden, NotFound or ValidationFailed."""
    recruitment = access.managed_recruitment(session, actor, recruitment_id)
    event = (_event_in(session, recruitment_id, event_id, lock=True)
             if event_id is not None else None)
    booked = booked_count(session, event.id) if event else 0
    starts_at, ends_at, place, info, places = _check(data, booked)
    if event is None:
        event = GroupEvent(recruitment_id=recruitment.id, created_by_id=actor.id,
                           starts_at=starts_at, ends_at=ends_at, place=place, access=info,
                           places=places)
        session.add(event)
        session.flush()
        return event
    moved = (event.starts_at, event.ends_at, event.place) != (starts_at, ends_at, place)
    event.starts_at, event.ends_at, event.place = starts_at, ends_at, place
    event.access, event.places = info, places
    session.flush()
    if moved:
        _tell_booked(session, recruitment, event, "event_changed", actor)
    return event


def cancel_event(session: Session, actor: Person, recruitment_id: int, event_id: int) -> int:
    """Cancel an event: everyone with a place is told (and it is kept on their timeline, with
    the event's date and place), then the event is removed. Returns how many were told."""
    recruitment = access.managed_recruitment(session, actor, recruitment_id)
    event = _event_in(session, recruitment_id, event_id, lock=True)
    told = _tell_booked(session, recruitment, event, "event_cancelled", actor)
    session.execute(sa.update(Application).where(Application.group_event_id == event.id)
                    .values(group_event_id=None))
    session.delete(event)
    session.flush()
    return told


def _tell_booked(session: Session, recruitment: Recruitment, event: GroupEvent,
                 template: str, actor: Person) -> int:
    from portal.applications.services import record

    booked = list(session.scalars(sa.select(Application).where(
        Application.group_event_id == event.id,
        Application.status == ApplicationStatus.SUBMITTED).order_by(Application.id)))
    organisation_id = session.scalar(sa.select(Board.organisation_id).where(
        Board.id == recruitment.board_id))
    for application in booked:
        step = record(session, application, template, actor,
                      starts_at=event.starts_at.isoformat(), place=event.place)
        session.flush()
        acknowledge(session, application, recruitment, f"{template}:{step.id}", template,
                    organisation_id, event_payload(event))
    return len(booked)


def event_payload(event: GroupEvent) -> dict:
    return {"starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
            "place": event.place, "access_en": (event.access or {}).get("en", ""),
            "access_cy": (event.access or {}).get("cy", "")}


def acknowledge(session: Session, application: Application, role: Recruitment, key: str,
                template: str, organisation_id: int | None, extra: dict) -> None:
    """A message to an applicant in their language by their channel (R-AC2): email through
    the outbox, else a letter or call queued for an engagement worker."""
    contact = application.contact or {}
    lang = application.language.value
    title = (publication.title(publication.get_published(session, role.id), lang)
             if role.published_version_id else role.board.name(lang))
    outbox.queue_message_to(
        session, key=key, template=template, channel=ContactChannel(contact["channel"]),
        language=application.language, recipient_email=contact.get("email"),
        application_id=application.id, organisation_id=organisation_id,
        payload={"name": contact.get("name", ""), "reference": application.reference,
                 "title": title, "contact_name": role.contact_name,
                 "contact_phone": role.contact_phone, "contact_email": role.contact_email,
                 "phone": contact.get("phone"), "postal_address": contact.get("postal_address"),
                 **extra})


# ---- the applicant's side --------------------------------------------------------------------

def choose_event(session: Session, application: Application, event_id: int | None) -> None:
    """The event they would like to come to: an upcoming event of this role with a place
    left. The place is taken when they send the application (`on_send`)."""
    from portal.applications.services import ensure_draft, record

    ensure_draft(application)
    choose = DomainError(_l("Choose an event"), field="event")
    if event_id is None:
        raise choose
    event = session.scalar(sa.select(GroupEvent).where(
        GroupEvent.id == event_id, GroupEvent.recruitment_id == application.recruitment_id))
    if event is None or event.starts_at <= utcnow():
        raise choose
    if is_full(event, booked_count(session, event.id)):
        raise DomainError(_l("That event is full. Choose another one."), field="event")
    application.group_event_id = event.id
    record(session, application, "event_chosen", event_id=event.id)
    session.flush()


def on_send(session: Session, application: Application, role: Recruitment
            ) -> tuple[str, dict]:
    """Take the place: the event's row is locked while its places are counted, so of two
    people sending at once for the last place, the second waits and is then told it is
    full. Returns the acknowledgement's template and the event's details for it."""
    event = None
    if application.group_event_id is not None:
        event = session.scalar(sa.select(GroupEvent).where(
            GroupEvent.id == application.group_event_id,
            GroupEvent.recruitment_id == application.recruitment_id).with_for_update())
    if event is None or event.starts_at <= utcnow():
        raise DomainError(_l("The event you chose is no longer available. Choose another "
                             "one."))
    if is_full(event, booked_count(session, event.id)):
        raise DomainError(_l("Sorry, the event you chose has just become full. Choose "
                             "another one."))
    return "event_booked", event_payload(event)
