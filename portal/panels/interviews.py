"""Interviews (R-MT1): times, invitations, the applicant's own choice, questions in advance
and reminders.

- **Who organises**: the recruitment's leadership group (accepted members), the engagement
  workers of its organisation (they support the logistics and never see scores), and the
  members of its panel in force (`ensure_organiser`). Nobody else.
- **Slots** are typed in Wales's time and stored in UTC (as group events,
  applications.events). A slot holds one interview at a time (Interview.slot_id is unique);
  a booked slot is neither removed nor moved until its interview has been offered other times.
- **Invitations** go to the applications the panel decided, at shortlisting, to invite to
  interview (PanelDecision stage shortlist, outcome interview), in the applicant's language
  and by their channel: an email through the outbox, else a letter or call for an engagement
  worker (R-AC2, R-AC1). R-MT1: at least 14 days before the earliest time offered; when less,
  the organiser must say why, and the reason is audited.
- **The applicant's own link** carries a random secret; only its SHA-256 is kept
  (Interview.token_hash). With it they choose a free time (the slot's row is locked, so of two
  people choosing the same time one wins and the other is told kindly and sees what is left),
  ask for another time, or say no thank you. Choosing sends a confirmation with an `.ics`
  calendar file in their language.
- **Questions in advance** (R-MT1), when the applicant asked for them: sent as soon as a time is
  chosen; the schedule warns the panel when that is fewer than 7 days before. A **reminder**
  goes 2 days before. `send_due` is the idempotent sweep for both (unique outbox keys,
  database state "not yet sent"); its statement count does not depend on how many are due.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal import audit, outbox
from portal.applications import access
from portal.applications.events import time_window
from portal.applications.services import record
from portal.auth.services import hash_token
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import (
    Application,
    ApplicationEvent,
    Interview,
    InterviewSlot,
    OutboxMessage,
    PanelDecision,
    PanelScheme,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import (
    ApplicationStatus,
    ChatMode,
    ContactChannel,
    InterviewStatus,
    OutboxStatus,
    PanelOutcome,
    PanelStage,
)
from portal.panels import core

NOTICE = timedelta(days=14)  # R-MT1: at least 2 weeks' notice of an interview
QUESTIONS_AHEAD = timedelta(days=7)  # R-MT1: papers at least a week ahead
REMINDER_AHEAD = timedelta(days=2)  # R-MT1: a reminder of the time and date

PLACE_MAX = 500
LINK_MAX = 500
ACCESS_MAX = 1000
REQUEST_MAX = 2000
REASON_MAX = 1000
NOTE_MAX = 1000
TOKEN_MAX = 100

OPEN_STATUSES = (InterviewStatus.INVITED, InterviewStatus.OTHER_TIME, InterviewStatus.BOOKED)


class SlotTaken(DomainError):
    """Someone else chose this time a moment before."""

    def __init__(self):
        super().__init__(_l("Sorry, someone else has just chosen that time. Choose one of the "
                            "times still free, or ask for another time."), field="slot")


# ---- who organises ---------------------------------------------------------------------------

def _recruitment(session: Session, recruitment_id: int) -> Recruitment:
    recruitment = session.scalar(
        sa.select(Recruitment)
        .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))
        .where(Recruitment.id == recruitment_id))
    if recruitment is None:
        raise NotFound()
    return recruitment


def ensure_organiser(session: Session, person: Person | None, recruitment_id: int
                     ) -> Recruitment:
    """The recruitment, when this person organises its interviews: an accepted member of its
    group, an engagement worker of its organisation, or a member of its panel in force.
    Raises NotFound (no such recruitment) or Forbidden."""
    recruitment = _recruitment(session, recruitment_id)
    if not access.can_manage(session, person, recruitment) and core.member_of(
            session, person, recruitment_id) is None:
        raise Forbidden()
    return recruitment


def role_title(recruitment: Recruitment, lang: str) -> str:
    version = recruitment.published_version
    sections = version.sections if version is not None else {}
    return ((sections.get("title") or {}).get(lang) or "").strip() or recruitment.board.name(lang)


# ---- slots -----------------------------------------------------------------------------------

@dataclass
class SlotRow:
    slot: InterviewSlot
    interview: Interview | None
    application: Application | None


def slots_of(session: Session, recruitment_id: int) -> list[SlotRow]:
    """Every slot of the recruitment with who has chosen it, soonest first (one statement)."""
    rows = session.execute(
        sa.select(InterviewSlot, Interview, Application)
        .outerjoin(Interview, Interview.slot_id == InterviewSlot.id)
        .outerjoin(Application, Application.id == Interview.application_id)
        .where(InterviewSlot.recruitment_id == recruitment_id)
        .order_by(InterviewSlot.starts_at, InterviewSlot.id))
    return [SlotRow(*row) for row in rows]


def free_slots(session: Session, recruitment_id: int, now: datetime | None = None
               ) -> list[InterviewSlot]:
    """The times still free to choose: in the future and nobody's (one statement)."""
    now = now or utcnow()
    return list(session.scalars(
        sa.select(InterviewSlot)
        .outerjoin(Interview, Interview.slot_id == InterviewSlot.id)
        .where(InterviewSlot.recruitment_id == recruitment_id, InterviewSlot.starts_at > now,
               Interview.id.is_(None))
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)))


