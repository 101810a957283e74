"""Comments, approvals and publishing (R-RD3, R-LG1)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.errors import Forbidden
from portal.extensions import db
from portal.forms_support import to_id
from portal.recruitment import bp, decisions, descriptions, forms, services
from portal.recruitment.forms import DecisionForm, PublishForm
from portal.recruitment.views.description import description_page


def _current(recruitment_id: int):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    current = descriptions.latest(db.session, recruitment_id)
    if current is None:
        return recruitment, access, None
    return recruitment, access, current


@bp.post("/<int:recruitment_id>/role/decision")
@login_required
def decide(recruitment_id: int):
    recruitment, access, current = _current(recruitment_id)
    if current is None:
        return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
    form = DecisionForm()
    if form.validate_on_submit():
        number = to_id(form.version.data) or -1
        ok, _approval = form.attempt(lambda: decisions.decide(
            db.session, current_user, recruitment_id, number, form.decision.data,
            form.note.data))
        if ok:
            flash("decision_recorded", "success")
            return redirect(url_for("recruitment.description", recruitment_id=recruitment_id,
                                    _anchor="decision"))
        recruitment, access, current = _current(recruitment_id)
    return description_page(recruitment, access, current, decision_form=form, status=400)


@bp.post("/<int:recruitment_id>/role/comments")
@login_required
def comment(recruitment_id: int):
    recruitment, access, current = _current(recruitment_id)
    if current is None:
        return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
    form = forms.comment_form(request.form)
    if form.validate_on_submit():
        ok, added = form.attempt(lambda: decisions.add_comment(
            db.session, current_user, recruitment_id, form.section.data, form.body.data))
        if ok:
            flash("comment_added", "success")
            return redirect(url_for("recruitment.description", recruitment_id=recruitment_id,
                                    _anchor=f"section-{added.section}"))
        recruitment, access, current = _current(recruitment_id)
    return description_page(recruitment, access, current, comment_form=form, status=400)


@bp.route("/<int:recruitment_id>/publish", methods=["GET", "POST"])
@login_required
def publish(recruitment_id: int):
    recruitment, access, current = _current(recruitment_id)
    if not access.manage_group:
        raise Forbidden()
    if current is None:
        return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
    form = PublishForm()
    if request.method == "GET" and recruitment.closes_on:
        form.closes_on.process(None, recruitment.closes_on)
        form.contact_name.data = recruitment.contact_name
        form.contact_phone.data = recruitment.contact_phone
        form.contact_email.data = recruitment.contact_email
    blockers = decisions.publish_problems(db.session, recruitment, current)
    if blockers and request.method == "POST":
        for blocker in blockers:
            form.add_error(None, blocker)
    elif form.validate_on_submit():
        data = {name: form[name].data for name in (
            "closes_on", "contact_name", "contact_phone", "contact_email")}
        ok, _role = form.attempt(lambda: decisions.publish(
            db.session, current_user, recruitment_id, data))
        if ok:
            flash("role_published", "success")
            return redirect(url_for("recruitment.advertising", recruitment_id=recruitment_id))
        recruitment, access, current = _current(recruitment_id)
        blockers = decisions.publish_problems(db.session, recruitment, current)
    status = 400 if request.method == "POST" else 200
    return render_template("recruitment/publish.html", recruitment=recruitment, form=form,
                           version=current, blockers=blockers), status
