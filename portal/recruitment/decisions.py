"""Deciding together (R-RD3, R-LG1): comments on sections, each member's approval, publishing.

- Members who have accepted their place comment on any section of the current version.
- Each member approves the current version or asks for changes (with a note). An approval
  belongs to one version, so the next edit starts with none: an edit after approval clears
  approvals (and the audit log says how many were cleared, see descriptions.save_version).
- The role can be published when the group can decide (lived-experience majority among its
  accepted members, R-LG1) AND more than half of the accepted members approve the current
  version AND lived-experience members are the majority of those approving, so staff and
  advisers never carry a decision alone. Every section must be written in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit, interest
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import (
    Approval,
    Person,
    Recruitment,
    RoleDescriptionVersion,
    SectionComment,
)
from portal.models.base import today_in_wales, utcnow
from portal.models.enums import ApprovalDecision, RecruitmentStage
from portal.recruitment.approvals import ApprovalState, tally
from portal.recruitment.approvals import accepted_member as _accepted_member
from portal.recruitment.descriptions import ensure_can_write, latest
from portal.recruitment.services import (
    ensure_group_can_decide,
    get_recruitment,
)
from portal.role_templates_content import SECTION_KEYS
from portal.roles import description_problems, missing_sections

# People who are unwell at times need time to apply: a role stays open at least two weeks.
MIN_OPEN_DAYS = 14


# ---- comments -------------------------------------------------------------------------------

def add_comment(session: Session, actor: Person, recruitment_id: int, section: str,
                body: str) -> SectionComment:
    """A group member (or an administrator helping) comments on one section."""
    recruitment, _access = get_recruitment(session, actor, recruitment_id)
    ensure_can_write(session, actor, recruitment)
    current = latest(session, recruitment_id)
    if current is None:
        raise NotFound()
    problems = []
    if section not in SECTION_KEYS:
        problems.append(("section", _l("Choose the section you are commenting on")))
    if not (body or "").strip():
        problems.append(("body", _l("Write your comment")))
    if problems:
        raise ValidationFailed(problems)
    comment = SectionComment(recruitment_id=recruitment_id, version_id=current.id,
                             section=section, author_id=actor.id, body=body.strip())
    session.add(comment)
    session.flush()
    audit.record(session, actor, "section_commented", comment, recruitment_id=recruitment_id,
                 section=section, version=current.number)
    return comment


@dataclass
class CommentView:
    section: str
    author: str
    body: str
    created_at: Any
    version: int


def comments_by_section(session: Session, recruitment_id: int) -> dict[str, list[CommentView]]:
    rows = session.execute(
        sa.select(SectionComment, Person.given_name, Person.family_name,
                  RoleDescriptionVersion.number)
        .outerjoin(Person, Person.id == SectionComment.author_id)
        .join(RoleDescriptionVersion, RoleDescriptionVersion.id == SectionComment.version_id)
        .where(SectionComment.recruitment_id == recruitment_id)
        .order_by(SectionComment.created_at, SectionComment.id))
    out: dict[str, list[CommentView]] = {}
    for comment, given, family, number in rows:
        author = f"{given or ''} {family or ''}".strip() or "—"
        out.setdefault(comment.section, []).append(
            CommentView(comment.section, author, comment.body, comment.created_at, number))
    return out


# ---- approvals ------------------------------------------------------------------------------

def approval_state(session: Session, recruitment_id: int,
                   version: RoleDescriptionVersion | None, viewer: Person | None = None
                   ) -> ApprovalState:
    """Where a role description version stands (the shared tally, recruitment.approvals)."""
    if version is None:
        return tally(session, recruitment_id, None, [], viewer)
    rows = session.scalars(sa.select(Approval).where(Approval.version_id == version.id)
                           .order_by(Approval.created_at))
    return tally(session, recruitment_id, version.number, rows, viewer)


def decide(session: Session, actor: Person, recruitment_id: int, version_number: int,
           decision: str, note: str | None) -> Approval:
    """A member approves the current version or asks for changes. Refused while the group is
    not lived-experience majority (R-LG1), and for any version but the current one."""
    get_recruitment(session, actor, recruitment_id)
    _accepted_member(session, actor, recruitment_id)
    ensure_group_can_decide(session, recruitment_id)
    current = latest(session, recruitment_id)
    if current is None:
        raise NotFound()
    if version_number != current.number:
        raise DomainError(_l("The role description has changed since you opened it. Read "
                             "the new version before you decide."), field="decision")
    choice = ApprovalDecision(decision)
    note = (note or "").strip() or None
    if choice == ApprovalDecision.CHANGES and not note:
        raise DomainError(_l("Say what should change"), field="note")
    row = session.scalar(sa.select(Approval).where(Approval.version_id == current.id,
                                                   Approval.person_id == actor.id))
    if row is None:
        row = Approval(recruitment_id=recruitment_id, version_id=current.id, person_id=actor.id,
                       decision=choice)
        session.add(row)
    row.decision = choice
    row.note = note
    row.created_at = utcnow()
    session.flush()
    audit.record(session, actor, "role_description_" + ("approved" if choice ==
                 ApprovalDecision.APPROVE else "changes_asked"), row, reason=note,
                 recruitment_id=recruitment_id, version=current.number)
    return row


def approvals_on(session: Session, version: RoleDescriptionVersion) -> int:
    return session.scalar(sa.select(sa.func.count(Approval.id))
                          .where(Approval.version_id == version.id)) or 0


# ---- publishing -----------------------------------------------------------------------------

def publish_problems(session: Session, recruitment: Recruitment,
                     version: RoleDescriptionVersion | None) -> list[str]:
    """Everything that stands between the current version and publication: the group's
    approval, every section in both languages, and the minimums checked again, because the
    Living Wage or the board's meetings may have changed since the version was saved."""
    if version is None:
        return [_("Write the role description first.")]
    problems = []
    state = approval_state(session, recruitment.id, version)
    if not state.approved:
        problems.append(state.reason())
    missing = missing_sections(version.sections)
    if missing:
        problems.append(_("%(n)s sections still need writing in English or Welsh.",
                          n=len(missing)))
    problems.extend(str(message) for _field, message in description_problems(
        meetings_per_year=recruitment.board.meetings_per_year, term_months=version.term_months,
        eligibility_years=version.eligibility_years, hourly_rate=version.hourly_rate,
        sections=version.sections, methods=list(version.selection_methods)))
    return problems


