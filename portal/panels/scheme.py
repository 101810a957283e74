"""Agreeing the panel scheme (R-SEL3, with the group rule R-LG1).

- Any accepted member of the leadership group drafts a new version of the scheme: the panel's
  members (group members, and others invited by name and email), its chair, the fewest
  unconflicted members who must score each application, the scoring scale with a descriptor
  for every point in English and Welsh, the weight of each criterion of the published person
  specification (keys `essential-N`/`desirable-N`, the keys of the applicants' answers) and the
  interview questions with what a good answer covers. Every save is a new version with a note
  saying why; nothing is ever overwritten.
- The group approves a version as it approves the role description (recruitment.approvals:
  more than half of the accepted members, lived-experience members the majority of those
  approving, R-LG1). When the threshold is reached the version is in force (`approved_at`):
  its members get their PanelMember rows, members it leaves out are marked removed.
- Once scoring has started (`locked_at`, set by `lock` when the first score is saved) a new
  version still needs the group's approval, and putting it in force is audited with its reason
  and shown as a change after scoring started.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal import audit
from portal.applications.documents import criteria as person_specification
from portal.auth.services import normalise_email
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import (
    GroupMember,
    PanelMember,
    PanelScheme,
    PanelSchemeApproval,
    Person,
    Recruitment,
    RoleDescriptionVersion,
)
from portal.models.base import utcnow
from portal.models.enums import ApprovalDecision, MemberStatus
from portal.panels.core import current_scheme, latest_scheme
from portal.recruitment.approvals import ApprovalState, accepted_member, tally
from portal.recruitment.services import ensure_group_can_decide, get_recruitment

# The editor shows this many points (0 to SCALE_ROWS - 1); the scale is the points described.
SCALE_ROWS = 7
MIN_SCALE_POINTS = 3
DEFAULT_SCALE = [
    {"points": 0, "en": "No evidence", "cy": "Dim tystiolaeth"},
    {"points": 1, "en": "A little evidence", "cy": "Ychydig o dystiolaeth"},
    {"points": 2, "en": "Some evidence", "cy": "Peth tystiolaeth"},
    {"points": 3, "en": "Good evidence", "cy": "Tystiolaeth dda"},
    {"points": 4, "en": "Strong evidence", "cy": "Tystiolaeth gref"},
]
WEIGHTS = range(1, 6)
DEFAULT_WEIGHT = 3
DEFAULT_MIN_SCORERS = 3
DESCRIPTOR_MAX = 300
QUESTION_MAX = 1000
GOOD_ANSWER_MAX = 2000
NOTE_MAX = 1000
NAME_MAX = 100
EMAIL_MAX = 254
MAX_QUESTIONS = 20
BLANK_QUESTION_ROWS = 3
INVITE_ROWS = 3
QUESTION_KEY = re.compile(r"q[1-9][0-9]{0,2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class Draft:
    """What the editor sends: one value per box, as typed (the service checks them all)."""

    member_ids: list[int] = field(default_factory=list)
    chair_id: int | None = None
    min_scorers: int | None = None
    # [{"given_name", "family_name", "email"}], one per invitation row
    invitees: list[dict[str, str]] = field(default_factory=list)
    # [{"en", "cy"}] for points 0 … SCALE_ROWS - 1
    scale: list[dict[str, str]] = field(default_factory=list)
    weights: dict[str, int | None] = field(default_factory=dict)
    # [{"key", "en", "cy", "good_en", "good_cy", "weight"}], one per question row
    questions: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


# ---- reading --------------------------------------------------------------------------------

def versions(session: Session, recruitment_id: int) -> list[PanelScheme]:
    """Every version, newest first."""
    return list(session.scalars(sa.select(PanelScheme)
                                .where(PanelScheme.recruitment_id == recruitment_id)
                                .order_by(PanelScheme.number.desc())))


def get_version(session: Session, recruitment_id: int, number: int) -> PanelScheme:
    scheme = session.scalar(sa.select(PanelScheme).where(
        PanelScheme.recruitment_id == recruitment_id, PanelScheme.number == number))
    if scheme is None:
        raise NotFound()
    return scheme


def changed_after_scoring(all_versions: list[PanelScheme]) -> set[int]:
    """Numbers of the approved versions that replaced a version already locked by scoring
    (R-SEL3: shown to the group as changes made after scoring started)."""
    found, previous = set(), None
    for version in sorted(all_versions, key=lambda v: v.number):
        if version.approved_at is None:
            continue
        if previous is not None and previous.locked_at is not None:
            found.add(version.number)
        previous = version
    return found


def candidates(session: Session, recruitment_id: int) -> list[Person]:
    """Who can be chosen for the panel: the group's accepted members, and anyone named in the
    newest version (people invited from outside the group stay on the list)."""
    group_ids = sa.select(GroupMember.person_id).where(
        GroupMember.recruitment_id == recruitment_id, GroupMember.status == MemberStatus.ACCEPTED)
    latest = latest_scheme(session, recruitment_id)
    named = list(latest.member_ids or []) if latest else []
    return list(session.scalars(
        sa.select(Person).where(sa.or_(Person.id.in_(group_ids), Person.id.in_(named or [-1])))
        .order_by(Person.given_name, Person.family_name, Person.id)))


def people_by_id(session: Session, ids) -> dict[int, Person]:
    ids = list(ids)
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(sa.select(Person).where(Person.id.in_(ids)))}


def spec_criteria(session: Session, recruitment: Recruitment) -> list[dict[str, Any]]:
    """The published person specification as scheme criteria, in both languages, keyed like the
    application form's answers (`essential-N`, `desirable-N`)."""
    if recruitment.published_version_id is None:
        return []
    if "published_version" in sa.inspect(recruitment).unloaded:
        set_committed_value(recruitment, "published_version", session.get(
            RoleDescriptionVersion, recruitment.published_version_id))
    english = person_specification(recruitment, "en")
    welsh = {c.key: c.text for c in person_specification(recruitment, "cy")}
    return [{"key": c.key, "kind": "essential" if c.essential else "desirable", "en": c.text,
             "cy": welsh.get(c.key, c.text)} for c in english]


