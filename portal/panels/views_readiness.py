"""A panel member's own readiness page, conflicts of interest, and the chair's view of the
panel's strength (R-SEL6, R-SEL4, R-PAY2)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.errors import Forbidden
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES
from portal.models import Person
from portal.panels import bp, core, readiness
from portal.panels.forms_readiness import (
    ConfidentialityForm,
    PreferencesForm,
    RecordTrainingForm,
    TrainingForm,
    conflicts_form,
)
from portal.panels.views_scheme import viewer

FLASH_MESSAGES.update({
    "panel_training_confirmed": _l("Thank you. Your training is confirmed"),
    "panel_training_offered": _l("The training session is offered to you. You can score once "
                                 "someone records that you attended"),
    "panel_confidentiality": _l("Thank you. The confidentiality agreement is confirmed"),
    "panel_preferences": _l("Your choices have been saved"),
    "panel_training_recorded": _l("Their attendance at the training has been recorded"),
    "panel_conflicts_saved": _l("Your declarations have been saved"),
    "panel_training_not_recorded": _l("Someone else records that you attended the training"),
    "panel_not_ready": _l("Confirm your training and the confidentiality agreement before you "
                          "declare conflicts or open any application"),
})


def _readiness_page(seat: core.Seat, training_form=None, confidentiality_form=None,
                    preferences_form=None, status=200):
    who = viewer(seat.member.recruitment_id)
    member = seat.member
    preferences = preferences_form or PreferencesForm()
    if preferences_form is None:
        preferences.scoring_mode.data = member.scoring_mode or "by_question"
        preferences.payment_choice.data = member.payment_choice
    chair = db.session.get(Person, seat.scheme.chair_id) if seat.scheme.chair_id else None
    form = training_form or confidentiality_form or preferences_form
    return render_template(
        "panels/readiness/show.html", recruitment=who.recruitment, seat=seat, member=member,
        ready=core.is_ready(member), chair=chair, training_form=training_form or TrainingForm(),
        confidentiality_form=confidentiality_form or ConfidentialityForm(),
        preferences_form=preferences, form=form), status


@bp.get("/<int:recruitment_id>/panel/ready", endpoint="readiness")
@login_required
def readiness_page(recruitment_id: int):
    return _readiness_page(core.ensure_member(db.session, current_user, recruitment_id))


@bp.post("/<int:recruitment_id>/panel/ready/training")
@login_required
def training(recruitment_id: int):
    seat = core.ensure_member(db.session, current_user, recruitment_id)
    form = TrainingForm()
    if seat.member.training_confirmed_at is not None:  # already done: a second submit
        return redirect(url_for("panels.readiness", recruitment_id=recruitment_id,
                                _anchor="training"))
    if form.validate_on_submit():
        ok, member = form.attempt(lambda: readiness.confirm_training(
            db.session, current_user, recruitment_id, form.basis.data))
        if ok:
            flash("panel_training_confirmed" if member.training_confirmed_at else
                  "panel_training_offered", "success")
            return redirect(url_for("panels.readiness", recruitment_id=recruitment_id,
                                    _anchor="training"))
        seat = core.ensure_member(db.session, current_user, recruitment_id)
    return _readiness_page(seat, training_form=form, status=400)


@bp.post("/<int:recruitment_id>/panel/ready/confidentiality")
@login_required
def confidentiality(recruitment_id: int):
    seat = core.ensure_member(db.session, current_user, recruitment_id)
    form = ConfidentialityForm()
    if seat.member.confidentiality_at is not None:  # already confirmed: a second submit
        return redirect(url_for("panels.readiness", recruitment_id=recruitment_id,
                                _anchor="confidentiality"))
    if form.validate_on_submit():
        ok, _member = form.attempt(lambda: readiness.confirm_confidentiality(
            db.session, current_user, recruitment_id, bool(form.agree.data)))
        if ok:
            flash("panel_confidentiality", "success")
            return redirect(url_for("panels.readiness", recruitment_id=recruitment_id,
                                    _anchor="confidentiality"))
        seat = core.ensure_member(db.session, current_user, recruitment_id)
    return _readiness_page(seat, confidentiality_form=form, status=400)


@bp.post("/<int:recruitment_id>/panel/ready/preferences")
@login_required
def preferences(recruitment_id: int):
    seat = core.ensure_member(db.session, current_user, recruitment_id)
    form = PreferencesForm()
    if form.validate_on_submit():
        ok, _member = form.attempt(lambda: readiness.save_preferences(
            db.session, current_user, recruitment_id, form.scoring_mode.data,
            form.payment_choice.data))
        if ok:
            flash("panel_preferences", "success")
            return redirect(url_for("panels.readiness", recruitment_id=recruitment_id,
                                    _anchor="preferences"))
        seat = core.ensure_member(db.session, current_user, recruitment_id)
    return _readiness_page(seat, preferences_form=form, status=400)


@bp.post("/<int:recruitment_id>/panel/members/<int:member_id>/training")
@login_required
def record_training(recruitment_id: int, member_id: int):
    """The chair, a lived-experience group member or an engagement worker records that a member
    attended the training session (R-SEL6)."""
    viewer(recruitment_id)
    if not readiness.may_record_training(db.session, current_user, recruitment_id):
        raise Forbidden()
    form = RecordTrainingForm()
    if form.validate_on_submit():
        ok, _member = form.attempt(lambda: readiness.record_training(
            db.session, current_user, recruitment_id, member_id))
        flash("panel_training_recorded" if ok else "panel_training_not_recorded",
              "success" if ok else "important")
    return redirect(url_for("panels.home", recruitment_id=recruitment_id, _anchor="members"))


# ---- conflicts of interest (R-SEL4) ---------------------------------------------------------

def _ready_seat(recruitment_id: int) -> core.Seat | None:
    try:
        return core.ensure_ready(db.session, current_user, recruitment_id)
    except core.NotReady:
        return None


@bp.route("/<int:recruitment_id>/panel/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(recruitment_id: int):
    seat = _ready_seat(recruitment_id)
    if seat is None:
        flash("panel_not_ready", "important")
        return redirect(url_for("panels.readiness", recruitment_id=recruitment_id))
    rows = readiness.name_rows(db.session, seat.member, recruitment_id)
    form = conflicts_form(rows)
    if form.validate_on_submit():
        answers = {row.key: (request.form.get(f"c-{row.key}"),
                             request.form.get(f"n-{row.key}")) for row in rows}
        ok, _count = form.attempt(lambda: readiness.declare(
            db.session, current_user, recruitment_id, answers))
        if ok:
            flash("panel_conflicts_saved", "success")
            return redirect(url_for("panels.conflicts", recruitment_id=recruitment_id))
        seat = core.ensure_ready(db.session, current_user, recruitment_id)
        saved = {r.key: r for r in readiness.name_rows(db.session, seat.member, recruitment_id)}
        rows = [saved.get(r.key, r) for r in rows]
    status = 400 if request.method == "POST" else 200
    return render_template("panels/readiness/conflicts.html",
                           recruitment=viewer(recruitment_id).recruitment, rows=rows,
                           form=form, seat=seat), status


@bp.get("/<int:recruitment_id>/panel/strength")
@login_required
def strength(recruitment_id: int):
    """The chair sees, by anonymised label, whether enough members remain free of conflicts
    to score each application (R-SEL4)."""
    seat = core.ensure_member(db.session, current_user, recruitment_id)
    if not seat.is_chair:
        raise Forbidden()
    rows = readiness.strength(db.session, seat.scheme, recruitment_id)
    return render_template("panels/readiness/strength.html",
                           recruitment=viewer(recruitment_id).recruitment, rows=rows,
                           seat=seat)
