"""The declarative schedule: due entries run, not-due ones wait, and stale entries are forgotten
when a scheduler starts (ENGINEERING.md §7)."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from portal.models import OutboxMessage
from portal.models.base import utcnow
from portal.models.enums import OutboxStatus
from tests import factories
from workers import schedule
from workers.jobs.email import backoff


def test_run_due_runs_each_entry_once_per_interval(app):
    last_run: dict[str, float] = {}
    assert schedule.run_due(app, last_run, now=1000.0) == ["outbox-relay"]
    assert schedule.run_due(app, last_run, now=1001.0) == []
    interval = app.config["OUTBOX_RELAY_INTERVAL"]
    assert schedule.run_due(app, last_run, now=1000.0 + interval) == ["outbox-relay"]


def test_scheduled_relay_delivers_a_waiting_message(app, db_session):
    person = factories.person(db_session)
    db_session.add(OutboxMessage(key="late:1", template="sign_in", person_id=person.id,
                                 channel="email", recipient=person.email, language="en",
                                 payload={"url": "http://localhost/x", "minutes": 15, "name": "A"},
                                 next_attempt_at=utcnow()))
    db_session.commit()
    schedule.run_due(app, {}, now=time.time())
    db_session.expire_all()
    assert db_session.scalar(sa.select(OutboxMessage.status)) == OutboxStatus.SENT
    schedule.run_due(app, {}, now=time.time())  # running it again changes nothing
    assert db_session.scalar(sa.select(OutboxMessage.attempts)) == 1


def test_scheduler_with_redis_forgets_stale_entries(make_app, app, redis_url, redis_conn):
    queued = make_app(REDIS_URL=redis_url)
    redis_conn.hset(schedule.LAST_RUN_KEY, mapping={"retired-sweep": 1.0})
    stop = threading.Event()
    thread = threading.Thread(target=schedule.run_forever, args=(queued, stop, 0.05))
    thread.start()
    deadline = time.time() + 10
    while time.time() < deadline and not redis_conn.hexists(schedule.LAST_RUN_KEY, "outbox-relay"):
        time.sleep(0.05)
    stop.set()
    thread.join(5)
    assert redis_conn.hexists(schedule.LAST_RUN_KEY, "outbox-relay")
    assert not redis_conn.hexists(schedule.LAST_RUN_KEY, "retired-sweep")


def test_backoff_doubles_and_is_capped():
    assert [backoff(n, 30).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20, 30).total_seconds() == 3600
