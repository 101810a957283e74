"""The expenses pages (R-PAY1–R-PAY3). Views parse the form and call one service
(portal.expenses.services), which decides who may do what."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.applications.access import worker_organisation_ids
from portal.errors import DomainError, Forbidden
from portal.expenses import bp, forms, services
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, to_id
from portal.i18n import current_lang
from portal.models import ExpenseClaim
from portal.models.enums import ClaimStatus

FLASH_MESSAGES.update({
    "claim_sent": _l("Your claim has been sent. We will tell you when it is approved. We pay "
                     "on the day where possible, and otherwise as soon as we can."),
    "claim_recorded": _l("The claim has been recorded for them. They will be told when it is "
                         "decided."),
    "payment_chosen": _l("Your choice has been saved. You can change it at any time."),
    "claim_approved": _l("The claim is approved, and they are being told"),
    "claim_returned": _l("The claim is returned, and they are being told why"),
    "budget_holder_named": _l("The budget holder has been saved"),
})
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@bp.after_request
def no_store(response):
    """Claims, receipts and the finance file hold personal data: no cache keeps them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def claim_words() -> dict:
    return {"activity": services.activity_words, "category": services.category_words,
            "status": services.status_words, "pounds": services.pounds,
            "reference": services.claim_reference, "date": services.when_words,
            "day": services.day_words}


# ---- the signed-in person's page -----------------------------------------------------------

@bp.get("/")
@login_required
def index():
    """Your claims, and the panels you can claim for; for budget holders the claims waiting
    for them; for administrators, naming the budget holder and finance's export."""
    return render_template("expenses/index.html", title_of=services.title_of,
                           **services.overview(db.session, current_user))


@bp.get("/claims/<int:claim_id>/receipt")
@login_required
def receipt(claim_id: int):
    claim, path = services.receipt_for(db.session, current_user, claim_id)
    return _send_receipt(claim, path)


def _send_receipt(claim: ExpenseClaim, path) -> Response:
    """Always as an attachment, with the type its content was found to be."""
    extension = services.RECEIPT_EXTENSIONS.get(claim.receipt_media_type, "")
    response = send_file(path, mimetype=claim.receipt_media_type, as_attachment=True,
                         download_name=f"receipt-{services.claim_reference(claim)}{extension}",
                         conditional=False, etag=False, max_age=0)
    response.headers.update(PRIVATE)
    return response


# ---- claiming -------------------------------------------------------------------------------

def _receipt_bytes(form) -> bytes | None:
    chosen = form.receipt.data
    if chosen is None or not getattr(chosen, "filename", None):
        return None
    return chosen.stream.read(services.RECEIPT_MAX_BYTES + 1)


def _claim_data(form) -> dict:
    data = {name: form[name].data for name in (
        "activity", "activity_on", "category", "amount", "description")}
    data["hours"] = form["hours"].data if "hours" in form else None
    return data


def _add_other_problems(form, claimant) -> None:
    """A box the form itself refused (a date that is not a date) must not hide the problems
    with the others: every problem is shown at once (GOV.UK error pattern)."""
    if form.csrf_token.errors:
        return
    try:
        services.check_claim(claimant, _claim_data(form))
    except DomainError as exc:
        for field, message in getattr(exc, "problems", None) or [(exc.field, exc.message)]:
            if field not in form or not form[field].errors:
                form.add_error(field, message)


def _claim_page(make_claimant, done_url, flash_key: str, template_context: dict):
    """The one short claim page for every kind of claimant (R-PAY3)."""
    claimant = make_claimant()
    form = forms.claim_form(claimant)
    if request.method == "POST":
        if not form.validate_on_submit():
            _add_other_problems(form, claimant)
        else:
            data = _claim_data(form)
            receipt = _receipt_bytes(form)
            written = []

            def submit():
                claim, stored = services.submit_claim(db.session, claimant, data, receipt)
                written.append(stored)
                return claim

            try:
                ok, _claim = form.attempt(submit)
            except Exception:
                for stored in written:
                    services.remove_receipt(stored)
                raise
            if ok:
                flash(flash_key, "success")
                return redirect(done_url)
        claimant = make_claimant()  # the refusal rolled back and expired what was loaded
    status = 400 if request.method == "POST" else 200
    return render_template("expenses/claim.html", claimant=claimant, form=form,
                           claim_form=form, rate=services.hourly_rate(claimant.recruitment),
                           title=services.title_of(claimant.recruitment, current_lang()),
                           max_mb=services.RECEIPT_MAX_BYTES // (1024 * 1024),
                           payment_form=forms.PaymentChoiceForm(formdata=None, data={
                               "choice": claimant.member.payment_choice
                               if claimant.member is not None else None}),
                           **template_context), status


