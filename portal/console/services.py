"""The engagement worker's console: every rule about what staff see and do for applicants.

Who (rules in portal.applications.access, R-IV1):
- Accepted members of a recruitment's leadership group see that recruitment's applications and
  arrange informal chats; engagement workers see those of the organisations they support.
  Nobody else: organisation and platform administrators only if they also hold one of these.
- Only an engagement worker of the role's organisation writes down an application for someone
  (a spoken expression of interest, R-AC1), reads it back, corrects it with them, or opens an
  applicant's draft with the reference and code the applicant gives. Workers help; they never
  decide or speak for the applicant (R-IV1).

Decisions:
- An application not yet sent is the applicant's own: staff do not see it, unless a worker
  wrote it down with them (it is then in the "assisted" list).
- Once the person has confirmed the read-back, the words are theirs: a plain edit is refused;
  a correction is a new read-back confirmed with the person present, and the timeline keeps
  every version (events "read_back_confirmed" and "words_corrected" carry the words).
- "Keep me informed" registrations shown to a worker are the active ones (confirmed, not
  stopped) that would hear about roles of the organisations they support: no area chosen
  (anywhere in Wales) or an area of one of those organisations' boards; filtered by one
  recruitment, those that match that role exactly (its area and seat types, as
  portal.interest.matches decides). Group members do not see them: registrants asked to hear
  about roles, not to be contacted by a particular group.
- After a chat, "apply" starts a new application that follows the chat's: the same contact,
  language, eligibility answer and support answers (WCAG 3.3.7), by a route the worker chooses
  with them from the role's routes that can be completed here, or by asking for another way
  (R-SEL2). They are sent a way to continue: a link by email, or a letter or call with the
  reference and a short code.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, aliased

from portal import interest, outbox, publication
from portal.applications import access, documents
from portal.applications import services as applying
from portal.auth.services import hash_token
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    Board,
    InformalChat,
    InterestRegistration,
    OutboxMessage,
    Person,
    Recruitment,
)
from portal.models.base import WALES, utcnow
from portal.models.enums import (
    ApplicationStatus,
    ChatOutcome,
    ContactChannel,
    OutboxStatus,
    RecruitmentStage,
)

CHAT_ROUTE = "informal_chat"
WHERE_MAX = 500
NOTE_MAX = 2000
ARRANGE_AHEAD = timedelta(days=366)
# Routes a worker writes down for someone on the console: the spoken expression of interest,
# or another way the person asks for (R-SEL2). Both hold the person's own words.
RECORDABLE_ROUTES = ("expression_of_interest", applying.OTHER_ROUTE)

ALREADY_CONFIRMED = _l("These words were read back to the person and they confirmed them, so "
                       "they cannot be changed now. To correct them, read the new words back to "
                       "the person and confirm them together.")


# ---- who may use the console ------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    worker_organisations: frozenset[int]
    groups: frozenset[int]

    @property
    def is_worker(self) -> bool:
        return bool(self.worker_organisations)


def scope_of(session: Session, person: Person | None) -> Scope:
    return Scope(frozenset(access.worker_organisation_ids(session, person)),
                 frozenset(access.group_recruitment_ids(session, person)))


def uses_console(session: Session, person: Person | None) -> bool:
    scope = scope_of(session, person)
    return bool(scope.worker_organisations or scope.groups)


def ensure_console(session: Session, person: Person | None) -> Scope:
    """The console is for group members and engagement workers; Forbidden for anyone else."""
    scope = scope_of(session, person)
    if not (scope.worker_organisations or scope.groups):
        raise Forbidden()
    return scope


def ensure_worker(session: Session, person: Person | None) -> Scope:
    """Forbidden unless the person is an engagement worker of some organisation."""
    scope = scope_of(session, person)
    if not scope.is_worker:
        raise Forbidden()
    return scope


def _role(session: Session, recruitment_id: int) -> Recruitment:
    return publication.get_published(session, recruitment_id)


def _ensure_worker_for(session: Session, person: Person | None, role: Recruitment) -> None:
    """R-IV1: only an engagement worker of the role's organisation writes down, reads back
    and corrects an application for someone."""
    if not access.is_worker_for(session, person, role):
        raise Forbidden()


# ---- the console home -------------------------------------------------------------------------

@dataclass
class Home:
    recruitments: list[Recruitment]
    selected: Recruitment | None
    sent: list[Any] = field(default_factory=list)  # (Application, helper given, helper family)
    chats_to_arrange: list[Any] = field(default_factory=list)  # (InformalChat, Application)
    chats_awaiting: list[Any] = field(default_factory=list)
    assisted: list[Any] = field(default_factory=list)  # like sent
    registrations: list[InterestRegistration] | None = None  # None: not shown (not a worker)
    letters: int | None = None
    recordable: list[Recruitment] = field(default_factory=list)


def recruitments_in_view(session: Session, person: Person | None) -> list[Recruitment]:
    """The published recruitments whose applications this person handles, newest first (one
    statement)."""
    from sqlalchemy.orm import joinedload

    query = (access.manageable_recruitments(session, person)
             .where(Recruitment.stage == RecruitmentStage.PUBLISHED)
             .options(joinedload(Recruitment.board).joinedload(Board.organisation),
                      joinedload(Recruitment.published_version))
             .order_by(Recruitment.published_at.desc(), Recruitment.id.desc()))
    return list(session.scalars(query).unique())


def home(session: Session, person: Person | None, recruitment_id: int | None,
         recruitments: list[Recruitment] | None = None) -> Home:
    """Everything waiting for this person, for one recruitment or all they handle. The number
    of statements does not grow with the number of applications."""
    scope = ensure_console(session, person)
    if recruitments is None:
        recruitments = recruitments_in_view(session, person)
    by_id = {r.id: r for r in recruitments}
    if recruitment_id is not None and recruitment_id not in by_id:
        raise DomainError(_l("Choose a recruitment from the list"), field="recruitment")
    selected = by_id.get(recruitment_id) if recruitment_id is not None else None
    ids = [selected.id] if selected else list(by_id)
    view = Home(recruitments=recruitments, selected=selected)
    helper = aliased(Person)
    with_helper = (sa.select(Application, helper.given_name, helper.family_name)
                   .outerjoin(helper, helper.id == Application.assisted_by_id)
                   .where(Application.recruitment_id.in_(ids)))
    view.sent = session.execute(with_helper.where(
        Application.status == ApplicationStatus.SUBMITTED, Application.route != CHAT_ROUTE)
        .order_by(Application.submitted_at.desc(), Application.id.desc())).all()
    view.assisted = session.execute(with_helper.where(
        Application.assisted_by_id.is_not(None),
        Application.status != ApplicationStatus.WITHDRAWN)
        .order_by(Application.updated_at.desc(), Application.id.desc())).all()
    chats = session.execute(
        sa.select(InformalChat, Application)
        .join(Application, Application.id == InformalChat.application_id)
        .where(Application.recruitment_id.in_(ids),
               Application.status == ApplicationStatus.SUBMITTED,
               InformalChat.outcome.is_(None))
        .order_by(InformalChat.arranged_for, InformalChat.created_at, InformalChat.id)).all()
    view.chats_to_arrange = [row for row in chats if row[0].arranged_for is None]
    view.chats_awaiting = [row for row in chats if row[0].arranged_for is not None]
    if scope.is_worker:
        own = [r for r in recruitments if r.board.organisation_id in scope.worker_organisations]
        view.recordable = [r for r in own if publication.is_open(r)]
        if selected is None or selected.board.organisation_id in scope.worker_organisations:
            view.registrations = _registrations(session, scope, selected)
            view.letters = _letters_waiting(session, scope, selected)
    return view


def _registrations(session: Session, scope: Scope, selected: Recruitment | None
                   ) -> list[InterestRegistration]:
    """R-AC4: the active registrations that would hear about this worker's roles (see the
    module docstring). JSON lists are compared here, as portal.interest does."""
    active = session.scalars(
        sa.select(InterestRegistration)
        .where(InterestRegistration.confirmed_at.is_not(None),
               InterestRegistration.unsubscribed_at.is_(None))
        .order_by(InterestRegistration.created_at.desc(), InterestRegistration.id.desc())).all()
    if selected is not None:
        return [r for r in active
                if interest.matches(r, selected.board.area, selected.seat_types())]
    areas = set(session.scalars(sa.select(Board.area).where(
        Board.organisation_id.in_(scope.worker_organisations))))
    return [r for r in active if not r.areas or areas & set(r.areas)]


def _letters_waiting(session: Session, scope: Scope, selected: Recruitment | None) -> int:
    """Letters and calls (manual outbox messages) of the worker's organisations still to do."""
    query = (sa.select(sa.func.count(OutboxMessage.id))
             .where(OutboxMessage.status == OutboxStatus.MANUAL,
                    OutboxMessage.organisation_id.in_(scope.worker_organisations)))
    if selected is not None:
        query = query.join(Application, Application.id == OutboxMessage.application_id).where(
            Application.recruitment_id == selected.id)
    return session.scalar(query) or 0


