"""The applicant's own view: "my applications" (R-SEL5, R-AC2, R-IV1).

Who may see an application here: the browser that holds its secret (the session keeps one per
reference, see views._remember), or the signed-in person it belongs to (person_id). Nobody
else, whatever reference they type: an application that is not theirs is simply not found
(`open_mine`), exactly like one that does not exist.

From here an applicant can:
- see every application's status, its timeline in plain words and every message we sent them;
- withdraw at any time, with an optional reason; a withdrawn application is closed for good.
  A draft that was never sent can be withdrawn too, and what was written in it is deleted;
- change their contact details and language once for every application listed (and their
  account, when signed in), recorded on each application's timeline.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal import outbox
from portal.applications.services import record
from portal.auth.services import hash_token, normalise_email
from portal.errors import DomainError, NotFound
from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    OutboxMessage,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, ContactChannel, Language

WITHDRAW_REASON_MAX = 1000

# What each timeline event means to the applicant. Kinds written by other parts of the
# service (chats, shortlisting, interviews, decisions) are listed too; anything else falls
# back to a plain "updated".
EVENT_WORDS = {
    # Every kind of step recorded on an application (tests/applications/test_timeline_words.py
    # checks that none is missing), in the applicant's words.
    "started": _l("You started your application"),
    "existing_offered": _l("We sent a link to an application you had already started"),
    "eligibility_answered": _l("You answered the question about your experience"),
    "contact_saved": _l("You told us how to contact you"),
    "contact_updated": _l("You updated your contact details"),
    "criteria_saved": _l("You answered the questions about the role"),
    "cv_uploaded": _l("You added your CV"),
    "disclosure_saved": _l("You chose what the panel may read of your answers"),
    "support_saved": _l("You told us what would help you take part"),
    "chat_answered": _l("You told us about the informal chat you would like"),
    "event_chosen": _l("You chose a group event"),
    "other_route_requested": _l("You asked for a different way to apply"),
    "route_answered": _l("The group answered your request for a different way to apply"),
    "resume_link_sent": _l("We emailed you a link to carry on later"),
    "resume_code_given": _l("You saved it and were given a code to carry on later"),
    "resumed_with_code": _l("You carried on with your reference and code"),
    "resumed_with_link": _l("You carried on from the link we sent you"),
    "invited": _l("The group invited you to apply"),
    "invitation_accepted": _l("You accepted the invitation"),
    "invitation_accepted_in_person": _l("You accepted the invitation in person"),
    "invitation_declined": _l("You said no thanks to the invitation"),
    "written_down": _l("An engagement worker wrote it down with you"),
    "written_down_changed": _l("An engagement worker changed what was written down, before "
                               "reading it back to you"),
    "assisted": _l("An engagement worker helped you with it"),
    "read_back_confirmed": _l("You confirmed what was written down for you"),
    "words_corrected": _l("You confirmed a correction to your words"),
    "submitted": _l("We received your application"),
    "chat_arranged": _l("An informal chat was arranged"),
    "chat_outcome": _l("The outcome of your informal chat was recorded"),
    "event_changed": _l("Your group event changed"),
    "event_cancelled": _l("Your group event was cancelled"),
    "withdrawn": _l("You withdrew your application"),
    "letter_posted": _l("We posted you a letter"),
    "call_made": _l("We phoned you"),
    # The panel's decisions and the outcomes sent (R-SEL5, portal.panels).
    "shortlist_decided": _l("The shortlisting panel made its decision. We will tell you what "
                            "it is."),
    "interview_decided": _l("The interview panel made its decision. We will tell you what it "
                            "is."),
    "decision_changed": _l("The panel changed its decision, and recorded why"),
    "told_interview": _l("We told you the panel would like to interview you"),
    "told_informal_chat": _l("We told you the panel would like to invite you to an informal "
                             "chat"),
    "told_reserve": _l("We told you that you are on the reserve list"),
    "told_not_this_time": _l("We told you the panel's decision: not this time, with feedback"),
    "told_appointed": _l("We told you that you have been appointed"),
    "told_deputy": _l("We told you that you have been appointed as a deputy"),
    "told_not_appointed": _l("We told you the panel's decision: not appointed this time, with "
                             "feedback"),
    "interview_invited": _l("The panel invited you to an interview"),
    "interview_time_chosen": _l("You chose a time for your interview"),
    "interview_other_time_asked": _l("You asked for another time for your interview"),
    "interview_declined": _l("You said no thank you to the interview"),
    "interview_times_offered": _l("We offered you other times for your interview"),
    "interview_questions_sent": _l("We sent you the interview questions in advance"),
    "interview_reminder_sent": _l("We sent you a reminder of your interview"),
    "expense_claimed": _l("You claimed expenses"),
    "expense_approved": _l("Your expenses claim was approved"),
    "expense_returned": _l("Your expenses claim was returned to you, with the reason"),
}
EVENT_FALLBACK = _l("Your application was updated")

STATUS_WORDS = {
    ApplicationStatus.INVITED: _l("Invited"),
    ApplicationStatus.DRAFT: _l("Not sent yet"),
    ApplicationStatus.NOT_ELIGIBLE: _l("Closed"),
    ApplicationStatus.SUBMITTED: _l("Sent"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}


def event_words(kind: str) -> str:
    return str(EVENT_WORDS.get(kind, EVENT_FALLBACK))


def status_words(status: ApplicationStatus) -> str:
    return str(STATUS_WORDS.get(status, status.value))


@dataclass(frozen=True)
class Mine:
    """An application with its role, as the applicant's list shows it."""

    application: Application
    recruitment: Recruitment

    def title(self, lang: str) -> str:
        version = self.recruitment.published_version
        sections = version.sections if version else {}
        return ((sections.get("title", {}).get(lang) or "").strip()
                or self.recruitment.board.name(lang))


