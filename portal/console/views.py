"""The console's pages. Views parse forms and call one service; the services decide who may
do what (portal.console.services, portal.applications.access)."""

from __future__ import annotations

from datetime import datetime, time

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal import publication
from portal.applications import documents
from portal.applications import services as applying
from portal.applications import views as apply_views
from portal.console import bp, services
from portal.console.forms import (
    ArrangeForm,
    AssistForm,
    CorrectForm,
    FilterForm,
    OutcomeForm,
    ReadBackForm,
    parse_time,
    record_form,
)
from portal.console.labels import ROUTE_NAMES
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.forms_support import FLASH_MESSAGES, choices
from portal.i18n import current_lang
from portal.models import Application
from portal.models.base import WALES
from portal.models.enums import ApplicationStatus

# The console's notices, added to the shared table that the layout shows (additive, so that
# this part of the portal keeps its wording in one place).
FLASH_MESSAGES.update({
    "chat_arranged": _l("The chat is arranged and they have been told"),
    "chat_outcome": _l("The outcome of the chat has been recorded"),
    "chat_apply_email": _l("The outcome is recorded and a link to carry on with their "
                           "application is on its way to them by email"),
    "chat_apply_letter": _l("The outcome is recorded. A letter or call with their new "
                            "reference and code is waiting in the letters to send"),
    "read_back_sent": _l("Their application is sent. The acknowledgement goes to them in their "
                         "language, the way they chose"),
    "words_corrected": _l("The corrected words are saved, and the earlier ones are kept on the "
                          "timeline"),
})