def starting_draft(session: Session, recruitment: Recruitment) -> Draft:
    """What the editor opens with: the newest version, else sensible defaults (the default
    0–4 scale with its descriptors, every criterion weighted 3)."""
    latest = latest_scheme(session, recruitment.id)
    criteria = spec_criteria(session, recruitment)
    if latest is None:
        return Draft(min_scorers=DEFAULT_MIN_SCORERS,
                     scale=[{"en": p["en"], "cy": p["cy"]} for p in DEFAULT_SCALE],
                     weights={c["key"]: DEFAULT_WEIGHT for c in criteria})
    weights = {c["key"]: c.get("weight") for c in latest.criteria or []}
    return Draft(
        member_ids=list(latest.member_ids or []), chair_id=latest.chair_id,
        min_scorers=latest.min_scorers,
        scale=[{"en": p.get("en", ""), "cy": p.get("cy", "")} for p in latest.scale or []],
        weights={c["key"]: weights.get(c["key"], DEFAULT_WEIGHT) for c in criteria},
        questions=[dict(q) for q in latest.questions or []])


# ---- drafting -------------------------------------------------------------------------------

def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _check_scale(rows: list[dict[str, str]], problems: list) -> list[dict[str, Any]]:
    rows = [{"en": _text(r.get("en")), "cy": _text(r.get("cy"))} for r in rows[:SCALE_ROWS]]
    described = [p for p, r in enumerate(rows) if r["en"] or r["cy"]]
    top = max(described, default=-1)
    if top + 1 < MIN_SCALE_POINTS:
        problems.append((f"scale_{MIN_SCALE_POINTS - 1}_en", _l(
            "The scale needs at least %(n)s points, from 0 upwards, each with a descriptor",
            n=MIN_SCALE_POINTS)))
        return []
    scale = []
    for points in range(top + 1):
        row = rows[points]
        for lang, missing, too_long in (
                ("en", _l("Describe point %(p)s of the scale in English", p=points),
                 _l("Keep the English descriptor of point %(p)s to %(n)s characters or fewer",
                    p=points, n=DESCRIPTOR_MAX)),
                ("cy", _l("Describe point %(p)s of the scale in Welsh", p=points),
                 _l("Keep the Welsh descriptor of point %(p)s to %(n)s characters or fewer",
                    p=points, n=DESCRIPTOR_MAX))):
            if not row[lang]:
                problems.append((f"scale_{points}_{lang}", missing))
            elif len(row[lang]) > DESCRIPTOR_MAX:
                problems.append((f"scale_{points}_{lang}", too_long))
        scale.append({"points": points, "en": row["en"], "cy": row["cy"]})
    return scale


