"""Independent, anonymised scoring, at shortlisting and at interview (R-SEL3, R-SEL4, R-SEL6).

- **Anonymised** (R-SEL3): panel pages name an application only by its pseudonymous label
  (`core.label`); they show what `documents.panel_view` lets the panel read (the applicant's
  disclosure choices respected) and the answer against each criterion, never a name, contact
  details, a reference or equality data (R-AC3: equality answers are not even linked to an
  application). A CV is shown only when the route was "cv", as an attachment named by label.
- **Independent** (R-SEL3): each member has one ScoreSheet per application and stage. Until
  they submit it, nobody else sees anything of it; once they have submitted their own, they
  see the other members' *submitted* sheets for that application, never drafts.
- **Who scores what** (R-SEL4, R-SEL6): a ready member, for the applications they declared no
  conflict with. At interview, only applications the shortlisting decided to interview.
- **Save as you go**: a score is points from the scheme's scale and a short reason; a draft is
  saved as it is; Submit needs every criterion (or question) scored with a reason, and then the
  sheet never changes. The first score saved locks the scheme in force.
- **Order** (R-SEL3 de-biasing): question by question, in the member's own random order
  (`core.member_order_key`), or application by application, as the member prefers.
- **Concurrency**: sheets are created with INSERT … ON CONFLICT DO NOTHING on their unique
  (member, application, stage) and then locked FOR UPDATE before any score changes; the
  scheme's row is always locked first, sheets in application order, so two requests never
  wait on each other in a circle.
- **Progress** (chair): counts only, never points, until moderation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, load_only

from portal import audit
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.i18n import current_lang
from portal.models import (
    Application,
    ConflictDeclaration,
    PanelDecision,
    PanelMember,
    PanelScheme,
    Person,
    Score,
    ScoreSheet,
)
from portal.models.base import utcnow
from portal.models.enums import PanelOutcome, PanelStage
from portal.panels import core
from portal.panels import scheme as scheme_service

BY_QUESTION, BY_APPLICATION = "by_question", "by_application"
MODES = (BY_QUESTION, BY_APPLICATION)
REASON_MAX = 1000
STAGES = {"shortlist": PanelStage.SHORTLIST, "interview": PanelStage.INTERVIEW}


# ---- the scheme's words ---------------------------------------------------------------------

def items(scheme: PanelScheme, stage: PanelStage) -> list[dict]:
    """What is scored at this stage: the criteria (shortlisting) or the questions (interview)."""
    return list((scheme.criteria if stage == PanelStage.SHORTLIST else scheme.questions) or [])


def item_keys(scheme: PanelScheme, stage: PanelStage) -> list[str]:
    return [str(item["key"]) for item in items(scheme, stage)]


def scale_points(scheme: PanelScheme) -> list[int]:
    return [int(point["points"]) for point in scheme.scale or []]


def text(entry: dict, lang: str, key: str = "") -> str:
    """A bilingual text of the scheme in this language, or the other when it is empty."""
    prefix = f"{key}_" if key else ""
    other = "en" if lang == "cy" else "cy"
    return entry.get(f"{prefix}{lang}") or entry.get(f"{prefix}{other}") or ""


# ---- what a member may score ------------------------------------------------------------------

def interview_ids(session: Session, recruitment_id: int) -> set[int]:
    """Applications the shortlisting decided to interview: only they are scored at interview."""
    return set(session.scalars(sa.select(PanelDecision.application_id).where(
        PanelDecision.recruitment_id == recruitment_id,
        PanelDecision.stage == PanelStage.SHORTLIST,
        PanelDecision.outcome == PanelOutcome.INTERVIEW)))


def stage_applications(recruitment_id: int, stage: PanelStage) -> sa.Select:
    """The applications the panel scores and decides on at this stage: every one it scores at
    shortlisting; at interview, those the shortlisting panel invited to interview."""
    query = core.panel_applications(recruitment_id)
    if stage == PanelStage.INTERVIEW:
        query = query.join(PanelDecision, sa.and_(
            PanelDecision.application_id == Application.id,
            PanelDecision.stage == PanelStage.SHORTLIST,
            PanelDecision.outcome == PanelOutcome.INTERVIEW))
    return query


def _stage_application_ids(session: Session, recruitment_id: int, stage: PanelStage) -> list[int]:
    return list(session.scalars(stage_applications(recruitment_id, stage)
                                .with_only_columns(Application.id)))


def stage_is_open(session: Session, recruitment_id: int, stage: PanelStage,
                  application_id: int) -> None:
    """NotFound unless this application is scored at this stage (interview: invited to one)."""
    if stage == PanelStage.INTERVIEW and application_id not in interview_ids(
            session, recruitment_id):
        raise NotFound()


@dataclass
class Worklist:
    """A ready member's applications at one stage, in their own order."""

    seat: core.Seat
    stage: PanelStage
    applications: list[Application]
    undeclared: int = 0
    conflicted: int = 0

    @property
    def ids(self) -> list[int]:
        return [a.id for a in self.applications]


