"""Equality monitoring pages (R-AC3): the optional questions, offered after sending, and the
report in totals for administrators. What may be seen is decided in
`portal.applications.equality`."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import RadioField
from wtforms.validators import Optional

from portal.applications import equality, mine
from portal.applications.views import DRAFTS, PRIVATE
from portal.extensions import db
from portal.forms_support import PortalForm, choices
from portal.i18n import current_lang

bp = Blueprint("equality", __name__)


def equality_form(formdata=None) -> PortalForm:
    fields = {
        q["key"]: RadioField(
            q["question"], description=q["hint"],
            choices=choices(*q["options"]), validators=[Optional()],
            invalid_choice_message=_l("Choose from the list"))
        for q in equality.QUESTIONS
    }
    form_class = type("EqualityForm", (PortalForm,), fields)
    return form_class(formdata=formdata)


@bp.route("/my-applications/<reference>/equality", methods=["GET", "POST"])
def answer(reference: str):
    found = mine.open_mine(db.session, reference, session.get(DRAFTS) or {},
                           current_user if current_user.is_authenticated else None)
    application = found.application
    if not equality.can_answer(application):
        return render_template("equality/answered.html", application=application,
                               sent=application.status.value == "submitted"), 200, PRIVATE
    form = equality_form(request.form if request.method == "POST" else None)
    if form.validate_on_submit() and form.attempt(lambda: equality.answer(
            db.session, application, {k: form[k].data for k in equality.QUESTION_KEYS}))[0]:
        given = any(form[k].data for k in equality.QUESTION_KEYS)
        flash("equality_thanks" if given else "equality_skipped", "success")
        return redirect(url_for("mine.application", reference=application.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("equality/form.html", form=form, application=application,
                           questions=equality.QUESTIONS), status, PRIVATE


@bp.get("/equality")
@login_required
def report():
    lines, overall = equality.overall_report(db.session, current_user)
    return render_template("equality/report.html", lines=lines, report=overall,
                           recruitment=None, lang=current_lang(), low=equality.LOW)


@bp.get("/equality/<int:recruitment_id>")
@login_required
def recruitment_report(recruitment_id: int):
    recruitment, figures = equality.recruitment_report(db.session, current_user, recruitment_id)
    return render_template("equality/report.html", lines=None, report=figures,
                           recruitment=recruitment, lang=current_lang(), low=equality.LOW)
