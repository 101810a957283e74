"""The transactional outbox: write a message with the change that causes it; hand it to a
worker after commit; never lose it, never send it twice.

Flow: `queue_message` adds an OutboxMessage to the caller's transaction. When that
transaction commits, `dispatch` hands the new ids on: to RQ when REDIS_URL is set, else
straight to the delivery job in-process. If Redis cannot be reached the rows stay pending and
`relay` (run by the scheduler, or `flask outbox relay`) hands them on later. The delivery job
claims a row with a conditional UPDATE, so a job that runs twice sends once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import OutboxMessage, Person
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, Language, OutboxStatus

log = logging.getLogger(__name__)

# A row handed to RQ but not claimed after this long is handed on again (Redis lost it).
QUEUED_STALE_AFTER = timedelta(minutes=5)
# How long a job may hold a claimed row before another may take it over (worker died).
CLAIM_LEASE = timedelta(minutes=2)
SESSION_KEY = "outbox_new_ids"


def queue_message(
    session: Session,
    *,
    key: str,
    template: str,
    person: Person,
    payload: dict[str, Any] | None = None,
    channel: ContactChannel | None = None,
    language: Language | None = None,
) -> OutboxMessage:
    """Add a message for `person` to the current transaction (R-AC2: their language, their
    channel). `key` must be unique per intent; a second message with the same key is refused
    by the database. Letters and calls wait for an engagement worker (status manual)."""
    channel = channel or person.contact_channel
    if channel == ContactChannel.EMAIL and not person.email:
        channel = ContactChannel.POST if person.postal_address else ContactChannel.PHONE
    return queue_message_to(
        session,
        key=key,
        template=template,
        channel=channel,
        language=language or person.preferred_language,
        recipient_email=person.email if channel == ContactChannel.EMAIL else None,
        payload=payload,
        person_id=person.id,
    )


def queue_message_to(
    session: Session,
    *,
    key: str,
    template: str,
    channel: ContactChannel,
    language: Language,
    recipient_email: str | None = None,
    payload: dict[str, Any] | None = None,
    person_id: int | None = None,
    application_id: int | None = None,
    organisation_id: int | None = None,
) -> OutboxMessage:
    """Add a message to the current transaction for someone who may have no account (an
    interest registration, R-AC4): the caller says the channel, language and address.

    An email needs `recipient_email` (ValueError otherwise). A letter or call is a manual
    message for an engagement worker; what they need to reach the person goes in `payload`.
    """
    if channel == ContactChannel.EMAIL and not recipient_email:
        raise ValueError("an email message needs recipient_email")
    email = channel == ContactChannel.EMAIL
    message = OutboxMessage(
        key=key,
        template=template,
        person_id=person_id,
        application_id=application_id,
        organisation_id=organisation_id,
        channel=channel,
        recipient=recipient_email if email else None,
        language=language,
        payload=payload or {},
        status=OutboxStatus.PENDING if email else OutboxStatus.MANUAL,
        next_attempt_at=utcnow(),
    )
    session.add(message)
    session.flush()
    if message.status == OutboxStatus.PENDING:
        session.info.setdefault(SESSION_KEY, []).append(message.id)
    return message


def dispatch(app: Flask, ids: list[int]) -> None:
    """Hand freshly committed messages on. Failure here loses nothing: rows stay pending."""
    if app.config["RUN_JOBS_IN_PROCESS"]:
        from workers.jobs.email import send_outbox_message

        for message_id in ids:
            try:
                send_outbox_message(message_id)
            except Exception:  # the row records the error; the relay retries it
                log.exception("in-process delivery of outbox message %s failed", message_id)
        return
    _enqueue(app, ids)


def _enqueue(app: Flask, ids: list[int], *, mark: bool = True) -> list[int]:
    """Mark ids queued, enqueue them on RQ, and put back to pending any that did not reach
    Redis. Returns the ids that reached it."""
    from redis.exceptions import RedisError

    from workers.queues import enqueue_delivery

    if mark:
        with Session(db.engine) as s:
            s.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
                .values(status=OutboxStatus.QUEUED, enqueued_at=utcnow())
            )
            s.commit()
    done: list[int] = []
    try:
        for message_id in ids:
            enqueue_delivery(app, message_id)
            done.append(message_id)
    except RedisError as exc:
        log.warning(
            "Redis unavailable; %d outbox message(s) wait for the relay: %s",
            len(ids) - len(done),
            exc.__class__.__name__,
        )
    missed = [i for i in ids if i not in done]
    if missed:
        with Session(db.engine) as s:
            s.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id.in_(missed), OutboxMessage.status == OutboxStatus.QUEUED)
                .values(status=OutboxStatus.PENDING, enqueued_at=None)
            )
            s.commit()
    return done


def due_filter(now):
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        sa.and_(
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.enqueued_at < now - QUEUED_STALE_AFTER,
        ),
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until < now),
    )


def relay(app: Flask | None = None, limit: int = 200) -> int:
    """Hand every due message on (pending and due, lost by Redis, or held by a dead worker).

    Safe to run twice at once: on PostgreSQL rows are taken with FOR UPDATE SKIP LOCKED, and
    the delivery job's claim makes a duplicate enqueue harmless. Returns how many it handed on.
    """
    app = app or current_app._get_current_object()
    now = utcnow()
    with Session(db.engine) as s:
        # A message whose worker died on its last allowed attempt will not be tried again.
        s.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_until < now,
                OutboxMessage.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"],
            )
            .values(status=OutboxStatus.FAILED, claimed_until=None,
                    last_error="no worker finished the last attempt")
        )
        s.commit()
        ids = list(
            s.scalars(
                sa.select(OutboxMessage.id)
                .where(due_filter(now))
                .order_by(OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return 0
        if app.config["RUN_JOBS_IN_PROCESS"]:
            s.commit()
            dispatch(app, ids)
            return len(ids)
        s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=OutboxStatus.QUEUED, enqueued_at=now)
        )
        s.commit()
    return len(_enqueue(app, ids, mark=False))


def _collect_after_commit(session: Session) -> None:
    ids = session.info.pop(SESSION_KEY, None)
    if ids:
        dispatch(current_app._get_current_object(), ids)


def _forget_after_rollback(session: Session, previous_transaction=None) -> None:
    session.info.pop(SESSION_KEY, None)


def init_app(app: Flask) -> None:
    if not sa.event.contains(Session, "after_commit", _collect_after_commit):
        sa.event.listen(Session, "after_commit", _collect_after_commit)
        sa.event.listen(Session, "after_soft_rollback", _forget_after_rollback)
