"""Starting an application and the first questions (R-SEL1, R-SEL2, R-RD4, R-AC1).

- An application is started without an account, for a role that is open, by one of the routes
  the role offers (R-SEL1), or by asking for another route and saying why (R-SEL2).
- The browser that starts it receives a secret; only its SHA-256 is stored. Whoever holds the
  reference and the secret may continue (`open_draft`); nobody else can, whatever ids they try.
- Eligibility (R-RD4) is one plain question using the role's own window, which is 5 years or
  wider. A "no" is kept, the applicant is told why kindly, and nothing else is asked.
"""

from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import outbox, publication
from portal.auth.services import hash_token, normalise_email
from portal.codes import readable_code
from portal.errors import DomainError, NotFound
from portal.models import Application, ApplicationEvent, Person, Recruitment
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, ContactChannel, Language
from portal.roles import SELECTION_METHODS

OTHER_ROUTE = "other"  # R-SEL2: none of the offered routes suits the applicant


def _new_reference(session: Session) -> str:
    while True:
        raw = readable_code(8)
        reference = f"{raw[:4]}-{raw[4:]}"
        if session.scalar(sa.select(Application.id).where(
                Application.reference == reference)) is None:
            return reference


def record(session: Session, application: Application, kind: str, actor: Person | None = None,
           **details) -> ApplicationEvent:
    """A step on the application's timeline (what the applicant sees under "my
    applications", and the record of who did what, R-SEL5)."""
    event = ApplicationEvent(application_id=application.id, kind=kind,
                             actor_id=actor.id if actor else None, details=details)
    session.add(event)
    return event


def routes_offered(recruitment: Recruitment) -> list[str]:
    """The role's selection methods, least formal first (R-SEL1)."""
    chosen = set(recruitment.published_version.selection_methods)
    return [method for method in SELECTION_METHODS if method in chosen]


def start(session: Session, recruitment_id: int, route: str, language: str,
          person: Person | None = None) -> tuple[Application, str]:
    """A draft application for an open role; returns it and the secret that opens it. A
    signed-in person's application is theirs (person_id), so it follows them to any browser
    under "my applications"."""
    role = publication.get_published(session, recruitment_id)
    if not publication.is_open(role):
        raise DomainError(_l("This role has closed, so it is no longer possible to apply."))
    # A formal invitation starts with the group (applications.invitations), not here.
    if route != OTHER_ROUTE and (route not in routes_offered(role)
                                 or route == "formal_invitation"):
        raise DomainError(_l("Choose one of the ways to apply for this role"), field="route")
    secret = secrets.token_urlsafe(32)
    application = Application(
        recruitment_id=role.id, reference=_new_reference(session),
        access_token_hash=hash_token(secret), route=route, language=Language(language),
        person_id=person.id if person is not None and person.is_authenticated else None)
    session.add(application)
    session.flush()
    record(session, application, "started", route=route)
    return application, secret


def open_draft(session: Session, reference: str, secret: str | None) -> Application:
    """The application with this reference, if `secret` is the one it was started with.
    Anything else, including a right reference with a wrong secret, is simply not found."""
    application = session.scalar(sa.select(Application).where(
        Application.reference == (reference or "").strip().upper()))
    if application is None or not secret or not hmac.compare_digest(
            application.access_token_hash, hash_token(secret)):
        raise NotFound()
    return application


def eligibility_years(session: Session, application: Application) -> int:
    role = publication.get_published(session, application.recruitment_id)
    return role.published_version.eligibility_years


def answer_eligibility(session: Session, application: Application, answer: str) -> bool:
    """R-RD4: have they used services, or cared for someone who did, within the role's
    window? A "no" ends the application kindly (status not eligible); the answer can be
    changed while the application is not yet sent. Returns whether they may go on."""
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.NOT_ELIGIBLE):
        raise DomainError(_l("This application has already been sent"))
    if answer not in ("yes", "no"):
        raise DomainError(_l("Choose yes or no"), field="eligibility")
    application.eligibility = answer
    application.status = (ApplicationStatus.DRAFT if answer == "yes"
                          else ApplicationStatus.NOT_ELIGIBLE)
    record(session, application, "eligibility_answered", answer=answer,
           years=eligibility_years(session, application))
    session.flush()
    return answer == "yes"


# ---- the written expression of interest, and asking for another way ------------------------

EXPRESSION_MAX = 5000


def ensure_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT or application.eligibility != "yes":
        raise DomainError(_l("This application has already been sent"))


def save_contact(session: Session, application: Application, contact: dict) -> None:
    """Who they are and how to reach them (only the chosen channel's detail is kept), and
    the language for everything we send them (R-AC2)."""
    ensure_draft(application)
    channel = ContactChannel(contact["channel"])
    detail = {ContactChannel.EMAIL: "email", ContactChannel.PHONE: "phone",
              ContactChannel.POST: "postal_address"}[channel]
    value = (contact.get(detail) or "").strip()
    if not value:
        raise DomainError(_l("Tell us how to reach you"), field=detail)
    application.contact = {"name": contact["name"].strip(), "channel": channel.value,
                           detail: normalise_email(value) if detail == "email" else value}
    application.language = Language(contact["language"])
    record(session, application, "contact_saved", channel=channel.value)
    session.flush()


