"""Pages keep a constant number of SQL statements as data grows (no N+1): each page is
measured with a little data, then with five times more, and must run the same statements."""

from __future__ import annotations

import pytest

from portal.models import (
    AdvertChannel,
    Approval,
    GroupMember,
    HeardAbout,
    Organisation,
    SectionComment,
)
from portal.models.enums import MemberKind, MemberStatus
from tests import factories


def _grow(db_session, board, role, draft, version, n):
    """n more published roles, comments, approvals, channels and reach answers."""
    for i in range(n):
        factories.published_role(db_session, board, title=f"Role {i}")
        person = factories.person(db_session)
        factories.grant(db_session, person, "representative",
                        db_session.get(Organisation, board.organisation_id))
        db_session.add(GroupMember(recruitment_id=draft.id, person_id=person.id,
                                   kind=MemberKind.LIVED_EXPERIENCE,
                                   status=MemberStatus.ACCEPTED))
        db_session.flush()
        db_session.add_all([
            SectionComment(recruitment_id=draft.id, version_id=version.id, section="term",
                           author_id=person.id, body=f"Comment {i}"),
            Approval(recruitment_id=draft.id, version_id=version.id, person_id=person.id,
                     decision="approve"),
        ])
        channel = AdvertChannel(recruitment_id=role.id, channel="custom",
                                custom_name=f"Café {i}", code=f"GROW{i:02d}")
        db_session.add(channel)
        db_session.flush()
        db_session.add(HeardAbout(recruitment_id=role.id, channel_id=channel.id))
    db_session.commit()


@pytest.fixture
def world(db_session):
    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    role = factories.published_role(db_session, board)
    draft = factories.recruitment(db_session, board)
    version = factories.description(db_session, draft)
    for recruitment in (role, draft):
        db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                                   kind=MemberKind.LIVED_EXPERIENCE,
                                   status=MemberStatus.ACCEPTED))
    db_session.commit()
    return {"org": org, "board": board, "rep": rep, "role": role, "draft": draft,
            "version": version}


def test_pages_run_the_same_statements_however_much_data(client, db_session, login, statements,
                                                         world):
    login(client, world["rep"])
    paths = [
        "/en/roles/", "/cy/roles/?q=role&seat_type=service_user",
        f"/en/roles/{world['role'].id}", "/en/roles/feed.atom",
        f"/en/organisations/{world['org'].id}/roles.atom", "/en/embed/roles",
        f"/en/roles/{world['role'].id}/poster", f"/en/roles/{world['role'].id}/flyer",
        f"/en/recruitment/{world['draft'].id}/role",
        f"/en/recruitment/{world['role'].id}/advertising",
    ]

    def measure():
        counts = {}
        for path in paths:
            with statements() as seen:
                response = client.get(path)
            assert response.status_code == 200, path
            counts[path] = len(seen)
        return counts

    before = measure()
    _grow(db_session, world["board"], world["role"], world["draft"], world["version"], 5)
    after = measure()
    assert after == before
