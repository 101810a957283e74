"""Equality monitoring (R-AC3): optional, offered after sending, kept apart, counted only in
totals with small numbers hidden.

Kept apart. The answers are stored in EqualityResponse with the recruitment and nothing else:
no application, no person, no time, and a random id (so that the order rows were written in
cannot be matched against the order applications were sent). The application keeps only
`equality_answered`, so that it is not offered twice. Nothing on any page of an application
shows the answers, and the report below is the only way to read them: organisation
administrators of the recruiting organisation and platform administrators see it; group
members, panel members, engagement workers and representatives never do.

Reported only in totals (`suppress`). Each question is a table of counts, one cell per answer
(with "prefer not to say" and "not answered"), adding up to the number of people who answered.
- Primary suppression: a count from 1 to 4 is shown as "fewer than 5".
- Secondary suppression: the person reading knows the total, so hidden cells could be worked
  out by subtraction: one hidden cell is the total minus the others, and several hidden cells
  whose sum leaves them no room (all 4s, or all as small as they can be) are as good as shown.
  So each hidden cell is treated as a range (0–4 for "fewer than 5", 5 or more for "not
  shown") and more cells are hidden, a shown 0 first, else the smallest shown count, until
  every hidden cell could still take at least two values given the total and the other cells.
  A secondary cell under 5 is shown as "fewer than 5" (true), one of 5 or more as "not shown".
  If even hiding every cell leaves them certain (4, 4 and 4 out of 12), the whole question is
  "not shown".
- A recruitment with fewer than 5 answers shows no table at all, and is left out of the
  overall figures until it has 5.
- Overall figures (an organisation's recruitments, or every recruitment) could be compared with
  each recruitment's figures (overall minus the others). So an overall cell is shown only when
  every recruitment in it shows that cell; otherwise it is hidden too, and then the same
  secondary suppression is applied to the overall table. Any number shown anywhere is then a
  sum of numbers shown elsewhere, and adds nothing to work out a hidden one.
What this does not prevent: comparing the report from one day with the next, when one new
person has answered. Their answers cannot be linked to them, but an administrator who knew
exactly who answered in between could learn something; the report is only for
administrators, who never see applications.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal.errors import DomainError, NotFound
from portal.models import Application, Board, EqualityResponse, Person, Recruitment
from portal.models.enums import ApplicationStatus, RecruitmentStage
from portal.permissions import administered_organisation_ids, ensure_administers

PREFER_NOT = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
LOW = 5  # counts below this are never shown


def _q(key, question, options, hint=None):
    return {"key": key, "question": question, "hint": hint,
            "options": [*options, (PREFER_NOT, _l("Prefer not to say"))]}


QUESTIONS = [
    _q("age", _l("How old are you?"), [
        ("16_24", _l("16 to 24")), ("25_34", _l("25 to 34")), ("35_44", _l("35 to 44")),
        ("45_54", _l("45 to 54")), ("55_64", _l("55 to 64")), ("65_74", _l("65 to 74")),
        ("75_plus", _l("75 or over"))]),
    _q("sex", _l("What is your sex?"), [("female", _l("Female")), ("male", _l("Male"))],
       _l("This question is about sex. There is a separate question about gender.")),
    _q("gender_same", _l("Is the gender you identify with the same as your sex registered at "
                         "birth?"), [("yes", _l("Yes")), ("no", _l("No"))]),
    _q("sexual_orientation", _l("Which of these best describes your sexual orientation?"), [
        ("straight", _l("Straight or heterosexual")), ("gay_lesbian", _l("Gay or lesbian")),
        ("bisexual", _l("Bisexual")), ("other", _l("Another sexual orientation"))]),
    _q("ethnic_group", _l("What is your ethnic group?"), [
        ("asian", _l("Asian, Asian Welsh or Asian British")),
        ("black", _l("Black, Black Welsh, Black British, Caribbean or African")),
        ("mixed", _l("Mixed or multiple ethnic groups")),
        ("white_british", _l("White: Welsh, English, Scottish, Northern Irish or British")),
        ("white_traveller", _l("White: Gypsy, Irish Traveller or Roma")),
        ("white_other", _l("White: Irish or any other White background")),
        ("other", _l("Another ethnic group, for example Arab"))]),
    _q("disability", _l("Do you have a physical or mental health condition or illness that "
                        "has lasted, or is expected to last, 12 months or more, and that makes "
                        "day-to-day things harder?"), [
        ("yes_a_lot", _l("Yes, a lot")), ("yes_a_little", _l("Yes, a little")),
        ("no", _l("No"))]),
    _q("welsh", _l("How much Welsh can you speak?"), [
        ("fluent", _l("I speak Welsh fluently")), ("some", _l("I can speak some Welsh")),
        ("few_words", _l("I know a few words")), ("none", _l("I do not speak Welsh"))]),
    _q("religion", _l("What is your religion?"), [
        ("none", _l("No religion")), ("christian", _l("Christian")),
        ("buddhist", _l("Buddhist")), ("hindu", _l("Hindu")), ("jewish", _l("Jewish")),
        ("muslim", _l("Muslim")), ("sikh", _l("Sikh")), ("other", _l("Another religion"))]),
    _q("carer", _l("Do you look after, or give help or support to, anyone because of their "
                   "health, disability or age (not as a paid job)?"),
       [("yes", _l("Yes")), ("no", _l("No"))]),
]
QUESTION_KEYS = [q["key"] for q in QUESTIONS]
OPTION_KEYS = {q["key"]: [k for k, _label in q["options"]] for q in QUESTIONS}


# ---- answering ----------------------------------------------------------------------------

def can_answer(application: Application) -> bool:
    """Offered once, after sending (R-AC3)."""
    return (application.status == ApplicationStatus.SUBMITTED
            and not application.equality_answered)


def _new_id(session: Session) -> int:
    while True:
        candidate = secrets.randbelow(2**31 - 2) + 1
        if session.get(EqualityResponse, candidate) is None:
            return candidate


def answer(session: Session, application: Application, answers: dict) -> None:
    """Store the answers apart from the application (R-AC3), once per application. Every
    question may be skipped; answers that are not one of the choices are refused. Sending
    nothing at all stores nothing, and the question is not asked again."""
    if application.status != ApplicationStatus.SUBMITTED:
        raise NotFound()
    clean = {}
    for key in QUESTION_KEYS:
        value = answers.get(key) or None
        if value is None:
            continue
        if value not in OPTION_KEYS[key]:
            raise DomainError(_l("Choose from the list"), field=key)
        clean[key] = value
    # Only one answer per application, even if the form is sent twice at once.
    marked = session.execute(
        sa.update(Application)
        .where(Application.id == application.id, Application.equality_answered.is_(False))
        .values(equality_answered=True)
        .execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        raise DomainError(_l("You have already answered these questions. Thank you."))
    if clean:
        session.add(EqualityResponse(id=_new_id(session),
                                     recruitment_id=application.recruitment_id, answers=clean))
    session.flush()
    session.refresh(application)


# ---- the report ----------------------------------------------------------------------------

@dataclass
class Cell:
    key: str
    label: str
    count: int
    shown: int | None = None  # None when hidden
    hidden_as: str | None = None  # "low" (fewer than 5), "withheld" or "table" (not shown)


@dataclass
class QuestionTable:
    key: str
    question: str
    cells: list[Cell]


@dataclass
class Report:
    respondents: int
    tables: list[QuestionTable] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        return self.respondents < LOW


def _range(value_kind: str, total: int) -> tuple[int, int]:
    return (0, LOW - 1) if value_kind == "low" else (LOW, max(total, LOW))


def _every_hidden_cell_is_uncertain(counts: dict[str, int], hidden: dict[str, str],
                                    total: int) -> bool:
    """Given the total and the shown cells, could each hidden cell take two or more values?"""
    if not hidden:
        return True
    if len(hidden) == 1:
        return False
    rest = sum(counts[k] for k in hidden)  # = total − everything shown: known to the reader
    ranges = {k: _range(kind, total) for k, kind in hidden.items()}
    for k in hidden:
        others_lo = sum(lo for j, (lo, _hi) in ranges.items() if j != k)
        others_hi = sum(hi for j, (_lo, hi) in ranges.items() if j != k)
        lo = max(ranges[k][0], rest - others_hi)
        hi = min(ranges[k][1], rest - others_lo)
        if hi - lo < 1:
            return False
    return True


def suppress(counts: dict[str, int], forced: set[str] | frozenset = frozenset()
             ) -> dict[str, str | None]:
    """Which cells of one question to hide, and how: {key: None (shown) | "low" |
    "withheld" | "table" (the whole question is not shown)}. `counts` holds every answer
    (zeros included) and adds up to the total; `forced` are cells hidden because another
    table hides them. See the module docstring."""
    total = sum(counts.values())

    def kind(key):
        return "low" if counts[key] < LOW else "withheld"

    hidden = {k: kind(k) for k, v in counts.items() if 0 < v < LOW or k in forced}
    order = list(counts)
    while hidden and not _every_hidden_cell_is_uncertain(counts, hidden, total):
        shown = [k for k in order if k not in hidden]
        if not shown:
            break
        zeros = [k for k in shown if counts[k] == 0]
        pick = zeros[0] if zeros else min(shown, key=lambda k: (counts[k], order.index(k)))
        hidden[pick] = kind(pick)
    if hidden and not _every_hidden_cell_is_uncertain(counts, hidden, total):
        # Everything hidden and still certain (say 4, 4 and 4 out of 12): show none of it.
        return dict.fromkeys(order, "table")
    return {k: hidden.get(k) for k in order}


def _count(rows: list[dict]) -> dict[str, dict[str, int]]:
    counts = {}
    for q in QUESTIONS:
        tally = Counter(r.get(q["key"]) or NOT_ANSWERED for r in rows)
        counts[q["key"]] = {k: tally.get(k, 0) for k in [*OPTION_KEYS[q["key"]], NOT_ANSWERED]}
    return counts


def _labels(key: str) -> dict[str, str]:
    question = next(q for q in QUESTIONS if q["key"] == key)
    return {**{k: str(label) for k, label in question["options"]},
            NOT_ANSWERED: str(_l("Did not answer"))}


def _tables(counts: dict[str, dict[str, int]], forced: dict[str, set[str]] | None = None
            ) -> list[QuestionTable]:
    tables = []
    for q in QUESTIONS:
        key = q["key"]
        decision = suppress(counts[key], (forced or {}).get(key, set()))
        labels = _labels(key)
        tables.append(QuestionTable(key, str(q["question"]), [
            Cell(k, labels[k], v, None if decision[k] else v, decision[k])
            for k, v in counts[key].items()]))
    return tables


def _hidden_cells(tables: list[QuestionTable]) -> dict[str, set[str]]:
    return {t.key: {c.key for c in t.cells if c.shown is None} for t in tables}


def recruitment_report(session: Session, person: Person | None, recruitment_id: int
                       ) -> tuple[Recruitment, Report]:
    """One recruitment's figures, for its organisation's administrators and platform
    administrators only (R-AC3)."""
    recruitment = session.scalar(sa.select(Recruitment).where(Recruitment.id == recruitment_id)
                                 .options(joinedload(Recruitment.board),
                                          joinedload(Recruitment.published_version)))
    if recruitment is None:
        raise NotFound()
    ensure_administers(session, person, recruitment.board.organisation_id)
    rows = list(session.scalars(sa.select(EqualityResponse.answers).where(
        EqualityResponse.recruitment_id == recruitment_id)))
    report = Report(len(rows))
    if not report.too_few:
        report.tables = _tables(_count(rows))
    return recruitment, report


@dataclass
class RecruitmentLine:
    recruitment: Recruitment
    respondents: int


def overall_report(session: Session, person: Person | None
                   ) -> tuple[list[RecruitmentLine], Report]:
    """Every recruitment the person administers (all of them for a platform administrator),
    each with its number of answers, and the overall figures (see the module docstring)."""
    from portal.permissions import ensure_any_admin

    ensure_any_admin(session, person)
    orgs = administered_organisation_ids(session, person)
    query = (sa.select(Recruitment).join(Board, Board.id == Recruitment.board_id)
             .where(Recruitment.stage == RecruitmentStage.PUBLISHED)
             .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))
             .order_by(Recruitment.published_at.desc(), Recruitment.id.desc()))
    if orgs is not None:
        query = query.where(Board.organisation_id.in_(orgs))
    recruitments = list(session.scalars(query).unique())
    ids = [r.id for r in recruitments]
    by_recruitment: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        for rid, answers in session.execute(sa.select(
                EqualityResponse.recruitment_id, EqualityResponse.answers).where(
                EqualityResponse.recruitment_id.in_(ids))):
            by_recruitment[rid].append(answers)
    lines = [RecruitmentLine(r, len(by_recruitment[r.id])) for r in recruitments]
    included = [rows for rows in by_recruitment.values() if len(rows) >= LOW]
    everyone = [row for rows in included for row in rows]
    report = Report(len(everyone))
    if not report.too_few:
        forced: dict[str, set[str]] = {k: set() for k in QUESTION_KEYS}
        for rows in included:
            for key, cells in _hidden_cells(_tables(_count(rows))).items():
                forced[key] |= cells
        report.tables = _tables(_count(everyone), forced)
    return lines, report