def save_words(session: Session, application: Application, text: str) -> None:
    """The written expression of interest, or the way they would like to apply instead
    (R-SEL2)."""
    ensure_draft(application)
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Tell us how you would like to apply, and why")
                          if application.route == OTHER_ROUTE
                          else _l("Write a few words about why you are interested"),
                          field="words")
    if application.route == OTHER_ROUTE:
        application.other_route_request = text
        record(session, application, "other_route_requested")
    else:
        application.answers = {**application.answers, "expression": text}
    session.flush()


# The question pages of each route, in order (views of the "apply" blueprint), and when each
# counts as answered. A route listed here can be completed on this website; the role's other
# routes start with a conversation with the role's contact (the role page says how).
STEPS: dict[str, tuple[str, ...]] = {
    "expression_of_interest": ("eligibility", "about_you", "your_words", "sharing", "support"),
    # documents.py: answers against the person specification (and a CV if they like), or a CV
    # with a covering note; then what the panel may read of the written answers
    # (lived-experience disclosure).
    "application_form": ("eligibility", "about_you", "criteria", "cv", "sharing", "support"),
    "cv": ("eligibility", "about_you", "cv", "sharing", "support"),
    OTHER_ROUTE: ("eligibility", "about_you", "your_words", "support"),
    "informal_chat": ("eligibility", "about_you", "chat", "support"),
    "group_event": ("eligibility", "about_you", "event", "support"),
    "formal_invitation": ("eligibility", "about_you", "support"),  # after accepting
}


def _sharing_answered(application: Application) -> bool:
    from portal.applications import documents

    return documents.sharing_answered(application)


ANSWERED = {
    "eligibility": lambda a: a.eligibility == "yes",
    "about_you": lambda a: bool(a.contact),
    "your_words": lambda a: bool(a.other_route_request if a.route == OTHER_ROUTE
                                 else a.answers.get("expression")),
    "criteria": lambda a: bool(a.answers.get("criteria")),
    # A CV is needed only on the CV route; elsewhere the page counts once it has been saved.
    "cv": lambda a: bool(a.answers.get("cv")) or (a.route != "cv" and "cv_note" in a.answers),
    "sharing": _sharing_answered,
    "support": lambda a: "support" in a.answers,
    "chat": lambda a: "chat" in a.answers,
    "event": lambda a: a.group_event_id is not None,
}
# Routes a person starts on the role's page (a formal invitation starts with the group).
ONLINE_ROUTES = tuple(route for route in STEPS if route not in (OTHER_ROUTE,
                                                                "formal_invitation"))


def missing(application: Application) -> list[str]:
    """The questions still to answer before sending, in order (page names)."""
    return [step for step in STEPS[application.route] if not ANSWERED[step](application)]


def previous_step(application: Application, page: str) -> str:
    """The page before `page` on this application's route (for the back link)."""
    steps = STEPS.get(application.route, ())
    index = steps.index(page) if page in steps else 0
    return steps[index - 1] if index > 0 else "eligibility"


def submit(session: Session, application: Application, role_url: str) -> None:
    """Send the application; acknowledge it in their language by their channel: an email
    through the outbox, or a letter or call queued for an engagement worker (R-AC1, R-AC2).
    The row is locked first: a second press of the button, or a withdrawal at the same
    moment, waits and then finds it already sent."""
    session.flush()  # keep what the caller changed, then lock and re-read the row
    session.refresh(application, with_for_update=True)
    ensure_draft(application)
    if missing(application):
        raise DomainError(_l("Answer every question before you send your application"))
    role = publication.get_published(session, application.recruitment_id)
    if not publication.is_open(role):
        raise DomainError(_l("This role has closed, so it is no longer possible to apply."))
    template, extra = _on_send(session, application, role)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = utcnow()
    record(session, application, "submitted")
    contact = application.contact
    channel = ContactChannel(contact["channel"])
    lang = application.language.value
    outbox.queue_message_to(
        session, key=f"application-received:{application.id}", template=template,
        channel=channel, language=application.language, recipient_email=contact.get("email"),
        application_id=application.id, organisation_id=role.board.organisation_id,
        payload={"name": contact["name"], "reference": application.reference,
                 "title": publication.title(role, lang), "url": role_url,
                 "closes_on": role.closes_on.isoformat(),
                 "contact_name": role.contact_name, "contact_phone": role.contact_phone,
                 "contact_email": role.contact_email,
                 "phone": contact.get("phone"), "postal_address": contact.get("postal_address"),
                 **extra})
    session.flush()