def _check_weights(criteria: list[dict[str, Any]], weights: dict[str, int | None],
                   problems: list) -> list[dict[str, Any]]:
    if not criteria:
        problems.append((None, _l("The published role has no person specification, so there "
                                  "are no criteria to weight. Publish the role first.")))
        return []
    out = []
    for criterion in criteria:
        weight = weights.get(criterion["key"])
        if not isinstance(weight, int) or weight not in WEIGHTS:
            problems.append((f"weight_{criterion['key']}", _l(
                "Give ‘%(criterion)s’ a weight from 1 to 5", criterion=criterion["en"])))
            continue
        out.append({**criterion, "weight": weight})
    return out


def _check_questions(rows: list[dict[str, Any]], problems: list) -> list[dict[str, Any]]:
    texts = ("en", "cy", "good_en", "good_cy")
    filled = []
    for i, row in enumerate(rows[:MAX_QUESTIONS + BLANK_QUESTION_ROWS]):
        clean = {k: _text(row.get(k)) for k in texts}
        if any(clean.values()) or row.get("weight") is not None:
            filled.append((i, row, clean))
    if len(filled) > MAX_QUESTIONS:
        problems.append((f"q{filled[MAX_QUESTIONS][0]}_en", _l(
            "A scheme can have at most %(n)s interview questions", n=MAX_QUESTIONS)))
        return []
    if not filled:
        problems.append(("q0_en", _l("Write at least one interview question")))
        return []
    used = {row.get("key") for _i, row, _c in filled
            if isinstance(row.get("key"), str) and QUESTION_KEY.fullmatch(row["key"])}
    seen: set[str] = set()
    next_number = 1
    questions = []
    for n, (i, row, clean) in enumerate(filled, start=1):
        missing = {
            "en": _l("Write question %(n)s in English", n=n),
            "cy": _l("Write question %(n)s in Welsh", n=n),
            "good_en": _l("Say in English what a good answer to question %(n)s covers", n=n),
            "good_cy": _l("Say in Welsh what a good answer to question %(n)s covers", n=n),
        }
        for key, message in missing.items():
            limit = QUESTION_MAX if key in ("en", "cy") else GOOD_ANSWER_MAX
            if not clean[key]:
                problems.append((f"q{i}_{key}", message))
            elif len(clean[key]) > limit:
                problems.append((f"q{i}_{key}", _l(
                    "Keep this to %(n)s characters or fewer", n=limit)))
        weight = row.get("weight")
        if not isinstance(weight, int) or weight not in WEIGHTS:
            problems.append((f"q{i}_weight", _l(
                "Give question %(n)s a weight from 1 to 5", n=n)))
        key = row.get("key")
        if not (isinstance(key, str) and QUESTION_KEY.fullmatch(key)) or key in seen:
            while f"q{next_number}" in used or f"q{next_number}" in seen:
                next_number += 1
            key = f"q{next_number}"
        seen.add(key)
        questions.append({"key": key, **clean, "weight": weight})
    return questions


