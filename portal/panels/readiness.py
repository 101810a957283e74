"""A panel member's readiness (R-SEL6, R-PAY2) and conflicts of interest (R-SEL4).

- Training (R-SEL6): a member confirms they have done the panel training or sat on a
  recruitment panel before. A member who has done neither is offered the training session
  (`training_offered_at`) and cannot score until someone who saw them attend records it: the
  chair, a lived-experience member of the group, or an engagement worker (or administrator) of
  the organisation (`training_recorded_by_id`). Once offered, they cannot confirm it themselves.
- Confidentiality: the member reads the agreement and confirms it.
- Preferences: question by question (the default) or application by application; a fee or to
  volunteer (R-PAY2), with a pointer to welfare-benefits advice before accepting payment.
- Conflicts (R-SEL4), applicant by applicant, by name only, on a page that carries no
  application ids: each row has a key only this member's page uses (an HMAC of member and
  application with the app's secret), so the names page cannot be joined to the anonymised
  scoring pages. Only ready members declare. No conflict may become a conflict at any time
  (their sheets for that application then stop counting: the scoring journey reads the
  declarations); a conflict, once declared, is never withdrawn. Every declaration is audited.
- Strength: the chair sees, per application (by its anonymised label), how many ready members
  without a conflict remain, and a warning when fewer than the scheme's `min_scorers`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal import audit
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import (
    Application,
    ConflictDeclaration,
    GroupMember,
    PanelMember,
    PanelScheme,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import MemberKind, MemberStatus
from portal.panels import core
from portal.recruitment.services import access_to

TRAINING_BASES = ("training", "experience")
SCORING_MODES = ("by_question", "by_application")
CONFLICT_NOTE_MAX = 500


def _locked_member(session: Session, seat: core.Seat) -> PanelMember:
    """The member's own row, locked: one change to their readiness at a time."""
    return session.scalar(sa.select(PanelMember).where(PanelMember.id == seat.member.id)
                          .with_for_update().execution_options(populate_existing=True))


# ---- training, confidentiality, preferences -------------------------------------------------

def confirm_training(session: Session, actor: Person, recruitment_id: int, basis: str
                     ) -> PanelMember:
    """R-SEL6: "training" or "experience" confirms; "neither" offers the training session.
    A member already offered the session cannot confirm it themselves (DomainError)."""
    seat = core.ensure_member(session, actor, recruitment_id)
    member = _locked_member(session, seat)
    if basis not in (*TRAINING_BASES, "neither"):
        raise DomainError(_l("Choose the answer that fits you"), field="basis")
    if member.training_confirmed_at is not None:
        return member
    if basis == "neither":
        if member.training_offered_at is None:
            member.training_offered_at = utcnow()
            audit.record(session, actor, "panel_training_offered", member,
                         recruitment_id=recruitment_id)
        return member
    if member.training_offered_at is not None:
        raise DomainError(_l("You have been offered the training session. The person who sees "
                             "you there records it; until then you cannot score."),
                          field="basis")
    member.training_basis = basis
    member.training_confirmed_at = utcnow()
    audit.record(session, actor, "panel_training_confirmed", member,
                 recruitment_id=recruitment_id, basis=basis)
    return member


def may_record_training(session: Session, actor: Person, recruitment_id: int,
                        seat: core.Seat | None = None) -> bool:
    """The chair, a lived-experience member of the group, or an engagement worker (or
    administrator) of the organisation may record that someone attended the training."""
    if not getattr(actor, "is_authenticated", False):
        return False
    scheme = seat.scheme if seat else core.current_scheme(session, recruitment_id)
    if scheme is not None and scheme.chair_id == actor.id:
        return True
    lived = session.scalar(sa.select(GroupMember.id).where(
        GroupMember.recruitment_id == recruitment_id, GroupMember.person_id == actor.id,
        GroupMember.status == MemberStatus.ACCEPTED,
        GroupMember.kind == MemberKind.LIVED_EXPERIENCE))
    if lived is not None:
        return True
    recruitment = session.scalar(sa.select(Recruitment).options(joinedload(Recruitment.board))
                                 .where(Recruitment.id == recruitment_id))
    return recruitment is not None and access_to(session, actor, recruitment).record_in_person