@bp.route("/recruitment/<int:recruitment_id>/claim", methods=["GET", "POST"])
@login_required
def claim(recruitment_id: int):
    """A panel member's claim: expenses, and their fee if they chose one (R-PAY1, R-PAY2)."""
    return _claim_page(
        lambda: services.claimant_for_member(db.session, current_user, recruitment_id),
        url_for("expenses.index"), "claim_sent",
        {"back_url": url_for("expenses.index"), "claims_url": url_for("expenses.index"),
         "payment_url": url_for("expenses.payment_choice", recruitment_id=recruitment_id)})


@bp.post("/recruitment/<int:recruitment_id>/payment")
@login_required
def payment_choice(recruitment_id: int):
    """A panel member chooses a fee or to volunteer (R-PAY2)."""
    claimant = services.claimant_for_member(db.session, current_user, recruitment_id)
    form = forms.PaymentChoiceForm()
    if form.validate_on_submit() and form.attempt(lambda: services.choose_payment(
            db.session, claimant.member, form.choice.data))[0]:
        flash("payment_chosen", "success")
        return redirect(url_for("expenses.claim", recruitment_id=recruitment_id))
    claimant = services.claimant_for_member(db.session, current_user, recruitment_id)
    return render_template(
        "expenses/claim.html", claimant=claimant, form=form,
        claim_form=forms.claim_form(claimant, formdata=None), payment_form=form,
        rate=services.hourly_rate(claimant.recruitment),
        title=services.title_of(claimant.recruitment, current_lang()),
        max_mb=services.RECEIPT_MAX_BYTES // (1024 * 1024),
        back_url=url_for("expenses.index"), claims_url=url_for("expenses.index"),
        claim_action=url_for("expenses.claim", recruitment_id=recruitment_id),
        payment_url=url_for("expenses.payment_choice", recruitment_id=recruitment_id)), 400


# ---- applicants, through the link in their interview invitation -----------------------------

@bp.route("/interview/<token>/claim", methods=["GET", "POST"])
def interview_claim(token: str):
    """An applicant's claim for their interview, chat or group event (R-PAY1, R-PAY3)."""
    claims_url = url_for("expenses.interview_claims", token=token)
    return _claim_page(lambda: services.claimant_for_token(db.session, token), claims_url,
                       "claim_sent", {"back_url": claims_url, "claims_url": claims_url})


@bp.get("/interview/<token>/claims")
def interview_claims(token: str):
    claimant = services.claimant_for_token(db.session, token)
    return render_template(
        "expenses/applicant_claims.html", claimant=claimant, token=token,
        claims=services.claims_of_application(db.session, claimant.application),
        title=services.title_of(claimant.recruitment, current_lang()), on_behalf=False)


@bp.get("/interview/<token>/claims/<int:claim_id>/receipt")
def interview_receipt(token: str, claim_id: int):
    claimant = services.claimant_for_token(db.session, token)
    claim, path = services.receipt_for(db.session, None, claim_id, claimant)
    return _send_receipt(claim, path)


# ---- an engagement worker records a claim for an applicant (R-IV1) -------------------------

@bp.get("/on-behalf")
@login_required
def find_application():
    """Find the applicant by their application reference."""
    if not worker_organisation_ids(db.session, current_user):
        raise Forbidden()
    form = forms.FindForm(formdata=request.args if request.args else None)
    status = 200
    if request.args:
        reference = (form.reference.data or "").strip().upper()
        try:
            services.claimant_for_worker(db.session, current_user, reference)
        except DomainError:
            form.add_error("reference", _l("No application with that reference is one you "
                                           "support. Check the reference and try again."))
            status = 400
        else:
            return redirect(url_for("expenses.record_claim", reference=reference))
    return render_template("expenses/find.html", form=form), status