def worklist(session: Session, seat: core.Seat, stage: PanelStage, *,
             with_answers: bool = True) -> Worklist:
    """The applications this member may open and score at this stage (declared, no conflict;
    at interview only those invited), sorted in the member's own random order. A constant
    number of queries whatever the number of applications."""
    recruitment_id = seat.member.recruitment_id
    query = stage_applications(recruitment_id, stage)
    if not with_answers:
        query = query.options(load_only(Application.id, Application.route))
    applications = list(session.scalars(query))
    declared = dict(session.execute(sa.select(
        ConflictDeclaration.application_id, ConflictDeclaration.conflicted).where(
        ConflictDeclaration.member_id == seat.member.id)).all())
    mine = [a for a in applications if declared.get(a.id) is False]
    mine.sort(key=lambda a: core.member_order_key(seat.member, a.id))
    return Worklist(seat=seat, stage=stage, applications=mine,
                    undeclared=sum(1 for a in applications if a.id not in declared),
                    conflicted=sum(1 for a in applications if declared.get(a.id)))


@dataclass
class Sheet:
    """One member's sheet as they see it: its scores by criterion key."""

    sheet: ScoreSheet | None
    scores: dict[str, Score] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.sheet is not None and self.sheet.submitted_at is not None


def my_sheets(session: Session, member: PanelMember, stage: PanelStage) -> dict[int, Sheet]:
    """This member's sheets at this stage with their scores, by application (two queries)."""
    sheets = {s.application_id: Sheet(s) for s in session.scalars(sa.select(ScoreSheet).where(
        ScoreSheet.member_id == member.id, ScoreSheet.stage == stage))}
    by_id = {s.sheet.id: s for s in sheets.values()}
    if by_id:
        for score in session.scalars(sa.select(Score).join(
                ScoreSheet, ScoreSheet.id == Score.sheet_id).where(
                ScoreSheet.member_id == member.id, ScoreSheet.stage == stage)):
            by_id[score.sheet_id].scores[score.criterion] = score
    return sheets


def my_sheet(session: Session, member: PanelMember, application_id: int,
             stage: PanelStage) -> Sheet:
    sheet = session.scalar(sa.select(ScoreSheet).where(
        ScoreSheet.member_id == member.id, ScoreSheet.application_id == application_id,
        ScoreSheet.stage == stage))
    if sheet is None:
        return Sheet(None)
    return Sheet(sheet, {s.criterion: s for s in session.scalars(
        sa.select(Score).where(Score.sheet_id == sheet.id))})


def complete(sheet: Sheet, keys: list[str]) -> bool:
    return all(k in sheet.scores and sheet.scores[k].reason.strip() for k in keys)


def set_mode(session: Session, person: Person, recruitment_id: int, mode: str) -> PanelMember:
    """Question by question (the default, R-SEL3) or application by application."""
    seat = core.ensure_ready(session, person, recruitment_id)
    if mode not in MODES:
        raise DomainError(_l("Choose how you would like to score"), field="mode")
    seat.member.scoring_mode = mode
    session.flush()
    return seat.member


# ---- saving and submitting --------------------------------------------------------------------

def problem_key(application_id: int, criterion: str, part: str) -> str:
    """How a problem names its field: "<application id>:<criterion key>:points|reason"."""
    return f"{application_id}:{criterion}:{part}"


