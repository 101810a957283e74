"""Keep me informed (R-AC4): anyone may ask to hear about future roles, and is told when a
matching role is published. Every rule about interest registrations lives here.

Decisions, in one place:

- Email registrations count only once confirmed (a stranger's address must not be signed up).
  The confirmation link is random; only its SHA-256 is stored (`confirm_token_hash`); it works
  for CONFIRM_DAYS (7) days from `created_at`. Only the POST of the confirm page spends it, so
  mail scanners that open links change nothing. Confirming twice is harmless.
- Phone and post registrations have no address to confirm, so they are active at once and an
  engagement worker is asked (a manual outbox message) to welcome them (R-AC1: nobody needs
  email).
- The unsubscribe token is random and stored as it is: every email carries it, and the
  registration's later emails must be able to carry it too. It never expires; using it twice
  is harmless (one step, RFC 8058 one-click included).
- The same email address registering again: a new unconfirmed row is made each time and the
  page says the same thing whether or not the address is already registered, so nobody can
  learn who is. Confirming the new row ends (unsubscribes) the older rows with that address,
  so preferences only ever change from the owner's inbox.
- Matching (R-AC4 with 000 §2.9): a registration matches a role when its areas include the
  role's board area (no areas: anywhere in Wales) and its seat types meet the role's vacancies
  (none: any). One message per registration per role, ever: the outbox key
  `role-published:{recruitment}:{registration}` is unique.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import outbox, publication
from portal.auth.services import hash_token, normalise_email
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.geography import AREAS_BY_KEY
from portal.models import InterestRegistration, OutboxMessage, Recruitment
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, Language

CONFIRM_DAYS = 7
SEAT_TYPES = publication.SEAT_TYPES
SEAT_TYPE_NAMES = {
    "service_user": _l("Service-user representative"),
    "carer": _l("Carer representative"),
    "deputy": _l("Deputy representative (partnership boards)"),
}
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")
PHONE_DIGITS = (10, 15)
NAME_MAX, EMAIL_MAX, PHONE_MAX, ADDRESS_MAX = 200, 254, 40, 500

# Messages shared by the form and this module, so the wording lives in one place.
MESSAGES = {
    "name": _l("Enter your name"),
    "name_long": _l("Name must be 200 characters or fewer"),
    "areas": _l("Choose areas from the list"),
    "seat_types": _l("Choose kinds of role from the list"),
    "language": _l("Choose Welsh or English"),
    "contact_channel": _l("Choose how you would like us to contact you"),
    "email": _l("Enter your email address, or choose another way to contact you"),
    "email_long": _l("Email address must be 254 characters or fewer"),
    "email_format": _l("Enter an email address in the correct format, like name@example.com"),
    "phone": _l("Enter your phone number, or choose another way to contact you"),
    "phone_format": _l("Enter a phone number with 10 to 15 digits, like 029 2000 0000 or "
                       "+44 29 2000 0000"),
    "postal_address": _l("Enter your postal address, or choose another way to contact you"),
    "postal_address_long": _l("Postal address must be 500 characters or fewer"),
}
LINK_INVALID = _l("This link has expired or is no longer in use. Links to confirm work for "
                  "7 days. You can ask again to be kept informed.")


def valid_phone(value: str) -> bool:
    """Digits, spaces, brackets and hyphens, an optional leading +, and 10 to 15 digits."""
    digits = sum(c.isdigit() for c in value)
    return bool(PHONE_CHARACTERS.match(value)) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def _link(endpoint: str, **values: Any) -> str:
    """An absolute link for an email: BASE_URL and the path, with or without a request (the
    lead's publish service may run in a request or a job)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def unsubscribe_link(registration: InterestRegistration) -> str:
    return _link("public.interest_stop", lang=registration.language.value,
                 token=registration.unsubscribe_token)


def _contact_payload(registration: InterestRegistration) -> dict[str, Any]:
    """What every message needs to reach the person. A letter or a call is made by an
    engagement worker, who needs the address or number (there is no account to look up)."""
    payload: dict[str, Any] = {
        "name": registration.name,
        "registration_id": registration.id,
        "unsubscribe_url": unsubscribe_link(registration),
    }
    if registration.contact_channel == ContactChannel.PHONE:
        payload["phone"] = registration.phone
    elif registration.contact_channel == ContactChannel.POST:
        payload["postal_address"] = registration.postal_address
    return payload


def _queue(session: Session, registration: InterestRegistration, *, key: str, template: str,
           payload: dict[str, Any]) -> OutboxMessage:
    return outbox.queue_message_to(
        session,
        key=key,
        template=template,
        channel=registration.contact_channel,
        language=registration.language,
        recipient_email=registration.email,
        payload={**_contact_payload(registration), **payload},
    )


def _clean(value: str | None) -> str:
    return (value or "").strip()


def register(
    session: Session,
    *,
    name: str,
    language: str,
    channel: str,
    areas: Iterable[str] = (),
    seat_types: Iterable[str] = (),
    email: str | None = None,
    phone: str | None = None,
    postal_address: str | None = None,
) -> InterestRegistration:
    """Record someone's wish to hear about future roles (R-AC4), in the caller's transaction.

    By email: the row waits unconfirmed and a confirmation email is queued in their language
    (R-AC2). By phone or post: the row is active at once and an engagement worker is asked to
    welcome them (manual outbox message, R-AC1). Only the details of the chosen channel are
    kept. Raises ValidationFailed naming each field that breaks a rule.
    """
    name = _clean(name)
    areas = list(dict.fromkeys(areas or ()))
    seat_types = list(dict.fromkeys(seat_types or ()))
    email, phone, postal_address = _clean(email), _clean(phone), _clean(postal_address)
    problems: list[tuple[str, Any]] = []
    if not name:
        problems.append(("name", MESSAGES["name"]))
    elif len(name) > NAME_MAX:
        problems.append(("name", MESSAGES["name_long"]))
    if any(a not in AREAS_BY_KEY for a in areas):
        problems.append(("areas", MESSAGES["areas"]))
    if any(s not in SEAT_TYPES for s in seat_types):
        problems.append(("seat_types", MESSAGES["seat_types"]))
    if language not in {lang.value for lang in Language}:
        problems.append(("language", MESSAGES["language"]))
    if channel not in {c.value for c in ContactChannel}:
        problems.append(("contact_channel", MESSAGES["contact_channel"]))
    elif channel == ContactChannel.EMAIL and (not email or "@" not in email):
        problems.append(("email", MESSAGES["email"] if not email else MESSAGES["email_format"]))
    elif channel == ContactChannel.EMAIL and len(email) > EMAIL_MAX:
        problems.append(("email", MESSAGES["email_long"]))
    elif channel == ContactChannel.PHONE and not phone:
        problems.append(("phone", MESSAGES["phone"]))
    elif channel == ContactChannel.PHONE and not valid_phone(phone):
        problems.append(("phone", MESSAGES["phone_format"]))
    elif channel == ContactChannel.POST and not postal_address:
        problems.append(("postal_address", MESSAGES["postal_address"]))
    elif channel == ContactChannel.POST and len(postal_address) > ADDRESS_MAX:
        problems.append(("postal_address", MESSAGES["postal_address_long"]))
    if problems:
        raise ValidationFailed(problems)

    channel = ContactChannel(channel)
    now = utcnow()
    token = secrets.token_urlsafe(32) if channel == ContactChannel.EMAIL else None
    registration = InterestRegistration(
        name=name,
        email=normalise_email(email) if channel == ContactChannel.EMAIL else None,
        phone=phone if channel == ContactChannel.PHONE else None,
        postal_address=postal_address if channel == ContactChannel.POST else None,
        contact_channel=channel,
        language=Language(language),
        areas=areas,
        seat_types=seat_types,
        confirm_token_hash=hash_token(token) if token else None,
        unsubscribe_token=secrets.token_urlsafe(32),
        confirmed_at=None if token else now,
        created_at=now,
    )
    session.add(registration)
    session.flush()
    choices = {"areas": areas, "seat_types": seat_types}
    if token:
        expires_at = now + timedelta(days=CONFIRM_DAYS)
        _queue(session, registration, key=f"interest-confirm:{registration.id}",
               template="interest_confirm",
               payload={**choices, "days": CONFIRM_DAYS, "expires_at": expires_at.isoformat(),
                        "url": _link("public.interest_confirm", lang=language, token=token)})
    else:
        _queue(session, registration, key=f"interest-welcome:{registration.id}",
               template="interest_welcome", payload={**choices, "channel": channel.value})
    return registration


def _by_confirm_token(session: Session, token: str) -> InterestRegistration | None:
    return session.scalar(sa.select(InterestRegistration).where(
        InterestRegistration.confirm_token_hash == hash_token(token)))


def _confirmable(registration: InterestRegistration | None) -> bool:
    """Unknown, ended, or unconfirmed after CONFIRM_DAYS: the link no longer works. Already
    confirmed: it still works, and confirming again changes nothing."""
    if registration is None or registration.unsubscribed_at is not None:
        return False
    if registration.confirmed_at is not None:
        return True
    return registration.created_at + timedelta(days=CONFIRM_DAYS) > utcnow()


def confirm_link_works(session: Session, token: str) -> bool:
    """For the confirm page's GET, which must change nothing."""
    return _confirmable(_by_confirm_token(session, token))


def confirm(session: Session, token: str) -> InterestRegistration:
    """Confirm an email registration (idempotent). The first confirmation ends the older
    registrations with the same address, so the newest preferences are the only ones kept.

    Raises DomainError(LINK_INVALID) when the link is unknown, ended or expired.
    """
    registration = _by_confirm_token(session, token)
    if not _confirmable(registration):
        raise DomainError(LINK_INVALID)
    if registration.confirmed_at is None:
        now = utcnow()
        registration.confirmed_at = now
        session.execute(
            sa.update(InterestRegistration)
            .where(InterestRegistration.email == registration.email,
                   InterestRegistration.id < registration.id,
                   InterestRegistration.unsubscribed_at.is_(None))
            .values(unsubscribed_at=now)
            .execution_options(synchronize_session=False)
        )
    return registration


def find_by_unsubscribe_token(session: Session, token: str) -> InterestRegistration | None:
    return session.scalar(sa.select(InterestRegistration).where(
        InterestRegistration.unsubscribe_token == token))


def unsubscribe(session: Session, token: str) -> InterestRegistration:
    """Stop all messages to this registration, in one step (idempotent). Raises NotFound for
    a token that never existed."""
    registration = find_by_unsubscribe_token(session, token)
    if registration is None:
        raise NotFound()
    if registration.unsubscribed_at is None:
        registration.unsubscribed_at = utcnow()
    return registration


def matches(registration: InterestRegistration, area: str, seat_types: Iterable[str]) -> bool:
    """Empty areas mean anywhere in Wales; empty seat types mean any role."""
    if registration.areas and area not in registration.areas:
        return False
    return not registration.seat_types or bool(set(registration.seat_types) & set(seat_types))


def notify_matching(session: Session, recruitment: Recruitment) -> int:
    """Tell every active registration that matches a just-published role (R-AC4), in the
    caller's transaction (the publish service's). Returns how many messages were queued.

    Exactly once per registration and role: registrations already told are left out by the
    same SELECT (their outbox key exists), and the unique key would refuse a second message
    anyway. One SELECT loads the candidates (confirmed, not unsubscribed, not yet told); the
    area and seat-type lists are JSON, so they are compared here in Python rather than with
    backend-specific JSON operators (there are a few thousand registrations at most).
    Raises NotFound if the role is not published.
    """
    role = publication.get_published(session, recruitment.id)
    area = role.board.area
    seat_types = role.seat_types()
    prefix = f"role-published:{role.id}:"
    already_told = sa.exists().where(
        OutboxMessage.key == sa.literal(prefix, sa.String)
        + sa.cast(InterestRegistration.id, sa.String))
    candidates = session.scalars(
        sa.select(InterestRegistration)
        .where(InterestRegistration.confirmed_at.is_not(None),
               InterestRegistration.unsubscribed_at.is_(None),
               ~already_told)
        .order_by(InterestRegistration.id)
    ).all()
    board, organisation = role.board, role.board.organisation
    about_role = {
        "recruitment_id": role.id,
        "title_en": publication.title(role, "en"),
        "title_cy": publication.title(role, "cy"),
        "board_en": board.name("en"),
        "board_cy": board.name("cy"),
        "organisation_en": organisation.name("en"),
        "organisation_cy": organisation.name("cy"),
        "closes_on": role.closes_on.isoformat() if role.closes_on else None,
        "contact_name": role.contact_name,
        "contact_email": role.contact_email,
        "contact_phone": role.contact_phone,
    }
    queued = 0
    for registration in candidates:
        if not matches(registration, area, seat_types):
            continue
        url = _link("public.role", lang=registration.language.value, recruitment_id=role.id)
        _queue(session, registration, key=f"{prefix}{registration.id}",
               template="interest_role_published", payload={**about_role, "url": url})
        queued += 1
    return queued
