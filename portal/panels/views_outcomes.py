"""Sending outcomes to applicants and the group's audit trail (R-SEL5, R-AC2)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.boards import SEAT_NAMES
from portal.extensions import db
from portal.models.enums import SeatType
from portal.panels import bp, moderation, outcomes
from portal.panels.forms_moderation import SendOutcomesForm
from portal.panels.views_moderation import PRIVATE, STAGE, panel_page, recruitment_title


def _outcomes_page(recruitment_id: int, stage: str, form=None, status: int = 200):
    panel_stage = moderation.stage_from(stage)
    loaded, refused = panel_page(lambda: outcomes.outcome_rows(
        db.session, current_user, recruitment_id, panel_stage))
    if refused:
        return refused
    seat, rows = loaded
    waiting = sum(1 for row in rows if row.decision.told_at is None and not row.withdrawn)
    return render_template("panels/moderation/outcomes.html", seat=seat, rows=rows,
                           waiting=waiting, form=form or SendOutcomesForm(),
                           recruitment_id=recruitment_id, stage=stage,
                           stage_words=outcomes.STAGE_WORDS[panel_stage],
                           title=recruitment_title(recruitment_id),
                           outcome_words=outcomes.OUTCOME_WORDS, seat_names=SEAT_NAMES,
                           seat_type=SeatType), status, PRIVATE


@bp.get(f"/<int:recruitment_id>/panel/outcomes/{STAGE}")
@login_required
def outcomes_page(recruitment_id: int, stage: str):
    return _outcomes_page(recruitment_id, stage)


@bp.post(f"/<int:recruitment_id>/panel/outcomes/{STAGE}")
@login_required
def send_outcomes(recruitment_id: int, stage: str):
    panel_stage = moderation.stage_from(stage)
    form = SendOutcomesForm()
    if form.validate_on_submit():
        sent, refused = panel_page(lambda: form.attempt(lambda: outcomes.send_outcomes(
            db.session, current_user, recruitment_id, panel_stage)))
        if refused:
            return refused
        ok, count = sent
        if ok:
            flash("panel_outcomes_sent" if count else "panel_outcomes_none", "success")
            return redirect(url_for("panels.outcomes_page", recruitment_id=recruitment_id,
                                    stage=stage))
    return _outcomes_page(recruitment_id, stage, form=form, status=400)


@bp.get("/<int:recruitment_id>/panel/audit")
@login_required
def audit(recruitment_id: int):
    rows = outcomes.audit_trail(db.session, current_user, recruitment_id)
    return render_template("panels/moderation/audit.html", rows=rows,
                           recruitment_id=recruitment_id,
                           title=recruitment_title(recruitment_id)), 200, PRIVATE
