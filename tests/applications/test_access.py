"""Who may handle applications: the recruitment's group and the engagement workers of its
organisation; nobody else (R-IV1)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.applications import access
from portal.models import Board, GroupMember, Organisation, Recruitment
from portal.models.enums import MemberKind, MemberStatus
from tests import factories


def test_only_the_group_and_the_organisations_workers_handle_applications__R_IV1(db_session):
    role = factories.published_role(db_session)
    org = db_session.scalar(sa.select(Organisation).join(Board).where(
        Board.id == role.board_id))
    other_org = factories.organisation(db_session)
    member, invited, worker, elsewhere, admin = (factories.person(db_session) for _ in range(5))
    for person, status in ((member, MemberStatus.ACCEPTED), (invited, MemberStatus.INVITED)):
        db_session.add(GroupMember(recruitment_id=role.id, person_id=person.id,
                                   kind=MemberKind.LIVED_EXPERIENCE, status=status))
    factories.grant(db_session, worker, "engagement_worker", org)
    factories.grant(db_session, elsewhere, "engagement_worker", other_org)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.flush()
    for person in (member, invited, worker, elsewhere, admin):
        person.session_token = "signed-in"  # as current_user is

    allowed = {p.id for p in (member, invited, worker, elsewhere, admin)
               if access.can_manage(db_session, p, role)}
    assert allowed == {member.id, worker.id}
    assert access.is_worker_for(db_session, worker, role)
    assert not access.is_worker_for(db_session, member, role)
    listed = {p.id: set(db_session.scalars(access.manageable_recruitments(db_session, p)
                                           .with_only_columns(Recruitment.id)))
              for p in (member, worker, elsewhere, admin)}
    assert listed == {member.id: {role.id}, worker.id: {role.id}, elsewhere.id: set(),
                      admin.id: set()}
    assert not access.can_manage(db_session, None, role)