def _on_send(session: Session, application: Application, role: Recruitment
             ) -> tuple[str, dict]:
    """What sending does for each route beyond the default: a chat to arrange, a place at an
    event (taken under a lock). Returns the acknowledgement's template and its extra
    details; raises DomainError when it cannot be done (the event is full)."""
    from portal.applications import chats, events

    hooks = {"informal_chat": chats.on_send, "group_event": events.on_send}
    hook = hooks.get(application.route)
    return hook(session, application, role) if hook else ("application_received", {})


# ---- save and come back later ---------------------------------------------------------------

RESUME_CODE_LENGTH = 6
MAX_RESUME_FAILURES = 10  # then only a new code (or a worker) opens it


def new_secret(application: Application) -> str:
    """Replace the secret that opens the draft (a resume link, or a code that worked): the
    old one stops working."""
    secret = secrets.token_urlsafe(32)
    application.access_token_hash = hash_token(secret)
    return secret


def email_resume_link(session: Session, application: Application, email: str,
                      link_for) -> str:
    """Send a link that opens the draft, through the outbox, in the applicant's language.
    `link_for(reference, secret)` builds the absolute URL. Returns this browser's new secret
    (the link carries its own, so the browser keeps working)."""
    email = normalise_email(email or "")
    if "@" not in email:
        raise DomainError(_l("Enter an email address in the correct format, like "
                             "name@example.com"), field="email")
    link_secret = new_secret(application)
    record(session, application, "resume_link_sent")
    session.flush()
    outbox.queue_message_to(
        session, key=f"application-resume:{application.id}:{application.access_token_hash[:16]}",
        template="application_resume", channel=ContactChannel.EMAIL,
        language=application.language, recipient_email=email,
        application_id=application.id,
        payload={"reference": application.reference,
                 "url": link_for(application.reference, link_secret)})
    return link_secret


def new_resume_code(session: Session, application: Application) -> str:
    """A short code to write down; with the reference it opens the draft on any device."""
    code = readable_code(RESUME_CODE_LENGTH)
    application.resume_code_hash = hash_token(f"{application.reference}:{code}")
    application.resume_failures = 0
    record(session, application, "resume_code_given")
    session.flush()
    return code


def resume_with_code(session: Session, reference: str, code: str) -> tuple[Application, str]:
    """The reference and the code someone wrote down: the draft and a new secret for this
    browser. Wrong tries are counted; after MAX_RESUME_FAILURES the code stops working."""
    reference = (reference or "").strip().upper()
    code = (code or "").strip().upper().replace(" ", "")
    application = session.scalar(sa.select(Application).where(
        Application.reference == reference).with_for_update())
    wrong = DomainError(_l("The reference or the code is not right. Check them and try "
                           "again, or ask the contact for the role to help."), field="code")
    if application is None or not application.resume_code_hash:
        raise wrong
    if application.resume_failures >= MAX_RESUME_FAILURES or not hmac.compare_digest(
            application.resume_code_hash, hash_token(f"{reference}:{code}")):
        application.resume_failures += 1
        session.flush()
        raise wrong
    application.resume_failures = 0
    record(session, application, "resumed_with_code")
    return application, new_secret(application)


def resume_with_link(session: Session, reference: str, secret: str) -> Application:
    """A link from "save and come back later": the same as opening the draft."""
    application = open_draft(session, reference, secret)
    record(session, application, "resumed_with_link")
    return application


# ---- support, adjustments, expenses and payment (R-SEL2, R-PAY1, R-PAY2) ---------------------

ADJUSTMENTS = ("questions_in_advance", "supporter", "breaks", "welsh", "large_print")
FORMATS = ("in_person", "video", "phone", "walk_and_talk")
EXPENSES = ("travel", "childcare", "care_for_cared_for", "other")
PAYMENT = ("paid", "volunteer", "not_sure")
SUPPORT_TEXT_MAX = 1000


def save_support(session: Session, application: Application, data: dict) -> None:
    """What would help them take part, the expenses they would need paid, and whether they
    would like to be paid or to volunteer. Every answer is optional; unknown choices are
    dropped by the form before they reach here, and checked again."""
    ensure_draft(application)
    support = {
        "adjustments": [a for a in data.get("adjustments") or [] if a in ADJUSTMENTS],
        "formats": [f for f in data.get("formats") or [] if f in FORMATS],
        "expenses": [e for e in data.get("expenses") or [] if e in EXPENSES],
        "payment": data.get("payment") if data.get("payment") in PAYMENT else None,
    }
    for key in ("best_times", "access_needs", "bad_day"):
        text = (data.get(key) or "").strip()
        if len(text) > SUPPORT_TEXT_MAX:
            raise DomainError(_l("Keep this to 1000 characters or fewer"), field=key)
        support[key] = text
    application.answers = {**application.answers, "support": support}
    record(session, application, "support_saved")
    session.flush()
