"""Shared fixtures: a real database (PostgreSQL when it answers, else SQLite), migrated once
per run; every test starts from empty tables; real Redis and a real SMTP server on demand.

Why tables are emptied rather than rolled back through a SAVEPOINT (ENGINEERING.md's
example): the outbox hands messages on *after commit*, and jobs open their own connections,
exactly as in production. Rolling back an outer transaction would hide both. Emptying ~10
tables costs a few milliseconds on PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from config import TestConfig
from tests.pagecheck import check_page

ROOT = Path(__file__).resolve().parent.parent
CI = os.environ.get("CI") == "true"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/13"


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    if port_open("127.0.0.1", 5432):
        return PG_DEFAULT
    if CI:
        pytest.exit("CI=true but PostgreSQL is not answering on 127.0.0.1:5432", returncode=3)
    return f"sqlite:///{tmp_root / 'test.sqlite3'}"


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        return url
    if port_open("127.0.0.1", 6379):
        return REDIS_DEFAULT
    if CI:
        pytest.exit("CI=true but Redis is not answering on 127.0.0.1:6379", returncode=3)
    return None


class CheckingClient(FlaskClient):
    """A test client that runs the page check on every HTML page it fetches."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        check_page(response.request.path, response)
        return response


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def database_url(tmp_root) -> str:
    return _database_url(tmp_root)


@pytest.fixture(scope="session")
def make_app(database_url, tmp_root):
    """Build an app on the test database with config overrides."""
    from portal import create_app

    def _make(**overrides):
        settings = {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "OUTBOX_DIR": tmp_root / "outbox",
            "INSTANCE_DIR": tmp_root,
        }
        settings.update(overrides)
        app = create_app(TestConfig, **settings)
        app.test_client_class = CheckingClient
        return app

    return _make


@pytest.fixture(scope="session")
def app(make_app):
    from flask_migrate import upgrade

    from portal.extensions import db

    app = make_app()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
    return app


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Every test starts from empty tables (see the module docstring for why)."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    from portal.extensions import db
    from portal.models import Base

    with application.app_context():
        db.session.remove()
        names = [t.name for t in Base.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
            else:
                # recruitment and role_description_version point at each other (the published
                # version): check foreign keys once, at commit, when both are empty.
                conn.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
                for name in reversed(names):
                    conn.execute(sa.text(f"DELETE FROM {name}"))  # noqa: S608 - our table names


@pytest.fixture(scope="session")
def data_app(app, make_app):
    """A second app on the same database for the test's own session.

    Requests made by the test client then push their own app context (Flask reuses a pushed
    context of the *same* app), so `g` and the session are fresh per request, as in production.
    """
    return make_app()


@pytest.fixture
def db_session(data_app):
    from portal.extensions import db

    with data_app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def login(db_session):
    """login(client, person): a signed-in browser for that person, as after a real sign-in."""
    from portal.auth.services import hash_token
    from portal.models import LoginSession

    def _login(client, person):
        token = secrets.token_urlsafe(32)
        db_session.add(LoginSession(person_id=person.id, token_hash=hash_token(token)))
        db_session.commit()
        with client.session_transaction() as sess:
            sess["_user_id"] = token
            sess["_fresh"] = True
        return token

    return _login


def csrf_from(response) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def csrf():
    return csrf_from


@pytest.fixture
def submit():
    """submit(client, path, data): open the form page, then post to it with its CSRF token."""

    def _submit(client, path, data):
        return client.post(path, data={**data, "csrf_token": csrf_from(client.get(path))})

    return _submit


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = _redis_url()
    if url is None:
        pytest.skip("Redis is not running here (CI=true makes this a failure)")
    return url


@pytest.fixture
def redis_conn(redis_url):
    from redis import Redis

    conn = Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.flushdb()


class SMTPSink:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping what it receives."""

    def __init__(self, refuse: bool = False):
        self.messages: list = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    yield sink
    controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test is a failed test: nothing may silently not run."""
    outcome = yield
    report = outcome.get_result()
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


PYTHON = sys.executable


@pytest.fixture
def statements(app):
    """`with statements() as seen:` collects the SQL statements the app runs meanwhile."""
    from contextlib import contextmanager

    from portal.extensions import db

    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting():
        seen: list[str] = []

        def on_execute(_conn, _cursor, statement, *_args):
            seen.append(statement)

        sa.event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield seen
        finally:
            sa.event.remove(engine, "before_cursor_execute", on_execute)

    return counting
