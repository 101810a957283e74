"""R-SEL2: the group answers a request for another way to apply, and the answer is recorded
and sent to the applicant in their language and by their channel."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    GroupMember,
    Organisation,
    OutboxMessage,
)
from portal.models.base import utcnow
from portal.models.enums import (
    ApplicationStatus,
    MemberKind,
    MemberStatus,
    OutboxStatus,
    RouteAnswer,
)
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    member = factories.person(db_session, given_name="Gwen", family_name="Price")
    db_session.add(GroupMember(recruitment_id=role.id, person_id=member.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    requests = []
    for n, (lang, contact) in enumerate((
            ("cy", {"name": "Rhian", "channel": "post", "postal_address": "1 Stryd Fawr"}),
            ("en", {"name": "Owen", "channel": "email", "email": "owen@example.org"}))):
        application = Application(
            recruitment_id=role.id, reference=f"OTHR-000{n}", access_token_hash=str(n) * 64,
            route="other", status=ApplicationStatus.SUBMITTED, language=lang, contact=contact,
            eligibility="yes", submitted_at=utcnow(),
            other_route_request="A walk and talk instead of an interview, please: rooms "
                                "make me anxious.")
        db_session.add(application)
        requests.append(application)
    db_session.add(Application(  # a draft: not sent, so not the group's to answer
        recruitment_id=role.id, reference="OTHR-0009", access_token_hash="9" * 64,
        route="other", status=ApplicationStatus.DRAFT, language="en",
        other_route_request="Draft"))
    db_session.commit()
    return {"role": role, "member": member, "requests": requests}


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def test_the_group_answers_a_request_and_the_answer_is_sent__R_SEL2(
        client, db_session, login, csrf, world):
    role, rhian = world["role"], world["requests"][0]
    login(client, world["member"])
    listing = client.get(f"/en/recruitment/{role.id}/route-requests").get_data(as_text=True)
    assert "A walk and talk instead" in listing and "Waiting for an answer" in listing
    assert "Draft" not in listing
    url = f"/en/recruitment/{role.id}/route-requests/{rhian.id}"
    assert _post(client, csrf, url, {}).status_code == 400
    offered = _post(client, csrf, url, {"answer": "offered_instead", "text": ""})
    assert offered.status_code == 400
    assert 'href="#text"' in offered.get_data(as_text=True)
    done = _post(client, csrf, url, {"answer": "agreed",
                                     "text": "Alex will call you to arrange a walk."})
    assert done.status_code == 302 and done.location.endswith("/route-requests")
    db_session.expire_all()
    assert (rhian.route_answer, rhian.route_answer_text, rhian.route_answered_by_id) == (
        RouteAnswer.AGREED, "Alex will call you to arrange a walk.", world["member"].id)
    assert rhian.route_answered_at is not None
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert (letter.template, letter.status, letter.language.value, letter.application_id) == (
        "route_answer", OutboxStatus.MANUAL, "cy", rhian.id)
    assert letter.payload["answer"] == "agreed" and letter.payload["postal_address"]
    assert letter.organisation_id == db_session.get(Board, role.board_id).organisation_id
    listing = client.get(f"/en/recruitment/{role.id}/route-requests").get_data(as_text=True)
    assert "Agreed" in listing and "Gwen Price" in listing


def test_answering_twice_updates_the_answer_and_records_both__R_SEL2(
        client, db_session, login, csrf, world):
    owen = world["requests"][1]
    login(client, world["member"])
    url = f"/en/recruitment/{world['role'].id}/route-requests/{owen.id}"
    _post(client, csrf, url, {"answer": "agreed"})
    _post(client, csrf, url, {"answer": "offered_instead",
                              "text": "A phone interview with questions sent in advance."})
    db_session.expire_all()
    assert owen.route_answer == RouteAnswer.OFFERED_INSTEAD
    assert owen.route_answer_text == "A phone interview with questions sent in advance."
    steps = list(db_session.scalars(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "route_answered").order_by(ApplicationEvent.id)))
    assert [s.details["answer"] for s in steps] == ["agreed", "offered_instead"]
    assert all(s.actor_id == world["member"].id for s in steps)
    emails = list(db_session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(m.recipient, m.payload["answer"]) for m in emails] == [
        ("owen@example.org", "agreed"), ("owen@example.org", "offered_instead")]
    page = client.get(url).get_data(as_text=True)
    assert "The group has answered already" in page
    assert 'value="offered_instead" checked' in page


def test_an_engagement_worker_may_answer_nobody_else_may__R_SEL2_idor(
        app, client, db_session, login, csrf, world):
    role, rhian = world["role"], world["requests"][0]
    org = db_session.get(Organisation, db_session.get(Board, role.board_id).organisation_id)
    worker, admin, rep_elsewhere = (factories.person(db_session) for _ in range(3))
    factories.grant(db_session, worker, "engagement_worker", org)
    factories.grant(db_session, admin, "org_admin", org)
    other = factories.published_role(db_session)
    db_session.add(GroupMember(recruitment_id=other.id, person_id=rep_elsewhere.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    for person, expected in ((admin, 403), (rep_elsewhere, 403), (worker, 200)):
        browser = app.test_client()
        login(browser, person)
        for path in ("/route-requests", f"/route-requests/{rhian.id}"):
            assert browser.get(f"/en/recruitment/{role.id}{path}").status_code == expected
    browser = app.test_client()
    login(browser, rep_elsewhere)
    token = csrf(browser.get(f"/en/recruitment/{other.id}/events/new"))
    answered = browser.post(f"/en/recruitment/{other.id}/route-requests/{rhian.id}",
                            data={"answer": "agreed", "csrf_token": token})
    assert answered.status_code == 404
    draft = db_session.scalar(sa.select(Application).where(Application.reference == "OTHR-0009"))
    login(client, world["member"])
    assert client.get(f"/en/recruitment/{role.id}/route-requests/{draft.id}").status_code == 404
    db_session.expire_all()
    assert rhian.route_answer is None
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