def _check_invitees(session: Session, rows: list[dict[str, str]], problems: list
                    ) -> list[tuple[int, Person | None, dict[str, str]]]:
    found = []
    for i, row in enumerate(rows[:INVITE_ROWS]):
        given, family = _text(row.get("given_name")), _text(row.get("family_name"))
        email = _text(row.get("email"))
        if not (given or family or email):
            continue
        if not given:
            problems.append((f"invite{i}_given_name", _l("Enter their first name")))
        elif len(given) > NAME_MAX:
            problems.append((f"invite{i}_given_name", _l(
                "First name must be 100 characters or fewer")))
        if not family:
            problems.append((f"invite{i}_family_name", _l("Enter their last name")))
        elif len(family) > NAME_MAX:
            problems.append((f"invite{i}_family_name", _l(
                "Last name must be 100 characters or fewer")))
        if not email:
            problems.append((f"invite{i}_email", _l(
                "Enter their email address, so that they can sign in to the panel")))
            continue
        if len(email) > EMAIL_MAX or not EMAIL.fullmatch(email):
            problems.append((f"invite{i}_email", _l(
                "Enter an email address in the correct format, like name@example.com")))
            continue
        email = normalise_email(email)
        person = session.scalar(sa.select(Person).where(Person.email == email))
        if person is not None and (person.given_name.casefold(),
                                   person.family_name.casefold()) != (given.casefold(),
                                                                      family.casefold()):
            problems.append((f"invite{i}_email", _l(
                "This email address cannot be used for this name. Check it.")))
            continue
        found.append((i, person, {"given_name": given, "family_name": family,
                                  "email": email}))
    return found


@dataclass
class Checked:
    """A draft after checking: its problems, and the values to save when there are none."""

    problems: list
    chosen: list[int]
    invitees: list
    scale: list
    criteria: list
    questions: list
    note: str


def check(session: Session, recruitment: Recruitment, draft: Draft) -> Checked:
    """Every rule of a scheme version, all at once, by field (R-SEL3). Saves nothing: the
    editor also calls this when some boxes could not even be read, so that every problem is
    shown together."""
    problems: list = []
    allowed = {p.id for p in candidates(session, recruitment.id)}
    chosen: list[int] = []
    for person_id in draft.member_ids:
        if person_id not in allowed:
            problems.append(("members", _l("Choose panel members from the list")))
            break
        if person_id not in chosen:
            chosen.append(person_id)
    invitees = _check_invitees(session, draft.invitees, problems)
    invited_ids = {p.id for _i, p, _d in invitees if p is not None}
    for i, person, _data in invitees:
        if person is not None and person.id in chosen:
            problems.append((f"invite{i}_email", _l(
                "This person is already chosen in the list above")))
    total = len(set(chosen) | invited_ids) + len([1 for _i, p, _d in invitees if p is None])
    if total == 0:
        problems.append(("members", _l("Choose the members of the panel")))
    if draft.chair_id is None:
        problems.append(("chair_id", _l("Choose who chairs the panel")))
    elif draft.chair_id not in chosen:
        problems.append(("chair_id", _l("The chair must be one of the panel members you "
                                        "chose")))
    if draft.min_scorers is None:
        problems.append(("min_scorers", _l(
            "Enter how many members must score each application")))
    elif not 1 <= draft.min_scorers <= max(total, 1):
        problems.append(("min_scorers", _l(
            "Enter a number from 1 to the number of panel members (%(n)s)", n=max(total, 1))))
    scale = _check_scale(draft.scale, problems)
    criteria = _check_weights(spec_criteria(session, recruitment), draft.weights, problems)
    questions = _check_questions(draft.questions, problems)
    note = _text(draft.note)
    if not note:
        problems.append(("note", _l("Say why you are making this version")))
    elif len(note) > NOTE_MAX:
        problems.append(("note", _l("Keep this to %(n)s characters or fewer", n=NOTE_MAX)))
    return Checked(problems, chosen, invitees, scale, criteria, questions, note)


