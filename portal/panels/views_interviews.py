"""Interview pages (R-MT1): the organisers' schedule, times, invitations and other times
offered; and the applicant's own page, reached by the link in their invitation (no account).

The services decide who may do what (panels.interviews.ensure_organiser). The applicant's
page carries a secret in its address: it is sent with `Cache-Control: no-store` and
`Referrer-Policy: no-referrer` (a video link followed from it must not carry the address),
and it is never logged.
"""

from __future__ import annotations

import click
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, choices, to_id
from portal.i18n import current_lang
from portal.models.base import utcnow
from portal.models.enums import InterviewStatus
from portal.panels import bp, interviews
from portal.panels.forms_interviews import (
    ButtonForm,
    ChooseForm,
    InviteForm,
    OfferForm,
    OtherTimeForm,
    SlotForm,
)

PRIVATE = {"Cache-Control": "no-store"}
SECRET_PAGE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

# This journey's flash messages, added to the shared table (keys are unique to interviews).
FLASH_MESSAGES.update({
    "interview_slot_saved": _l("The interview time has been saved"),
    "interview_slot_removed": _l("The interview time has been removed"),
    "interviews_invited": _l("The invitations are on their way"),
    "interview_times_offered": _l("The times are on their way to them"),
    "interview_chosen": _l("Thank you. Your interview time is booked, and we are sending you "
                           "the details."),
    "interview_other_time": _l("Thank you. We have your request and will be in touch about "
                               "another time."),
    "interview_declined": _l("Thank you for letting us know. You have said no thank you to "
                             "the interview."),
})


def _status() -> int:
    return 400 if request.method == "POST" else 200


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _link_for(secret: str, lang: str) -> str:
    return _base_url() + url_for("panels.interview_choice", lang=lang, token=secret)


def _schedule_url(recruitment_id: int) -> str:
    return url_for("panels.interviews", recruitment_id=recruitment_id)


# ---- the organisers' pages -------------------------------------------------------------------

@bp.get("/<int:recruitment_id>/panel/interviews", endpoint="interviews")
@login_required
def interviews_page(recruitment_id: int):
    """The schedule: each time with who chose it and their support plan; who is waiting."""
    plan = interviews.schedule(db.session, current_user, recruitment_id)
    invitable = interviews.invitable(db.session, recruitment_id)
    return render_template(
        "panels/interviews/schedule.html", recruitment=plan.recruitment, plan=plan,
        invitable=len(invitable), now=utcnow(), statuses=InterviewStatus,
        questions_late=interviews.questions_late), 200, PRIVATE


def _slot_form_page(recruitment_id: int, slot_id: int | None):
    recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
    slot = (interviews.slot_in(db.session, recruitment_id, slot_id)
            if slot_id is not None else None)
    form = SlotForm(data=interviews.local_parts(slot)) if slot else SlotForm()
    if form.validate_on_submit():
        data = {name: form[name].data for name in (
            "date", "starts", "ends", "mode", "place", "video_link", "access_en", "access_cy")}
        ok, _saved = form.attempt(lambda: interviews.save_slot(
            db.session, current_user, recruitment_id, data, slot_id))
        if ok:
            flash("interview_slot_saved", "success")
            return redirect(_schedule_url(recruitment_id))
        recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
        slot = (interviews.slot_in(db.session, recruitment_id, slot_id)
                if slot_id is not None else None)
    booked = slot is not None and interviews.holder_of(db.session, slot.id) is not None
    return render_template("panels/interviews/slot_form.html", recruitment=recruitment,
                           form=form, slot=slot, booked=booked), _status(), PRIVATE


@bp.route("/<int:recruitment_id>/panel/interviews/times/new", methods=["GET", "POST"])
@login_required
def interview_slot_new(recruitment_id: int):
    return _slot_form_page(recruitment_id, None)


@bp.route("/<int:recruitment_id>/panel/interviews/times/<int:slot_id>",
          methods=["GET", "POST"])
@login_required
def interview_slot_edit(recruitment_id: int, slot_id: int):
    return _slot_form_page(recruitment_id, slot_id)


@bp.route("/<int:recruitment_id>/panel/interviews/times/<int:slot_id>/remove",
          methods=["GET", "POST"])
@login_required
def interview_slot_remove(recruitment_id: int, slot_id: int):
    recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
    slot = interviews.slot_in(db.session, recruitment_id, slot_id)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _none = form.attempt(lambda: interviews.remove_slot(
            db.session, current_user, recruitment_id, slot_id))
        if ok:
            flash("interview_slot_removed", "success")
            return redirect(_schedule_url(recruitment_id))
        recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
        slot = interviews.slot_in(db.session, recruitment_id, slot_id)
    holder = interviews.holder_of(db.session, slot.id)
    return render_template("panels/interviews/slot_remove.html", recruitment=recruitment,
                           slot=slot, booked=holder is not None, form=form), _status(), PRIVATE


