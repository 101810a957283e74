"""An organisation's public information (R-PI1)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import information
from portal.admin import bp
from portal.admin.forms import public_information_form
from portal.errors import DomainError
from portal.extensions import db


@bp.route("/organisations/<int:organisation_id>/public-information", methods=["GET", "POST"])
@login_required
def public_information(organisation_id: int):
    organisation, rows = information.load(db.session, current_user, organisation_id)
    form = public_information_form(request.form if request.method == "POST" else None, rows)
    if form.validate_on_submit():
        texts = {key: {"en": form[f"{key}_en"].data or "", "cy": form[f"{key}_cy"].data or ""}
                 for key in information.HEADING_NAMES}
        try:
            information.save(db.session, current_user, organisation_id, texts)
        except DomainError as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            db.session.commit()
            flash("information_saved", "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation_id))
        organisation, rows = information.load(db.session, current_user, organisation_id)
    done, total = information.completeness(rows)
    status = 400 if request.method == "POST" else 200
    return render_template("admin/public_information.html", form=form, organisation=organisation,
                           headings=information.HEADING_NAMES, done=done, total=total), status