@bp.route("/application/<reference>/claim", methods=["GET", "POST"])
@login_required
def record_claim(reference: str):
    done = url_for("expenses.record_claim", reference=reference)
    if request.method == "GET":
        claimant = services.claimant_for_worker(db.session, current_user, reference)
        claims = services.claims_of_application(db.session, claimant.application)
    else:
        claims = None
    context = {"back_url": url_for("expenses.find_application"), "claims_url": None,
               "on_behalf_claims": claims}
    return _claim_page(lambda: services.claimant_for_worker(db.session, current_user,
                                                            reference),
                       done, "claim_recorded", context)


# ---- the budget holder (R-PAY1) --------------------------------------------------------------

@bp.route("/recruitment/<int:recruitment_id>/budget-holder", methods=["GET", "POST"])
@login_required
def budget_holder(recruitment_id: int):
    """An administrator of the organisation names who approves claims."""
    recruitment = services.ensure_org_admin(db.session, current_user, recruitment_id)
    candidates = services.holder_candidates(db.session, recruitment)
    form = forms.holder_form(candidates, request.form if request.method == "POST" else None,
                             recruitment.budget_holder_id)
    if form.validate_on_submit() and form.attempt(lambda: services.name_budget_holder(
            db.session, current_user, recruitment_id, to_id(form.person.data)))[0]:
        flash("budget_holder_named", "success")
        return redirect(url_for("expenses.index"))
    if request.method == "POST":
        recruitment = services.ensure_org_admin(db.session, current_user, recruitment_id)
    status = 400 if request.method == "POST" else 200
    return render_template("expenses/budget_holder.html", recruitment=recruitment, form=form,
                           title=services.title_of(recruitment, current_lang()),
                           has_candidates=bool(candidates)), status


@bp.get("/recruitment/<int:recruitment_id>/approvals")
@login_required
def approvals(recruitment_id: int):
    recruitment, waiting, decided = services.claims_for_holder(db.session, current_user,
                                                               recruitment_id)
    return render_template("expenses/approvals.html", recruitment=recruitment,
                           waiting=waiting, decided=decided,
                           title=services.title_of(recruitment, current_lang()))


@bp.route("/recruitment/<int:recruitment_id>/claims/<int:claim_id>", methods=["GET", "POST"])
@login_required
def review(recruitment_id: int, claim_id: int):
    """One claim, with its receipt, for the budget holder to approve or return."""
    form = forms.DecisionForm()
    if form.validate_on_submit():
        ok, decided = form.attempt(lambda: services.decide(
            db.session, current_user, recruitment_id, claim_id, form.decision.data,
            form.note.data))
        if ok:
            flash("claim_approved" if decided.status == ClaimStatus.APPROVED
                  else "claim_returned", "success")
            return redirect(url_for("expenses.approvals", recruitment_id=recruitment_id))
    recruitment, row = services.claim_for_holder(db.session, current_user, recruitment_id,
                                                 claim_id)
    status = 400 if request.method == "POST" else 200
    return render_template("expenses/review.html", recruitment=recruitment, row=row,
                           form=form, own=services.is_own_claim(db.session, current_user,
                                                                row.claim),
                           title=services.title_of(recruitment, current_lang())), status


# ---- finance ---------------------------------------------------------------------------------

@bp.get("/recruitment/<int:recruitment_id>/export")
@login_required
def export(recruitment_id: int):
    recruitment, approved, fresh = services.export_summary(db.session, current_user,
                                                           recruitment_id)
    return render_template("expenses/export.html", recruitment=recruitment,
                           approved=approved, fresh=fresh, form=forms.ExportForm(),
                           title=services.title_of(recruitment, current_lang()))


@bp.post("/recruitment/<int:recruitment_id>/export.csv")
@login_required
def export_csv(recruitment_id: int):
    """Approved claims as CSV, always as an attachment (R-PAY1: finance pays them)."""
    form = forms.ExportForm()
    form.validate_on_submit()
    name, data, _count = services.export_csv(db.session, current_user, recruitment_id,
                                             only_new=form.which.data != "all")
    db.session.commit()
    return Response(data, mimetype="text/csv", headers={
        **PRIVATE, "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Type": "text/csv; charset=utf-8"})