def _locked_sheets(session: Session, seat: core.Seat, stage: PanelStage,
                   application_ids: list[int]) -> dict[int, ScoreSheet]:
    """This member's sheets for these applications, created when missing (never twice: the
    unique constraint decides) and locked FOR UPDATE, in application order."""
    ids = sorted(set(application_ids))
    if not ids:
        return {}
    now = utcnow()
    rows = [{"member_id": seat.member.id, "application_id": i, "stage": stage,
             "scheme_id": seat.scheme.id, "created_at": now} for i in ids]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(ScoreSheet).values(rows).on_conflict_do_nothing(
        index_elements=["member_id", "application_id", "stage"]))
    sheets = session.scalars(
        sa.select(ScoreSheet).where(ScoreSheet.member_id == seat.member.id,
                                    ScoreSheet.stage == stage,
                                    ScoreSheet.application_id.in_(ids))
        .order_by(ScoreSheet.application_id).with_for_update()
        .execution_options(populate_existing=True))
    return {s.application_id: s for s in sheets}


def save_scores(session: Session, person: Person, recruitment_id: int, stage: PanelStage,
                entries: dict[int, dict[str, tuple[str | None, str | None]]]) -> int:
    """Save a member's scores as a draft (R-SEL3): {application id: {criterion key: (points,
    reason)}}. A pair left wholly empty is skipped; otherwise both are needed, the points
    from the scheme's scale and the reason at most REASON_MAX characters. Every problem is
    reported at once and nothing is saved until there are none. Only applications the member
    may score at this stage (R-SEL4); a submitted sheet never changes. Returns how many
    scores were saved."""
    seat = core.ensure_ready(session, person, recruitment_id)
    allowed = set(worklist(session, seat, stage, with_answers=False).ids)
    if any(application_id not in allowed for application_id in entries):
        raise Forbidden()
    keys = item_keys(seat.scheme, stage)
    points_allowed = {str(p): p for p in scale_points(seat.scheme)}
    problems, cleaned = [], defaultdict(dict)
    for application_id in sorted(entries):
        for key, (points, reason) in entries[application_id].items():
            if key not in keys:
                raise NotFound()
            points = (points or "").strip()
            reason = (reason or "").strip()
            if not points and not reason:
                continue
            about = {"label": core.label(application_id)}
            if points not in points_allowed:
                problems.append((problem_key(application_id, key, "points"), _l(
                    "Choose a score from the scale for %(label)s", **about)))
            if not reason:
                problems.append((problem_key(application_id, key, "reason"), _l(
                    "Give a short reason for your score for %(label)s", **about)))
            elif len(reason) > REASON_MAX:
                problems.append((problem_key(application_id, key, "reason"), _l(
                    "Keep your reason for %(label)s to %(n)s characters or fewer",
                    n=REASON_MAX, **about)))
            if points in points_allowed and reason and len(reason) <= REASON_MAX:
                cleaned[application_id][key] = (points_allowed[points], reason)
    if problems:
        raise ValidationFailed(problems)
    if not cleaned:
        return 0
    # The scheme's row first, then the sheets in application order (see the module docstring).
    scheme_service.lock(session, seat.scheme)
    sheets = _locked_sheets(session, seat, stage, list(cleaned))
    submitted = [i for i, s in sheets.items() if s.submitted_at is not None]
    if submitted:
        raise DomainError(_l("You have already submitted your scores for %(label)s, so they "
                             "cannot be changed.", label=core.label(submitted[0])))
    existing = {(s.sheet_id, s.criterion): s for s in session.scalars(
        sa.select(Score).where(Score.sheet_id.in_([s.id for s in sheets.values()])))}
    saved = 0
    for application_id, given in cleaned.items():
        sheet = sheets[application_id]
        for key, (points, reason) in given.items():
            score = existing.get((sheet.id, key))
            if score is None:
                session.add(Score(sheet_id=sheet.id, criterion=key, points=points,
                                  reason=reason))
            else:
                score.points, score.reason = points, reason
            saved += 1
    session.flush()
    return saved


