"""Moderation and the panel's decisions, at shortlisting and at interview (R-SEL3, R-SEL4,
R-SEL5, R-LG1, R-TM1).

- **Moderation** shows, per application and anonymised (`core.label`), the weighted total
  (the sum over criteria of the mean points times the weight, also as a share of the
  maximum) and every member's points and reasons, but only once every panel member without a
  conflict has submitted their sheet for it; until then only how many are still to submit.
  A spread of `core.DISAGREEMENT_SPREAD` points or more on a criterion is flagged. A member
  never sees an application they declared a conflict with. The page reads in a constant
  number of statements, whatever the number of applications.
- **A decision** per application and stage (the outcomes of `core.OUTCOMES_AT`) has a reason,
  is recorded by a panel member, and is made by the members present who agree: at least two,
  lived-experience members more than half of them, so that staff and advisers never decide
  alone (R-SEL5, R-LG1). It can be recorded only once everyone without a conflict has
  submitted. Changing it needs a new reason and is audited with what it was before. The
  recruitment's row is locked while deciding, so a double submit records one decision and
  appointments never exceed the vacancies of a seat type.
- **Appointing** (R-TM1): an interview decision to appoint creates one Appointment on the board
  for the applicant, with the term of the published role description (never below the board's
  minimum), recorded for succession planning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import mean

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit
from portal.applications.services import record
from portal.auth.services import normalise_email
from portal.boards import SEAT_NAMES, add_months, minimum_term_months
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import (
    Application,
    Appointment,
    Board,
    PanelDecision,
    PanelMember,
    PanelScheme,
    Person,
    Recruitment,
    RoleDescriptionVersion,
    RoleGrant,
)
from portal.models.base import today_in_wales, utcnow
from portal.models.enums import (
    AppointmentStatus,
    ContactChannel,
    Language,
    PanelOutcome,
    PanelStage,
    Role,
    SeatType,
)
from portal.panels import core, scoring

REASON_MAX = 2000
APPOINTING = (PanelOutcome.APPOINT, PanelOutcome.APPOINT_DEPUTY)
STAGES = {stage.value: stage for stage in PanelStage}


def stage_from(text: str) -> PanelStage:
    """The stage named in a web address, else NotFound."""
    stage = STAGES.get(text)
    if stage is None:
        raise NotFound()
    return stage


def top_points(scheme: PanelScheme) -> int:
    return max((int(point.get("points", 0)) for point in scheme.scale or []), default=0)


def item_name(item: dict, lang: str) -> str:
    return (item.get(lang) or item.get("cy" if lang == "en" else "en") or item.get("key", ""))


# ---- reading, in bulk -----------------------------------------------------------------------

def decisions_at(session: Session, recruitment_id: int, stage: PanelStage
                 ) -> dict[int, PanelDecision]:
    return {d.application_id: d for d in session.scalars(sa.select(PanelDecision).where(
        PanelDecision.recruitment_id == recruitment_id, PanelDecision.stage == stage))}


# ---- moderation -----------------------------------------------------------------------------

@dataclass
class Mark:
    member: str
    points: int
    reason: str


@dataclass
class CriterionRow:
    key: str
    name: str
    weight: int
    marks: list[Mark] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return mean(m.points for m in self.marks) if self.marks else 0.0

    @property
    def spread(self) -> int:
        points = [m.points for m in self.marks]
        return max(points) - min(points) if points else 0

    @property
    def disagreement(self) -> bool:
        return self.spread >= core.DISAGREEMENT_SPREAD


@dataclass
class ModerationRow:
    application_id: int
    label: str
    needed: int  # panel members without a conflict with it
    submitted: int
    criteria: list[CriterionRow] = field(default_factory=list)  # only once complete
    maximum: int = 0
    decision: PanelDecision | None = None

    @property
    def complete(self) -> bool:
        return self.needed > 0 and self.submitted >= self.needed

    @property
    def waiting(self) -> int:
        return max(self.needed - self.submitted, 0)

    @property
    def total(self) -> float:
        return sum(c.mean * c.weight for c in self.criteria)

    @property
    def share(self) -> int:
        return round(100 * self.total / self.maximum) if self.maximum else 0

    @property
    def disagreements(self) -> int:
        return sum(1 for c in self.criteria if c.disagreement)


@dataclass
class Moderation:
    seat: core.Seat
    stage: PanelStage
    members: list[PanelMember]
    rows: list[ModerationRow]
    hidden: int  # applications hidden from this viewer because of their conflicts

    @property
    def complete(self) -> int:
        return sum(1 for row in self.rows if row.complete)


def _rows(session: Session, recruitment_id: int, scheme: PanelScheme, stage: PanelStage,
          applications: list[Application], members: list[PanelMember],
          conflicts: set[tuple[int, int]], lang: str) -> list[ModerationRow]:
    items = scoring.items(scheme, stage)
    maximum = top_points(scheme) * sum(int(i.get("weight", 1)) for i in items)
    if len(applications) == 1:
        only = applications[0].id
        sheets = {only: scoring.sheets_for(session, only, stage)}
    else:
        sheets = scoring.submitted_sheets(session, recruitment_id, stage)
    decisions = decisions_at(session, recruitment_id, stage)
    member_ids = [m.id for m in members]
    names = {m.id: m.person.full_name for m in members}
    rows = []
    for application in applications:
        # Who must submit: the rule in core (every member without a conflict).
        unconflicted = set(core.must_submit(member_ids, conflicts, application.id))
        done = [s for s in sheets.get(application.id, []) if s.member.id in unconflicted]
        row = ModerationRow(application.id, core.label(application.id), len(unconflicted),
                            len(done), maximum=maximum,
                            decision=decisions.get(application.id))
        if row.complete:
            by_key = {i["key"]: CriterionRow(i["key"], item_name(i, lang),
                                             int(i.get("weight", 1))) for i in items}
            for sheet in done:
                for score in sheet.scores.values():
                    if score.criterion in by_key:
                        by_key[score.criterion].marks.append(
                            Mark(names.get(sheet.member.id, ""), score.points, score.reason))
            row.criteria = list(by_key.values())
        rows.append(row)
    return rows


def moderation(session: Session, actor: Person, recruitment_id: int, stage: PanelStage,
               lang: str) -> Moderation:
    """The moderation page of a stage for a ready panel member (R-SEL3, R-SEL4): their
    conflicted applications are left out. Raises Forbidden or core.NotReady."""
    seat = core.ensure_ready(session, actor, recruitment_id)
    members = core.scoring_members(session, recruitment_id, seat.scheme)
    conflicts = core.conflicted_pairs(session, [m.id for m in members])
    applications = list(session.scalars(scoring.stage_applications(recruitment_id, stage)))
    mine = {a for m, a in conflicts if m == seat.member.id}
    visible = [a for a in applications if a.id not in mine]
    rows = _rows(session, recruitment_id, seat.scheme, stage, visible, members, conflicts, lang)
    return Moderation(seat, stage, members, rows, hidden=len(applications) - len(visible))


@dataclass
class OneApplication:
    seat: core.Seat
    stage: PanelStage
    application: Application
    row: ModerationRow
    members: list[PanelMember]  # who may make the decision: without a conflict with it
    lived: set[int]


def one_application(session: Session, actor: Person, recruitment_id: int, stage: PanelStage,
                    application_id: int, lang: str) -> OneApplication:
    """One application's moderation and who may decide on it. Raises Forbidden (conflicted,
    not on the panel), NotFound (not at this stage), core.NotReady or core.MustDeclare."""
    seat, application = core.ensure_may_open(session, actor, recruitment_id, application_id)
    if session.scalar(scoring.stage_applications(recruitment_id, stage)
                      .where(Application.id == application_id)) is None:
        raise NotFound()
    members = core.scoring_members(session, recruitment_id, seat.scheme)
    conflicts = core.conflicted_pairs(session, [m.id for m in members])
    row = _rows(session, recruitment_id, seat.scheme, stage, [application], members,
                conflicts, lang)[0]
    deciders = [m for m in members if (m.id, application.id) not in conflicts]
    return OneApplication(seat, stage, application, row, deciders,
                          core.lived_experience_ids(session, recruitment_id))


# ---- deciding -------------------------------------------------------------------------------

def seat_choices(recruitment: Recruitment) -> list[str]:
    """The seat types the recruitment has vacancies for (R-BD1, R-BD2)."""
    return recruitment.seat_types()


def vacancies(recruitment: Recruitment, seat_type: str) -> int:
    return {"service_user": recruitment.service_user_vacancies,
            "carer": recruitment.carer_vacancies,
            "deputy": recruitment.deputy_vacancies}.get(seat_type, 0)


def _check_made_by(made_by, deciders: list[PanelMember], lived: set[int]) -> list[int]:
    """At least two members without a conflict, lived-experience members more than half of
    them: never a staff member or adviser alone (R-SEL5, R-LG1)."""
    allowed = {m.person_id for m in deciders}
    chosen = set()
    for value in made_by or []:
        try:
            person_id = int(value)
        except (TypeError, ValueError):
            person_id = None
        if person_id not in allowed:
            raise DomainError(_l("Choose the panel members who made the decision from the "
                                 "list"), field="made_by")
        chosen.add(person_id)
    if len(chosen) < 2:
        raise DomainError(_l("Choose at least 2 panel members who made this decision "
                             "together. Nobody decides alone."), field="made_by")
    if 2 * len(chosen & lived) <= len(chosen):
        raise DomainError(_l("Members with lived experience must be more than half of those "
                             "making the decision. Staff and advisers never decide alone."),
                          field="made_by")
    return sorted(chosen)


def record_decision(session: Session, actor: Person, recruitment_id: int, stage: PanelStage,
                    application_id: int, data: dict) -> PanelDecision:
    """Record (or change) the panel's decision on one application at one stage (R-SEL5,
    R-LG1, R-TM1). `data`: outcome, seat_type, reason, made_by (person ids).

    Refused (DomainError) until every member without a conflict has submitted, for an
    outcome of another stage, without a reason, when made by fewer than two members or
    without a lived-experience majority, when appointing beyond the vacancies of a seat type,
    when changing without a new reason, and once the applicant has been told. A repeat of
    the same decision (a double submit) changes nothing. Raises Forbidden, NotFound, NotReady
    or MustDeclare from the panel checks."""
    view = one_application(session, actor, recruitment_id, stage, application_id, "en")
    # One decision at a time per recruitment: a double submit waits here, then finds the
    # first one's decision; two appointments cannot both take the last vacancy.
    recruitment = session.scalar(sa.select(Recruitment).where(Recruitment.id == recruitment_id)
                                 .with_for_update().execution_options(populate_existing=True))
    if not view.row.complete:
        raise DomainError(_("Every panel member without a conflict must submit their scores "
                            "for this applicant before the panel decides. Waiting for "
                            "%(n)s.", n=view.row.waiting))
    problems = []
    try:
        outcome = PanelOutcome(data.get("outcome") or "")
    except ValueError:
        outcome = None
    if outcome not in core.OUTCOMES_AT[stage]:
        problems.append(("outcome", _l("Choose the panel's decision")))
        outcome = None
    seat_type = None
    if outcome == PanelOutcome.APPOINT:
        seat_type = data.get("seat_type") or ""
        if seat_type not in seat_choices(recruitment):
            problems.append(("seat_type", _l("Choose the seat they are appointed to")))
            seat_type = None
    elif outcome == PanelOutcome.APPOINT_DEPUTY:
        seat_type = SeatType.DEPUTY.value
    reason = (data.get("reason") or "").strip()
    if not reason:
        problems.append(("reason", _l("Give the reason for the decision")))
    elif len(reason) > REASON_MAX:
        problems.append(("reason", _l("Keep this to 2000 characters or fewer")))
    try:
        made_by = _check_made_by(data.get("made_by"), view.members, view.lived)
    except DomainError as exc:
        problems.append((exc.field, exc.message))
        made_by = []
    if problems:
        raise ValidationFailed(problems)

    decision = session.scalar(sa.select(PanelDecision).where(
        PanelDecision.application_id == application_id, PanelDecision.stage == stage)
        .with_for_update().execution_options(populate_existing=True))
    before = None
    if decision is not None:
        if (decision.outcome, decision.seat_type, sorted(decision.made_by_ids or []),
                decision.reason) == (outcome, seat_type, made_by, reason):
            return decision  # the same decision again: a double submit
        if decision.told_at is not None:
            raise DomainError(_l("The applicant has already been told this decision, so it "
                                 "can no longer be changed here."))
        if reason == decision.reason:
            raise DomainError(_l("Give the reason for changing the decision"), field="reason")
        before = {"outcome": decision.outcome.value, "seat_type": decision.seat_type,
                  "made_by": decision.made_by_ids, "reason": decision.reason}
    if outcome in APPOINTING:
        _ensure_vacancy(session, recruitment, application_id, seat_type)
    if decision is None:
        decision = PanelDecision(recruitment_id=recruitment_id, application_id=application_id,
                                 stage=stage, outcome=outcome, reason=reason)
        session.add(decision)
    decision.outcome, decision.seat_type, decision.reason = outcome, seat_type, reason
    decision.made_by_ids = made_by
    decision.recorded_by_id = actor.id
    decision.decided_at = utcnow()
    session.flush()
    application = view.application
    after = {"outcome": outcome.value, "seat_type": seat_type, "made_by": made_by,
             "reason": reason}
    if before is None:
        audit.record(session, actor, "panel_decision_recorded", decision, reason=reason,
                     recruitment_id=recruitment_id, application_id=application_id,
                     stage=stage.value, after=after)
        if stage == PanelStage.SHORTLIST:
            record(session, application, "shortlist_decided", actor)
        else:
            record(session, application, "interview_decided", actor)
    else:
        audit.record(session, actor, "panel_decision_changed", decision, reason=reason,
                     recruitment_id=recruitment_id, application_id=application_id,
                     stage=stage.value, before=before, after=after)
        record(session, application, "decision_changed", actor)
    if stage == PanelStage.INTERVIEW:
        _follow_appointment(session, actor, recruitment, application, decision)
    session.flush()
    return decision


def _ensure_vacancy(session: Session, recruitment: Recruitment, application_id: int,
                    seat_type: str) -> None:
    """Never more appointments of a seat type than the recruitment's vacancies (the caller
    holds the recruitment's row lock)."""
    taken = session.scalar(sa.select(sa.func.count(PanelDecision.id)).where(
        PanelDecision.recruitment_id == recruitment.id,
        PanelDecision.stage == PanelStage.INTERVIEW,
        PanelDecision.outcome.in_(APPOINTING),
        PanelDecision.seat_type == seat_type,
        PanelDecision.application_id != application_id)) or 0
    available = vacancies(recruitment, seat_type)
    if taken >= available:
        singular, plural = SEAT_NAMES[SeatType(seat_type)]
        raise DomainError(_(
            "This recruitment has %(n)s %(seats)s vacancies and the panel has already "
            "appointed %(taken)s. Change one of those decisions first, or choose another "
            "outcome.", n=available, seats=plural, taken=taken), field="outcome")