def slot_in(session: Session, recruitment_id: int, slot_id: int, *, lock: bool = False
            ) -> InterviewSlot:
    """A slot of this recruitment; a slot of another is not found, whatever id (IDOR)."""
    query = sa.select(InterviewSlot).where(InterviewSlot.id == slot_id,
                                           InterviewSlot.recruitment_id == recruitment_id)
    if lock:
        query = query.with_for_update()
    slot = session.scalar(query)
    if slot is None:
        raise NotFound()
    return slot


def holder_of(session: Session, slot_id: int) -> Interview | None:
    return session.scalar(sa.select(Interview).where(Interview.slot_id == slot_id))


def local_parts(slot: InterviewSlot) -> dict:
    """What the edit form shows: the Welsh date and clock times."""
    from portal.models.base import WALES

    starts = slot.starts_at.astimezone(WALES)
    return {"date": starts.date(), "starts": starts.strftime("%H:%M"),
            "ends": slot.ends_at.astimezone(WALES).strftime("%H:%M"), "mode": slot.mode.value,
            "place": slot.place, "video_link": slot.video_link or "",
            "access_en": (slot.access or {}).get("en", ""),
            "access_cy": (slot.access or {}).get("cy", "")}


def _check_slot(data: dict, now: datetime) -> dict:
    problems = []
    day = data.get("date")
    if day is None:
        problems.append(("date", _l("Enter the date of the interview")))
    starts_at, ends_at = time_window(day, data.get("starts"), data.get("ends"), now, problems,
                                     _l("The interview must be in the future"))
    mode = data.get("mode")
    if mode not in {m.value for m in ChatMode}:
        problems.append(("mode", _l("Choose how the interview happens")))
        mode = None
    place = (data.get("place") or "").strip()
    if len(place) > PLACE_MAX:
        problems.append(("place", _l("Keep this to 500 characters or fewer")))
    elif not place and mode == ChatMode.FACE_TO_FACE:
        problems.append(("place", _l("Enter the name and address of the place")))
    elif not place and mode == ChatMode.PHONE:
        problems.append(("place", _l("Enter the phone number, and who phones whom")))
    link = (data.get("video_link") or "").strip()
    if link and (len(link) > LINK_MAX or not link.startswith("https://")
                 or any(c.isspace() for c in link) or len(link) < 12):
        problems.append(("video_link", _l("Enter the video link as a web address starting "
                                          "with https://")))
    elif not link and mode == ChatMode.VIDEO:
        problems.append(("video_link", _l("Enter the video link, starting with https://")))
    info = {}
    for lang in ("en", "cy"):
        text = (data.get(f"access_{lang}") or "").strip()
        if len(text) > ACCESS_MAX:
            problems.append((f"access_{lang}", _l("Keep this to 1000 characters or fewer")))
        info[lang] = text
    if problems:
        raise ValidationFailed(problems)
    return {"starts_at": starts_at, "ends_at": ends_at, "mode": ChatMode(mode), "place": place,
            "video_link": link or None, "access": info}


