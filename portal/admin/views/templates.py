"""The role-profile template library: read by administrators, changed by platform
administrators, one new version per save (rules in portal.admin.template_library)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.admin import bp
from portal.admin import template_library as library
from portal.admin.forms import role_template_form
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.extensions import db
from portal.forms_support import to_id
from portal.role_templates_content import SECTION_KEYS, TEMPLATES
from portal.roles import SECTION_NAMES


def _data(form) -> dict:
    return {
        "name_en": form.name_en.data, "name_cy": form.name_cy.data,
        "sections": {key: {lang: form[f"{key}_{lang}"].data or "" for lang in ("en", "cy")}
                     for key in SECTION_KEYS},
    }


def _based_on(form) -> int | None:
    return to_id(form.based_on.data)


def _show_rules_too(form) -> None:
    """The form itself was refused (an empty box, say): show the template rules
    (placeholders, R-RD2) alongside its errors rather than after them."""
    data = _data(form)
    for field, message in library.template_problems(
            data["name_en"] or "", data["name_cy"] or "", library.clean_sections(data)):
        if not form[field].errors:
            form.add_error(field, message)


def _render_form(form, template=None):
    status = 400 if request.method == "POST" else 200
    return render_template("admin/role_template_form.html", form=form, template=template,
                           section_names=SECTION_NAMES,
                           placeholders=library.allowed_placeholders()), status


@bp.get("/templates/")
@login_required
def templates():
    entries = library.library(db.session, current_user)
    return render_template("admin/template_library.html", entries=entries,
                           can_manage=library.can_manage(db.session, current_user))


def _show(key: str, version: int | None):
    versions = library.history(db.session, current_user, key)
    shown = versions[0] if version is None else next(
        (v for v in versions if v.template.version == version), None)
    if shown is None:
        raise NotFound()
    return render_template("admin/role_template.html", shown=shown, template=shown.template,
                           newest=versions[0],
                           versions=versions, section_names=SECTION_NAMES,
                           can_manage=library.can_manage(db.session, current_user))


@bp.get("/templates/<key>/")
@login_required
def template(key: str):
    return _show(key, None)


@bp.get("/templates/<key>/versions/<int:version>")
@login_required
def template_version(key: str, version: int):
    return _show(key, version)


@bp.route("/templates/new", methods=["GET", "POST"])
@login_required
def new_template():
    library.ensure_can_manage(db.session, current_user)
    blank = TEMPLATES["blank"]["sections"]
    form = role_template_form(request.form if request.method == "POST" else None,
                              sections=blank, adding=True)
    if form.validate_on_submit():
        try:
            row = library.add_template(db.session, current_user, _data(form), form.note.data)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            key = row.key
            db.session.commit()
            flash("template_added", "success")
            return redirect(url_for("admin.template", key=key))
    elif form.is_submitted():
        _show_rules_too(form)
    return _render_form(form)


@bp.route("/templates/<key>/new-version", methods=["GET", "POST"])
@login_required
def new_template_version(key: str):
    library.ensure_can_manage(db.session, current_user)
    current = library.newest(db.session, key)
    if current is None:
        raise NotFound()
    form = role_template_form(request.form if request.method == "POST" else None,
                              names={"en": current.name_en, "cy": current.name_cy},
                              sections=current.sections, version=current.version)
    if form.validate_on_submit():
        try:
            _row, saved = library.save_new_version(db.session, current_user, key, _data(form),
                                                   form.note.data, _based_on(form))
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
            current = library.newest(db.session, key)
            if not isinstance(exc, ValidationFailed):
                # Someone else saved meanwhile: warned once, saving again goes ahead.
                form.based_on.data = str(current.version)
        else:
            db.session.commit()
            flash("template_version_saved" if saved else "template_unchanged",
                  "success" if saved else "info")
            return redirect(url_for("admin.template", key=key))
    elif form.is_submitted():
        _show_rules_too(form)
    return _render_form(form, current)
