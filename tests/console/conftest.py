"""A published role with its group member and engagement worker, and people who must be
refused: a worker of another organisation, a member of another recruitment's group, an
organisation administrator and a platform administrator."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import (
    Board,
    GroupMember,
    Organisation,
    RoleDescriptionVersion,
)
from portal.models.enums import (
    MemberKind,
    MemberStatus,
)
from tests import factories


@pytest.fixture
def console_world(db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat", "expression_of_interest"]
    org = db_session.scalar(sa.select(Organisation).join(Board).where(Board.id == role.board_id))
    other_org = factories.organisation(db_session)
    other_role = factories.published_role(db_session, factories.board(db_session, other_org))
    people = {name: factories.person(db_session, given_name=name.title(), family_name="Test")
              for name in ("worker", "member", "other_worker", "other_member", "org_admin",
                           "platform_admin", "nobody")}
    factories.grant(db_session, people["worker"], "engagement_worker", org)
    factories.grant(db_session, people["other_worker"], "engagement_worker", other_org)
    factories.grant(db_session, people["org_admin"], "org_admin", org)
    factories.grant(db_session, people["platform_admin"], "platform_admin")
    for person, recruitment in ((people["member"], role), (people["other_member"], other_role)):
        db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=person.id,
                                   kind=MemberKind.LIVED_EXPERIENCE,
                                   status=MemberStatus.ACCEPTED))
    db_session.commit()
    return {"role": role, "other_role": other_role, "org": org, "other_org": other_org,
            **people}


@pytest.fixture
def as_person(app, login):
    def _as(person):
        client = app.test_client()
        login(client, person)
        return client

    return _as