@bp.after_request
def no_store(response):
    """Every console page holds personal data: no shared cache may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def labels():
    from portal.console import labels as tables

    return {"labels": tables, "label": tables.label}


@bp.app_template_global()
def current_user_uses_console() -> bool:
    """For the navigation: group members and engagement workers (once per request)."""
    if not current_user.is_authenticated:
        return False
    if "uses_console" not in g:
        g.uses_console = services.uses_console(db.session, current_user)
    return g.uses_console


@bp.app_template_global()
def assisted_note(application: Application) -> dict | None:
    return services.assisted_note(db.session, application)


@bp.app_template_global()
def when_in_wales(value: datetime | None) -> str:
    """A UTC moment as a date and a 24-hour time in Wales, like 3 April 2026, 14:30."""
    if value is None:
        return ""
    local = value.astimezone(WALES)
    return f"{format_date(local.date(), 'd MMMM yyyy')}, {local.strftime('%H:%M')}"


@bp.app_template_global()
def date_in_wales(value: datetime | None) -> str:
    return format_date(value.astimezone(WALES).date(), "d MMMM yyyy") if value else ""


@bp.app_template_global()
def letters_path() -> str:
    # The letters page is another part of the console; a plain path keeps this page free of
    # a dependency on its endpoint's name.
    return f"/{current_lang()}/console/letters"


def _fresh(role):
    """The role again after a refused form: the rollback expired what was loaded with it."""
    return publication.get_published(db.session, role.id) if request.method == "POST" else role


def _role_url(application: Application) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(
        "public.role", lang=application.language.value, recruitment_id=application.recruitment_id)


def _recruitment_label(role, lang: str) -> str:
    return f"{publication.title(role, lang)} – {role.board.name(lang)}"


# ---- home -------------------------------------------------------------------------------------

@bp.get("/")
@login_required
def home():
    services.ensure_console(db.session, current_user)
    lang = current_lang()
    recruitments = services.recruitments_in_view(db.session, current_user)
    args = MultiDict((k, v) for k, v in request.args.items(multi=True))
    form = FilterForm(formdata=args if args else None)
    form.recruitment.choices = choices(("", _l("All recruitments")), *[
        (str(r.id), _recruitment_label(r, lang)) for r in recruitments])
    status, selected_id = 200, None
    if args and not form.validate():
        status = 400
    elif args:
        selected_id = form.recruitment.data
    view = services.home(db.session, current_user, selected_id, recruitments)
    return render_template("console/home.html", form=form, view=view, status=status,
                           route_names=ROUTE_NAMES,
                           recruitment_label=_recruitment_label), status


# ---- one application --------------------------------------------------------------------------

@bp.get("/applications/<reference>")
@login_required
def application(reference: str):
    staff = services.application_for_staff(db.session, current_user, reference)
    lang = current_lang()
    application = staff.application
    # Lived-experience disclosure: staff read each written answer only as the applicant chose
    # (the panels will read them the same way); a request for another way is not one of them.
    return render_template("console/application.html", staff=staff,
                           title=publication.title(staff.role, lang), route_names=ROUTE_NAMES,
                           words=(application.other_route_request
                                  if application.route == applying.OTHER_ROUTE else None),
                           written=documents.panel_view(application))


# ---- informal chats ---------------------------------------------------------------------------

@bp.route("/chats/<int:chat_id>/arrange", methods=["GET", "POST"])
@login_required
def arrange_chat(chat_id: int):
    chat, chat_application, role = services.get_chat(db.session, current_user, chat_id)
    if chat.outcome is not None or chat_application.status != ApplicationStatus.SUBMITTED:
        return redirect(url_for("console.application", reference=chat_application.reference))
    form = ArrangeForm()
    if request.method == "GET" and chat.arranged_where:
        form.where.data = chat.arranged_where
    if form.validate_on_submit():
        hour, minute = parse_time(form.time.data)
        when = datetime.combine(form.when.data, time(hour, minute))
        if form.attempt(lambda: services.arrange_chat(db.session, current_user, chat_id, when,
                                                      form.where.data))[0]:
            flash("chat_arranged", "success")
            return redirect(url_for("console.application",
                                    reference=chat_application.reference))
    status = 400 if request.method == "POST" else 200
    role = _fresh(role)
    return render_template("console/arrange.html", form=form, chat=chat,
                           application=chat_application,
                           title=publication.title(role, current_lang())), status


@bp.route("/chats/<int:chat_id>/outcome", methods=["GET", "POST"])
@login_required
def chat_outcome(chat_id: int):
    chat, chat_application, role = services.get_chat(db.session, current_user, chat_id)
    if chat.outcome is not None or chat_application.status != ApplicationStatus.SUBMITTED:
        return redirect(url_for("console.application", reference=chat_application.reference))
    form = OutcomeForm()
    form.route.choices = choices(*[(r, ROUTE_NAMES[r]) for r in services.continue_routes(role)])
    if form.validate_on_submit():
        continue_url = current_app.config["BASE_URL"].rstrip("/") + url_for(
            "apply.continue_application", lang=chat_application.language.value)
        ok, follower = form.attempt(lambda: services.record_chat_outcome(
            db.session, current_user, chat_id, form.outcome.data, form.note.data,
            form.route.data, link_for=apply_views._resume_url, continue_url=continue_url))
        if ok:
            key = "chat_outcome"
            if follower is not None:
                key = ("chat_apply_email" if follower.contact.get("channel") == "email"
                       and follower.contact.get("email") else "chat_apply_letter")
            flash(key, "success")
            return redirect(url_for("console.application",
                                    reference=chat_application.reference))
    status = 400 if request.method == "POST" else 200
    role = _fresh(role)
    return render_template("console/outcome.html", form=form, chat=chat,
                           application=chat_application,
                           title=publication.title(role, current_lang())), status


# ---- writing an application down for someone (R-IV1, R-AC1) ---------------------------------

RECORD_FIELDS = ("route", "name", "language", "contact_channel", "phone", "postal_address",
                 "email", "eligibility", "words", "sharing", "adjustments", "formats", "best_times",
                 "access_needs", "bad_day", "expenses", "payment")


def _record_data(form) -> dict:
    data = {name: form[name].data for name in RECORD_FIELDS}
    data["channel"] = data.pop("contact_channel")
    return data


def _record_page(form, role, application=None):
    status = 400 if request.method == "POST" else 200
    role = _fresh(role)
    return render_template(
        "console/record.html", form=form, role=role, application=application,
        title=publication.title(role, current_lang()),
        years=role.published_version.eligibility_years), status


@bp.route("/roles/<int:recruitment_id>/record", methods=["GET", "POST"])
@login_required
def record(recruitment_id: int):
    role = services.role_to_record_for(db.session, current_user, recruitment_id)
    form = record_form(request.form if request.method == "POST" else None,
                       {"language": current_lang()})
    form.route.choices = choices(*[(r, ROUTE_NAMES[r]) for r in services.recordable_routes(role)])
    if form.validate_on_submit():
        ok, written = form.attempt(lambda: services.record_for_someone(
            db.session, current_user, recruitment_id, _record_data(form)))
        if ok:
            return redirect(url_for("console.read_back", reference=written.reference))
    return _record_page(form, role)


@bp.route("/applications/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit_recorded(reference: str):
    application, role = services.recorded_draft(db.session, current_user, reference)
    if request.method == "GET" and application.confirmed_at is not None:
        return redirect(url_for("console.correct", reference=application.reference))
    contact = application.contact or {}
    support = application.answers.get("support") or {}
    saved = {"route": application.route, "name": contact.get("name"),
             "language": application.language.value, "contact_channel": contact.get("channel"),
             "phone": contact.get("phone"), "postal_address": contact.get("postal_address"),
             "email": contact.get("email"), "eligibility": application.eligibility,
             "words": services.words_of(application),
             "sharing": (application.answers.get("disclosure") or {}).get("expression"),
             **support}
    form = record_form(request.form if request.method == "POST" else None, saved)
    form.route.choices = choices(*[(r, ROUTE_NAMES[r]) for r in services.recordable_routes(role)])
    if form.validate_on_submit():
        if form.attempt(lambda: services.change_recorded(
                db.session, current_user, reference, _record_data(form)))[0]:
            return redirect(url_for("console.read_back", reference=application.reference))
    elif request.method == "POST" and application.confirmed_at is not None:
        form.add_error("words", services.ALREADY_CONFIRMED)
    return _record_page(form, role, application)


def _read_back_text(application: Application, role, words: str | None = None) -> Markup:
    """What will be sent, in the applicant's language, whatever the page's language (R-AC2)."""
    lang = application.language.value
    with force_locale(lang):
        html = render_template(
            "console/_read_back.html", application=application, their_lang=lang,
            title=publication.title(role, lang), words=words or services.words_of(application),
            years=role.published_version.eligibility_years, route_names=ROUTE_NAMES)
    return Markup(html)  # noqa: S704 - our own template, autoescaped


@bp.route("/applications/<reference>/read-back", methods=["GET", "POST"])
@login_required
def read_back(reference: str):
    application, role = services.recorded_draft(db.session, current_user, reference)
    if application.confirmed_at is not None:
        return redirect(url_for("console.application", reference=application.reference))
    form = ReadBackForm(data={"digest": services.read_back_digest(application)})
    if form.validate_on_submit():
        if form.attempt(lambda: services.confirm_read_back(
                db.session, current_user, reference, form.digest.data, form.confirmed.data,
                _role_url(application)))[0]:
            flash("read_back_sent", "success")
            return redirect(url_for("console.application", reference=application.reference))
        form.digest.data = services.read_back_digest(application)
    status = 400 if request.method == "POST" else 200
    role = _fresh(role)
    return render_template("console/read_back.html", form=form, application=application,
                           text=_read_back_text(application, role),
                           title=publication.title(role, current_lang())), status


@bp.route("/applications/<reference>/correct", methods=["GET", "POST"])
@login_required
def correct(reference: str):
    """R-IV1: the new words first; then they are read back and the worker confirms that the
    person agreed them. The confirmation page carries the words it showed."""
    application, role = services.recorded_draft(db.session, current_user, reference)
    if application.confirmed_at is None:
        return redirect(url_for("console.edit_recorded", reference=application.reference))
    form = CorrectForm()
    step, status = "words", 200
    if request.method == "GET":
        form.words.data = services.words_of(application)
    elif request.form.get("change"):
        pass  # back from the read-back to change the new words
    elif not form.validate():
        status = 400
    elif form.step.data == "confirm":
        if form.attempt(lambda: services.correct_words(
                db.session, current_user, reference, form.words.data, form.confirmed.data))[0]:
            flash("words_corrected", "success")
            return redirect(url_for("console.application", reference=application.reference))
        status = 400
        # Only the tick missing: stay on the read-back; anything else: back to the words.
        step = "confirm" if set(form.errors) <= {"confirmed"} else "words"
    else:
        try:
            services.check_correction(db.session, current_user, reference, form.words.data)
        except DomainError as exc:
            form.add_domain_error(exc)
            status = 400
        else:
            step = "confirm"
    role = _fresh(role)
    text = _read_back_text(application, role, words=form.words.data) if step == "confirm" else None
    return render_template("console/correct.html", form=form, application=application,
                           step=step, text=text,
                           title=publication.title(role, current_lang())), status


# ---- an assisted session on the applicant's draft ---------------------------------------------

@bp.route("/assist", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"],
               exempt_when=lambda: not current_app.config["RATELIMIT_ENABLED"])
def assist():
    services.ensure_worker(db.session, current_user)
    form = AssistForm()
    if form.validate_on_submit():
        try:
            application, secret = services.open_with_applicant(
                db.session, current_user, form.reference.data, form.code.data)
        except DomainError as exc:
            db.session.commit()  # a wrong try is counted, as on the applicant's own page
            form.add_domain_error(exc)
        else:
            db.session.commit()
            browser_session[apply_views.DRAFTS] = {
                **(browser_session.get(apply_views.DRAFTS) or {}), application.reference: secret}
            return redirect(apply_views._open_url(application))
    status = 400 if request.method == "POST" else 200
    return render_template("console/assist.html", form=form), status