def submit(session: Session, person: Person, recruitment_id: int, stage: PanelStage,
           application_id: int) -> tuple[ScoreSheet, bool]:
    """Make a member's sheet final (R-SEL3): every criterion (or question) scored with a
    reason. Submitting twice changes nothing the second time. Returns (sheet, newly)."""
    seat, _application = core.ensure_may_open(session, person, recruitment_id, application_id)
    stage_is_open(session, recruitment_id, stage, application_id)
    scheme_service.lock(session, seat.scheme)
    sheet = _locked_sheets(session, seat, stage, [application_id])[application_id]
    if sheet.submitted_at is not None:
        return sheet, False
    scores = {s.criterion: s for s in session.scalars(
        sa.select(Score).where(Score.sheet_id == sheet.id))}
    missing = [i for i in items(seat.scheme, stage)
               if str(i["key"]) not in scores or not scores[str(i["key"])].reason.strip()]
    if missing:
        raise ValidationFailed([(problem_key(application_id, str(i["key"]), "points"), _l(
            "Score ‘%(criterion)s’, with a reason, before you submit",
            criterion=text(i, current_lang()))) for i in missing])
    sheet.submitted_at = utcnow()
    audit.record(session, person, "score_sheet_submitted", sheet,
                 recruitment_id=recruitment_id, stage=stage.value,
                 application_id=application_id)
    session.flush()
    return sheet, True


# ---- what others scored (after one's own submission) ----------------------------------------

@dataclass
class SubmittedSheet:
    sheet: ScoreSheet
    member: PanelMember
    person: Person
    scores: dict[str, Score]


def _submitted(session: Session, *where) -> list[SubmittedSheet]:
    """Submitted sheets matching `where`, with their members, people and scores, in two
    statements whatever their number. Never drafts."""
    where = (ScoreSheet.submitted_at.is_not(None), *where)
    rows = session.execute(
        sa.select(ScoreSheet, PanelMember, Person)
        .join(PanelMember, PanelMember.id == ScoreSheet.member_id)
        .join(Person, Person.id == PanelMember.person_id).where(*where)
        .order_by(ScoreSheet.application_id, ScoreSheet.submitted_at, ScoreSheet.id)).all()
    found = [SubmittedSheet(sheet, member, who, {}) for sheet, member, who in rows]
    by_id = {entry.sheet.id: entry for entry in found}
    if by_id:
        for score in session.scalars(
                sa.select(Score).join(ScoreSheet, ScoreSheet.id == Score.sheet_id)
                .join(PanelMember, PanelMember.id == ScoreSheet.member_id).where(*where)):
            by_id[score.sheet_id].scores[score.criterion] = score
    return found


def submitted_sheets(session: Session, recruitment_id: int,
                     stage: PanelStage) -> dict[int, list[SubmittedSheet]]:
    """Every submitted sheet of a recruitment at one stage with its scores, by application, in
    two statements (for moderation). Never drafts."""
    found: dict[int, list[SubmittedSheet]] = defaultdict(list)
    for entry in _submitted(session, PanelMember.recruitment_id == recruitment_id,
                            ScoreSheet.stage == stage):
        found[entry.sheet.application_id].append(entry)
    return dict(found)


def sheets_for(session: Session, application_id: int,
               stage: PanelStage) -> list[SubmittedSheet]:
    """The submitted sheets of one application at one stage, with their scores (for
    moderation and the outcome's feedback; the caller checks who may see them)."""
    return _submitted(session, ScoreSheet.application_id == application_id,
                      ScoreSheet.stage == stage)


def others_for(session: Session, person: Person, recruitment_id: int, application_id: int,
               stage: PanelStage) -> list[SubmittedSheet] | None:
    """The other members' submitted sheets for this application, for a member who has
    submitted their own (R-SEL3 independence); None before that. Never drafts."""
    seat, _application = core.ensure_may_open(session, person, recruitment_id, application_id)
    own = my_sheet(session, seat.member, application_id, stage)
    if not own.submitted:
        return None
    return [s for s in sheets_for(session, application_id, stage)
            if s.member.id != seat.member.id]


# ---- progress (the chair; counts only) --------------------------------------------------------

@dataclass
class PanelState:
    """Who must score which application at one stage, and who has: ids only, no points."""

    application_ids: list[int]
    members: list[tuple[PanelMember, Person]]
    conflicted: set[tuple[int, int]]  # (member id, application id)
    sheets: dict[tuple[int, int], bool]  # (member id, application id) -> submitted

    def needed(self, application_id: int) -> list[int]:
        """Who must submit for it (the rule in core: everyone without a conflict)."""
        return core.must_submit([m.id for m, _p in self.members], self.conflicted,
                                application_id)