# ---- one application, as staff see it --------------------------------------------------------

@dataclass
class StaffView:
    application: Application
    role: Recruitment
    events: list[Any]  # (ApplicationEvent, actor given, actor family)
    messages: list[OutboxMessage]
    chat: InformalChat | None
    assisted_by: Person | None
    follows: Application | None
    followed_by: list[Application]
    is_worker: bool
    years: int
    files: list[Any] = field(default_factory=list)  # ApplicationFile rows (names, sizes)


def find(session: Session, reference: str) -> Application:
    application = session.scalar(sa.select(Application).where(
        Application.reference == (reference or "").strip().upper()))
    if application is None:
        raise NotFound()
    return application


def shared_with_staff(application: Application) -> bool:
    """Sent (or invited, or withdrawn after sending), or written down with a worker. A draft
    the applicant is still writing alone is theirs until they send it."""
    if application.assisted_by_id is not None:
        return True
    return application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.NOT_ELIGIBLE)


def application_for_staff(session: Session, person: Person | None, reference: str
                          ) -> StaffView:
    """Everything the applicant gave (equality data is never on an application, R-AC3), its
    timeline and its messages. Forbidden for anyone who does not handle the recruitment."""
    application = find(session, reference)
    role = _role(session, application.recruitment_id)
    access.ensure_manages(session, person, role)
    if not shared_with_staff(application):
        raise NotFound()
    actor = aliased(Person)
    events = session.execute(
        sa.select(ApplicationEvent, actor.given_name, actor.family_name)
        .outerjoin(actor, actor.id == ApplicationEvent.actor_id)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.created_at, ApplicationEvent.id)).all()
    messages = session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.application_id == application.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)).all()
    chat = session.scalar(sa.select(InformalChat).where(
        InformalChat.application_id == application.id))
    assisted_by = (session.get(Person, application.assisted_by_id)
                   if application.assisted_by_id else None)
    follows = session.get(Application, application.follows_id) if application.follows_id else None
    followed_by = session.scalars(sa.select(Application).where(
        Application.follows_id == application.id).order_by(Application.id)).all()
    return StaffView(application=application, role=role, events=list(events),
                     messages=list(messages), chat=chat, assisted_by=assisted_by,
                     follows=follows, followed_by=list(followed_by),
                     is_worker=access.is_worker_for(session, person, role),
                     years=role.published_version.eligibility_years,
                     files=list(session.scalars(sa.select(ApplicationFile).where(
                         ApplicationFile.application_id == application.id)
                         .order_by(ApplicationFile.id))))


