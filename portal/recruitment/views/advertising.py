"""The advertising plan and its reach (R-AD1)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.errors import Forbidden, NotFound
from portal.extensions import db
from portal.models.base import today_in_wales
from portal.recruitment import advertising, bp, services
from portal.recruitment.forms import DoneForm, channel_form, heard_form


def _planner(recruitment_id: int):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    if not advertising.can_plan(access):
        raise Forbidden()
    return recruitment


def tracked_url(code: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("links.follow", code=code)


@bp.route("/<int:recruitment_id>/advertising", methods=["GET", "POST"], endpoint="advertising")
@login_required
def advertising_plan(recruitment_id: int):
    recruitment = _planner(recruitment_id)
    form = channel_form(request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        data = {name: form[name].data for name in ("channel", "custom_name", "planned_on")}
        ok, _row = form.attempt(lambda: advertising.add_channel(
            db.session, current_user, recruitment_id, data))
        if ok:
            flash("channel_added", "success")
            return redirect(url_for("recruitment.advertising", recruitment_id=recruitment_id))
        recruitment = _planner(recruitment_id)
    if request.method == "POST":
        return _plan_page(recruitment, channel=form, failed=form)
    return _plan_page(recruitment, channel=form)


def _plan_page(recruitment, *, channel=None, heard=None, failed=None):
    """The plan, its reach and its two forms; `failed` is the form being answered with its
    errors (status 400), for the error summary."""
    lines, elsewhere = advertising.reach(db.session, recruitment.id)
    if heard is None:
        heard = heard_form([(line.channel_id, line.name) for line in lines])
    return render_template("recruitment/advertising.html", recruitment=recruitment,
                           form=failed, channel_form=channel or channel_form(), heard_form=heard,
                           lines=lines, elsewhere=elsewhere,
                           tracked_url=tracked_url), 400 if failed else 200


@bp.post("/<int:recruitment_id>/advertising/heard")
@login_required
def heard_about(recruitment_id: int):
    """An engagement worker records where someone who got in touch heard about the role."""
    recruitment = _planner(recruitment_id)
    lines, _elsewhere = advertising.reach(db.session, recruitment_id)
    form = heard_form([(line.channel_id, line.name) for line in lines], request.form)
    if form.validate_on_submit():
        choice = form.channel_id.data
        ok, _answer = form.attempt(lambda: advertising.record_heard_about(
            db.session, current_user, recruitment_id,
            None if choice == "other" else int(choice), form.other.data or ""))
        if ok:
            flash("heard_recorded", "success")
            return redirect(url_for("recruitment.advertising", recruitment_id=recruitment_id))
        recruitment = _planner(recruitment_id)
    return _plan_page(recruitment, heard=form, failed=form)


@bp.route("/<int:recruitment_id>/advertising/<int:channel_id>/done", methods=["GET", "POST"])
@login_required
def channel_done(recruitment_id: int, channel_id: int):
    recruitment = _planner(recruitment_id)
    lines, _elsewhere = advertising.reach(db.session, recruitment_id)
    line = next((x for x in lines if x.channel_id == channel_id), None)
    if line is None:
        raise NotFound()
    form = DoneForm()
    if request.method == "GET":
        form.done_on.process(None, line.done_on or today_in_wales())
    if form.validate_on_submit():
        ok, _row = form.attempt(lambda: advertising.mark_done(
            db.session, current_user, recruitment_id, channel_id, form.done_on.data))
        if ok:
            flash("channel_done", "success")
            return redirect(url_for("recruitment.advertising", recruitment_id=recruitment_id))
        recruitment = _planner(recruitment_id)
    status = 400 if request.method == "POST" else 200
    return render_template("recruitment/channel_done.html", recruitment=recruitment, form=form,
                           line=line), status