def record_training(session: Session, actor: Person, recruitment_id: int, member_id: int
                    ) -> PanelMember:
    """R-SEL6: someone who saw a member attend the training session records it; the member
    may then score. Nobody records their own training."""
    if not may_record_training(session, actor, recruitment_id):
        raise Forbidden()
    member = session.scalar(sa.select(PanelMember).where(
        PanelMember.id == member_id, PanelMember.recruitment_id == recruitment_id,
        PanelMember.removed_at.is_(None)).with_for_update())
    if member is None:
        raise NotFound()
    if member.person_id == actor.id:
        raise DomainError(_l("Someone else records that you attended the training."))
    if member.training_confirmed_at is None:
        member.training_basis = "training"
        member.training_confirmed_at = utcnow()
        member.training_recorded_by_id = actor.id
        audit.record(session, actor, "panel_training_recorded", member,
                     recruitment_id=recruitment_id)
    return member


def confirm_confidentiality(session: Session, actor: Person, recruitment_id: int,
                            agreed: bool) -> PanelMember:
    """The member confirms the confidentiality agreement (needed before opening anything)."""
    seat = core.ensure_member(session, actor, recruitment_id)
    if not agreed:
        raise DomainError(_l("Confirm that you agree to keep applications confidential"),
                          field="agree")
    member = _locked_member(session, seat)
    if member.confidentiality_at is None:
        member.confidentiality_at = utcnow()
        audit.record(session, actor, "panel_confidentiality_confirmed", member,
                     recruitment_id=recruitment_id)
    return member


def save_preferences(session: Session, actor: Person, recruitment_id: int, scoring_mode: str,
                     payment_choice: str) -> PanelMember:
    """How the member scores, and a fee or to volunteer (R-PAY2, saved by
    expenses.services.choose_payment, as on the claim page)."""
    seat = core.ensure_member(session, actor, recruitment_id)
    problems = []
    if scoring_mode not in SCORING_MODES:
        problems.append(("scoring_mode", _l("Choose how you would like to score")))
    if payment_choice not in {value for value, _words in core.PAYMENT_WORDS}:
        problems.append(("payment_choice", _l("Choose whether you would like to be paid a fee "
                                              "or to volunteer")))
    if problems:
        raise ValidationFailed(problems)
    member = _locked_member(session, seat)
    member.scoring_mode = scoring_mode
    # One service saves the fee-or-volunteer choice, here and on the claim page (R-PAY2).
    from portal.expenses.services import choose_payment  # expenses imports the panels

    return choose_payment(session, member, payment_choice)


# ---- conflicts of interest (R-SEL4) ---------------------------------------------------------

def opaque_key(member_id: int, application_id: int) -> str:
    """A key for one application on one member's names page: stable for them, meaningless to
    anyone else, and not an application id (R-SEL4: names cannot be joined to scoring pages)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"panel-conflict:{member_id}:{application_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:24]


@dataclass
class NameRow:
    key: str
    name: str
    conflicted: bool | None  # None: not declared yet
    note: str


def _name_of(contact: dict | None, given: str | None, family: str | None) -> str:
    name = ((contact or {}).get("name") or "").strip() if isinstance(contact, dict) else ""
    return name or f"{given or ''} {family or ''}".strip() or "—"


def name_rows(session: Session, member: PanelMember, recruitment_id: int) -> list[NameRow]:
    """Every application the panel scores, by the applicant's name only, sorted by name (not
    the scoring order), with this member's declaration. Two queries, whatever the number."""
    apps = core.panel_applications(recruitment_id).with_only_columns(
        Application.id, Application.contact, Person.given_name, Person.family_name
    ).outerjoin(Person, Person.id == Application.person_id)
    declared = {d.application_id: d for d in session.scalars(sa.select(ConflictDeclaration)
                                                             .where(ConflictDeclaration
                                                                    .member_id == member.id))}
    rows = []
    for app_id, contact, given, family in session.execute(apps):
        d = declared.get(app_id)
        rows.append(NameRow(key=opaque_key(member.id, app_id),
                            name=_name_of(contact, given, family),
                            conflicted=d.conflicted if d else None,
                            note=(d.note or "") if d else ""))
    rows.sort(key=lambda r: (r.name.casefold(), r.key))
    return rows


