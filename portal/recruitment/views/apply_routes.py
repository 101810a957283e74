"""The group's side of the ways to apply (R-SEL1, R-SEL2): group events, formal invitations,
and answers to requests for another way. Accepted members of the recruitment's group and the
engagement workers of its organisation only; the services decide (applications.access)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.applications import access, events, invitations, route_requests
from portal.applications.forms import SendForm
from portal.applications.route_forms import EventForm, InviteApplicantForm, RouteAnswerForm
from portal.extensions import db
from portal.models.base import utcnow
from portal.recruitment import bp

PRIVATE = {"Cache-Control": "no-store"}


def _status() -> int:
    return 400 if request.method == "POST" else 200


# ---- group events ----------------------------------------------------------------------------

@bp.get("/<int:recruitment_id>/events")
@login_required
def events_list(recruitment_id: int):
    recruitment = access.managed_recruitment(db.session, current_user, recruitment_id)
    rows = events.events_of(db.session, recruitment_id)
    now = utcnow()
    offered = _offers(recruitment, "group_event")
    return render_template(
        "recruitment/events.html", recruitment=recruitment, offered=offered,
        upcoming=[(e, b) for e, b in rows if e.starts_at > now],
        past=[(e, b) for e, b in rows if e.starts_at <= now],
        is_full=events.is_full, access_text=events.access_text)


def _offers(recruitment, method: str) -> bool:
    from portal import publication

    if recruitment.published_version_id is None:
        return False
    role = publication.get_published(db.session, recruitment.id)
    return method in role.published_version.selection_methods


def _event_form_page(recruitment_id: int, event_id: int | None):
    if event_id is None:
        recruitment = access.managed_recruitment(db.session, current_user, recruitment_id)
        event = None
        form = EventForm()
    else:
        recruitment, event = events.event_for_group(db.session, current_user, recruitment_id,
                                                    event_id)
        form = EventForm(data=events.local_parts(event))
    if form.validate_on_submit():
        data = {name: form[name].data for name in (
            "date", "starts", "ends", "place", "access_en", "access_cy", "places")}
        ok, _saved = form.attempt(lambda: events.save_event(
            db.session, current_user, recruitment_id, data, event_id))
        if ok:
            flash("event_saved", "success")
            return redirect(url_for("recruitment.events_list", recruitment_id=recruitment_id))
        recruitment = access.managed_recruitment(db.session, current_user, recruitment_id)
    return render_template("recruitment/event_form.html", recruitment=recruitment, form=form,
                           event=event), _status()


@bp.route("/<int:recruitment_id>/events/new", methods=["GET", "POST"])
@login_required
def new_event(recruitment_id: int):
    return _event_form_page(recruitment_id, None)


@bp.route("/<int:recruitment_id>/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(recruitment_id: int, event_id: int):
    return _event_form_page(recruitment_id, event_id)


@bp.route("/<int:recruitment_id>/events/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_event(recruitment_id: int, event_id: int):
    recruitment, event = events.event_for_group(db.session, current_user, recruitment_id,
                                                event_id)
    booked = events.booked_count(db.session, event.id)
    form = SendForm()
    if form.validate_on_submit() and form.attempt(lambda: events.cancel_event(
            db.session, current_user, recruitment_id, event_id))[0]:
        flash("event_cancelled", "success")
        return redirect(url_for("recruitment.events_list", recruitment_id=recruitment_id))
    return render_template("recruitment/event_cancel.html", recruitment=recruitment,
                           event=event, booked=booked, form=form), _status()


# ---- formal invitations ----------------------------------------------------------------------

@bp.get("/<int:recruitment_id>/invitations")
@login_required
def invitations_list(recruitment_id: int):
    recruitment, rows = invitations.invitations_of(db.session, current_user, recruitment_id)
    return render_template("recruitment/invitations.html", recruitment=recruitment,
                           invitations=rows, offered=_offers(recruitment,
                                                             invitations.ROUTE)), 200, PRIVATE


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


@bp.route("/<int:recruitment_id>/invitations/new", methods=["GET", "POST"])
@login_required
def invite_applicant(recruitment_id: int):
    recruitment = access.managed_recruitment(db.session, current_user, recruitment_id)
    form = InviteApplicantForm()
    if form.validate_on_submit():
        data = {"name": form.name.data, "language": form.language.data,
                "channel": form.contact_channel.data, "email": form.email.data,
                "phone": form.phone.data, "postal_address": form.postal_address.data,
                "message": form.message.data}

        def link_for(reference: str, secret: str) -> str:
            return _base_url() + url_for("apply.invited", lang=form.language.data,
                                         reference=reference, secret=secret)

        continue_url = _base_url() + url_for("apply.continue_application",
                                             lang=form.language.data)
        ok, _invited = form.attempt(lambda: invitations.invite(
            db.session, current_user, recruitment_id, data, link_for, continue_url))
        if ok:
            flash("applicant_invited", "success")
            return redirect(url_for("recruitment.invitations_list",
                                    recruitment_id=recruitment_id))
        recruitment = access.managed_recruitment(db.session, current_user, recruitment_id)
    return render_template("recruitment/invite_applicant.html", recruitment=recruitment,
                           form=form), _status(), PRIVATE


@bp.route("/<int:recruitment_id>/invitations/<int:application_id>/accepted-in-person",
          methods=["GET", "POST"])
@login_required
def invitation_in_person(recruitment_id: int, application_id: int):
    """The person said yes face to face or on the phone: record it, and show the reference and
    a code to carry on with (alone, or with the worker now)."""
    recruitment, application = invitations.invitation_for_group(
        db.session, current_user, recruitment_id, application_id)
    form = SendForm()
    if form.validate_on_submit():
        ok, done = form.attempt(lambda: invitations.accepted_in_person(
            db.session, current_user, recruitment_id, application_id))
        if ok:
            accepted, code = done
            return render_template("recruitment/invitation_code.html",
                                   recruitment=recruitment, application=accepted,
                                   code=code), 200, PRIVATE
        recruitment, application = invitations.invitation_for_group(
            db.session, current_user, recruitment_id, application_id)
    return render_template("recruitment/invitation_in_person.html", recruitment=recruitment,
                           application=application, form=form), _status(), PRIVATE


# ---- requests for another way to apply (R-SEL2) ---------------------------------------------

@bp.get("/<int:recruitment_id>/route-requests")
@login_required
def route_requests_list(recruitment_id: int):
    recruitment, rows = route_requests.requests_of(db.session, current_user, recruitment_id)
    return render_template("recruitment/route_requests.html", recruitment=recruitment,
                           requests=rows), 200, PRIVATE


@bp.route("/<int:recruitment_id>/route-requests/<int:application_id>",
          methods=["GET", "POST"])
@login_required
def answer_route_request(recruitment_id: int, application_id: int):
    recruitment, application = route_requests.request_for_group(
        db.session, current_user, recruitment_id, application_id)
    form = RouteAnswerForm(data={
        "answer": application.route_answer.value if application.route_answer else None,
        "text": application.route_answer_text})
    if form.validate_on_submit():
        ok, _answered = form.attempt(lambda: route_requests.answer(
            db.session, current_user, recruitment_id, application_id, form.answer.data,
            form.text.data))
        if ok:
            flash("route_answer_sent", "success")
            return redirect(url_for("recruitment.route_requests_list",
                                    recruitment_id=recruitment_id))
        recruitment, application = route_requests.request_for_group(
            db.session, current_user, recruitment_id, application_id)
    return render_template("recruitment/route_answer.html", recruitment=recruitment,
                           application=application, form=form), _status(), PRIVATE