def save_slot(session: Session, actor: Person, recruitment_id: int, data: dict,
              slot_id: int | None = None, now: datetime | None = None) -> InterviewSlot:
    """Add a time, or change one. A time someone has chosen keeps its date, time, place and
    link until they have been offered other times (its access information may change).
    Raises Forbidden, NotFound, ValidationFailed or DomainError."""
    recruitment = ensure_organiser(session, actor, recruitment_id)
    now = now or utcnow()
    slot = slot_in(session, recruitment_id, slot_id, lock=True) if slot_id is not None else None
    values = _check_slot(data, now)
    if slot is None:
        slot = InterviewSlot(recruitment_id=recruitment.id, created_by_id=actor.id, **values)
        session.add(slot)
        session.flush()
        audit.record(session, actor, "interview_slot_added", slot,
                     recruitment_id=slot.recruitment_id,
                     starts_at=slot.starts_at.isoformat())
        return slot
    keys = ("starts_at", "ends_at", "mode", "place", "video_link")
    moved = any(getattr(slot, k) != values[k] for k in keys)
    if moved and holder_of(session, slot.id) is not None:
        raise DomainError(_l("Someone has chosen this time, so its date, time, place and link "
                             "cannot change. Offer them other times from the schedule first; "
                             "you can still change the access information."))
    for key, value in values.items():
        setattr(slot, key, value)
    session.flush()
    audit.record(session, actor, "interview_slot_changed", slot,
                 recruitment_id=slot.recruitment_id,
                 starts_at=slot.starts_at.isoformat())
    return slot


def remove_slot(session: Session, actor: Person, recruitment_id: int, slot_id: int) -> None:
    """Remove a time nobody has chosen. Raises Forbidden, NotFound, or DomainError when it is
    booked (offer that person other times first)."""
    ensure_organiser(session, actor, recruitment_id)
    slot = slot_in(session, recruitment_id, slot_id, lock=True)
    if holder_of(session, slot.id) is not None:
        raise DomainError(_l("Someone has chosen this time, so it cannot be removed. Offer "
                             "them other times from the schedule first, then remove it."))
    audit.record(session, actor, "interview_slot_removed", slot,
                 recruitment_id=slot.recruitment_id,
                 starts_at=slot.starts_at.isoformat())
    session.delete(slot)
    session.flush()


# ---- messages --------------------------------------------------------------------------------

def slot_payload(slot: InterviewSlot) -> dict:
    return {"starts_at": slot.starts_at.isoformat(), "ends_at": slot.ends_at.isoformat(),
            "mode": slot.mode.value, "place": slot.place, "video_link": slot.video_link or "",
            "access_en": (slot.access or {}).get("en", ""),
            "access_cy": (slot.access or {}).get("cy", "")}


def _message(session: Session, application: Application, recruitment: Recruitment, key: str,
             template: str, extra: dict) -> OutboxMessage:
    """A message to the applicant in their language by their channel (R-AC2), as
    applications.events.acknowledge, but without a flush of its own, so that a sweep writes
    all its messages in one statement. Call `_hand_on` after the flush."""
    contact = application.contact or {}
    lang = application.language.value
    channel = ContactChannel(contact.get("channel") or ContactChannel.POST.value)
    email = contact.get("email") if channel == ContactChannel.EMAIL else None
    if channel == ContactChannel.EMAIL and not email:
        channel = ContactChannel.POST if contact.get("postal_address") else ContactChannel.PHONE
    message = OutboxMessage(
        key=key, template=template, application_id=application.id,
        organisation_id=recruitment.board.organisation_id, channel=channel, recipient=email,
        language=application.language,
        payload={"name": contact.get("name", ""), "reference": application.reference,
                 "title": role_title(recruitment, lang),
                 "contact_name": recruitment.contact_name,
                 "contact_phone": recruitment.contact_phone,
                 "contact_email": recruitment.contact_email, "phone": contact.get("phone"),
                 "postal_address": contact.get("postal_address"), "by_email": bool(email),
                 **extra},
        status=OutboxStatus.PENDING if email else OutboxStatus.MANUAL,
        next_attempt_at=utcnow())
    session.add(message)
    return message


