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


def _grow_routes(db_session, role, n):
    """n more events (some booked), invitations and answered requests for another way."""
    from datetime import timedelta

    import sqlalchemy as sa

    from portal.models import Application, GroupEvent
    from portal.models.base import utcnow

    answerer = factories.person(db_session)
    for _ in range(n):
        i = db_session.scalar(sa.select(sa.func.count(Application.id))) + 1
        starts = utcnow() + timedelta(days=i)
        event = GroupEvent(recruitment_id=role.id, starts_at=starts,
                           ends_at=starts + timedelta(hours=1), place=f"Hall {i}",
                           access={"en": "Step-free", "cy": "Heb risiau"}, places=3)
        db_session.add(event)
        db_session.flush()
        inviter = factories.person(db_session)
        db_session.add_all([
            Application(recruitment_id=role.id, reference=f"GROW-{i:04d}",
                        access_token_hash=f"{i:064d}", route="group_event", language="en",
                        status="submitted", group_event_id=event.id,
                        contact={"name": f"P{i}", "channel": "phone", "phone": "029"}),
            Application(recruitment_id=role.id, reference=f"INVT-{i:04d}",
                        access_token_hash=f"{i + 5000:064d}", route="formal_invitation",
                        language="cy", status="invited", invited_by_id=inviter.id,
                        contact={"name": f"I{i}", "channel": "phone", "phone": "029"}),
            Application(recruitment_id=role.id, reference=f"OTHR-{i:04d}",
                        access_token_hash=f"{i + 9000:064d}", route="other", language="en",
                        status="submitted", other_route_request="A walk and talk",
                        route_answer="agreed", route_answered_by_id=answerer.id,
                        route_answered_at=utcnow(), submitted_at=utcnow(),
                        contact={"name": f"O{i}", "channel": "phone", "phone": "029"}),
        ])
    db_session.commit()


def test_route_lists_run_the_same_statements_however_much_data(client, db_session, login,
                                                               statements, world):
    """The group's lists of events, invitations and requests for another way, and the role
    page and the applicant's choice of events, as events and applications grow."""
    from portal.models import RoleDescriptionVersion

    role = world["role"]
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "group_event", "formal_invitation"]
    db_session.commit()
    _grow_routes(db_session, role, 1)
    from tests.conftest import csrf_from

    applicant = client.application.test_client()
    token = csrf_from(applicant.get(f"/en/roles/{role.id}/apply"))
    started = applicant.post(f"/en/roles/{role.id}/apply",
                             data={"route": "group_event", "csrf_token": token})
    base = started.location.rsplit("/", 1)[0]
    applicant.post(f"{base}/eligibility", data={"eligibility": "yes", "csrf_token": token})
    login(client, world["rep"])
    paths = [f"/en/recruitment/{role.id}/events", f"/en/recruitment/{role.id}/invitations",
             f"/cy/recruitment/{role.id}/route-requests", f"/en/roles/{role.id}"]

    def measure():
        counts = {}
        for path in paths:
            with statements() as seen:
                response = client.get(path)
            assert response.status_code == 200, path
            counts[path] = len(seen)
        with statements() as seen:
            assert applicant.get(f"{base}/event").status_code == 200
        counts["event choice"] = len(seen)
        return counts

    before = measure()
    _grow_routes(db_session, role, 5)
    after = measure()
    assert after == before
