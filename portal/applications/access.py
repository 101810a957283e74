"""Who may see and handle applications (R-IV1, R-SEL5, R-AC3).

- The recruitment's leadership group (accepted members) handles the applications to its role.
- Engagement workers handle the applications of the organisations they support (a
  RoleGrant engagement_worker for that organisation): they help, record and post, and never
  decide (R-IV1).
- Nobody else: not organisation administrators, not platform administrators, not
  representatives of other recruitments. Equality monitoring is reachable by no one of these
  (R-AC3); only its aggregate report is shown.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.errors import Forbidden
from portal.models import Board, GroupMember, Person, Recruitment, RoleGrant
from portal.models.enums import MemberStatus, Role


def worker_organisation_ids(session: Session, person: Person | None) -> set[int]:
    """The organisations this person supports as an engagement worker."""
    if person is None or not person.is_authenticated:
        return set()
    return set(session.scalars(sa.select(RoleGrant.organisation_id).where(
        RoleGrant.person_id == person.id, RoleGrant.role == Role.ENGAGEMENT_WORKER)))


def group_recruitment_ids(session: Session, person: Person | None) -> set[int]:
    """The recruitments whose leadership group this person has joined."""
    if person is None or not person.is_authenticated:
        return set()
    return set(session.scalars(sa.select(GroupMember.recruitment_id).where(
        GroupMember.person_id == person.id, GroupMember.status == MemberStatus.ACCEPTED)))


def manageable_recruitments(session: Session, person: Person | None) -> sa.Select:
    """A query of the recruitments whose applications this person may handle (for lists:
    one statement, however many there are)."""
    orgs = worker_organisation_ids(session, person)
    groups = group_recruitment_ids(session, person)
    return (sa.select(Recruitment).join(Board, Board.id == Recruitment.board_id)
            .where(sa.or_(Board.organisation_id.in_(orgs), Recruitment.id.in_(groups))))


def can_manage(session: Session, person: Person | None, recruitment: Recruitment) -> bool:
    if person is None or not person.is_authenticated:
        return False
    if recruitment.id in group_recruitment_ids(session, person):
        return True
    organisation_id = session.scalar(sa.select(Board.organisation_id).where(
        Board.id == recruitment.board_id))
    return organisation_id in worker_organisation_ids(session, person)


def ensure_manages(session: Session, person: Person | None, recruitment: Recruitment) -> None:
    """Raise Forbidden unless the person may handle this recruitment's applications."""
    if not can_manage(session, person, recruitment):
        raise Forbidden()


def is_worker_for(session: Session, person: Person | None, recruitment: Recruitment) -> bool:
    """An engagement worker of the recruitment's organisation (who may record on an
    applicant's behalf, R-IV1)."""
    organisation_id = session.scalar(sa.select(Board.organisation_id).where(
        Board.id == recruitment.board_id))
    return organisation_id in worker_organisation_ids(session, person)


def managed_recruitment(session: Session, person: Person | None,
                        recruitment_id: int) -> Recruitment:
    """The recruitment, if this person may handle its applications: NotFound when there is no
    such recruitment, Forbidden when it is not theirs (the group pages of issue 4)."""
    from sqlalchemy.orm import joinedload

    from portal.errors import NotFound

    recruitment = session.scalar(
        sa.select(Recruitment).options(joinedload(Recruitment.board).joinedload(
            Board.organisation)).where(Recruitment.id == recruitment_id))
    if recruitment is None:
        raise NotFound()
    ensure_manages(session, person, recruitment)
    return recruitment
