"""The transactional outbox: nothing lost, nothing sent twice (issue 1/5, ENGINEERING.md §6)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import sqlalchemy as sa

from portal import outbox
from portal.models import OutboxMessage
from portal.models.base import utcnow
from portal.models.enums import OutboxStatus
from tests import factories
from tests.conftest import ROOT, csrf_from, free_port


def _sign_in(app, email: str):
    client = app.test_client()
    token = csrf_from(client.get("/en/sign-in"))
    return client.post("/en/sign-in", data={"email": email, "csrf_token": token})


def run_worker(database_url: str, redis_url: str, smtp_port: int, tmp_path) -> str:
    """A real RQ worker process in burst mode on real Redis, sending to a real SMTP server."""
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "worker-test-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "PORTAL_INSTANCE_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "workers", "--burst"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def test_rolled_back_change_leaves_no_message(app, db_session):
    person = factories.person(db_session)
    db_session.commit()
    outbox.queue_message(db_session, key="test:rollback", template="sign_in", person=person,
                         payload={"url": "http://localhost/x", "minutes": 15, "name": "A"})
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert not db_session.info.get(outbox.SESSION_KEY)  # a later commit dispatches nothing


def test_same_intent_twice_is_refused_by_the_database(db_session):
    person = factories.person(db_session)
    payload = {"url": "u", "minutes": 15, "name": "A"}
    outbox.queue_message(db_session, key="k:1", template="sign_in", person=person, payload=payload)
    try:
        outbox.queue_message(db_session, key="k:1", template="sign_in", person=person,
                             payload=payload)
    except sa.exc.IntegrityError:
        db_session.rollback()
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a duplicate intent key was accepted")


def test_people_without_email_get_a_letter_or_call_not_an_email__R_AC1(db_session):
    person = factories.person(db_session, email=None, channel="post",
                              postal_address="1 Heol y Frenhines\nCaerdydd")
    message = outbox.queue_message(db_session, key="letter:1", template="sign_in", person=person)
    assert message.channel.value == "post" and message.status == OutboxStatus.MANUAL
    assert message.recipient is None


def test_smtp_down_keeps_the_message_pending_with_back_off(make_app, app, db_session):
    port = free_port()  # nothing listens here
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, OUTBOX_MAX_ATTEMPTS=3,
                    OUTBOX_BACKOFF_SECONDS=30)
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    assert _sign_in(down, "rep@example.org").status_code == 302  # the person is not blocked
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "ConnectionRefused" in message.last_error
    first_wait = message.next_attempt_at - utcnow()
    assert timedelta(seconds=25) < first_wait <= timedelta(seconds=30)

    with down.app_context():
        assert outbox.relay(down) == 0  # not due yet
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    with down.app_context():
        assert outbox.relay(down) == 1
    db_session.refresh(message)
    assert message.attempts == 2 and message.status == OutboxStatus.PENDING
    assert message.next_attempt_at - utcnow() > timedelta(seconds=55)  # doubled

    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    with down.app_context():
        outbox.relay(down)
    db_session.refresh(message)
    assert message.status == OutboxStatus.FAILED and message.attempts == 3


def test_smtp_back_up_delivers_the_waiting_message_once(make_app, app, db_session, smtp_server):
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    _sign_in(down, "rep@example.org")
    message = db_session.scalar(sa.select(OutboxMessage))
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    up = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with up.app_context():
        assert outbox.relay(up) == 1
        assert outbox.relay(up) == 0
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "rep@example.org"


def test_smtp_refusing_is_retried(make_app, app, db_session, smtp_server):
    smtp_server.refuse = True
    refusing = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    _sign_in(refusing, "rep@example.org")
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.PENDING and "451" in message.last_error


def test_rq_worker_delivers_exactly_once_even_when_relayed_twice(
    make_app, app, db_session, database_url, redis_url, redis_conn, smtp_server, tmp_path
):
    queued = make_app(REDIS_URL=redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    assert _sign_in(queued, "rep@example.org").status_code == 302
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.QUEUED  # handed to RQ after commit
    # The relay runs twice, and a stale enqueue is forced too: three jobs for one message.
    message.enqueued_at = utcnow() - timedelta(hours=1)
    db_session.commit()
    with queued.app_context():
        assert outbox.relay(queued) == 1
        from workers.queues import enqueue_delivery

        enqueue_delivery(queued, message.id)
    assert redis_conn.llen("rq:queue:notifications") == 3
    run_worker(database_url, redis_url, smtp_server.port, tmp_path)
    assert len(smtp_server.messages) == 1
    db_session.refresh(message)
    assert message.status == OutboxStatus.SENT and message.attempts == 1


def test_redis_unreachable_sign_in_succeeds_and_email_goes_later(
    make_app, app, db_session, database_url, redis_url, redis_conn, smtp_server, tmp_path
):
    unreachable = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                           MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    response = _sign_in(unreachable, "rep@example.org")
    assert response.status_code == 302 and response.location.endswith("/check-email")
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.PENDING
    with unreachable.app_context():
        assert outbox.relay(unreachable) == 0  # still down: nothing handed on, nothing lost
    db_session.refresh(message)
    assert message.status == OutboxStatus.PENDING and smtp_server.messages == []

    back = make_app(REDIS_URL=redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with back.app_context():
        assert outbox.relay(back) == 1
        assert outbox.relay(back) == 0
    run_worker(database_url, redis_url, smtp_server.port, tmp_path)
    assert len(smtp_server.messages) == 1
    db_session.refresh(message)
    assert message.status == OutboxStatus.SENT


def _waiting_message(db_session, **fields):
    person = factories.person(db_session)
    message = OutboxMessage(key=f"test:{person.id}", template="sign_in", person_id=person.id,
                            channel="email", recipient=person.email, language="en",
                            payload={"url": "http://localhost/secret", "minutes": 15,
                                     "name": "A"}, next_attempt_at=utcnow(), **fields)
    db_session.add(message)
    db_session.commit()
    return message


def test_a_job_does_not_send_before_its_back_off_is_over(app, db_session):
    from workers.jobs.email import send_outbox_message

    message = _waiting_message(db_session, attempts=1)
    message.next_attempt_at = utcnow() + timedelta(minutes=5)
    db_session.commit()
    with app.app_context():
        assert send_outbox_message(message.id) == "skipped"
    db_session.refresh(message)
    assert message.attempts == 1 and message.status == OutboxStatus.PENDING


def test_a_job_does_not_go_past_the_attempt_limit(app, db_session):
    from workers.jobs.email import send_outbox_message

    message = _waiting_message(db_session, attempts=app.config["OUTBOX_MAX_ATTEMPTS"])
    with app.app_context():
        assert send_outbox_message(message.id) == "skipped"


def test_a_worker_that_died_on_the_last_attempt_leaves_a_failed_message(app, db_session):
    message = _waiting_message(db_session, attempts=app.config["OUTBOX_MAX_ATTEMPTS"],
                               status=OutboxStatus.SENDING,
                               claimed_until=utcnow() - timedelta(seconds=1))
    with app.app_context():
        assert outbox.relay(app) == 0
    db_session.refresh(message)
    assert message.status == OutboxStatus.FAILED and "no worker" in message.last_error


def test_an_expired_sign_in_link_is_not_sent_late(app, db_session):
    from workers.jobs.email import send_outbox_message

    message = _waiting_message(db_session)
    message.payload = {**message.payload,
                       "expires_at": (utcnow() - timedelta(seconds=1)).isoformat()}
    db_session.commit()
    with app.app_context():
        assert send_outbox_message(message.id) == "failed"
    db_session.refresh(message)
    assert message.status == OutboxStatus.FAILED and "url" not in message.payload


def test_a_failed_sign_in_message_forgets_its_link(make_app, app, db_session):
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), OUTBOX_MAX_ATTEMPTS=1)
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    _sign_in(down, "rep@example.org")
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.FAILED and "url" not in message.payload


def test_production_needs_redis():
    import pytest

    from config import Config, ConfigError
    from portal import create_app

    class NoRedis(Config):
        SECRET_KEY = "x"
        REDIS_URL = None

    with pytest.raises(ConfigError, match="REDIS_URL"):
        create_app(NoRedis)