def declare(session: Session, actor: Person, recruitment_id: int,
            answers: dict[str, tuple[str | None, str | None]]) -> int:
    """Record a ready member's declarations (R-SEL4): `answers` maps a row key of their names
    page to ("none" | "conflict" | None, note). A conflict needs a short note of what it is;
    a declared conflict is never withdrawn. All problems are reported at once
    (ValidationFailed, by field `c-<key>`/`n-<key>`) and nothing is saved until there are
    none. Returns how many declarations were made or changed."""
    seat = core.ensure_ready(session, actor, recruitment_id)
    member = _locked_member(session, seat)  # one declaration at a time for this member
    ids = session.scalars(core.panel_applications(recruitment_id)
                          .with_only_columns(Application.id)).all()
    by_key = {opaque_key(member.id, app_id): app_id for app_id in ids}
    existing = {d.application_id: d for d in session.scalars(
        sa.select(ConflictDeclaration).where(ConflictDeclaration.member_id == member.id))}
    problems, changes = [], []
    for key, (choice, note) in answers.items():
        app_id = by_key.get(key)
        if app_id is None or choice in (None, ""):
            continue  # not on this member's list (any more), or not answered yet
        note = (note or "").strip()
        before = existing.get(app_id)
        if choice not in ("none", "conflict"):
            problems.append((f"c-{key}", _l("Choose whether you have a conflict of interest")))
        elif choice == "none":
            if before is not None and before.conflicted:
                problems.append((f"c-{key}", _l(
                    "You declared a conflict of interest with this applicant. A conflict "
                    "cannot be taken back, so that nobody is pressed to withdraw one.")))
            elif before is None:
                changes.append((app_id, False, None, None))
        elif before is not None and before.conflicted:
            continue  # declared already; the page shows no box for it, so nothing to check
        elif not note:
            problems.append((f"n-{key}", _l("Say briefly what the conflict is, for the chair")))
        elif len(note) > CONFLICT_NOTE_MAX:
            problems.append((f"n-{key}", _l("Keep this to %(n)s characters or fewer",
                                            n=CONFLICT_NOTE_MAX)))
        elif before is None or not before.conflicted:
            changes.append((app_id, True, note, before))
    if problems:
        raise ValidationFailed(problems)
    for app_id, conflicted, note, before in changes:
        if before is None:
            row = ConflictDeclaration(member_id=member.id, application_id=app_id,
                                      conflicted=conflicted, note=note)
            session.add(row)
        else:
            row = before
            row.conflicted, row.note, row.declared_at = True, note, utcnow()
        session.flush()
        audit.record(session, actor, "conflict_declared" if conflicted else
                     "no_conflict_declared", row, reason=note,
                     recruitment_id=recruitment_id, application_id=app_id,
                     changed_from_no_conflict=before is not None)
    return len(changes)


# ---- the panel's strength -------------------------------------------------------------------

@dataclass
class Strength:
    application_id: int
    label: str  # anonymised: core.label, the same pseudonym as on every other panel page
    ready: int  # ready members on the panel
    conflicted: int  # of them, declared a conflict
    clear: int  # of them, declared no conflict
    needed: int

    @property
    def available(self) -> int:
        """Ready members without a declared conflict (some may not have declared yet)."""
        return self.ready - self.conflicted

    @property
    def short(self) -> bool:
        return self.available < self.needed