@bp.route("/<int:recruitment_id>/panel/interviews/invite", methods=["GET", "POST"])
@login_required
def interview_invite(recruitment_id: int):
    """Invite the people the panel shortlisted for interview (R-MT1: 14 days' notice)."""
    recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
    people = interviews.invitable(db.session, recruitment_id)
    form = InviteForm()
    form.applications.choices = choices(*[(str(a.id), a.contact.get("name", a.reference))
                                          for a in people])
    if form.validate_on_submit():
        ids = [i for i in (to_id(v) for v in form.applications.data or []) if i is not None]
        ok, sent = form.attempt(lambda: interviews.invite(
            db.session, current_user, recruitment_id, ids, form.short_notice_reason.data,
            _link_for))
        if ok:
            flash("interviews_invited", "success")
            return redirect(_schedule_url(recruitment_id))
        recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
        people = interviews.invitable(db.session, recruitment_id)
    now = utcnow()
    free = interviews.free_slots(db.session, recruitment_id, now)
    return render_template(
        "panels/interviews/invite.html", recruitment=recruitment, form=form, people=people,
        free=free, short_notice=interviews.needs_reason(free, now)), _status(), PRIVATE


@bp.route("/<int:recruitment_id>/panel/interviews/<int:interview_id>/offer",
          methods=["GET", "POST"])
@login_required
def interview_offer(recruitment_id: int, interview_id: int):
    """Answer a request for another time, or move a booked interview: they get a new link to
    the times now free (add the time they asked for first)."""
    recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
    interview, application = interviews.interview_in(db.session, recruitment_id, interview_id)
    form = OfferForm()
    if form.validate_on_submit():
        ok, _done = form.attempt(lambda: interviews.offer_again(
            db.session, current_user, recruitment_id, interview_id,
            form.short_notice_reason.data, form.note.data, _link_for))
        if ok:
            flash("interview_times_offered", "success")
            return redirect(_schedule_url(recruitment_id))
        recruitment = interviews.ensure_organiser(db.session, current_user, recruitment_id)
        interview, application = interviews.interview_in(db.session, recruitment_id,
                                                         interview_id)
    now = utcnow()
    free = interviews.free_slots(db.session, recruitment_id, now)
    held = (interviews.slot_in(db.session, recruitment_id, interview.slot_id)
            if interview.slot_id is not None else None)
    return render_template(
        "panels/interviews/offer.html", recruitment=recruitment, form=form,
        interview=interview, application=application, free=free, held=held,
        short_notice=interviews.needs_reason(free, now), statuses=InterviewStatus
    ), _status(), PRIVATE


# ---- the applicant's page --------------------------------------------------------------------

@bp.route("/interview/<token>", methods=["GET", "POST"])
def interview_choice(token: str):
    """Choose a time, ask for another, or say no thank you (R-MT1). Reached by the applicant's
    own link; an unknown link is not found, for everyone."""
    found = interviews.by_token(db.session, token)
    choose_form = ChooseForm(prefix="choose")
    other_form = OtherTimeForm(prefix="other")
    decline_form = ButtonForm(prefix="decline")
    free = interviews.free_slots(db.session, found.application.recruitment_id)
    choose_form.slot.choices = choices(*[(str(s.id), "") for s in free])
    which = request.form.get("which")
    failed = None
    if request.method == "POST":
        actions = {
            "choose": (choose_form, lambda: interviews.choose(
                db.session, token, to_id(choose_form.slot.data)), "interview_chosen"),
            "other": (other_form, lambda: interviews.ask_other_time(
                db.session, token, other_form.request.data), "interview_other_time"),
            "decline": (decline_form, lambda: interviews.decline(db.session, token),
                        "interview_declined"),
        }
        if which not in actions:
            abort(400)  # only the page's own three buttons post here
        form, action, done = actions[which]
        if form.validate() and form.attempt(action)[0]:
            flash(done, "success")
            return redirect(request.path), 303, SECRET_PAGE
        failed = form
        found = interviews.by_token(db.session, token)
        free = interviews.free_slots(db.session, found.application.recruitment_id)
        choose_form.slot.choices = choices(*[(str(s.id), "") for s in free])
    return render_template(
        "panels/interviews/choose.html", found=found, free=free, form=failed,
        choose_form=choose_form, other_form=other_form, decline_form=decline_form,
        is_open=interviews.is_open(found), statuses=InterviewStatus,
        title=interviews.role_title(found.recruitment, current_lang()),
        wants_questions=found.interview.questions_wanted), _status(), SECRET_PAGE


# ---- the sweep -------------------------------------------------------------------------------

@bp.cli.command("send-due")
def send_due_command():
    """Send interview questions in advance and 2-day reminders that are due (R-MT1)."""
    counts = interviews.send_due(db.session)
    db.session.commit()
    click.echo(f"{counts['questions']} question message(s), {counts['reminders']} reminder(s).")
