"""The declarative schedule: periodic sweeps, reconciled each time a scheduler starts.

Each sweep works from database state, so running it twice changes nothing and running it late
catches up. One scheduler runs at a time across workers (a Redis lock); in the embedded
default (no Redis) the same loop runs in a thread of `flask serve`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

log = logging.getLogger(__name__)

LOCK_KEY = "portal:scheduler:lock"
LAST_RUN_KEY = "portal:scheduler:last-run"


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: Callable[[Flask], int]
    run: Callable[[Flask], object]


def _relay_outbox(app: Flask) -> int:
    from portal.outbox import relay

    return relay(app)


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("outbox-relay", lambda app: app.config["OUTBOX_RELAY_INTERVAL"], _relay_outbox),
)


def run_due(app: Flask, last_run: dict[str, float], now: float) -> list[str]:
    """Run every entry that is due; returns the names run. Errors are logged, not raised."""
    ran = []
    for entry in SCHEDULE:
        if now - last_run.get(entry.name, 0.0) < entry.every_seconds(app):
            continue
        try:
            with app.app_context():
                entry.run(app)
        except Exception:
            log.exception("scheduled %s failed", entry.name)
        last_run[entry.name] = now
        ran.append(entry.name)
    return ran


def run_forever(app: Flask, stop: threading.Event, tick: float = 1.0) -> None:
    """The scheduler loop. With Redis it holds a lock so only one worker schedules."""
    redis = None
    if app.config.get("REDIS_URL"):
        from workers.queues import redis_connection

        redis = redis_connection(app)
    last_run: dict[str, float] = {}
    names = {e.name for e in SCHEDULE}
    while not stop.is_set():
        try:
            if redis is not None:
                if not redis.set(LOCK_KEY, "1", nx=True, ex=30):
                    stop.wait(tick)  # another worker's scheduler is mid-tick
                    continue
                stored = {k.decode(): float(v) for k, v in redis.hgetall(LAST_RUN_KEY).items()}
                # reconcile: forget entries no longer in the schedule
                for stale in set(stored) - names:
                    redis.hdel(LAST_RUN_KEY, stale)
                last_run.update({k: v for k, v in stored.items() if k in names})
            ran = run_due(app, last_run, time.time())
            if redis is not None:
                if ran:
                    redis.hset(LAST_RUN_KEY, mapping={n: last_run[n] for n in ran})
                redis.delete(LOCK_KEY)
        except Exception:
            log.exception("scheduler tick failed; trying again")
        stop.wait(tick)


def start_thread(app: Flask) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(app, stop), name="scheduler", daemon=True)
    thread.start()
    return stop