def assisted_note(session: Session, application: Application) -> dict | None:
    """R-IV1: who wrote the application down with the applicant, and when the applicant
    confirmed the read-back (None when nobody assisted)."""
    if not application.assisted_by_id:
        return None
    helper = session.get(Person, application.assisted_by_id)
    return {"worker": helper.full_name if helper else "",
            "name": (application.contact or {}).get("name", ""),
            "confirmed_at": application.confirmed_at}


# ---- informal chats (R-SEL1) ------------------------------------------------------------------

def get_chat(session: Session, person: Person | None, chat_id: int
             ) -> tuple[InformalChat, Application, Recruitment]:
    """A chat asked for by a sent request, for someone who handles its recruitment."""
    row = session.execute(
        sa.select(InformalChat, Application)
        .join(Application, Application.id == InformalChat.application_id)
        .where(InformalChat.id == chat_id)).first()
    if row is None:
        raise NotFound()
    chat, application = row
    role = _role(session, application.recruitment_id)
    access.ensure_manages(session, person, role)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN):
        raise NotFound()  # not asked for yet
    return chat, application, role


def _still_open(chat: InformalChat, application: Application) -> None:
    if application.status == ApplicationStatus.WITHDRAWN:
        raise DomainError(_l("They have withdrawn, so this chat cannot go ahead."))
    if chat.outcome is not None:
        raise DomainError(_l("The outcome of this chat has already been recorded."))


