"""Applying without an account: choose a way, answer one question a page, check, send.

The browser that starts an application keeps its secret in the (signed) session cookie, keyed
by reference, so progress is saved on every page and nobody else can open it. Each page
answers bad input with the GOV.UK error pattern and keeps what was typed.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import publication
from portal.applications import documents, services
from portal.applications.forms import (
    AboutYouForm,
    ContinueForm,
    EligibilityForm,
    ResumeEmailForm,
    RouteForm,
    SendForm,
    WordsForm,
    support_form,
)
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.forms_support import choices
from portal.i18n import current_lang
from portal.models import Application
from portal.models.enums import ApplicationStatus
from portal.roles import SELECTION_METHODS

bp = Blueprint("apply", __name__)
DRAFTS = "application_drafts"
# Nothing typed here may be kept by a shared cache.
PRIVATE = {"Cache-Control": "no-store"}
ROUTE_LABELS = {
    "informal_chat": _l("Informal chat first: ask for a chat, face to face, by phone or by "
                        "video"),
    "group_event": _l("Group event: sign up for an event about the role"),
    "expression_of_interest": _l("Write a short expression of interest on this website"),
    "application_form": _l("Fill in an application form on this website"),
    "cv": _l("Send your CV on this website"),
    services.OTHER_ROUTE: _l("Ask for a different way to apply, or for changes to one"),
}


def _draft(reference: str) -> Application:
    secret = (session.get(DRAFTS) or {}).get(reference)
    return services.open_draft(db.session, reference, secret)


def _editable(reference: str, *, needs_eligibility: bool = True) -> Application:
    """The draft, or a redirect: once sent, to the confirmation; before the eligibility
    question is answered yes, to that question."""
    application = _draft(reference)
    if application.status == ApplicationStatus.SUBMITTED:
        abort(redirect(url_for("apply.sent", reference=reference)))
    if application.status == ApplicationStatus.INVITED:  # a formal invitation, not yet answered
        abort(redirect(url_for("apply.invitation", reference=reference)))
    if application.status == ApplicationStatus.WITHDRAWN:  # closed for good
        abort(redirect(url_for("mine.application", reference=reference)))
    if needs_eligibility and application.eligibility != "yes":
        abort(redirect(url_for("apply.eligibility", reference=reference)))
    return application


def _next_page(application: Application) -> str:
    if application.status == ApplicationStatus.INVITED:
        return url_for("apply.invitation", reference=application.reference)
    todo = services.missing(application)
    page = todo[0] if todo else "check"
    return url_for(f"apply.{page}", reference=application.reference)


def _open_url(application: Application) -> str:
    """Where an application this browser holds opens: its confirmation once sent, its own
    page once withdrawn, the invitation while it waits for an answer, else the next
    question."""
    if application.status == ApplicationStatus.SUBMITTED:
        return url_for("apply.sent", reference=application.reference)
    if application.status == ApplicationStatus.WITHDRAWN:
        return url_for("mine.application", reference=application.reference)
    if application.status == ApplicationStatus.INVITED:
        return url_for("apply.invitation", reference=application.reference)
    if application.eligibility != "yes":
        return url_for("apply.eligibility", reference=application.reference)
    return _next_page(application)


def _page(template: str, application: Application | None, form, status: int, **context):
    return render_template(f"apply/{template}.html", application=application, form=form,
                           **context), status, PRIVATE


@bp.route("/roles/<int:recruitment_id>/apply", methods=["GET", "POST"])
def start(recruitment_id: int):
    role = publication.get_published(db.session, recruitment_id)
    if request.method == "GET" and not request.args.get("another"):
        # Applying twice to one role: offer the application they already have.
        existing = documents.existing_applications(db.session, role.id,
                                                   session.get(DRAFTS) or {}, current_user)
        if existing:
            return _page("existing", None, None, 200, role=role, existing=[
                (application, _open_url(application) if opens else None)
                for application, opens in existing],
                title=publication.title(role, current_lang()))
    offered = services.routes_offered(role)
    online = [r for r in offered if r in services.ONLINE_ROUTES]
    form = RouteForm()
    form.route.choices = choices(*[(r, ROUTE_LABELS[r]) for r in online],
                                 (services.OTHER_ROUTE, ROUTE_LABELS[services.OTHER_ROUTE]))
    if form.validate_on_submit():
        ok, started = form.attempt(lambda: services.start(
            db.session, recruitment_id, form.route.data, current_lang(),
            current_user if current_user.is_authenticated else None))
        if ok:
            application, secret = started
            _remember(application, secret)
            return redirect(url_for("apply.eligibility", reference=application.reference))
    status = 400 if request.method == "POST" else 200
    others = [SELECTION_METHODS[r] for r in offered if r not in services.ONLINE_ROUTES]
    return _page("start", None, form, status, role=role,
                 title=publication.title(role, current_lang()), others=others,
                 is_open=publication.is_open(role))


@bp.route("/apply/<reference>/eligibility", methods=["GET", "POST"])
def eligibility(reference: str):
    application = _editable(reference, needs_eligibility=False)
    years = services.eligibility_years(db.session, application)
    form = EligibilityForm(data={"eligibility": application.eligibility})
    if form.validate_on_submit():
        ok, may_go_on = form.attempt(lambda: services.answer_eligibility(
            db.session, application, form.eligibility.data))
        if ok and not may_go_on:
            return redirect(url_for("apply.not_eligible", reference=reference))
        if ok:
            return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("eligibility", application, form, status, years=years)


@bp.get("/apply/<reference>/not-eligible")
def not_eligible(reference: str):
    application = _draft(reference)
    years = services.eligibility_years(db.session, application)
    return _page("not_eligible", application, None, 200, years=years)


@bp.route("/apply/<reference>/about-you", methods=["GET", "POST"])
def about_you(reference: str):
    application = _editable(reference)
    saved = application.contact or {}
    form = AboutYouForm(data={"name": saved.get("name"), "contact_channel": saved.get("channel"),
                              "email": saved.get("email"), "phone": saved.get("phone"),
                              "postal_address": saved.get("postal_address"),
                              "language": application.language.value})
    if form.validate_on_submit() and form.attempt(lambda: (services.save_contact(
            db.session, application, {
                "name": form.name.data, "language": form.language.data,
                "channel": form.contact_channel.data, "email": form.email.data,
                "phone": form.phone.data, "postal_address": form.postal_address.data}),
            documents.offer_existing(db.session, application, _role_url)))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("about_you", application, form, status)


@bp.route("/apply/<reference>/your-words", methods=["GET", "POST"])
def your_words(reference: str):
    application = _editable(reference)
    other = application.route == services.OTHER_ROUTE
    form = WordsForm(data={"words": application.other_route_request if other
                           else application.answers.get("expression")})
    if form.validate_on_submit() and form.attempt(
            lambda: services.save_words(db.session, application, form.words.data))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    role = publication.get_published(db.session, application.recruitment_id)
    return _page("your_words", application, form, status, other=other,
                 title=publication.title(role, current_lang()))


@bp.route("/apply/<reference>/support", methods=["GET", "POST"])
def support(reference: str):
    """Support and adjustments, expenses, and paid or volunteer (R-SEL2, R-PAY1, R-PAY2)."""
    application = _editable(reference)
    # WCAG 3.3.7: the times given for a chat are offered again here, not asked twice.
    saved = application.answers.get("support") or {
        "best_times": (application.answers.get("chat") or {}).get("best_times", "")}
    form = support_form(request.form if request.method == "POST" else None, saved)
    answers = ("adjustments", "formats", "best_times", "access_needs", "bad_day", "expenses",
               "payment")
    if form.validate_on_submit() and form.attempt(lambda: services.save_support(
            db.session, application, {name: form[name].data for name in answers}))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("support", application, form, status)


@bp.route("/apply/<reference>/check", methods=["GET", "POST"])
def check(reference: str):
    application = _editable(reference)
    role = publication.get_published(db.session, application.recruitment_id)
    form = SendForm()
    if form.validate_on_submit():
        role_url = current_app.config["BASE_URL"].rstrip("/") + url_for(
            "public.role", lang=application.language.value, recruitment_id=role.id)
        if form.attempt(lambda: services.submit(db.session, application, role_url))[0]:
            return redirect(url_for("apply.sent", reference=reference))
    status = 400 if request.method == "POST" else 200
    return _page("check", application, form, status, role=role,
                 title=publication.title(role, current_lang()),
                 years=services.eligibility_years(db.session, application),
                 missing=services.missing(application),
                 steps=services.STEPS[application.route],
                 cv=documents.cv_file(db.session, application),
                 written=documents.written_answers(application))


@bp.get("/apply/<reference>/sent")
def sent(reference: str):
    application = _draft(reference)
    if application.status != ApplicationStatus.SUBMITTED:  # not sent (yet): where it is
        return redirect(_open_url(application))
    role = publication.get_published(db.session, application.recruitment_id)
    return _page("sent", application, None, 200, role=role,
                 title=publication.title(role, current_lang()))


# ---- save and come back later ---------------------------------------------------------------

def _remember(application: Application, secret: str) -> None:
    session[DRAFTS] = {**(session.get(DRAFTS) or {}), application.reference: secret}
    session.permanent = True


def _role_url(recruitment_id: int, lang: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(
        "public.role", lang=lang, recruitment_id=recruitment_id)


def _resume_url(reference: str, secret: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(
        "apply.resume", reference=reference, secret=secret)


@bp.route("/apply/<reference>/save", methods=["GET", "POST"])
def save(reference: str):
    """Save and come back later: a link by email, or the reference and a code to write down
    (for someone without email, or to continue with a worker's help)."""
    application = _editable(reference, needs_eligibility=False)
    email_form = ResumeEmailForm(prefix="email",
                                 data={"email": (application.contact or {}).get("email")})
    code_form = SendForm(prefix="code")
    which = request.form.get("which")
    if request.method == "POST" and which == "email" and email_form.validate():
        secret = services.email_resume_link(db.session, application, email_form.email.data,
                                            _resume_url)
        db.session.commit()
        _remember(application, secret)
        return _page("saved", application, None, 200, emailed=True)
    if request.method == "POST" and which == "code" and code_form.validate():
        code = services.new_resume_code(db.session, application)
        db.session.commit()
        return _page("saved", application, None, 200, code=code)
    failed = email_form if which == "email" else code_form if which == "code" else None
    status = 400 if request.method == "POST" else 200
    return render_template("apply/save.html", application=application, form=failed,
                           email_form=email_form, code_form=code_form), status, PRIVATE


@bp.route("/apply/continue", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"],
               exempt_when=lambda: not current_app.config["RATELIMIT_ENABLED"])
def continue_application():
    form = ContinueForm()
    if form.validate_on_submit():
        try:
            application, secret = services.resume_with_code(db.session, form.reference.data,
                                                             form.code.data)
        except DomainError as exc:
            db.session.commit()  # the wrong try is counted
            form.add_domain_error(exc)
        else:
            db.session.commit()
            _remember(application, secret)
            return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("continue", None, form, status)


@bp.get("/apply/resume/<reference>/<secret>")
def resume(reference: str, secret: str):
    """The link from the email: this browser may continue; the secret leaves the address bar
    at once (a redirect), so it is not kept in history or sent on as a Referer."""
    application = services.resume_with_link(db.session, reference, secret)
    db.session.commit()
    _remember(application, secret)
    target = (url_for("apply.sent", reference=reference)
              if application.status == ApplicationStatus.SUBMITTED else _next_page(application))
    return redirect(target), 302, {"Referrer-Policy": "no-referrer", **PRIVATE}


# More pages of this blueprint: the chat, event and invitation pages; the application form, the
# CV and what the panel may read.
import portal.applications.route_views  # noqa: E402,F401
import portal.applications.views_documents  # noqa: E402,F401