def _with_role():
    return (sa.select(Application, Recruitment)
            .join(Recruitment, Recruitment.id == Application.recruitment_id)
            .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version)))


def _holds(application: Application, held: Mapping[str, str], person: Person | None) -> bool:
    """This browser holds the application's secret, or it is the signed-in person's."""
    if person is not None and person.is_authenticated and application.person_id == person.id:
        return True
    secret = held.get(application.reference)
    return bool(secret) and isinstance(secret, str) and hmac.compare_digest(
        application.access_token_hash, hash_token(secret))


def my_applications(session: Session, held: Mapping[str, str] | None,
                    person: Person | None) -> list[Mine]:
    """Every application this browser holds a secret for, and every one of the signed-in
    person, newest first: one statement however many there are."""
    held = {k: v for k, v in (held or {}).items() if isinstance(k, str)}
    conditions = []
    if held:
        conditions.append(Application.reference.in_(list(held)))
    if person is not None and person.is_authenticated:
        conditions.append(Application.person_id == person.id)
    if not conditions:
        return []
    rows = session.execute(_with_role().where(sa.or_(*conditions))
                           .order_by(Application.created_at.desc(), Application.id.desc()))
    return [Mine(a, r) for a, r in rows.unique() if _holds(a, held, person)]


def open_mine(session: Session, reference: str, held: Mapping[str, str] | None,
              person: Person | None) -> Mine:
    """One application, only for the browser or person it belongs to (anything else, a
    guessed reference included, is not found)."""
    row = session.execute(_with_role().where(
        Application.reference == (reference or "").strip().upper())).unique().first()
    if row is None or not _holds(row[0], held or {}, person):
        raise NotFound()
    return Mine(row[0], row[1])


def timeline(session: Session, application: Application) -> list[ApplicationEvent]:
    return list(session.scalars(sa.select(ApplicationEvent).where(
        ApplicationEvent.application_id == application.id).order_by(
        ApplicationEvent.created_at, ApplicationEvent.id)))


def messages(session: Session, application: Application) -> list[OutboxMessage]:
    """Every message sent (or waiting to be sent) to them about this application."""
    return list(session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == application.id).order_by(
        OutboxMessage.created_at, OutboxMessage.id)))


