"""The applicant's pages of the informal chat, group event and formal invitation routes
(R-SEL1, R-AC1). Same pattern as views.py: one question a page, saved on every page, the
GOV.UK error pattern for bad input."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from portal import publication
from portal.applications import chats, events, invitations, services
from portal.applications.forms import SendForm
from portal.applications.route_forms import ChatForm, DeclineForm, EventChoiceForm
from portal.applications.views import (
    PRIVATE,
    _draft,
    _editable,
    _next_page,
    _page,
    _remember,
    bp,
)
from portal.extensions import db
from portal.forms_support import choices, to_id
from portal.i18n import current_lang
from portal.models import GroupEvent
from portal.models.enums import ApplicationStatus


@bp.app_template_global("event_when")
def event_when(starts, ends) -> str:
    return events.when(starts, ends)


@bp.route("/apply/<reference>/chat", methods=["GET", "POST"])
def chat(reference: str):
    """Informal chat: how, when, and anything they would like to ask."""
    application = _editable(reference)
    form = ChatForm(data=application.answers.get("chat") or {})
    if form.validate_on_submit() and form.attempt(lambda: chats.save_chat(
            db.session, application, {name: form[name].data
                                      for name in ("mode", "best_times", "questions")}))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    role = publication.get_published(db.session, application.recruitment_id)
    return _page("chat", application, form, status, role=role,
                 title=publication.title(role, current_lang()))


@bp.route("/apply/<reference>/event", methods=["GET", "POST"])
def event(reference: str):
    """Group event: one upcoming event of the role; full ones are shown but cannot be chosen."""
    application = _editable(reference)
    role = publication.get_published(db.session, application.recruitment_id)
    upcoming = events.events_of(db.session, role.id, upcoming_only=True)
    form = EventChoiceForm(data={"event": str(application.group_event_id or "")})
    form.event.choices = choices(*[(str(e.id), "") for e, _booked in upcoming])
    if form.validate_on_submit() and form.attempt(lambda: events.choose_event(
            db.session, application, to_id(form.event.data)))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    role = publication.get_published(db.session, application.recruitment_id)  # after a rollback
    shown = [{"event": e, "booked": booked, "full": events.is_full(e, booked)}
             for e, booked in upcoming]
    return _page("event", application, form, status, role=role, upcoming=shown,
                 title=publication.title(role, current_lang()), access_text=events.access_text)


# ---- formal invitations ----------------------------------------------------------------------

@bp.get("/apply/invited/<reference>/<secret>")
def invited(reference: str, secret: str):
    """The link in an invitation email: this browser may open it; the secret leaves the
    address bar at once (a redirect), so it is kept neither in history nor in a Referer."""
    application = services.open_draft(db.session, reference, secret)
    _remember(application, secret)
    return (redirect(url_for("apply.invitation", reference=application.reference)), 302,
            {"Referrer-Policy": "no-referrer", **PRIVATE})


@bp.route("/apply/<reference>/invitation", methods=["GET", "POST"])
def invitation(reference: str):
    """"You have been invited to …": accept, or no thanks (with a reason if they like)."""
    application = _draft(reference)
    if application.route != invitations.ROUTE:
        return redirect(_next_page(application))
    if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.NOT_ELIGIBLE):
        return redirect(_next_page(application))
    if application.status == ApplicationStatus.SUBMITTED:
        return redirect(url_for("apply.sent", reference=reference))
    accept_form = SendForm(prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    which = request.form.get("which")
    failed = None
    if request.method == "POST" and which == "accept" and accept_form.validate():
        ok, _none = accept_form.attempt(lambda: invitations.accept(db.session, application))
        if ok:
            return redirect(_next_page(application))
        failed = accept_form
    elif request.method == "POST" and which == "decline" and decline_form.validate():
        ok, _none = decline_form.attempt(lambda: invitations.decline(
            db.session, application, decline_form.reason.data))
        if ok:
            return redirect(url_for("apply.invitation", reference=reference))
        failed = decline_form
    elif request.method == "POST" and which not in ("accept", "decline"):
        abort(400)  # only the page's own two buttons post here
    elif request.method == "POST":
        failed = decline_form if which == "decline" else accept_form
    role = publication.get_published(db.session, application.recruitment_id)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "apply/invitation.html", application=application, form=failed,
        accept_form=accept_form, decline_form=decline_form, role=role,
        title=publication.title(role, current_lang()), is_open=publication.is_open(role),
        continue_url=current_app.config["BASE_URL"].rstrip("/") + url_for(
            "apply.continue_application")), status, PRIVATE


@bp.app_template_global("chosen_event_of")
def chosen_event_of(application):
    """The group event this application chose, if any (for check and sent pages)."""
    if application.group_event_id is None:
        return None
    return db.session.get(GroupEvent, application.group_event_id)
