"""Forming the recruitment leadership group (R-LG1): invite, answer, record, remove."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import DomainError, Forbidden, NotFound
from portal.extensions import db
from portal.forms_support import choices
from portal.recruitment import bp, services
from portal.recruitment.forms import (
    AdviserForm,
    InPersonForm,
    InviteForm,
    RemoveForm,
    RespondForm,
)


def _back(recruitment_id: int, flash_key: str):
    db.session.commit()
    flash(flash_key, "success")
    return redirect(url_for("recruitment.home", recruitment_id=recruitment_id))


@bp.route("/<int:recruitment_id>/group/invite", methods=["GET", "POST"])
@login_required
def invite(recruitment_id: int):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    if not access.manage_group:
        raise Forbidden()
    people = services.invitable_people(db.session, recruitment)
    kind_names = {"lived_experience": _("representative"), "organisation_staff": _("staff")}
    form = InviteForm(prefix="person")
    form.person_id.choices = choices(("", ""), *[
        (str(p.id), f"{p.full_name} ({kind_names[k.value]})") for p, k in people])
    adviser = AdviserForm(prefix="adviser")
    which = request.form.get("which")
    if request.method == "POST" and which == "person" and form.validate():
        try:
            services.invite_person(db.session, current_user, recruitment_id, form.person_id.data)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            return _back(recruitment_id, "member_invited")
    elif request.method == "POST" and which == "adviser" and adviser.validate():
        try:
            services.invite_adviser(db.session, current_user, recruitment_id,
                                    {f: adviser[f].data for f in ("given_name", "family_name",
                                                                  "email")})
        except DomainError as exc:
            db.session.rollback()
            adviser.add_domain_error(exc)
        else:
            return _back(recruitment_id, "member_invited")
    elif request.method == "POST" and which not in ("person", "adviser"):
        abort(400)
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    failed = form if which == "person" else adviser if which == "adviser" else None
    status = 400 if request.method == "POST" else 200
    return render_template("recruitment/invite.html", recruitment=recruitment, form=failed,
                           person_form=form, adviser_form=adviser, kinds=dict(
                               (p.id, k.value) for p, k in people)), status


@bp.post("/<int:recruitment_id>/group/<int:member_id>/answer")
@login_required
def respond(recruitment_id: int, member_id: int):
    form = RespondForm()
    if not form.validate():
        abort(400)
    try:
        services.respond(db.session, current_user, recruitment_id, member_id,
                         accept=form.answer.data == "accept")
    except (Forbidden, NotFound):
        raise
    except DomainError:
        db.session.rollback()
        return redirect(url_for("recruitment.home", recruitment_id=recruitment_id))
    return _back(recruitment_id, "invitation_" + form.answer.data + "ed")


def _member_page(recruitment_id: int, member_id: int, template: str, form, action):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    member = next((m for m in services.members_of(db.session, recruitment_id)
                   if m.id == member_id), None)
    if member is None:
        abort(404)
    if form.validate_on_submit():
        try:
            action(form)
        except (Forbidden, services.NotFound):
            raise
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            return None
        recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    status = 400 if request.method == "POST" else 200
    return render_template(template, recruitment=recruitment, member=member, form=form), status


@bp.route("/<int:recruitment_id>/group/<int:member_id>/accepted-in-person",
          methods=["GET", "POST"])
@login_required
def accepted_in_person(recruitment_id: int, member_id: int):
    _recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    if not access.record_in_person:
        raise Forbidden()
    response = _member_page(
        recruitment_id, member_id, "recruitment/in_person.html", InPersonForm(),
        lambda f: services.record_accepted_in_person(db.session, current_user, recruitment_id,
                                                     member_id, f.note.data))
    return response or _back(recruitment_id, "answer_recorded")


@bp.route("/<int:recruitment_id>/group/<int:member_id>/remove", methods=["GET", "POST"])
@login_required
def remove(recruitment_id: int, member_id: int):
    _recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    if not access.manage_group and not (access.member and access.member.id == member_id):
        raise Forbidden()
    response = _member_page(
        recruitment_id, member_id, "recruitment/remove.html", RemoveForm(),
        lambda f: services.remove_member(db.session, current_user, recruitment_id, member_id,
                                         f.reason.data))
    return response or _back(recruitment_id, "member_removed")