def _hand_on(session: Session, messages: list[OutboxMessage]) -> None:
    """After the flush: emails are handed to the worker once the transaction commits."""
    session.info.setdefault(outbox.SESSION_KEY, []).extend(
        m.id for m in messages if m.status == OutboxStatus.PENDING)


def wants_questions(application: Application) -> bool:
    """R-MT1: they asked to see the questions in advance (their support answers)."""
    support = (application.answers or {}).get("support") or {}
    return "questions_in_advance" in (support.get("adjustments") or [])


def calendar_file(interview: Interview, slot: InterviewSlot, title: str, lang: str,
                  contact: dict, sequence: int = 0) -> str:
    """The .ics file of one interview in the applicant's language (RFC 5545 via icalendar):
    times in UTC, one stable UID per interview (a changed time replaces the entry: a higher
    SEQUENCE), METHOD:PUBLISH (no replies expected)."""
    from icalendar import Calendar, Event

    from portal.applications.events import when

    access_info = ((slot.access or {}).get(lang) or (slot.access or {}).get(
        "cy" if lang == "en" else "en") or "").strip()
    with force_locale(lang):
        summary = _("Interview: %(title)s", title=title)
        modes = {ChatMode.FACE_TO_FACE: _("Face to face"), ChatMode.PHONE: _("Phone call"),
                 ChatMode.VIDEO: _("Video call")}
        lines = [_("Your interview for %(title)s.", title=title),
                 _("When:") + " " + when(slot.starts_at, slot.ends_at) + " (" + _("UK time") + ")",
                 _("How:") + " " + modes[slot.mode]]
        if slot.place:
            lines.append((_("Phone:") if slot.mode == ChatMode.PHONE else _("Where:"))
                         + " " + slot.place)
        if slot.video_link:
            lines.append(_("Video link:") + " " + slot.video_link)
        if access_info:
            lines.append(_("Access:") + " " + access_info)
        if contact.get("name"):
            lines.append(_("If you have a question, or would like support or any changes to "
                           "how this works, contact %(name)s.", name=contact["name"])
                         + "".join(f" {label} {value}" for label, value in (
                             (_("Phone:"), contact.get("phone")),
                             (_("Email:"), contact.get("email"))) if value))
    location = slot.video_link if slot.mode == ChatMode.VIDEO else slot.place
    calendar = Calendar()
    calendar.add("prodid", "-//Representatives Recruitment Wales//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"interview-{interview.id}@portal.local")
    event.add("dtstamp", utcnow().astimezone(UTC))
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("summary", summary, parameters={"LANGUAGE": lang})
    event.add("description", "\n".join(lines), parameters={"LANGUAGE": lang})
    if location:
        event.add("location", " ".join(location.split()), parameters={"LANGUAGE": lang})
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


# ---- inviting --------------------------------------------------------------------------------

def invitable(session: Session, recruitment_id: int) -> list[Application]:
    """Sent applications the panel decided at shortlisting to invite to interview, not yet
    invited (one statement)."""
    return list(session.scalars(
        sa.select(Application)
        .join(PanelDecision, sa.and_(PanelDecision.application_id == Application.id,
                                     PanelDecision.stage == PanelStage.SHORTLIST))
        .outerjoin(Interview, Interview.application_id == Application.id)
        .where(Application.recruitment_id == recruitment_id,
               PanelDecision.recruitment_id == recruitment_id,
               PanelDecision.outcome == PanelOutcome.INTERVIEW,
               Application.status == ApplicationStatus.SUBMITTED, Interview.id.is_(None))
        .order_by(Application.id)))


def needs_reason(free: list[InterviewSlot], now: datetime) -> bool:
    """R-MT1: is the earliest time offered fewer than 14 days away?"""
    return bool(free) and free[0].starts_at < now + NOTICE


def _notice_reason(free: list[InterviewSlot], now: datetime, reason: str | None) -> str | None:
    if not free:
        raise DomainError(_l("Add at least one interview time before you invite anyone."))
    if not needs_reason(free, now):
        return None
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([("short_notice_reason", _l(
            "The earliest time is less than 14 days away. Say why the notice is shorter, or "
            "add later times and remove the early ones."))])
    if len(reason) > REASON_MAX:
        raise ValidationFailed([("short_notice_reason",
                                 _l("Keep this to 1000 characters or fewer"))])
    return reason


def _new_link(interview: Interview, link_for, lang: str) -> str:
    """A new secret for the applicant's own link (the old one stops working); only its hash
    is kept. `link_for(secret, lang)` builds the address in their language."""
    secret = secrets.token_urlsafe(32)
    interview.token_hash = hash_token(secret)
    return link_for(secret, lang)


def invite(session: Session, actor: Person, recruitment_id: int, application_ids: list[int],
           short_notice_reason: str | None, link_for, now: datetime | None = None
           ) -> list[Interview]:
    """Invite the chosen applicants to interview (R-MT1): each gets their own link to choose
    one of the free times, by their channel and in their language. Fewer than 14 days before
    the earliest free time needs a reason, which is audited. `link_for(secret)` builds the
    link (`link_for(secret, lang)`). Raises Forbidden, NotFound, DomainError or
    ValidationFailed."""
    recruitment = ensure_organiser(session, actor, recruitment_id)
    now = now or utcnow()
    ids = sorted(set(application_ids))
    if not ids:
        raise ValidationFailed([("applications", _l("Choose at least one person to invite"))])
    # Lock the applications, then look again: two organisers inviting at once invite once.
    list(session.scalars(sa.select(Application.id).where(
        Application.id.in_(ids), Application.recruitment_id == recruitment_id)
        .order_by(Application.id).with_for_update()))
    chosen = [a for a in invitable(session, recruitment_id) if a.id in ids]
    if len(chosen) != len(ids):
        raise DomainError(_l("Someone you chose has already been invited, or the panel did not "
                             "decide to invite them. Check the list and try again."),
                          field="applications")
    free = free_slots(session, recruitment_id, now)
    reason = _notice_reason(free, now, short_notice_reason)
    offered = [slot_payload(s) for s in free]
    interviews, messages = [], []
    for application in chosen:
        interview = Interview(application_id=application.id, invited_at=now,
                              invited_by_id=actor.id, short_notice_reason=reason,
                              questions_wanted=wants_questions(application))
        url = _new_link(interview, link_for, application.language.value)
        session.add(interview)
        session.flush()
        step = record(session, application, "interview_invited", actor)
        audit.record(session, actor, "interview_invited", interview, reason=reason,
                     recruitment_id=recruitment_id, application_id=application.id,
                     earliest=free[0].starts_at.isoformat(), short_notice=reason is not None)
        session.flush()
        messages.append(_message(session, application, recruitment,
                                 f"interview-invitation:{interview.id}:{step.id}",
                                 "interview_invitation",
                                 {"url": url, "slots": offered,
                                  "questions_wanted": interview.questions_wanted}))
        interviews.append(interview)
    session.flush()
    _hand_on(session, messages)
    return interviews


def interview_in(session: Session, recruitment_id: int, interview_id: int, *,
                 lock: bool = False) -> tuple[Interview, Application]:
    query = (sa.select(Interview, Application)
             .join(Application, Application.id == Interview.application_id)
             .where(Interview.id == interview_id, Application.recruitment_id == recruitment_id))
    if lock:
        query = query.with_for_update(of=Interview)
    row = session.execute(query).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


def offer_again(session: Session, actor: Person, recruitment_id: int, interview_id: int,
                short_notice_reason: str | None, note: str | None, link_for,
                now: datetime | None = None) -> Interview:
    """Answer a request for another time, or move a booked interview: the time they held (if
    any) is freed, and they get a new link to choose from the free times (the old link stops
    working). The 14-day rule applies as for an invitation (R-MT1). Raises Forbidden,
    NotFound, DomainError or ValidationFailed."""
    recruitment = ensure_organiser(session, actor, recruitment_id)
    now = now or utcnow()
    interview, application = interview_in(session, recruitment_id, interview_id, lock=True)
    if interview.status not in OPEN_STATUSES or application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_l("This interview is closed: they said no thank you, or withdrew."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed([("note", _l("Keep this to 1000 characters or fewer"))])
    held = interview.slot_id
    interview.slot_id = None
    session.flush()
    free = free_slots(session, recruitment_id, now)
    reason = _notice_reason(free, now, short_notice_reason)
    interview.status = InterviewStatus.INVITED
    interview.chosen_at = interview.reminder_sent_at = None
    interview.short_notice_reason = reason or interview.short_notice_reason
    url = _new_link(interview, link_for, application.language.value)
    step = record(session, application, "interview_times_offered", actor)
    audit.record(session, actor, "interview_times_offered", interview, reason=reason,
                 recruitment_id=recruitment_id, application_id=application.id,
                 freed_slot_id=held, earliest=free[0].starts_at.isoformat(),
                 short_notice=reason is not None)
    session.flush()
    message = _message(session, application, recruitment,
                       f"interview-times:{interview.id}:{step.id}", "interview_times",
                       {"url": url, "slots": [slot_payload(s) for s in free], "note": note})
    session.flush()
    _hand_on(session, [message])
    return interview


# ---- the applicant's side (by their link) ----------------------------------------------------

@dataclass
class Invitation:
    interview: Interview
    application: Application
    recruitment: Recruitment
    slot: InterviewSlot | None


def by_token(session: Session, token: str, *, lock: bool = False) -> Invitation:
    """The interview this link opens; NotFound for any other text (only the hash is kept)."""
    if not token or len(token) > TOKEN_MAX:
        raise NotFound()
    query = (sa.select(Interview, Application)
             .join(Application, Application.id == Interview.application_id)
             .where(Interview.token_hash == hash_token(token)))
    if lock:
        query = query.with_for_update(of=Interview)
    row = session.execute(query).first()
    if row is None:
        raise NotFound()
    interview, application = row
    slot = (session.get(InterviewSlot, interview.slot_id)
            if interview.slot_id is not None else None)
    return Invitation(interview, application, _recruitment(session, application.recruitment_id),
                      slot)


def is_open(found: Invitation) -> bool:
    return (found.interview.status in OPEN_STATUSES
            and found.application.status == ApplicationStatus.SUBMITTED)


def _ensure_open(found: Invitation) -> None:
    if not is_open(found):
        raise DomainError(_l("This invitation is closed, so nothing can be changed here. If "
                             "this is a mistake, contact us."))


def choose(session: Session, token: str, slot_id: int | None, now: datetime | None = None
           ) -> Interview:
    """The applicant chooses a free time (R-MT1). The slot's row is locked while its holder
    is looked up, so of two people choosing the same time the second waits, then is told
    (SlotTaken); the unique slot_id is the last guard. A confirmation with an .ics file in
    their language follows; questions in advance go at once when they asked for them."""
    now = now or utcnow()
    found = by_token(session, token, lock=True)
    _ensure_open(found)
    interview, application = found.interview, found.application
    if slot_id is None:
        raise DomainError(_l("Choose a time"), field="slot")
    slot = session.scalar(sa.select(InterviewSlot).where(
        InterviewSlot.id == slot_id,
        InterviewSlot.recruitment_id == application.recruitment_id).with_for_update())
    if slot is None or slot.starts_at <= now:
        raise DomainError(_l("That time is no longer available. Choose another time."),
                          field="slot")
    if interview.slot_id == slot.id and interview.status == InterviewStatus.BOOKED:
        return interview  # a double submit: nothing new to send
    holder = holder_of(session, slot.id)
    if holder is not None and holder.id != interview.id:
        raise SlotTaken()
    try:
        with session.begin_nested():
            interview.slot_id = slot.id
            session.flush()
    except IntegrityError:
        raise SlotTaken() from None
    interview.status = InterviewStatus.BOOKED
    interview.chosen_at = now
    interview.reminder_sent_at = None
    interview.other_time_request = None
    sequence = session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.application_id == application.id,
        ApplicationEvent.kind == "interview_time_chosen")) or 0
    step = record(session, application, "interview_time_chosen", None,
                  starts_at=slot.starts_at.isoformat())
    session.flush()
    recruitment = found.recruitment
    lang = application.language.value
    ics = calendar_file(interview, slot, role_title(recruitment, lang), lang,
                        {"name": recruitment.contact_name, "phone": recruitment.contact_phone,
                         "email": recruitment.contact_email}, sequence)
    messages = [_message(session, application, recruitment,
                         f"interview-confirmed:{interview.id}:{step.id}", "interview_confirmed",
                         {**slot_payload(slot), "ics": ics, "ics_filename": "interview.ics",
                          "questions_wanted": interview.questions_wanted})]
    if interview.questions_wanted and interview.questions_sent_at is None:
        scheme = core.current_scheme(session, application.recruitment_id)
        messages += _questions(session, [(interview, slot, application)],
                               {recruitment.id: recruitment},
                               {recruitment.id: scheme} if scheme else {}, now)
    session.flush()
    _hand_on(session, messages)
    return interview


