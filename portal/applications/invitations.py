"""Formal invitations (R-SEL1): the group invites a named person to apply.

- The recruitment's group, or an engagement worker of its organisation, invites someone by
  name, in their language and by their channel (R-AC2). The invitation is an application
  waiting for their answer (status invited), with what the group already knows about how to
  reach them filled in, so it is never asked again (WCAG 3.3.7).
- By email: a link that opens it (only the secret's hash is kept). By post or phone: a letter
  or call queued for an engagement worker, carrying the reference and a short code to continue
  at "Continue an application" (R-AC1: no email needed).
- The person accepts (then answers the usual questions and sends) or says no thanks, with a
  reason if they like; or tells the inviter yes in person, who records it and gets a code so
  that they can carry on together. The group sees each answer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, aliased

from portal import publication
from portal.applications import access
from portal.applications.events import acknowledge
from portal.auth.services import hash_token, normalise_email
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import Application, Person, Recruitment
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, ContactChannel, Language

ROUTE = "formal_invitation"
MESSAGE_MAX = 2000
REASON_MAX = 1000
DETAIL = {"email": "email", "phone": "phone", "post": "postal_address"}


@dataclass
class Invitation:
    application: Application
    invited_by: str | None


def invite(session: Session, actor: Person, recruitment_id: int, data: dict,
           link_for, continue_url: str) -> Application:
    """Invite a named person to apply. `link_for(reference, secret)` builds the link an email
    carries; `continue_url` is where someone with a reference and a code carries on.
    Raises Forbidden, NotFound, DomainError (the role is not open or does not offer formal
    invitations) or ValidationFailed."""
    from portal.applications.services import _new_reference, new_resume_code, record

    recruitment = access.managed_recruitment(session, actor, recruitment_id)
    if recruitment.published_version_id is None or not publication.is_open(recruitment):
        raise DomainError(_l("You can invite people once the role is published, until its "
                             "closing date."))
    role = publication.get_published(session, recruitment.id)
    if ROUTE not in role.published_version.selection_methods:
        raise DomainError(_l("This role does not offer formal invitations. The group can add "
                             "them to the ways to apply in the role description."))
    problems = []
    name = (data.get("name") or "").strip()
    if not name:
        problems.append(("name", _l("Enter their name")))
    if data.get("language") not in ("en", "cy"):
        problems.append(("language", _l("Choose Welsh or English")))
    channel = data.get("channel")
    detail = DETAIL.get(channel)
    value = (data.get(detail) or "").strip() if detail else ""
    if detail is None:
        problems.append(("contact_channel", _l("Choose how to contact them")))
    elif not value:
        problems.append((detail, _l("Tell us how to reach them")))
    message = (data.get("message") or "").strip()
    if len(message) > MESSAGE_MAX:
        problems.append(("message", _l("Keep this to 2000 characters or fewer")))
    if problems:
        raise ValidationFailed(problems)
    secret = secrets.token_urlsafe(32)
    application = Application(
        recruitment_id=role.id, reference=_new_reference(session),
        access_token_hash=hash_token(secret), route=ROUTE, status=ApplicationStatus.INVITED,
        language=Language(data["language"]), invited_by_id=actor.id,
        contact={"name": name, "channel": channel,
                 detail: normalise_email(value) if detail == "email" else value},
        answers={"invitation_message": message} if message else {})
    session.add(application)
    session.flush()
    record(session, application, "invited", actor, channel=channel)
    extra = {"message": message, "closes_on": role.closes_on.isoformat(),
             "inviter": actor.full_name}
    if channel == ContactChannel.EMAIL:
        extra["url"] = link_for(application.reference, secret)
    else:
        extra["code"] = new_resume_code(session, application)
        extra["continue_url"] = continue_url
    acknowledge(session, application, role, f"formal-invitation:{application.id}",
                "formal_invitation", role.board.organisation_id, extra)
    session.flush()
    return application


def invitations_of(session: Session, person: Person, recruitment_id: int
                   ) -> tuple[Recruitment, list[Invitation]]:
    """The recruitment's invitations, newest first, with who sent each (one query)."""
    recruitment = access.managed_recruitment(session, person, recruitment_id)
    inviter = aliased(Person)
    rows = session.execute(
        sa.select(Application, inviter.given_name, inviter.family_name)
        .outerjoin(inviter, inviter.id == Application.invited_by_id)
        .where(Application.recruitment_id == recruitment_id, Application.route == ROUTE)
        .order_by(Application.created_at.desc(), Application.id.desc()))
    return recruitment, [Invitation(a, f"{g} {f}".strip() if g is not None else None)
                         for a, g, f in rows]


def invitation_for_group(session: Session, person: Person, recruitment_id: int,
                         application_id: int) -> tuple[Recruitment, Application]:
    recruitment = access.managed_recruitment(session, person, recruitment_id)
    application = session.scalar(sa.select(Application).where(
        Application.id == application_id, Application.recruitment_id == recruitment_id,
        Application.route == ROUTE))
    if application is None:
        raise NotFound()
    return recruitment, application


def _ensure_waiting(application: Application) -> None:
    if application.route != ROUTE or application.status != ApplicationStatus.INVITED:
        raise DomainError(_l("This invitation has already been answered"))


def _ensure_open(session: Session, application: Application) -> None:
    role = publication.get_published(session, application.recruitment_id)
    if not publication.is_open(role):
        raise DomainError(_l("This role has closed, so it is no longer possible to apply."))


def accept(session: Session, application: Application) -> None:
    """They said yes: the usual questions follow (their contact details are already there)."""
    from portal.applications.services import record

    _ensure_waiting(application)
    _ensure_open(session, application)
    application.status = ApplicationStatus.DRAFT
    record(session, application, "invitation_accepted")
    session.flush()


def decline(session: Session, application: Application, reason: str | None) -> None:
    """They said no thanks, with a reason if they wished to give one. The group sees it."""
    from portal.applications.services import record

    _ensure_waiting(application)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Keep this to 1000 characters or fewer"), field="reason")
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = utcnow()
    application.withdrawn_reason = reason or None
    record(session, application, "invitation_declined")
    session.flush()


def accepted_in_person(session: Session, actor: Person, recruitment_id: int,
                       application_id: int) -> tuple[Application, str]:
    """The person told the inviter (or a worker) yes, face to face or on the phone. Recorded
    with who recorded it; returns a new code, so that the person can carry on with the
    reference and the code, alone or with a worker."""
    from portal.applications.services import new_resume_code, record

    _recruitment, application = invitation_for_group(session, actor, recruitment_id,
                                                     application_id)
    _ensure_waiting(application)
    _ensure_open(session, application)
    application.status = ApplicationStatus.DRAFT
    record(session, application, "invitation_accepted_in_person", actor)
    code = new_resume_code(session, application)
    return application, code