def save_version(session: Session, actor: Person, recruitment_id: int, draft: Draft
                 ) -> PanelScheme:
    """A group member saves a new version of the scheme (R-SEL3). Every box is checked and
    every problem reported at once (ValidationFailed, by field); nothing is saved until there
    are none. Raises Forbidden for anyone but an accepted group member."""
    recruitment, _access = get_recruitment(session, actor, recruitment_id)
    accepted_member(session, actor, recruitment_id)
    # One new version at a time: two members saving at once get numbers n+1 and n+2.
    session.execute(sa.select(Recruitment.id).where(Recruitment.id == recruitment_id)
                    .with_for_update())
    checked = check(session, recruitment, draft)
    if checked.problems:
        raise ValidationFailed(checked.problems)
    member_ids = list(checked.chosen)
    for _i, person, data in checked.invitees:
        if person is None:
            person = Person(**data)
            session.add(person)
            session.flush()
            audit.record(session, actor, "panel_person_added", person,
                         recruitment_id=recruitment_id)
        if person.id not in member_ids:
            member_ids.append(person.id)
    latest = latest_scheme(session, recruitment_id)
    scheme = PanelScheme(
        recruitment_id=recruitment_id, number=(latest.number if latest else 0) + 1,
        member_ids=member_ids, chair_id=draft.chair_id, scale=checked.scale,
        criteria=checked.criteria, questions=checked.questions, min_scorers=draft.min_scorers,
        note=checked.note, created_by_id=actor.id)
    session.add(scheme)
    session.flush()
    audit.record(session, actor, "panel_scheme_drafted", scheme, reason=checked.note,
                 recruitment_id=recruitment_id, version=scheme.number,
                 members=len(member_ids))
    return scheme


# ---- approving ------------------------------------------------------------------------------

def approval_state(session: Session, recruitment_id: int, scheme: PanelScheme | None,
                   viewer: Person | None = None) -> ApprovalState:
    """Where a version stands with the group (the tally shared with role descriptions)."""
    if scheme is None:
        return tally(session, recruitment_id, None, [], viewer)
    rows = session.scalars(sa.select(PanelSchemeApproval)
                           .where(PanelSchemeApproval.scheme_id == scheme.id)
                           .order_by(PanelSchemeApproval.created_at, PanelSchemeApproval.id))
    return tally(session, recruitment_id, scheme.number, rows, viewer)