def ask_other_time(session: Session, token: str, request_text: str | None) -> Interview:
    """None of the times suits them: they say what would (R-SEL2). Any time they held is
    freed; the organisers see the request on the schedule and answer it."""
    found = by_token(session, token, lock=True)
    _ensure_open(found)
    text = (request_text or "").strip()
    if not text:
        raise DomainError(_l("Tell us which days and times would suit you"), field="request")
    if len(text) > REQUEST_MAX:
        raise DomainError(_l("Keep this to 2000 characters or fewer"), field="request")
    interview, application = found.interview, found.application
    interview.slot_id = None
    interview.status = InterviewStatus.OTHER_TIME
    interview.other_time_request = text
    interview.chosen_at = interview.reminder_sent_at = None
    record(session, application, "interview_other_time_asked", None)
    session.flush()
    return interview


def decline(session: Session, token: str) -> Interview:
    """They said no thank you to the interview. Any time they held is freed."""
    found = by_token(session, token, lock=True)
    _ensure_open(found)
    interview, application = found.interview, found.application
    interview.slot_id = None
    interview.status = InterviewStatus.DECLINED
    interview.chosen_at = interview.reminder_sent_at = None
    record(session, application, "interview_declined", None)
    session.flush()
    return interview


# ---- questions in advance and reminders (the sweep) ------------------------------------------

