"""Moderation and decisions pages (R-SEL3, R-SEL4, R-SEL5, R-LG1, R-TM1). The services in
portal.panels.moderation decide who may see and do what; these views parse, call, redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal import publication
from portal.boards import SEAT_NAMES
from portal.errors import NotFound
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, choices
from portal.i18n import current_lang
from portal.models import Recruitment
from portal.models.enums import PanelOutcome, SeatType
from portal.panels import bp, core, moderation
from portal.panels.forms_moderation import DecisionForm
from portal.panels.outcomes import OUTCOME_WORDS, STAGE_WORDS

PRIVATE = {"Cache-Control": "no-store"}
STAGE = "<any(shortlist, interview):stage>"

FLASH_MESSAGES.update({
    "panel_decision_recorded": _l("The panel's decision has been recorded"),
    "panel_outcomes_sent": _l("The outcomes are on their way to the applicants, in their "
                              "language and the way they chose. Letters and calls are waiting "
                              "for an engagement worker."),
    "panel_outcomes_none": _l("There were no outcomes left to send"),
})


def recruitment_title(recruitment_id: int) -> str:
    try:
        return publication.title(publication.get_published(db.session, recruitment_id),
                                 current_lang())
    except NotFound:
        return ""


def not_ready_page(error):
    """A member who cannot open applications yet is told why (R-SEL6, R-SEL4), with a link to
    where they put it right: readiness, or their declarations of conflicts."""
    not_ready = isinstance(error, core.NotReady)
    recruitment_id = (request.view_args or {}).get("recruitment_id")
    link = url_for("panels.readiness" if not_ready else "panels.conflicts",
                   recruitment_id=recruitment_id) if recruitment_id else None
    return render_template("panels/moderation/not_ready.html", message=error.message,
                           link=link, not_ready=not_ready), 403, PRIVATE


def panel_page(load):
    """Run a loading service; a member who is not ready (or has not declared) gets a page
    saying what to do first, with status 403."""
    try:
        return load(), None
    except (core.NotReady, core.MustDeclare) as error:
        return None, not_ready_page(error)


@bp.get(f"/<int:recruitment_id>/panel/moderation/{STAGE}")
@login_required
def moderation_page(recruitment_id: int, stage: str):
    panel_stage = moderation.stage_from(stage)
    view, refused = panel_page(lambda: moderation.moderation(
        db.session, current_user, recruitment_id, panel_stage, current_lang()))
    if refused:
        return refused
    return render_template("panels/moderation/list.html", view=view,
                           recruitment_id=recruitment_id, stage=stage,
                           stage_words=STAGE_WORDS[panel_stage],
                           title=recruitment_title(recruitment_id),
                           outcome_words=OUTCOME_WORDS, seat_names=SEAT_NAMES,
                           seat_type=SeatType,
                           disagreement_spread=core.DISAGREEMENT_SPREAD), 200, PRIVATE


def _form_choices(form: DecisionForm, view: moderation.OneApplication,
                  recruitment: Recruitment) -> None:
    form.outcome.choices = choices(*[(o.value, OUTCOME_WORDS[o])
                                     for o in core.OUTCOMES_AT[view.stage]])
    form.seat_type.choices = choices(*[(s, SEAT_NAMES[SeatType(s)][0].capitalize())
                                       for s in moderation.seat_choices(recruitment)])
    form.made_by.choices = choices(*[(str(m.person_id), m.person.full_name)
                                     for m in view.members])


def _decision_page(recruitment_id: int, stage: str, application_id: int,
                   form: DecisionForm | None = None, status: int = 200):
    panel_stage = moderation.stage_from(stage)
    view, refused = panel_page(lambda: moderation.one_application(
        db.session, current_user, recruitment_id, panel_stage, application_id,
        current_lang()))
    if refused:
        return refused
    recruitment = db.session.get(Recruitment, recruitment_id)
    if form is None:
        form = DecisionForm()
        decision = view.row.decision
        if decision is not None:
            form.outcome.data = decision.outcome.value
            form.seat_type.data = decision.seat_type
            form.made_by.data = [str(i) for i in decision.made_by_ids or []]
    _form_choices(form, view, recruitment)
    return render_template("panels/moderation/decision.html", view=view, form=form,
                           recruitment_id=recruitment_id, stage=stage,
                           stage_words=STAGE_WORDS[panel_stage],
                           title=recruitment_title(recruitment_id),
                           outcome_words=OUTCOME_WORDS, seat_names=SEAT_NAMES,
                           seat_type=SeatType, appointing=PanelOutcome.APPOINT), status, PRIVATE


@bp.get(f"/<int:recruitment_id>/panel/moderation/{STAGE}/<int:application_id>")
@login_required
def decision(recruitment_id: int, stage: str, application_id: int):
    return _decision_page(recruitment_id, stage, application_id)


@bp.post(f"/<int:recruitment_id>/panel/moderation/{STAGE}/<int:application_id>")
@login_required
def decide(recruitment_id: int, stage: str, application_id: int):
    panel_stage = moderation.stage_from(stage)
    # The same checks as the page first: a refusal is a 403/404, never a form error.
    view, refused = panel_page(lambda: moderation.one_application(
        db.session, current_user, recruitment_id, panel_stage, application_id,
        current_lang()))
    if refused:
        return refused
    form = DecisionForm()
    recruitment = db.session.get(Recruitment, recruitment_id)
    _form_choices(form, view, recruitment)
    if form.validate_on_submit():
        data = {"outcome": form.outcome.data, "seat_type": form.seat_type.data,
                "reason": form.reason.data, "made_by": form.made_by.data}
        ok, _decision = form.attempt(lambda: moderation.record_decision(
            db.session, current_user, recruitment_id, panel_stage, application_id, data))
        if ok:
            flash("panel_decision_recorded", "success")
            return redirect(url_for("panels.moderation_page", recruitment_id=recruitment_id,
                                    stage=stage, _anchor=f"application-{application_id}"))
    return _decision_page(recruitment_id, stage, application_id, form=form, status=400)