def _organisation_id(session: Session, recruitment_id: int) -> int | None:
    return session.scalar(sa.select(Board.organisation_id).join(
        Recruitment, Recruitment.board_id == Board.id).where(Recruitment.id == recruitment_id))


def can_withdraw(application: Application) -> bool:
    return application.status != ApplicationStatus.WITHDRAWN


def withdraw(session: Session, mine: Mine, reason: str | None) -> list:
    """Withdraw at any time, saying why if they wish. A sent application is acknowledged in
    their language by their channel (R-AC2); a draft that was never sent is emptied (answers,
    contact details and uploaded files), since nobody has read it and nobody should.
    Withdrawing twice is refused. Returns the paths of files to delete after commit."""
    application = mine.application
    session.flush()
    session.refresh(application, with_for_update=True)  # not while it is being sent
    reason = (reason or "").strip()
    if len(reason) > WITHDRAW_REASON_MAX:
        raise DomainError(_l("Keep this to 1000 characters or fewer"), field="reason")
    if not can_withdraw(application):
        raise DomainError(_l("This application has already been withdrawn"))
    was_sent = application.status == ApplicationStatus.SUBMITTED
    contact = dict(application.contact or {})
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = utcnow()
    application.withdrawn_reason = reason or None
    record(session, application, "withdrawn", was_sent=was_sent)
    removed = []
    if not was_sent:
        application.answers = {}
        application.contact = {}
        application.other_route_request = None
        application.resume_code_hash = None
        from portal.applications import documents
        from portal.models import ApplicationFile

        for upload in session.scalars(sa.select(ApplicationFile).where(
                ApplicationFile.application_id == application.id)):
            removed.append(documents.upload_folder() / upload.stored_name)
            session.delete(upload)
    elif contact.get("channel"):
        recruitment = mine.recruitment
        outbox.queue_message_to(
            session, key=f"application-withdrawn:{application.id}",
            template="application_withdrawn", channel=ContactChannel(contact["channel"]),
            language=application.language, recipient_email=contact.get("email"),
            application_id=application.id,
            organisation_id=_organisation_id(session, application.recruitment_id),
            payload={"name": contact.get("name", ""), "reference": application.reference,
                     "title": mine.title(application.language.value),
                     "contact_name": recruitment.contact_name,
                     "contact_phone": recruitment.contact_phone,
                     "contact_email": recruitment.contact_email,
                     "phone": contact.get("phone"),
                     "postal_address": contact.get("postal_address")})
    session.flush()
    return removed


def update_contact(session: Session, mines: list[Mine], contact: dict,
                   person: Person | None) -> int:
    """How to reach them and in which language, once for every application listed that is
    not withdrawn (a withdrawn one is closed), and for their account when signed in. Each
    application's timeline records it. Returns how many applications changed."""
    channel = ContactChannel(contact["channel"])
    detail = {ContactChannel.EMAIL: "email", ContactChannel.PHONE: "phone",
              ContactChannel.POST: "postal_address"}[channel]
    value = (contact.get(detail) or "").strip()
    if not value:
        raise DomainError(_l("Tell us how to reach you"), field=detail)
    if detail == "email":
        value = normalise_email(value)
    name = (contact.get("name") or "").strip()
    if not name:
        raise DomainError(_l("Enter your name"), field="name")
    language = Language(contact["language"])
    new = {"name": name, "channel": channel.value, detail: value}
    changed = 0
    for mine in mines:
        application = mine.application
        if not can_withdraw(application):
            continue
        application.contact = new
        application.language = language
        record(session, application, "contact_updated", channel=channel.value,
               language=language.value)
        changed += 1
    if person is not None and person.is_authenticated:
        person.preferred_language = language
        if channel == ContactChannel.PHONE:
            person.phone = value
        elif channel == ContactChannel.POST:
            person.postal_address = value
        if channel != ContactChannel.EMAIL or person.email == value:
            person.contact_channel = channel
        person.preferences_recorded_at = utcnow()
    if not changed and not (person is not None and person.is_authenticated):
        raise DomainError(_l("There are no open applications to update"))
    session.flush()
    return changed
