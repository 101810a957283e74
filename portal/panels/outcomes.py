"""Telling applicants the panel's decisions, and the group's audit trail (R-SEL5, R-AC2,
R-AC3, R-AC4).

- **Outcomes**: the chair sends them once the panel has decided. Each decided application
  gets one message, once (`PanelDecision.told_at`, outbox key `panel-outcome:{decision id}`),
  in the applicant's language and by their channel (`applications.events.acknowledge`:
  email, or a letter or call waiting for an engagement worker). The words differ for each
  outcome; every message gives kind, plain feedback per criterion as a band (never points),
  offers a debrief conversation with a representative, other ways to get involved and the
  keep-me-informed page. The bands are fixed into `PanelDecision.feedback` when sent.
- **The timeline**: each outcome sent is a step on the applicant's timeline (my
  applications), in words that say what was decided.
- **The audit trail** of the recruitment's panel is shown to its accepted group members and
  panel members: who did what, when and why. It never shows scores, details or equality
  data, and a member does not see the entries about applications they are conflicted with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import mean

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit
from portal.applications.events import acknowledge
from portal.applications.services import record
from portal.errors import Forbidden
from portal.models import (
    Application,
    Appointment,
    AuditEvent,
    Board,
    ConflictDeclaration,
    GroupMember,
    PanelDecision,
    PanelScheme,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, MemberStatus, PanelOutcome, PanelStage
from portal.panels import core
from portal.panels.moderation import APPOINTING, item_name, top_points
from portal.panels.scoring import items, sheets_for

# The message (and the timeline step) for each outcome.
TEMPLATES = {
    PanelOutcome.INTERVIEW: "panel_outcome_interview",
    PanelOutcome.INFORMAL_CHAT: "panel_outcome_informal_chat",
    PanelOutcome.RESERVE: "panel_outcome_reserve",
    PanelOutcome.NOT_THIS_TIME: "panel_outcome_not_this_time",
    PanelOutcome.APPOINT: "panel_outcome_appoint",
    PanelOutcome.APPOINT_DEPUTY: "panel_outcome_appoint_deputy",
    PanelOutcome.NOT_APPOINTED: "panel_outcome_not_appointed",
}
TOLD_STEPS = {
    PanelOutcome.INTERVIEW: "told_interview",
    PanelOutcome.INFORMAL_CHAT: "told_informal_chat",
    PanelOutcome.RESERVE: "told_reserve",
    PanelOutcome.NOT_THIS_TIME: "told_not_this_time",
    PanelOutcome.APPOINT: "told_appointed",
    PanelOutcome.APPOINT_DEPUTY: "told_deputy",
    PanelOutcome.NOT_APPOINTED: "told_not_appointed",
}

# Bands of the mean points as a share of the top of the scale: plain words, never numbers.
BANDS = (("strong", 0.75), ("good", 0.5), ("some", 0.25), ("not_yet", 0.0))
BAND_WORDS = {
    "strong": _l("Strong evidence"),
    "good": _l("Good evidence"),
    "some": _l("Some evidence"),
    "not_yet": _l("Not yet shown"),
}


def band(points: list[int], top: int) -> str:
    if not points or top <= 0:
        return "not_yet"
    share = mean(points) / top
    return next(name for name, floor in BANDS if share >= floor)


def feedback_for(session: Session, recruitment_id: int, scheme: PanelScheme,
                 stage: PanelStage, application_id: int) -> dict:
    """The band of each criterion (or question) from the submitted sheets, with its name in
    both languages, as kept in PanelDecision.feedback."""
    points: dict[str, list[int]] = {}
    for sheet in sheets_for(session, application_id, stage):
        for score in sheet.scores.values():
            points.setdefault(score.criterion, []).append(score.points)
    top = top_points(scheme)
    return {"stage": stage.value, "criteria": [
        {"key": item["key"], "en": item_name(item, "en"), "cy": item_name(item, "cy"),
         "band": band(points.get(item["key"], []), top)} for item in items(scheme, stage)]}


def _link(endpoint: str, **values) -> str:
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


@dataclass
class OutcomeRow:
    label: str
    decision: PanelDecision
    withdrawn: bool


def outcome_rows(session: Session, actor: Person, recruitment_id: int, stage: PanelStage
                 ) -> tuple[core.Seat, list[OutcomeRow]]:
    """The decisions of a stage and whether each applicant has been told, for a ready panel
    member (their conflicted applications left out). Constant statements."""
    seat = core.ensure_ready(session, actor, recruitment_id)
    mine = set(session.scalars(sa.select(ConflictDeclaration.application_id).where(
        ConflictDeclaration.member_id == seat.member.id,
        ConflictDeclaration.conflicted.is_(True))))
    rows = []
    for decision, status in session.execute(
            sa.select(PanelDecision, Application.status)
            .join(Application, Application.id == PanelDecision.application_id)
            .where(PanelDecision.recruitment_id == recruitment_id, PanelDecision.stage == stage)
            .order_by(PanelDecision.application_id)):
        if decision.application_id in mine:
            continue
        rows.append(OutcomeRow(core.label(decision.application_id), decision,
                               status == ApplicationStatus.WITHDRAWN))
    return seat, rows


def send_outcomes(session: Session, actor: Person, recruitment_id: int,
                  stage: PanelStage) -> int:
    """The chair sends every decided, untold outcome of a stage (R-SEL5, R-AC2): each once,
    even when two sends overlap (the untold decisions are locked, and the outbox key is
    unique). Withdrawn applicants are not written to. Returns how many were sent. Raises
    Forbidden for anyone but the chair, core.NotReady."""
    seat = core.ensure_ready(session, actor, recruitment_id)
    if not seat.is_chair:
        raise Forbidden(_l("Only the chair of the panel sends the outcomes."))
    decisions = list(session.scalars(
        sa.select(PanelDecision).where(PanelDecision.recruitment_id == recruitment_id,
                                       PanelDecision.stage == stage,
                                       PanelDecision.told_at.is_(None))
        .order_by(PanelDecision.id).with_for_update()
        .execution_options(populate_existing=True)))
    if not decisions:
        return 0
    applications = {a.id: a for a in session.scalars(sa.select(Application).where(
        Application.id.in_([d.application_id for d in decisions])))}
    appointments = {a.application_id: a for a in session.scalars(sa.select(Appointment).where(
        Appointment.application_id.in_(list(applications))))}
    recruitment = session.get(Recruitment, recruitment_id)
    organisation_id = session.scalar(sa.select(Board.organisation_id).where(
        Board.id == recruitment.board_id))
    sent = 0
    for decision in decisions:
        application = applications[decision.application_id]
        if application.status == ApplicationStatus.WITHDRAWN or not (
                application.contact or {}).get("channel"):
            continue
        decision.feedback = feedback_for(session, recruitment_id, seat.scheme, stage,
                                         application.id)
        decision.told_at = utcnow()
        lang = application.language.value
        term = {}
        appointment = appointments.get(application.id)
        if decision.outcome in APPOINTING and appointment is not None:
            term = {"start_date": appointment.start_date.isoformat(),
                    "term_months": appointment.term_months}
        acknowledge(session, application, recruitment, f"panel-outcome:{decision.id}",
                    TEMPLATES[decision.outcome], organisation_id, {
                        "outcome": decision.outcome.value, "stage": stage.value,
                        "seat_type": decision.seat_type,
                        "feedback": [{"name": c[lang], "band": c["band"]}
                                     for c in decision.feedback["criteria"]],
                        "keep_informed_url": _link("public.keep_me_informed", lang=lang),
                        "roles_url": _link("public.roles", lang=lang), **term})
        step = TOLD_STEPS[decision.outcome]
        record(session, application, step, actor, stage=stage.value)
        audit.record(session, actor, "panel_outcome_sent", decision,
                     recruitment_id=recruitment_id, application_id=application.id,
                     stage=stage.value, outcome=decision.outcome.value,
                     channel=application.contact.get("channel"))
        sent += 1
    session.flush()
    return sent


# ---- the group's audit trail ----------------------------------------------------------------

# The panel's objects whose events the group sees (never a score, nor an expense claim).
TRAIL_OBJECTS = ("panelscheme", "panelschemeapproval", "panelmember", "conflictdeclaration",
                 "scoresheet", "paneldecision", "appointment", "interviewslot", "interview")
ACTION_WORDS = {
    "panel_decision_recorded": _l("Decision recorded"),
    "panel_decision_changed": _l("Decision changed"),
    "panel_outcome_sent": _l("Outcome sent to the applicant"),
    "appointed": _l("Appointment made"),
    "appointment_changed": _l("Appointment changed"),
    "appointment_cancelled": _l("Appointment cancelled"),
    # The other journeys' actions: every audit.record of portal/panels and portal/expenses
    # has words here (tests/panels/test_outcomes.py checks it).
    "panel_person_added": _l("Someone new added to the panel"),
    "panel_scheme_drafted": _l("New version of the scheme drafted"),
    "panel_scheme_approved": _l("A group member approved a version of the scheme"),
    "panel_scheme_changes_asked": _l("Changes to the scheme asked for"),
    "panel_scheme_in_force": _l("Scheme agreed and in force"),
    "panel_scheme_changed_after_scoring": _l("Scheme changed after scoring started"),
    "panel_training_offered": _l("Training session offered"),
    "panel_training_confirmed": _l("Training or panel experience confirmed"),
    "panel_training_recorded": _l("Attendance at the training recorded"),
    "panel_confidentiality_confirmed": _l("Confidentiality agreement confirmed"),
    "conflict_declared": _l("Conflict declared"),
    "no_conflict_declared": _l("Declared no conflict of interest"),
    "score_sheet_submitted": _l("Scores submitted"),
    "interview_slot_added": _l("Interview time added"),
    "interview_slot_changed": _l("Interview time changed"),
    "interview_slot_removed": _l("Interview time removed"),
    "interview_invited": _l("Interview invitation sent"),
    "interview_times_offered": _l("Other interview times offered"),
    "payment_chosen": _l("Chose a fee or to volunteer"),
    "expense_claimed": _l("Expenses claimed"),
    "expense_approved": _l("Expenses claim approved"),
    "expense_returned": _l("Expenses claim returned"),
    "budget_holder_named": _l("Budget holder named"),
    "expenses_exported": _l("Approved claims exported for finance"),
}
# A claim is the claimant's own business: the trail says that it happened, never why.
PRIVATE_REASONS = frozenset({"expenseclaim"})
OUTCOME_WORDS = {
    PanelOutcome.INTERVIEW: _l("Invite to interview"),
    PanelOutcome.INFORMAL_CHAT: _l("Invite to an informal chat"),
    PanelOutcome.RESERVE: _l("Reserve list"),
    PanelOutcome.NOT_THIS_TIME: _l("Not this time"),
    PanelOutcome.APPOINT: _l("Appoint"),
    PanelOutcome.APPOINT_DEPUTY: _l("Appoint as deputy"),
    PanelOutcome.NOT_APPOINTED: _l("Not appointed this time"),
}
STAGE_WORDS = {PanelStage.SHORTLIST: _l("Shortlisting"), PanelStage.INTERVIEW: _l("Interview")}


def action_words(action: str) -> str:
    words = ACTION_WORDS.get(action)
    return str(words) if words else action.replace("_", " ").capitalize()


@dataclass
class TrailRow:
    occurred_at: datetime
    who: str
    action: str
    about: str
    outcome: str
    why: str


def may_see_trail(session: Session, actor: Person | None, recruitment_id: int
                  ) -> tuple[bool, set[int]]:
    """Accepted group members and panel members see the trail (R-SEL5). Returns whether
    they may, and the applications they declared a conflict with (left out)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False, set()
    member = core.member_of(session, actor, recruitment_id)
    conflicted: set[int] = set()
    if member is not None:
        conflicted = set(session.scalars(sa.select(ConflictDeclaration.application_id).where(
            ConflictDeclaration.member_id == member.id, ConflictDeclaration.conflicted.is_(True))))
        return True, conflicted
    in_group = session.scalar(sa.select(sa.exists().where(
        GroupMember.recruitment_id == recruitment_id, GroupMember.person_id == actor.id,
        GroupMember.status == MemberStatus.ACCEPTED)))
    return bool(in_group), conflicted