def _questions(session: Session, due: list[tuple[Interview, InterviewSlot, Application]],
               recruitments: dict[int, Recruitment], schemes: dict[int, PanelScheme],
               now: datetime) -> list[OutboxMessage]:
    messages, sent = [], []
    for interview, slot, application in due:
        scheme = schemes.get(application.recruitment_id)
        if scheme is None or not scheme.questions:
            continue
        lang = application.language.value
        questions = [(q.get(lang) or q.get("en") or "").strip() for q in scheme.questions]
        messages.append(_message(session, application, recruitments[application.recruitment_id],
                                 f"interview-questions:{interview.id}", "interview_questions",
                                 {**slot_payload(slot), "questions": questions}))
        session.add(ApplicationEvent(application_id=application.id,
                                     kind="interview_questions_sent", details={}))
        sent.append(interview.id)
    if sent:
        session.execute(sa.update(Interview).where(Interview.id.in_(sent))
                        .values(questions_sent_at=now))
    return messages


def questions_late(interview: Interview, slot: InterviewSlot | None) -> bool:
    """R-MT1: the panel is warned when questions wanted went (or will go) fewer than 7 days
    before the interview."""
    if slot is None or not interview.questions_wanted:
        return False
    sent = interview.questions_sent_at or utcnow()
    return slot.starts_at - sent < QUESTIONS_AHEAD


