"""How long the scoring page takes for 200 applications on PostgreSQL (issue 4/5).

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/panel_scoring.py [--applications 200] [--requests 30]

(TEST_DATABASE_URL is used when BENCH_DATABASE_URL is not set.) The database is EMPTIED and
migrated first: give it one of its own. Seeds the panel test world (four ready members, an
agreed scheme with three criteria) and `--applications` sent application forms, each with an
answer against every criterion, declared by every member, some drafted and submitted; then
times, through the Flask test client, the question-by-question scoring page (every
application for one criterion, as a panel member), the member's "what is left" page and the
chair's progress page. Prints the median and 90th percentile wall time of `--requests`
requests after two warm-ups, in ms, and each page's number of SQL statements.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        sys.exit("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL database "
                 "that may be emptied")

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from config import TestConfig
    from portal import create_app
    from portal.auth.services import hash_token
    from portal.extensions import db
    from portal.models import LoginSession
    from tests.panels.builders import panel_world
    from tests.panels.scoring_bulk import add_applications

    folder = Path(tempfile.mkdtemp(prefix="panel-bench-"))
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=folder,
                     OUTBOX_DIR=folder / "outbox")
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        world = panel_world(db.session, applications=0)
        add_applications(db.session, world, 0, args.applications)
        role_id = world.role.id
        tokens = {}
        for who, person in (("member", world.members[1]), ("chair", world.members[0])):
            tokens[who] = secrets.token_urlsafe(32)
            db.session.add(LoginSession(person_id=person.id, token_hash=hash_token(tokens[who])))
        db.session.commit()
        engine = db.engine

    pages = [("member", f"/en/recruitment/{role_id}/panel/scoring/shortlist/questions/essential-1",
              "scoring page, question by question"),
             ("member", f"/en/recruitment/{role_id}/panel/scoring", "what is left to score"),
             ("chair", f"/en/recruitment/{role_id}/panel/progress", "chair's progress")]
    print(f"{args.applications} applications, {args.requests} requests each, PostgreSQL")
    for who, path, name in pages:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = tokens[who]
            session["_fresh"] = True
        seen = []

        def count(*_args, seen=seen):
            seen.append(1)

        sa.event.listen(engine, "before_cursor_execute", count)
        response = client.get(path)
        sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
        client.get(path)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        p90 = timings[min(len(timings) - 1, int(len(timings) * 0.9))]
        print(f"{name:38} median {statistics.median(timings):7.1f} ms  p90 {p90:7.1f} ms  "
              f"{len(response.data) // 1024:5d} KB  {len(seen):3d} SQL statements")


if __name__ == "__main__":
    main()