def audit_trail(session: Session, actor: Person, recruitment_id: int) -> list[TrailRow]:
    """Every audit event of this recruitment's panel, oldest first, with who, when and why
    (R-SEL5); never the details (scores, contact or equality data). Raises Forbidden."""
    allowed, conflicted = may_see_trail(session, actor, recruitment_id)
    if not allowed:
        raise Forbidden()
    rows = []
    for event, given, family in session.execute(
            sa.select(AuditEvent, Person.given_name, Person.family_name)
            .outerjoin(Person, Person.id == AuditEvent.actor_id)
            .where(sa.or_(AuditEvent.object_type.in_(TRAIL_OBJECTS),
                          AuditEvent.action.in_(list(ACTION_WORDS))),
                   AuditEvent.details["recruitment_id"].as_integer() == recruitment_id)
            .order_by(AuditEvent.occurred_at, AuditEvent.id)):
        details = event.details or {}
        application_id = details.get("application_id")
        if isinstance(application_id, int) and application_id in conflicted:
            continue
        outcome = ""
        after = details.get("after") if isinstance(details.get("after"), dict) else {}
        value = details.get("outcome") or after.get("outcome")
        if value in {o.value for o in PanelOutcome}:
            outcome = str(OUTCOME_WORDS[PanelOutcome(value)])
        rows.append(TrailRow(
            occurred_at=event.occurred_at,
            who=f"{given or ''} {family or ''}".strip() or "—",
            action=action_words(event.action),
            about=core.label(application_id) if isinstance(application_id, int) else "",
            outcome=outcome,
            why="" if event.object_type in PRIVATE_REASONS else (event.reason or "")))
    return rows
