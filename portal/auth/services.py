"""Sign-in by single-use emailed link, server-side sessions, and account preferences.

ENGINEERING.md security list: links live SIGN_IN_TOKEN_MINUTES (15), only their SHA-256 is
stored, only the confirm page's POST spends one; signing out or being disabled deletes every
LoginSession of the person, so a copied cookie stops working.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit, outbox
from portal.errors import DomainError
from portal.extensions import db
from portal.models import LoginSession, Person, SignInToken
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, Language

LINK_INVALID = _l("This link has expired or has already been used. Links work once, for 15 minutes.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(sa.select(Person).where(Person.email == normalise_email(email)))


def request_sign_in(session: Session, email: str, request_lang: str) -> SignInToken | None:
    """Queue a sign-in email if an active account has this address.

    Returns the token row, or None; the caller shows the same page either way so that nobody
    can learn who has an account. The email is in the person's recorded language (R-AC2), or
    the language they asked in if they have not recorded one yet.
    """
    person = find_by_email(session, email)
    if person is None or not person.is_active:
        return None
    token = secrets.token_urlsafe(32)
    now = utcnow()
    minutes = current_app.config["SIGN_IN_TOKEN_MINUTES"]
    row = SignInToken(
        person_id=person.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    session.add(row)
    session.flush()
    lang = person.preferred_language.value if person.preferences_recorded_at else request_lang
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(
        "auth.confirm", lang=lang, token=token
    )
    outbox.queue_message(
        session,
        key=f"sign-in:{row.id}",
        template="sign_in",
        person=person,
        channel=ContactChannel.EMAIL,
        language=Language(lang),
        payload={"url": link, "minutes": minutes, "name": person.given_name,
                 "expires_at": row.expires_at.isoformat()},
    )
    return row


def token_is_usable(session: Session, token: str) -> bool:
    return bool(
        session.scalar(
            sa.select(sa.func.count(SignInToken.id)).where(
                SignInToken.token_hash == hash_token(token),
                SignInToken.used_at.is_(None),
                SignInToken.expires_at > utcnow(),
            )
        )
    )


def confirm_sign_in(session: Session, token: str) -> Person:
    """Spend the token (once, atomically) and open a server-side session.

    Raises DomainError when the link is unknown, used or expired, or the account disabled.
    """
    now = utcnow()
    person_id = session.execute(
        sa.update(SignInToken)
        .where(
            SignInToken.token_hash == hash_token(token),
            SignInToken.used_at.is_(None),
            SignInToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(SignInToken.person_id)
    ).scalar()
    person = session.get(Person, person_id) if person_id else None
    if person is None or not person.is_active:
        raise DomainError(LINK_INVALID)
    session_token = secrets.token_urlsafe(32)
    session.add(LoginSession(person_id=person.id, token_hash=hash_token(session_token)))
    audit.record(session, person, "signed_in", person)
    person.session_token = session_token
    return person


def load_signed_in_person(session_token: str) -> Person | None:
    """Flask-Login's user loader: the cookie holds a session token, checked on every request.

    A session ends on the server after SESSION_LIFETIME_HOURS however often its cookie is
    re-signed."""
    lifetime = timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"])
    person = db.session.scalar(
        sa.select(Person)
        .join(LoginSession, LoginSession.person_id == Person.id)
        .where(
            LoginSession.token_hash == hash_token(session_token),
            LoginSession.created_at > utcnow() - lifetime,
            Person.is_active,
        )
    )
    if person is not None:
        person.session_token = session_token
    return person


def end_all_sessions(session: Session, person_id: int) -> int:
    return session.execute(
        sa.delete(LoginSession).where(LoginSession.person_id == person_id)
    ).rowcount


def sign_out(session: Session, person: Person) -> None:
    """End every session of this person on the server, not just this browser's."""
    end_all_sessions(session, person.id)
    audit.record(session, person, "signed_out", person)


def disable_person(session: Session, actor: Person | None, person: Person, reason: str) -> None:
    """Disable an account: its sessions end at once and its unused links stop working."""
    if not reason or not reason.strip():
        raise DomainError(_l("Give a reason for disabling the account"), field="reason")
    person.is_active = False
    person.disabled_at = utcnow()
    end_all_sessions(session, person.id)
    session.execute(
        sa.update(SignInToken)
        .where(SignInToken.person_id == person.id, SignInToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    audit.record(session, actor, "account_disabled", person, reason=reason.strip())


def update_preferences(
    session: Session,
    person: Person,
    *,
    language: str,
    channel: str,
    phone: str | None,
    postal_address: str | None,
) -> None:
    """Record how the person wants to hear from us (R-AC2). Each channel needs its details."""
    phone = (phone or "").strip() or None
    postal_address = (postal_address or "").strip() or None
    if channel == ContactChannel.PHONE and not phone:
        raise DomainError(_l("Enter a phone number, or choose another way to contact you"),
                          field="phone")
    if channel == ContactChannel.POST and not postal_address:
        raise DomainError(_l("Enter a postal address, or choose another way to contact you"),
                          field="postal_address")
    if channel == ContactChannel.EMAIL and not person.email:
        raise DomainError(_l("We have no email address for you. Choose phone or post."),
                          field="contact_channel")
    person.preferred_language = Language(language)
    person.contact_channel = ContactChannel(channel)
    person.phone = phone
    person.postal_address = postal_address
    person.preferences_recorded_at = utcnow()
    audit.record(session, person, "preferences_recorded", person,
                 language=language, channel=channel)