def _contact_payload(application: Application) -> dict[str, Any]:
    contact = application.contact or {}
    return {"name": contact.get("name", ""), "reference": application.reference,
            "phone": contact.get("phone"), "postal_address": contact.get("postal_address")}


def _role_payload(role: Recruitment, lang: str) -> dict[str, Any]:
    return {"title": publication.title(role, lang), "contact_name": role.contact_name,
            "contact_phone": role.contact_phone, "contact_email": role.contact_email}


def _queue(session: Session, application: Application, role: Recruitment, *, key: str,
           template: str, payload: dict[str, Any],
           channel: ContactChannel | None = None) -> OutboxMessage:
    """A message to the applicant in their language by their channel (R-AC2): an email, or a
    letter or call for an engagement worker (R-AC1)."""
    contact = application.contact or {}
    channel = channel or ContactChannel(contact["channel"])
    return outbox.queue_message_to(
        session, key=key, template=template, channel=channel, language=application.language,
        recipient_email=contact.get("email") if channel == ContactChannel.EMAIL else None,
        application_id=application.id, organisation_id=role.board.organisation_id,
        payload={**_contact_payload(application),
                 **_role_payload(role, application.language.value), **payload})


def arrange_chat(session: Session, person: Person, chat_id: int, when: datetime, where: str
                 ) -> InformalChat:
    """Arrange the chat: `when` is a wall-clock time in Wales (naive), stored in UTC; `where`
    is a place, a phone number or a video link. The applicant is told in their language by
    their channel, and the timeline records it. It can be arranged again (a new message)."""
    chat, application, role = get_chat(session, person, chat_id)
    _still_open(chat, application)
    where = (where or "").strip()
    if not where:
        raise DomainError(_l("Say where the chat will be, or how to join it"), field="where")
    if len(where) > WHERE_MAX:
        raise DomainError(_l("Keep this to 500 characters or fewer"), field="where")
    arranged_for = when.replace(tzinfo=WALES).astimezone(UTC)
    if arranged_for <= utcnow():
        raise DomainError(_l("The date and time must be in the future"), field="when")
    if arranged_for > utcnow() + ARRANGE_AHEAD:
        raise DomainError(_l("Choose a date within the next year"), field="when")
    chat.arranged_for = arranged_for
    chat.arranged_where = where
    chat.arranged_by_id = person.id
    times = session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.application_id == application.id,
        ApplicationEvent.kind == "chat_arranged")) or 0
    applying.record(session, application, "chat_arranged", actor=person,
                    when=arranged_for.isoformat(), mode=chat.mode.value)
    local = arranged_for.astimezone(WALES)
    _queue(session, application, role, key=f"chat-arranged:{chat.id}:{times + 1}",
           template="chat_arranged",
           payload={"date": local.date().isoformat(), "time": local.strftime("%H:%M"),
                    "mode": chat.mode.value, "where": where})
    session.flush()
    return chat