def send_due(session: Session, now: datetime | None = None) -> dict[str, int]:
    """The sweep (R-MT1): questions in advance not yet sent for booked interviews that asked
    for them, and a reminder for those within 2 days. Idempotent: it works from "not yet
    sent", each message has a unique key (the reminder's names its slot, so a new time gets a
    new reminder), and on PostgreSQL two sweeps at once skip each other's rows. The number of
    statements does not depend on how many are due. Returns the counts sent."""
    now = now or utcnow()
    rows = session.execute(
        sa.select(Interview, InterviewSlot, Application)
        .join(InterviewSlot, InterviewSlot.id == Interview.slot_id)
        .join(Application, Application.id == Interview.application_id)
        .where(Interview.status == InterviewStatus.BOOKED, InterviewSlot.starts_at > now,
               Application.status == ApplicationStatus.SUBMITTED,
               sa.or_(sa.and_(Interview.questions_wanted.is_(True),
                              Interview.questions_sent_at.is_(None)),
                      sa.and_(Interview.reminder_sent_at.is_(None),
                              InterviewSlot.starts_at <= now + REMINDER_AHEAD)))
        .order_by(Interview.id)
        .with_for_update(of=Interview, skip_locked=True)).all()
    if not rows:
        return {"questions": 0, "reminders": 0}
    recruitment_ids = {application.recruitment_id for _i, _s, application in rows}
    recruitments = {r.id: r for r in session.scalars(
        sa.select(Recruitment)
        .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))
        .where(Recruitment.id.in_(recruitment_ids)))}
    schemes: dict[int, PanelScheme] = {}
    for scheme in session.scalars(
            sa.select(PanelScheme)
            .where(PanelScheme.recruitment_id.in_(recruitment_ids),
                   PanelScheme.approved_at.is_not(None))
            .order_by(PanelScheme.number.desc())):
        schemes.setdefault(scheme.recruitment_id, scheme)
    messages = _questions(session, [
        (i, s, a) for i, s, a in rows if i.questions_wanted and i.questions_sent_at is None],
        recruitments, schemes, now)
    reminded = []
    for interview, slot, application in rows:
        if interview.reminder_sent_at is not None or slot.starts_at > now + REMINDER_AHEAD:
            continue
        messages.append(_message(session, application, recruitments[application.recruitment_id],
                                 f"interview-reminder:{interview.id}:{slot.id}",
                                 "interview_reminder", slot_payload(slot)))
        session.add(ApplicationEvent(application_id=application.id,
                                     kind="interview_reminder_sent", details={}))
        reminded.append(interview.id)
    if reminded:
        session.execute(sa.update(Interview).where(Interview.id.in_(reminded))
                        .values(reminder_sent_at=now))
    session.flush()
    _hand_on(session, messages)
    return {"questions": sum(m.template == "interview_questions" for m in messages),
            "reminders": len(reminded)}