# ---- appointing (R-TM1) ---------------------------------------------------------------------

def split_name(name: str) -> tuple[str, str]:
    """"Nia Rees" → ("Nia", "Rees"); "Nia ap Rhys Jones" → ("Nia", "ap Rhys Jones"); one word
    is a given name."""
    parts = (name or "").split()
    if not parts:
        return "", ""
    return parts[0][:100], " ".join(parts[1:])[:100]


def _person_for(session: Session, application: Application) -> Person:
    """The applicant's own account, else a new person made from their contact details. An
    email address that already belongs to someone else is never used to attach their account
    (it stays on the application)."""
    if application.person_id is not None:
        return session.get(Person, application.person_id)
    contact = application.contact or {}
    given, family = split_name(contact.get("name", ""))
    email = normalise_email(contact["email"]) if contact.get("email") else None
    if email is not None:
        existing = session.scalar(sa.select(Person).where(Person.email == email))
        if existing is not None:
            if (existing.given_name.casefold(), existing.family_name.casefold()) == (
                    given.casefold(), family.casefold()):
                return existing
            email = None
    try:
        channel = ContactChannel(contact.get("channel") or "email")
    except ValueError:
        channel = ContactChannel.EMAIL
    if channel == ContactChannel.EMAIL and email is None:
        channel = ContactChannel.POST if contact.get("postal_address") else ContactChannel.PHONE
    person = Person(given_name=given or "—", family_name=family, email=email,
                    phone=contact.get("phone"), postal_address=contact.get("postal_address"),
                    preferred_language=Language(application.language),
                    contact_channel=channel, preferences_recorded_at=utcnow())
    session.add(person)
    session.flush()
    return person


