"""The role description: start from a template, edit as versions, compare two versions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import plain_language
from portal.errors import DomainError
from portal.extensions import db
from portal.forms_support import choices
from portal.i18n import current_lang
from portal.recruitment import bp, decisions, descriptions, forms, services
from portal.recruitment.forms import ChooseTemplateForm, DecisionForm, description_form
from portal.role_templates_content import SECTION_KEYS
from portal.roles import SECTION_NAMES, SELECTION_METHODS, living_wage, missing_sections


def description_page(recruitment, access, current, *, decision_form=None, comment_form=None,
                     status=200):
    """The current version with its comments, approvals and what publication still needs."""
    state = decisions.approval_state(db.session, recruitment.id, current, viewer=current_user)
    if decision_form is None:
        decision_form = DecisionForm()
        decision_form.decision.data = state.mine.value if state.mine else None
    decision_form.version.data = str(current.number)
    submitted = decision_form if status == 400 and comment_form is None else comment_form
    return render_template(
        "recruitment/description.html", recruitment=recruitment, access=access,
        version=current, versions=descriptions.versions(db.session, recruitment.id),
        section_names=SECTION_NAMES, methods=SELECTION_METHODS,
        missing=missing_sections(current.sections), state=state,
        comments=decisions.comments_by_section(db.session, recruitment.id),
        decision_form=decision_form, comment_form=comment_form or forms.comment_form(),
        can_write=descriptions.can_write(db.session, current_user, recruitment),
        blockers=decisions.publish_problems(db.session, recruitment, current),
        form=submitted if status == 400 else None,
    ), status


@bp.route("/<int:recruitment_id>/role", methods=["GET", "POST"])
@login_required
def description(recruitment_id: int):
    recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    current = descriptions.latest(db.session, recruitment_id)
    if current is not None:
        return description_page(recruitment, access, current)
    templates = descriptions.current_templates(db.session)
    form = ChooseTemplateForm()
    lang = current_lang()
    form.template_id.choices = choices(*[(str(t.id), t.name(lang)) for t in templates])
    if form.validate_on_submit():
        try:
            descriptions.start_from_template(db.session, current_user, recruitment_id,
                                             form.template_id.data)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            db.session.commit()
            flash("description_saved", "success")
            return redirect(url_for("recruitment.edit_description",
                                    recruitment_id=recruitment_id))
        recruitment, access = services.get_recruitment(db.session, current_user, recruitment_id)
    status = 400 if request.method == "POST" else 200
    return render_template("recruitment/choose_template.html", recruitment=recruitment,
                           form=form), status


@bp.route("/<int:recruitment_id>/role/edit", methods=["GET", "POST"])
@login_required
def edit_description(recruitment_id: int):
    recruitment, _access = services.get_recruitment(db.session, current_user, recruitment_id)
    current = descriptions.latest(db.session, recruitment_id)
    if current is None:
        return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
    descriptions.ensure_can_write(db.session, current_user, recruitment)
    form = description_form(request.form if request.method == "POST" else None, current)
    if form.validate_on_submit():
        data = {
            "sections": {key: {lang: form[f"{key}_{lang}"].data or "" for lang in ("en", "cy")}
                         for key in SECTION_KEYS},
            "hourly_rate": form.hourly_rate.data, "term_months": form.term_months.data,
            "eligibility_years": form.eligibility_years.data,
            "selection_methods": form.selection_methods.data,
        }
        try:
            descriptions.save_version(db.session, current_user, recruitment_id, data,
                                      form.note.data)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            db.session.commit()
            flash("description_saved", "success")
            return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
        recruitment, _access = services.get_recruitment(db.session, current_user, recruitment_id)
        current = descriptions.latest(db.session, recruitment_id)
    wage, since = living_wage()
    status = 400 if request.method == "POST" else 200
    # Plain-language suggestions on what is in the boxes now: advice, never a refusal.
    typed = {key: {lang: form[f"{key}_{lang}"].data or "" for lang in ("en", "cy")}
             for key in SECTION_KEYS}
    return render_template("recruitment/edit_description.html", recruitment=recruitment,
                           version=current, form=form, section_names=SECTION_NAMES,
                           wage=wage, since=since,
                           advice=plain_language.check_sections(typed)), status


@bp.get("/<int:recruitment_id>/role/compare")
@login_required
def compare(recruitment_id: int):
    recruitment, _access = services.get_recruitment(db.session, current_user, recruitment_id)
    numbers = [v.number for v in descriptions.versions(db.session, recruitment_id)]
    if len(numbers) < 2:
        return redirect(url_for("recruitment.description", recruitment_id=recruitment_id))
    try:
        a = int(request.args.get("a", numbers[1]))
        b = int(request.args.get("b", numbers[0]))
    except ValueError:
        abort(404)
    old = descriptions.get_version(db.session, recruitment_id, min(a, b))
    new = descriptions.get_version(db.session, recruitment_id, max(a, b))
    return render_template("recruitment/compare.html", recruitment=recruitment, old=old,
                           new=new, diffs=descriptions.compare(old, new), numbers=numbers,
                           section_names=SECTION_NAMES)