def continue_routes(role: Recruitment) -> list[str]:
    """The routes an application that grows out of a chat may take: the role's routes that
    can be completed on this website (services.STEPS), and asking for another way."""
    offered = [r for r in applying.routes_offered(role)
               if r in applying.ONLINE_ROUTES and r != CHAT_ROUTE]
    return [*offered, applying.OTHER_ROUTE]


def record_chat_outcome(session: Session, person: Person, chat_id: int, outcome: str,
                        note: str, route: str | None, *, link_for, continue_url: str
                        ) -> Application | None:
    """The outcome of a chat: apply (a new application that follows this one, nothing asked
    twice, and a way to continue sent to them), not now, or keep me informed (R-AC4).
    `link_for(reference, secret)` builds the resume link; `continue_url` is the page where a
    reference and code open a draft. Returns the new application, if any."""
    chat, application, role = get_chat(session, person, chat_id)
    _still_open(chat, application)
    if outcome not in {o.value for o in ChatOutcome}:
        raise DomainError(_l("Choose what they would like to do next"), field="outcome")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Keep this to 2000 characters or fewer"), field="note")
    follower = None
    contact = application.contact or {}
    if outcome == ChatOutcome.APPLY:
        if route not in continue_routes(role):
            raise DomainError(_l("Choose how they would like to apply"), field="route")
        follower = _follow_on(session, person, application, role, route, link_for,
                              continue_url)
    elif outcome == ChatOutcome.KEEP_INFORMED:
        try:
            interest.register(session, name=contact.get("name", ""),
                              language=application.language.value,
                              channel=contact.get("channel", ""), email=contact.get("email"),
                              phone=contact.get("phone"),
                              postal_address=contact.get("postal_address"),
                              areas=[role.board.area])
        except ValidationFailed:
            raise DomainError(_l("Their contact details are not complete enough to keep them "
                                 "informed. Check them with them, then try again."),
                              field="outcome") from None
    chat.outcome = ChatOutcome(outcome)
    chat.outcome_note = note or None
    chat.outcome_by_id = person.id
    chat.outcome_at = utcnow()
    applying.record(session, application, "chat_outcome", actor=person, outcome=outcome,
                    **({"next": follower.reference} if follower else {}))
    session.flush()
    return follower


def _follow_on(session: Session, person: Person, chat_application: Application,
               role: Recruitment, route: str, link_for, continue_url: str) -> Application:
    if not publication.is_open(role):
        raise DomainError(_l("This role has closed, so it is no longer possible to apply."),
                          field="outcome")
    if not (chat_application.contact or {}).get("channel"):
        raise DomainError(_l("We do not know how to reach them. Ask them to apply with the "
                             "contact for the role instead."), field="outcome")
    answers = {}
    if "support" in chat_application.answers:
        answers["support"] = chat_application.answers["support"]
    follower = Application(
        recruitment_id=role.id, reference=applying._new_reference(session),  # noqa: SLF001
        access_token_hash=hash_token(secrets.token_urlsafe(32)), route=route,
        language=chat_application.language, eligibility=chat_application.eligibility,
        contact=dict(chat_application.contact or {}), answers=answers,
        follows_id=chat_application.id, status=ApplicationStatus.DRAFT)
    session.add(follower)
    session.flush()
    applying.record(session, follower, "started", actor=person, route=route,
                    follows=chat_application.reference)
    channel = ContactChannel((follower.contact or {}).get("channel", ContactChannel.POST))
    key = f"application-continue:{follower.id}"
    if channel == ContactChannel.EMAIL and follower.contact.get("email"):
        secret = applying.new_secret(follower)
        _queue(session, follower, role, key=key, template="application_continue",
               payload={"url": link_for(follower.reference, secret)})
    else:
        code = applying.new_resume_code(session, follower)
        _queue(session, follower, role, key=key, template="application_continue",
               channel=channel if channel != ContactChannel.EMAIL else ContactChannel.POST,
               payload={"code": code, "continue_url": continue_url})
    return follower


# ---- a spoken expression of interest, written down by a worker (R-IV1, R-AC1) ----------------