def _term(session: Session, recruitment: Recruitment, board: Board) -> tuple[int, int]:
    """The published role's term, never below the board's minimum (R-TM1, R-TM2): the
    board's meetings may have changed since the role was published. Returns (term, the
    role's own term)."""
    published = session.get(RoleDescriptionVersion, recruitment.published_version_id) \
        if recruitment.published_version_id else None
    minimum = minimum_term_months(board.meetings_per_year)
    own = published.term_months if published is not None else minimum
    return max(own, minimum), own


def start_date(recruitment: Recruitment) -> date:
    today = today_in_wales()
    target = recruitment.target_start_date
    return target if target is not None and target >= today else today


def _follow_appointment(session: Session, actor: Person, recruitment: Recruitment,
                        application: Application, decision: PanelDecision) -> None:
    """Create, change or cancel the Appointment that follows an interview decision."""
    appointment = session.scalar(sa.select(Appointment).where(
        Appointment.application_id == application.id).with_for_update()
        .execution_options(populate_existing=True))
    if decision.outcome not in APPOINTING:
        if appointment is not None:
            audit.record(session, actor, "appointment_cancelled", appointment,
                         reason=decision.reason, recruitment_id=recruitment.id,
                         application_id=application.id, board_id=appointment.board_id,
                         seat_type=appointment.seat_type.value)
            session.delete(appointment)
        return
    seat_type = SeatType(decision.seat_type)
    if appointment is not None:
        if appointment.seat_type != seat_type:
            audit.record(session, actor, "appointment_changed", appointment,
                         reason=decision.reason, recruitment_id=recruitment.id,
                         application_id=application.id,
                         before={"seat_type": appointment.seat_type.value},
                         after={"seat_type": seat_type.value})
            appointment.seat_type = seat_type
        return
    board = session.get(Board, recruitment.board_id)
    term, own = _term(session, recruitment, board)
    person = _person_for(session, application)
    start = start_date(recruitment)
    appointment = Appointment(
        person_id=person.id, board_id=board.id, seat_type=seat_type, start_date=start,
        term_months=term, term_number=1, end_date=add_months(start, term),
        status=AppointmentStatus.ACTIVE, recorded_by_id=actor.id,
        recruitment_id=recruitment.id, application_id=application.id)
    session.add(appointment)
    if not session.scalar(sa.select(sa.exists().where(
            RoleGrant.person_id == person.id, RoleGrant.role == Role.REPRESENTATIVE,
            RoleGrant.board_id == board.id))):
        session.add(RoleGrant(person_id=person.id, role=Role.REPRESENTATIVE,
                              organisation_id=board.organisation_id, board_id=board.id,
                              granted_by_id=actor.id))
    session.flush()
    # Handed over to succession planning (issue 6): it starts from this record.
    audit.record(session, actor, "appointed", appointment, reason=decision.reason,
                 recruitment_id=recruitment.id, application_id=application.id,
                 decision_id=decision.id, board_id=board.id, seat_type=seat_type.value,
                 start=start.isoformat(), term_months=term, role_term_months=own,
                 made_by=decision.made_by_ids)
