"""Migrations: one head, and the models match the migrations on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from portal.models import Base
from tests.conftest import ROOT, port_open


def test_single_alembic_head():
    config = AlembicConfig()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def _diff(make_app, url: str) -> list:
    from flask_migrate import upgrade

    from portal.extensions import db

    application = make_app(SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)


def test_models_match_migrations_on_sqlite(make_app, tmp_path):
    assert _diff(make_app, f"sqlite:///{tmp_path / 'migrations.sqlite3'}") == []


def test_models_match_migrations_on_postgresql(make_app):
    if not port_open("127.0.0.1", 5432):
        pytest.skip("PostgreSQL is not running here (CI=true makes this a failure)")
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("DROP DATABASE IF EXISTS portal_migrations_check"))
        conn.execute(sa.text("CREATE DATABASE portal_migrations_check"))
    try:
        diff = _diff(make_app, "postgresql+psycopg://postgres@127.0.0.1:5432/portal_migrations_check")
        assert diff == []
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = 'portal_migrations_check' AND pid <> pg_backend_pid()"))
            conn.execute(sa.text("DROP DATABASE IF EXISTS portal_migrations_check"))
        admin.dispose()


def test_audit_log_is_append_only__R_SEL5(db_session):
    from portal import audit
    from portal.audit import AuditLogIsAppendOnly
    from portal.models import AuditEvent

    event = audit.record(db_session, None, "something_happened", None, reason="because")
    db_session.commit()
    event.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.commit()
    db_session.rollback()
    if db_session.get_bind().dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db_session.execute(sa.text("UPDATE audit_event SET reason = 'x'"))
        db_session.rollback()
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db_session.execute(sa.text("DELETE FROM audit_event"))
        db_session.rollback()
    assert db_session.scalar(sa.select(AuditEvent.reason)) == "because"
