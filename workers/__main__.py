"""The worker entry point: `python -m workers [--burst] [--no-scheduler] [queue …]`.

It creates the app, pushes its context (never at import time), starts the scheduler thread
unless told not to, and works the queues named by purpose.
"""

from __future__ import annotations

import argparse
import logging
import os

from rq import Worker


def main(argv: list[str] | None = None) -> int:
    from portal import create_app
    from portal.extensions import db
    from workers import schedule
    from workers.queues import ALL_QUEUES, redis_connection

    parser = argparse.ArgumentParser(prog="python -m workers")
    parser.add_argument("queues", nargs="*", default=list(ALL_QUEUES))
    parser.add_argument("--burst", action="store_true", help="work until the queues are empty")
    parser.add_argument("--no-scheduler", action="store_true")
    args = parser.parse_args(argv)

    app = create_app()
    if not app.config.get("REDIS_URL"):
        parser.error("REDIS_URL is not set: without Redis, jobs run in-process (flask serve)")
    with app.app_context():
        # A forked work horse must not share the parent's database connections.
        os.register_at_fork(after_in_child=lambda: db.engine.dispose(close=False))
        stop = None
        if not args.burst and not args.no_scheduler:
            stop = schedule.start_thread(app)
        worker = Worker(args.queues, connection=redis_connection(app))
        logging.getLogger(__name__).info("worker on queues %s", ", ".join(args.queues))
        try:
            worker.work(burst=args.burst, with_scheduler=not args.burst)
        finally:
            if stop is not None:
                stop.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
