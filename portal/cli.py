"""Command-line tools: `flask users …`, `flask seed demo`, `flask outbox …`, `flask serve`."""

from __future__ import annotations

import os

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.extensions import db

users = AppGroup("users", help="Create administrators and manage accounts.")
seed = AppGroup("seed", help="Load data.")
outbox_cli = AppGroup("outbox", help="The transactional outbox.")


@users.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.option("--given-name", required=True)
@click.option("--family-name", required=True)
@click.option("--organisation", "organisation_name", default=None,
              help="English name of the organisation; created if new. Omit with --platform.")
@click.option("--organisation-cy", "organisation_name_cy", default=None,
              help="Welsh name, needed when the organisation is new.")
@click.option("--platform", is_flag=True, help="Make a platform administrator instead.")
@click.option("--language", type=click.Choice(["cy", "en"]), default="en")
def create_admin(email, given_name, family_name, organisation_name, organisation_name_cy,
                 platform, language):
    """Create an organisation (if new) and its administrator, or a platform administrator."""
    from portal.admin.services import grant_admin

    try:
        person, organisation = grant_admin(
            db.session, email=email, given_name=given_name, family_name=family_name,
            organisation_name=organisation_name, organisation_name_cy=organisation_name_cy,
            platform=platform, language=language,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    db.session.commit()
    where = "the platform" if organisation is None else organisation.name_en
    click.echo(f"{person.email} administers {where}.")


@users.command("disable")
@click.option("--email", required=True)
@click.option("--reason", required=True)
def disable(email, reason):
    """Disable an account: every session of that person ends at once."""
    from portal.auth.services import disable_person, find_by_email

    person = find_by_email(db.session, email)
    if person is None:
        raise click.UsageError(f"no account has the email {email}")
    disable_person(db.session, None, person, reason)
    db.session.commit()
    click.echo(f"{email} disabled; sessions ended.")


@seed.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when organisations already exist.")
def seed_demo(if_empty):
    """Load demo data: the health-board areas of Wales, boards and representatives."""
    from portal.demo import load_demo
    from portal.models import Organisation

    if if_empty and db.session.scalar(sa.select(sa.func.count(Organisation.id))):
        click.echo("Demo data already loaded; nothing to do.")
        return
    summary = load_demo(db.session)
    db.session.commit()
    click.echo(summary)


@seed.command("templates")
def seed_templates():
    """Load the built-in role-profile templates where missing (safe to run again)."""
    from portal.recruitment.descriptions import ensure_templates

    added = ensure_templates(db.session)
    db.session.commit()
    click.echo(f"{added} role-profile template(s) added.")


@outbox_cli.command("relay")
def relay_command():
    """Hand every due outbox message on (to RQ, or deliver in-process without Redis)."""
    from portal.outbox import relay

    click.echo(f"{relay(current_app._get_current_object())} message(s) handed on.")


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(host, port):
    """Serve the portal with the scheduler in a thread (the embedded default, no Redis)."""
    from workers import schedule

    app = current_app._get_current_object()
    if not os.environ.get("PORTAL_BASE_URL"):
        # Links in emails must point at the port actually served.
        app.config["BASE_URL"] = f"http://{host}:{port}"
    schedule.start_thread(app)
    from werkzeug.serving import run_simple

    click.echo(f"Serving on http://{host}:{port}/ (emails are written to {app.config['OUTBOX_DIR']})")
    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(serve)