def recordable_routes(role: Recruitment) -> list[str]:
    return [r for r in applying.routes_offered(role) if r in RECORDABLE_ROUTES] + [
        applying.OTHER_ROUTE]


def role_to_record_for(session: Session, person: Person | None, recruitment_id: int
                       ) -> Recruitment:
    role = _role(session, recruitment_id)
    _ensure_worker_for(session, person, role)
    return role


def _not_eligible(years: int) -> DomainError:
    return DomainError(_l("This role is for people who have used mental health services, or "
                          "cared for someone who has, in the last %(years)s years. You cannot "
                          "send an application for them, but you can help them ask to be kept "
                          "informed.", years=years), field="eligibility")


def _write_down(session: Session, application: Application, data: dict) -> None:
    applying.save_contact(session, application, data)
    applying.save_words(session, application, data.get("words", ""))
    if "sharing" in applying.STEPS[application.route]:
        # Lived-experience disclosure is the person's choice, asked like everything else.
        if data.get("sharing") not in (documents.FULL, documents.SUMMARY):
            raise DomainError(_l("Ask them what the panel may read of their words, and choose "
                                 "their answer"), field="sharing")
        documents.save_disclosure(session, application, {"expression": data["sharing"]})
    applying.save_support(session, application, data)


def record_for_someone(session: Session, worker: Person, recruitment_id: int, data: dict
                       ) -> Application:
    """Write down an application for someone, as they say it (R-AC1). It stays a draft until
    it is read back to them and they confirm it (`confirm_read_back`). Nobody needs an email
    address: phone or post will do. Raises DomainError on a field, Forbidden for anyone but
    an engagement worker of the role's organisation."""
    role = role_to_record_for(session, worker, recruitment_id)
    route = data.get("route")
    if route not in recordable_routes(role):
        raise DomainError(_l("Choose how they would like to apply"), field="route")
    years = role.published_version.eligibility_years
    if data.get("eligibility") == "no":
        raise _not_eligible(years)
    application, _secret = applying.start(session, role.id, route, data["language"])
    applying.answer_eligibility(session, application, data.get("eligibility") or "")
    application.assisted_by_id = worker.id
    _write_down(session, application, data)
    applying.record(session, application, "written_down", actor=worker)
    session.flush()
    return application


def recorded_draft(session: Session, worker: Person | None, reference: str
                   ) -> tuple[Application, Recruitment]:
    """An application written down by a worker, for a worker of its role's organisation."""
    application = find(session, reference)
    role = _role(session, application.recruitment_id)
    _ensure_worker_for(session, worker, role)
    if application.assisted_by_id is None:
        raise NotFound()
    return application, role


def change_recorded(session: Session, worker: Person, reference: str, data: dict) -> Application:
    """Change what was written down, before the read-back only (R-IV1). After the person has
    confirmed it, this is refused: see `correct_words`."""
    application, role = recorded_draft(session, worker, reference)
    if application.confirmed_at is not None:
        raise DomainError(ALREADY_CONFIRMED, field="words")
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError(_l("This application has already been sent"), field="words")
    if data.get("eligibility") != "yes":
        raise _not_eligible(role.published_version.eligibility_years)
    if data.get("route") not in recordable_routes(role):
        raise DomainError(_l("Choose how they would like to apply"), field="route")
    words = data.get("words", "")
    if data["route"] != application.route:
        # Moving the words between "why" and "another way": the right box for the route.
        application.answers = {k: v for k, v in application.answers.items() if k != "expression"}
        application.other_route_request = None
        application.route = data["route"]
    _write_down(session, application, {**data, "words": words})
    applying.record(session, application, "written_down_changed", actor=worker)
    session.flush()
    return application


def words_of(application: Application) -> str:
    return ((application.other_route_request if application.route == applying.OTHER_ROUTE
             else application.answers.get("expression")) or "")


def read_back_digest(application: Application) -> str:
    """A fingerprint of exactly what was read back, so that a confirmation is for those words
    and not for a later change made in another tab."""
    content = {"route": application.route, "language": application.language.value,
               "contact": application.contact, "words": words_of(application),
               "support": application.answers.get("support"),
               "disclosure": application.answers.get("disclosure"),
               "eligibility": application.eligibility}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()[:32]