def decide(session: Session, actor: Person, recruitment_id: int, version_number: int,
           decision: str, note: str | None) -> PanelSchemeApproval:
    """A group member approves the newest version or asks for changes (R-SEL3, R-LG1).
    Refused while the group cannot decide, for any version but the newest, and (asking for
    changes) once the version is in force. The answer that reaches the threshold puts the
    version in force, once: answers on one version queue on its row."""
    get_recruitment(session, actor, recruitment_id)
    accepted_member(session, actor, recruitment_id)
    ensure_group_can_decide(session, recruitment_id)
    # Decisions on one version queue here, so the threshold is crossed exactly once.
    latest = session.scalar(sa.select(PanelScheme).where(PanelScheme.recruitment_id ==
                                                         recruitment_id)
                            .order_by(PanelScheme.number.desc()).limit(1).with_for_update())
    if latest is None:
        raise NotFound()
    if version_number != latest.number:
        raise DomainError(_l("The scheme has changed since you opened it. Read the new "
                             "version before you decide."), field="decision")
    try:
        choice = ApprovalDecision(decision)
    except ValueError:
        raise DomainError(_l("Choose whether you approve or would like changes"),
                          field="decision") from None
    if latest.approved_at is not None and choice == ApprovalDecision.CHANGES:
        raise DomainError(_l("This version is already agreed and in force. To change it, "
                             "make a new version for the group to approve."),
                          field="decision")
    note = _text(note) or None
    if choice == ApprovalDecision.CHANGES and not note:
        raise DomainError(_l("Say what should change"), field="note")
    if note and len(note) > NOTE_MAX:
        raise DomainError(_l("Keep this to %(n)s characters or fewer", n=NOTE_MAX),
                          field="note")
    row = session.scalar(sa.select(PanelSchemeApproval).where(
        PanelSchemeApproval.scheme_id == latest.id, PanelSchemeApproval.person_id == actor.id))
    if row is None:
        row = PanelSchemeApproval(scheme_id=latest.id, person_id=actor.id, decision=choice)
        session.add(row)
    row.decision = choice
    row.note = note
    row.created_at = utcnow()
    session.flush()
    audit.record(session, actor, "panel_scheme_" + ("approved" if choice ==
                 ApprovalDecision.APPROVE else "changes_asked"), row, reason=note,
                 recruitment_id=recruitment_id, version=latest.number)
    # A late approval of a version already in force is kept, and changes nothing.
    if latest.approved_at is None and approval_state(session, recruitment_id, latest).approved:
        _put_in_force(session, actor, recruitment_id, latest)
    return row


def _put_in_force(session: Session, actor: Person, recruitment_id: int,
                  scheme: PanelScheme) -> None:
    """The version the group has agreed becomes the scheme in force: its members get their
    places (a random order seed each, for their own order of applications), members it leaves
    out are marked removed. Replacing a version already locked by scoring is audited with the
    version numbers and the reason, and the new version is locked too (scoring has started)."""
    previous = current_scheme(session, recruitment_id)
    now = utcnow()
    scheme.approved_at = now
    if previous is not None and previous.locked_at is not None:
        scheme.locked_at = now
        audit.record(session, actor, "panel_scheme_changed_after_scoring", scheme,
                     reason=scheme.note, recruitment_id=recruitment_id,
                     from_version=previous.number, to_version=scheme.number)
    rows = {m.person_id: m for m in session.scalars(
        sa.select(PanelMember).where(PanelMember.recruitment_id == recruitment_id)
        .with_for_update())}
    wanted = list(dict.fromkeys(scheme.member_ids or []))
    for person_id in wanted:
        member = rows.get(person_id)
        if member is None:
            session.add(PanelMember(recruitment_id=recruitment_id, person_id=person_id,
                                    order_seed=secrets.randbelow(2**31 - 2) + 1))
        elif member.removed_at is not None:
            member.removed_at = None
    for person_id, member in rows.items():
        if person_id not in wanted and member.removed_at is None:
            member.removed_at = now
    session.flush()
    audit.record(session, actor, "panel_scheme_in_force", scheme,
                 recruitment_id=recruitment_id, version=scheme.number,
                 replaces=previous.number if previous else None)


def lock(session: Session, scheme: PanelScheme) -> None:
    """Scoring has started under this version (the scoring journey calls this when the first
    score is saved): any change from now on needs the group's approval again and is audited
    (R-SEL3). Idempotent."""
    if scheme.locked_at is None:
        session.execute(sa.update(PanelScheme).where(PanelScheme.id == scheme.id,
                                                     PanelScheme.locked_at.is_(None))
                        .values(locked_at=utcnow()))
        session.refresh(scheme, ["locked_at"])


def members_with_people(session: Session, recruitment_id: int) -> list[PanelMember]:
    """The panel's current members with their people, in one query."""
    return list(session.scalars(
        sa.select(PanelMember).options(joinedload(PanelMember.person))
        .where(PanelMember.recruitment_id == recruitment_id, PanelMember.removed_at.is_(None))
        .join(Person, Person.id == PanelMember.person_id)
        .order_by(Person.given_name, Person.family_name, PanelMember.id)))