def publish(session: Session, actor: Person, recruitment_id: int, data: dict[str, Any]):
    """Publish the approved current version until the closing date (R-RD3, R-LG1)."""
    recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not access.manage_group:
        raise Forbidden()
    # One publication at a time (a double click): the second waits here, then finds the
    # first one's messages already written and tells nobody twice.
    session.execute(sa.select(Recruitment.id).where(Recruitment.id == recruitment_id)
                    .with_for_update())
    ensure_group_can_decide(session, recruitment_id)
    current = latest(session, recruitment_id)
    blockers = publish_problems(session, recruitment, current)
    if blockers:
        raise DomainError(blockers[0])
    problems = []
    closes_on: date | None = data.get("closes_on")
    earliest = today_in_wales() + timedelta(days=MIN_OPEN_DAYS)
    if closes_on is None:
        problems.append(("closes_on", _l("Enter the closing date")))
    elif closes_on < earliest:
        problems.append(("closes_on", _(
            "The closing date must be at least %(days)s days from today, so that people who "
            "are unwell at times still have time to apply.", days=MIN_OPEN_DAYS)))
    elif closes_on > today_in_wales() + timedelta(days=366):
        problems.append(("closes_on", _l("The closing date must be within a year")))
    if not (data.get("contact_name") or "").strip():
        problems.append(("contact_name", _l("Enter the name of the person applicants can "
                                            "contact")))
    if not ((data.get("contact_email") or "").strip() or (data.get("contact_phone") or "").strip()):
        problems.append(("contact_phone", _l("Enter a phone number or an email address, so "
                                             "that people without email can get in touch too")))
    if problems:
        raise ValidationFailed(problems)
    first_time = recruitment.published_version_id is None
    recruitment.published_version_id = current.id
    recruitment.published_at = utcnow()
    recruitment.stage = RecruitmentStage.PUBLISHED
    recruitment.closes_on = closes_on
    recruitment.contact_name = data["contact_name"].strip()
    recruitment.contact_email = (data.get("contact_email") or "").strip() or None
    recruitment.contact_phone = (data.get("contact_phone") or "").strip() or None
    session.flush()
    # People who asked to hear about roles like this are told (R-AC4), in this transaction,
    # once each: a republication tells nobody twice.
    told = interest.notify_matching(session, recruitment)
    audit.record(session, actor, "role_published" if first_time else "role_republished",
                 recruitment, version=current.number, closes_on=closes_on.isoformat(),
                 told=told)
    return recruitment

