"""Deliver one outbox message. Idempotent: safe to run twice, at once or one after another."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from portal import mail
from portal.extensions import db
from portal.models import OutboxMessage
from portal.models.base import utcnow
from portal.models.enums import OutboxStatus
from portal.outbox import CLAIM_LEASE

log = logging.getLogger(__name__)

# Payload keys that hold secrets (a sign-in or confirmation link, a code to carry on with an
# application): blanked once the message has gone, whether emailed or posted.
SECRET_PAYLOAD_KEYS = {"url", "code"}
SECRET_TEMPLATES = {"sign_in", "interest_confirm", "application_resume", "formal_invitation",
                    "application_continue", "interview_invitation", "interview_times"}


def forget_secrets(message: OutboxMessage) -> None:
    """Once a message has gone (or never will), it no longer needs its link or code."""
    if message.template in SECRET_TEMPLATES:
        message.payload = {
            k: v for k, v in message.payload.items() if k not in SECRET_PAYLOAD_KEYS
        }


def backoff(attempts: int, first_seconds: int) -> timedelta:
    """Exponential back-off: first, 2×, 4×, … capped at one hour."""
    return timedelta(seconds=min(first_seconds * 2 ** max(attempts - 1, 0), 3600))


def send_outbox_message(message_id: int) -> str:
    """Claim the message, render it in the recipient's language and send it.

    Returns "sent", "skipped" (already sent or claimed by another job) or "retry"/"failed"
    (the error is kept on the row; the relay tries again after a back-off, up to
    OUTBOX_MAX_ATTEMPTS, then the message is failed for an administrator to see).
    """
    config = current_app.config
    now = utcnow()
    with Session(db.engine) as s:
        claimed = s.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                # Never before its back-off is over, never past the attempt limit.
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.attempts < config["OUTBOX_MAX_ATTEMPTS"],
                sa.or_(
                    OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.QUEUED]),
                    sa.and_(
                        OutboxMessage.status == OutboxStatus.SENDING,
                        OutboxMessage.claimed_until < now,
                    ),
                ),
            )
            .values(
                status=OutboxStatus.SENDING,
                attempts=OutboxMessage.attempts + 1,
                claimed_until=now + CLAIM_LEASE,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        if not claimed:
            log.info("outbox message %s: already sent or claimed, skipped", message_id)
            return "skipped"
        message = s.get(OutboxMessage, message_id)
        expires = message.payload.get("expires_at")
        if expires and datetime.fromisoformat(expires) <= utcnow():
            # A sign-in link that can no longer work is not worth sending late.
            message.status = OutboxStatus.FAILED
            message.last_error = "expired before it could be sent"
            message.claimed_until = None
            forget_secrets(message)
            s.commit()
            return "failed"
        try:
            email = mail.render(message)
            mail.send(email, message.key)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            message.claimed_until = None
            if message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
                message.status = OutboxStatus.FAILED
                forget_secrets(message)
                outcome = "failed"
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = utcnow() + backoff(
                    message.attempts, config["OUTBOX_BACKOFF_SECONDS"]
                )
                outcome = "retry"
            s.commit()
            log.warning("outbox message %s: %s (%s)", message_id, outcome, exc.__class__.__name__)
            return outcome
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.claimed_until = None
        message.last_error = None
        forget_secrets(message)
        s.commit()
        log.info("outbox message %s sent", message_id)
        return "sent"