def strength(session: Session, scheme: PanelScheme, recruitment_id: int) -> list[Strength]:
    """Per application the panel scores: how many ready members remain without a conflict, and
    whether that is fewer than the scheme's `min_scorers` (R-SEL4). Three queries."""
    ids = session.scalars(core.panel_applications(recruitment_id)
                          .with_only_columns(Application.id)).all()
    ready_ids = session.scalars(sa.select(PanelMember.id).where(
        PanelMember.recruitment_id == recruitment_id, PanelMember.removed_at.is_(None),
        PanelMember.person_id.in_(list(scheme.member_ids or []) or [-1]),
        PanelMember.training_confirmed_at.is_not(None),
        PanelMember.confidentiality_at.is_not(None))).all()
    counts: Counter = Counter()
    if ready_ids and ids:
        for app_id, conflicted, n in session.execute(
                sa.select(ConflictDeclaration.application_id, ConflictDeclaration.conflicted,
                          sa.func.count())
                .where(ConflictDeclaration.member_id.in_(ready_ids))
                .group_by(ConflictDeclaration.application_id, ConflictDeclaration.conflicted)):
            counts[(app_id, conflicted)] = n
    rows = [Strength(application_id=app_id, label=core.label(app_id), ready=len(ready_ids),
                     conflicted=counts[(app_id, True)], clear=counts[(app_id, False)],
                     needed=scheme.min_scorers)
            for app_id in ids]
    rows.sort(key=lambda r: core.label_code(r.application_id))  # as on the progress page
    return rows


# ---- the panel at a glance (the panel's home page) ------------------------------------------

@dataclass
class MemberRow:
    member_id: int
    person_id: int
    name: str
    is_chair: bool
    training: str  # "training" | "experience" | "offered" | "" (not yet)
    recorded: bool  # someone recorded their attendance at the training session
    confidentiality: bool
    declared: int  # applications they have declared for (counts only, never which)
    applications: int

    @property
    def ready(self) -> bool:
        return self.training in TRAINING_BASES and self.confidentiality


def overview(session: Session, scheme: PanelScheme, recruitment_id: int) -> list[MemberRow]:
    """Each member of the scheme in force and their readiness, counts only. Three queries."""
    members = session.execute(
        sa.select(PanelMember, Person.given_name, Person.family_name)
        .join(Person, Person.id == PanelMember.person_id)
        .where(PanelMember.recruitment_id == recruitment_id, PanelMember.removed_at.is_(None),
               PanelMember.person_id.in_(list(scheme.member_ids or []) or [-1]))
        .order_by(Person.given_name, Person.family_name, PanelMember.id)).all()
    total = session.scalar(sa.select(sa.func.count()).select_from(
        core.panel_applications(recruitment_id).order_by(None).subquery())) or 0
    declared = dict(session.execute(
        sa.select(ConflictDeclaration.member_id, sa.func.count())
        .where(ConflictDeclaration.member_id.in_([m.id for m, _g, _f in members] or [-1]),
               ConflictDeclaration.application_id.in_(
                   core.panel_applications(recruitment_id).with_only_columns(Application.id)
                   .order_by(None)))
        .group_by(ConflictDeclaration.member_id)).all()) if members else {}
    rows = []
    for member, given, family in members:
        if member.training_confirmed_at is not None:
            training = member.training_basis or "training"
        else:
            training = "offered" if member.training_offered_at else ""
        rows.append(MemberRow(
            member_id=member.id, person_id=member.person_id, name=f"{given} {family}".strip(),
            is_chair=scheme.chair_id == member.person_id, training=training,
            recorded=member.training_recorded_by_id is not None,
            confidentiality=member.confidentiality_at is not None,
            declared=declared.get(member.id, 0), applications=total))
    return rows


def panels_of(session: Session, person: Person) -> list[tuple[int, int]]:
    """(recruitment id, panel member id) of every panel the person sits on now."""
    return [tuple(r) for r in session.execute(
        sa.select(PanelMember.recruitment_id, PanelMember.id)
        .where(PanelMember.person_id == person.id, PanelMember.removed_at.is_(None))
        .order_by(PanelMember.created_at.desc()))]
