"""Administrators' home: the organisations they administer and each one's boards."""

from flask import render_template
from flask_login import current_user, login_required

from portal.admin import bp, services
from portal.extensions import db
from portal.models.base import today_in_wales
from portal.permissions import ensure_any_admin


@bp.get("/")
@login_required
def home():
    ensure_any_admin(db.session, current_user)
    organisations = services.organisations_for(db.session, current_user)
    return render_template("admin/home.html", organisations=organisations)


@bp.get("/organisations/<int:organisation_id>/")
@login_required
def organisation(organisation_id: int):
    org, summaries = services.organisation_overview(
        db.session, current_user, organisation_id, today_in_wales()
    )
    return render_template("admin/organisation.html", organisation=org, summaries=summaries)