def confirm_read_back(session: Session, worker: Person, reference: str, digest: str,
                      confirmed: bool, role_url: str) -> Application:
    """The person heard their application read back and confirmed it is what they want to
    say: it is sent (the acknowledgement goes in their language by letter, call or email),
    and the timeline records who wrote it down and the words confirmed (R-IV1)."""
    application, _role_ = recorded_draft(session, worker, reference)
    if application.confirmed_at is not None or application.status != ApplicationStatus.DRAFT:
        raise DomainError(_l("This application has already been read back and sent"),
                          field="confirmed")
    if not confirmed:
        raise DomainError(_l("Confirm that you read it back and they agreed it is what they "
                             "want to say"), field="confirmed")
    if digest != read_back_digest(application):
        raise DomainError(_l("The application changed after this page was shown. Read it back "
                             "to them again."), field="confirmed")
    application.confirmed_at = utcnow()
    applying.record(session, application, "read_back_confirmed", actor=worker, version=1,
                    words=words_of(application))
    applying.submit(session, application, role_url)
    return application


def check_correction(session: Session, worker: Person, reference: str, words: str
                     ) -> tuple[Application, str]:
    """Whether these new words may replace the confirmed ones (everything but the person's
    confirmation). Returns the application and the cleaned words."""
    application, _role_ = recorded_draft(session, worker, reference)
    if application.confirmed_at is None:
        raise DomainError(_l("These words have not been read back yet. Change them before you "
                             "read them back."), field="words")
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_l("This application can no longer be changed"), field="words")
    words = (words or "").strip()
    if not words:
        raise DomainError(_l("Write down their words"), field="words")
    if len(words) > applying.EXPRESSION_MAX:
        raise DomainError(_l("Keep this to 5000 characters or fewer"), field="words")
    if words == words_of(application):
        raise DomainError(_l("These are the words they already confirmed"), field="words")
    return application, words


def correct_words(session: Session, worker: Person, reference: str, words: str,
                  confirmed: bool) -> Application:
    """R-IV1: after confirmation the words change only with the person: the new words are
    read back to them and they confirm them. The timeline keeps the earlier words."""
    application, words = check_correction(session, worker, reference, words)
    if not confirmed:
        raise DomainError(_l("Confirm that you read the new words back and they agreed they are "
                             "what they want to say"), field="confirmed")
    previous = words_of(application)
    versions = session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.application_id == application.id,
        ApplicationEvent.kind.in_(("read_back_confirmed", "words_corrected")))) or 0
    if application.route == applying.OTHER_ROUTE:
        application.other_route_request = words
    else:
        application.answers = {**application.answers, "expression": words}
    application.confirmed_at = utcnow()
    applying.record(session, application, "words_corrected", actor=worker, version=versions + 1,
                    previous=previous, words=words)
    session.flush()
    return application


# ---- an assisted session on the applicant's own draft -----------------------------------------

def open_with_applicant(session: Session, worker: Person, reference: str, code: str
                        ) -> tuple[Application, str]:
    """A worker opens an applicant's draft with the reference and the code the applicant
    gives them, to carry on together on the applicant's pages. Wrong tries count as on the
    applicant's own page. A reference of another organisation gets the same answer as a
    wrong code, and nothing about it changes."""
    ensure_worker(session, worker)
    wanted = (reference or "").strip().upper()
    recruitment_id = session.scalar(sa.select(Application.recruitment_id).where(
        Application.reference == wanted))
    if recruitment_id is not None and not access.is_worker_for(
            session, worker, session.get(Recruitment, recruitment_id)):
        raise DomainError(_l("The reference or the code is not right. Check them and try "
                             "again, or ask the contact for the role to help."), field="code")
    application, secret = applying.resume_with_code(session, reference, code)
    if application.assisted_by_id is None:
        application.assisted_by_id = worker.id
    applying.record(session, application, "assisted", actor=worker)
    session.flush()
    return application, secret