def panel_state(session: Session, scheme: PanelScheme, recruitment_id: int,
                stage: PanelStage) -> PanelState:
    """In five queries or fewer, whatever the number of applications."""
    application_ids = _stage_application_ids(session, recruitment_id, stage)
    members = [(m, m.person) for m in core.scoring_members(session, recruitment_id, scheme)]
    member_ids = [m.id for m, _p in members] or [-1]
    conflicted = core.conflicted_pairs(session, member_ids)
    sheets = {(m, a): submitted is not None for m, a, submitted in session.execute(sa.select(
        ScoreSheet.member_id, ScoreSheet.application_id, ScoreSheet.submitted_at).where(
        ScoreSheet.member_id.in_(member_ids), ScoreSheet.stage == stage)).all()}
    return PanelState(application_ids, members, conflicted, sheets)


def all_submitted(session: Session, scheme: PanelScheme, recruitment_id: int,
                  stage: PanelStage) -> dict[int, bool]:
    """{application id: whether every member without a conflict has submitted their sheet}
    (for moderation to open), in a constant number of queries. An application nobody may
    score is not "all in"."""
    state = panel_state(session, scheme, recruitment_id, stage)
    result = {}
    submitted: dict[int, set[int]] = defaultdict(set)
    for (member_id, application_id), done in state.sheets.items():
        if done:
            submitted[application_id].add(member_id)
    for application_id in state.application_ids:
        result[application_id] = core.all_in(state.needed(application_id),
                                             submitted[application_id])
    return result


@dataclass
class MemberProgress:
    member: PanelMember
    person: Person
    submitted: int
    drafted: int
    to_do: int


@dataclass
class ApplicationProgress:
    application_id: int
    code: str
    submitted: int
    needed: int


@dataclass
class StageProgress:
    stage: PanelStage
    members: list[MemberProgress]
    applications: list[ApplicationProgress]
    hidden: int  # applications the chair declared a conflict with: not shown to them


def progress(session: Session, person: Person, recruitment_id: int) -> list[StageProgress]:
    """The chair's view of who has finished what, per stage (R-SEL3): counts, never points or
    reasons, until moderation. Applications the chair is conflicted with are left out
    (R-SEL4). A constant number of queries."""
    seat = core.ensure_member(session, person, recruitment_id)
    if not seat.is_chair:
        raise Forbidden()
    result = []
    for stage in (PanelStage.SHORTLIST, PanelStage.INTERVIEW):
        state = panel_state(session, seat.scheme, recruitment_id, stage)
        if stage == PanelStage.INTERVIEW and not state.application_ids:
            continue
        members = []
        for member, who in state.members:
            mine = [a for a in state.application_ids if (member.id, a) not in state.conflicted]
            submitted = sum(1 for a in mine if state.sheets.get((member.id, a)) is True)
            drafted = sum(1 for a in mine if state.sheets.get((member.id, a)) is False)
            members.append(MemberProgress(member, who, submitted, drafted,
                                          len(mine) - submitted - drafted))
        rows, hidden = [], 0
        for application_id in state.application_ids:
            if (seat.member.id, application_id) in state.conflicted:
                hidden += 1
                continue
            needed = state.needed(application_id)
            rows.append(ApplicationProgress(
                application_id, core.label_code(application_id),
                sum(1 for m in needed if state.sheets.get((m, application_id)) is True),
                len(needed)))
        rows.sort(key=lambda r: r.code)
        result.append(StageProgress(stage, members, rows, hidden))
    return result


def criterion_answer(application: Application, key: str) -> tuple[str | None, bool]:
    """The applicant's answer against one criterion as the panel may read it (R-SEL3, the
    disclosure choice respected, as documents.panel_view): (text or None, whether they wrote
    one). A kept-back answer has no text: the panel sees only that they have experience."""
    from portal.applications.documents import FULL

    answers = application.answers or {}
    given = (answers.get("criteria") or {}).get(key)
    if application.route != "application_form" or not given or not given.get("answer"):
        return None, False
    chosen = (answers.get("disclosure") or {}).get(key)
    return (given["answer"] if chosen == FULL else None), True
