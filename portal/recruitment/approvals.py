"""The group's approval of one version of something it co-produces (R-LG1, R-RD3, R-SEL3).

The role description (recruitment.decisions) and the panel scheme (panels.scheme) are approved
the same way: more than half of the group's accepted members approve the version, the group
can decide at all (a lived-experience majority among its accepted members, R-LG1), and
lived-experience members are the majority of those approving, so staff and advisers never
carry a decision alone. An answer belongs to one version; a member who has since left the
group no longer counts. This module holds that tally once, for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from portal.errors import Forbidden
from portal.models import GroupMember, Person
from portal.models.enums import ApprovalDecision, MemberKind, MemberStatus


class Answer(Protocol):
    """One member's answer on one version (an Approval or a PanelSchemeApproval)."""

    person_id: int
    decision: ApprovalDecision
    note: str | None


@dataclass
class ApprovalState:
    """Where a version stands (R-RD3, R-SEL3, R-LG1)."""

    version_number: int | None
    accepted: int  # members who have accepted their place
    needed: int  # approvals needed: more than half of them
    approved_by: list[str] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (who, note)
    lived_approvals: int = 0
    other_approvals: int = 0
    group_can_decide: bool = False
    group_line: str = ""
    mine: ApprovalDecision | None = None

    @property
    def approvals(self) -> int:
        return self.lived_approvals + self.other_approvals

    @property
    def approved(self) -> bool:
        return (self.group_can_decide and self.version_number is not None
                and self.approvals >= self.needed
                and self.lived_approvals > self.other_approvals)

    def reason(self) -> str:
        """Why the version is not approved yet, in plain words ('' when it is)."""
        if not self.group_can_decide:
            return self.group_line
        if self.approvals < self.needed:
            return _("%(have)s of %(accepted)s members have approved this version; it needs "
                     "%(needed)s.", have=self.approvals, accepted=self.accepted,
                     needed=self.needed)
        if self.lived_approvals <= self.other_approvals:
            return _("Members with lived experience must be more than half of those "
                     "approving. Staff and advisers never decide alone.")
        return ""


def tally(session: Session, recruitment_id: int, version_number: int | None,
          answers: Iterable[Answer], viewer: Person | None = None) -> ApprovalState:
    """Count the answers given on one version (None: no version yet) against the group's
    accepted members now (R-LG1)."""
    from portal.recruitment.services import balance, members_of

    members = members_of(session, recruitment_id)
    group = balance(members)
    accepted = {m.person_id: m for m in members if m.status == MemberStatus.ACCEPTED}
    state = ApprovalState(version_number=version_number, accepted=len(accepted),
                          needed=len(accepted) // 2 + 1, group_can_decide=group.can_decide,
                          group_line=group.line())
    if version_number is None:
        return state
    for row in answers:
        member = accepted.get(row.person_id)
        if viewer is not None and row.person_id == viewer.id:
            state.mine = row.decision
        if member is None:  # left the group since: their answer no longer counts
            continue
        name = member.person.full_name
        if row.decision == ApprovalDecision.APPROVE:
            state.approved_by.append(name)
            if member.kind == MemberKind.LIVED_EXPERIENCE:
                state.lived_approvals += 1
            else:
                state.other_approvals += 1
        else:
            state.changes.append((name, row.note or ""))
    return state


def accepted_member(session: Session, actor: Person, recruitment_id: int) -> GroupMember:
    """The actor's accepted place in the group, or Forbidden: only members decide."""
    member = session.scalar(sa.select(GroupMember).where(
        GroupMember.recruitment_id == recruitment_id, GroupMember.person_id == actor.id,
        GroupMember.status == MemberStatus.ACCEPTED))
    if member is None:
        raise Forbidden()
    return member
