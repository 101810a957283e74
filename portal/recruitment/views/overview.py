"""Recruitments: the list, starting one, and each recruitment's home page."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.applications import access as app_access
from portal.errors import DomainError, Forbidden
from portal.extensions import db
from portal.forms_support import choices
from portal.i18n import current_lang
from portal.recruitment import bp, services
from portal.recruitment.forms import InPersonForm, RemoveForm, RespondForm, StartRecruitmentForm


@bp.get("/")
@login_required
def index():
    recruitments = services.recruitments_for(db.session, current_user)
    can_start = bool(services.boards_person_can_start_for(db.session, current_user))
    return render_template("recruitment/index.html", recruitments=recruitments,
                           can_start=can_start)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def start():
    boards = services.boards_person_can_start_for(db.session, current_user)
    if not boards:
        raise Forbidden()
    form = StartRecruitmentForm()
    lang = current_lang()
    form.board_id.choices = choices(
        ("", ""), *[(str(b.id), f"{b.name(lang)} – {b.organisation.name(lang)}") for b in boards])
    if request.method == "GET":
        form.service_user_vacancies.data = 0
        form.carer_vacancies.data = 0
        form.deputy_vacancies.data = 0
    if form.validate_on_submit():
        data = {name: form[name].data for name in (
            "board_id", "reason", "service_user_vacancies", "carer_vacancies",
            "deputy_vacancies", "target_publish_date", "target_start_date")}
        try:
            recruitment = services.start_recruitment(db.session, current_user, data)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            db.session.commit()
            flash("recruitment_started", "success")
            return redirect(url_for("recruitment.home", recruitment_id=recruitment.id))
    status = 400 if request.method == "POST" else 200
    return render_template("recruitment/start.html", form=form, boards=boards), status


@bp.get("/<int:recruitment_id>/")
@login_required
def home(recruitment_id: int):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    members = services.members_of(db.session, recruitment_id)
    group = services.balance(members)
    return render_template(
        "recruitment/home.html", recruitment=recruitment, access=access, members=members,
        group=group, steps=services.next_steps(recruitment, group, members),
        respond_form=RespondForm(), in_person_form=InPersonForm(), remove_form=RemoveForm(),
        handles_applications=app_access.can_manage(db.session, current_user, recruitment),
    )