# ---- the schedule ----------------------------------------------------------------------------

@dataclass
class Schedule:
    recruitment: Recruitment
    slots: list[SlotRow]
    waiting: list[tuple[Interview, Application]]  # invited, asked for another time, declined
    conflicted: set[int]  # applications this person declared a conflict with


def schedule(session: Session, person: Person, recruitment_id: int) -> Schedule:
    """The organisers' view: every time with who chose it (their name and support plan, never
    their equality data), and everyone invited who has not chosen. A constant number of
    statements however many. A panel member sees no support plan of someone they declared a
    conflict with (R-SEL4)."""
    recruitment = ensure_organiser(session, person, recruitment_id)
    slots = slots_of(session, recruitment_id)
    waiting = [(i, a) for i, a in session.execute(
        sa.select(Interview, Application)
        .join(Application, Application.id == Interview.application_id)
        .where(Application.recruitment_id == recruitment_id, Interview.slot_id.is_(None))
        .order_by(Interview.status, Interview.invited_at, Interview.id))]
    from portal.models import ConflictDeclaration, PanelMember

    conflicted = set(session.scalars(
        sa.select(ConflictDeclaration.application_id)
        .join(PanelMember, PanelMember.id == ConflictDeclaration.member_id)
        .where(PanelMember.recruitment_id == recruitment_id,
               PanelMember.person_id == person.id,
               ConflictDeclaration.conflicted.is_(True))))
    return Schedule(recruitment, slots, waiting, conflicted)
