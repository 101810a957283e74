"""The application factory. It binds extensions, blueprints and commands; it never migrates
or seeds (that is `flask db upgrade` and `flask seed demo`)."""

from __future__ import annotations

import logging
import os

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import Engine

from config import Config, ConfigError, config_for
from portal.templating import PortalEnvironment


class PortalFlask(Flask):
    jinja_environment = PortalEnvironment


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    if config_class is None:
        config_class = config_for(os.environ.get("PORTAL_ENV"))
    app = PortalFlask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    # <int:…> in every route stops at the largest PostgreSQL integer: a bigger number in a
    # URL is a 404, not a database error.
    from werkzeug.routing import IntegerConverter

    class IdConverter(IntegerConverter):
        def __init__(self, url_map, *args, **kwargs):
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(url_map, *args, **kwargs)

    app.url_map.converters["int"] = IdConverter
    app.config.from_object(config_class)
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY must be set outside development")
    if app.config.get("REDIS_URL"):
        app.config["RUN_JOBS_IN_PROCESS"] = False
    elif config_class.ENV_NAME == "production":
        # In production messages wait in Redis-backed queues and a worker's scheduler relays
        # retries; without Redis nothing would retry a failed message.
        raise ConfigError("REDIS_URL must be set in production")
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if app.config["RATELIMIT_ENABLED"] and "RATELIMIT_STORAGE_URI" not in app.config:
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    _configure_sqlite(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    from portal import errors, i18n, security
    from portal.extensions import babel, compress, csrf, db, limiter, login, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    csrf.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    from portal import forms_support, outbox
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.auth import services as auth_services
    from portal.public import bp as public_bp
    from portal.public import links_bp
    from portal.recruitment import bp as recruitment_bp

    login.user_loader(auth_services.load_signed_in_person)
    login.login_view = "auth.sign_in"
    app.register_blueprint(public_bp, url_prefix="/<lang>")
    app.register_blueprint(links_bp)
    from portal.applications import timeout
    from portal.applications.equality_views import bp as equality_bp
    from portal.applications.mine_views import bp as mine_bp
    from portal.applications.views import bp as apply_bp
    from portal.letters import bp as letters_bp

    app.register_blueprint(apply_bp, url_prefix="/<lang>")
    app.register_blueprint(mine_bp, url_prefix="/<lang>")
    app.register_blueprint(equality_bp, url_prefix="/<lang>")
    app.register_blueprint(letters_bp, url_prefix="/<lang>/console/letters")
    timeout.init_app(app)
    app.register_blueprint(auth_bp, url_prefix="/<lang>")
    app.register_blueprint(admin_bp, url_prefix="/<lang>/admin")
    app.register_blueprint(recruitment_bp, url_prefix="/<lang>/recruitment")
    from portal.console import bp as console_bp

    app.register_blueprint(console_bp, url_prefix="/<lang>/console")
    from portal.expenses import bp as expenses_bp
    from portal.panels import bp as panels_bp

    # Panel pages live under their recruitment: /<lang>/recruitment/<id>/panel/…
    app.register_blueprint(panels_bp, url_prefix="/<lang>/recruitment")
    app.register_blueprint(expenses_bp, url_prefix="/<lang>/expenses")
    forms_support.init_app(app)
    from portal.permissions import current_user_administers

    app.jinja_env.globals["current_user_administers"] = current_user_administers
    outbox.init_app(app)

    from portal import cli

    cli.init_app(app)
    return app


def _configure_sqlite(app: Flask) -> None:
    """SQLite for the embedded default: WAL, busy timeout, foreign keys on."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite"):
        return
    os.makedirs(app.instance_path, exist_ok=True)
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("connect_args", {"timeout": 15})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    if not sa.event.contains(Engine, "connect", _sqlite_pragmas):
        sa.event.listen(Engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
