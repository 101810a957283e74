"""Starting a recruitment and forming its leadership group (R-LG1)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.errors import DomainError
from portal.models import AuditEvent, GroupMember, OutboxMessage, Recruitment
from portal.models.enums import MemberKind, MemberStatus, RecruitmentStage
from portal.recruitment import services
from tests import factories


@pytest.fixture
def world(db_session):
    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    other_org = factories.organisation(db_session)
    other_board = factories.board(db_session, other_org)
    reps = []
    for n in range(3):
        rep = factories.person(db_session, given_name=f"Rep{n}")
        factories.grant(db_session, rep, "representative", org if n < 2 else other_org,
                        board if n < 2 else other_board)
        reps.append(rep)
    admin = factories.person(db_session, given_name="Admin")
    factories.grant(db_session, admin, "org_admin", org)
    worker = factories.person(db_session, given_name="Worker")
    factories.grant(db_session, worker, "engagement_worker", org)
    db_session.commit()
    return {"org": org, "board": board, "reps": reps, "admin": admin, "worker": worker,
            "other_board": other_board}


def start_data(board, **overrides):
    data = {"board_id": board.id, "reason": "term_ending", "service_user_vacancies": 1,
            "carer_vacancies": 1, "deputy_vacancies": 0, "target_publish_date": None,
            "target_start_date": None}
    data.update(overrides)
    return data


def test_representative_who_starts_a_recruitment_leads_its_group__R_LG1(
        data_app, db_session, world):
    rep = world["reps"][0]
    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, rep, start_data(world["board"]))
        db_session.commit()
    members = services.members_of(db_session, recruitment.id)
    assert [(m.person_id, m.kind, m.status) for m in members] == [
        (rep.id, MemberKind.LIVED_EXPERIENCE, MemberStatus.ACCEPTED)]
    assert recruitment.stage == RecruitmentStage.DRAFTING
    assert db_session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.action == "recruitment_started")) == "recruitment_started"


def test_a_representative_cannot_start_for_another_organisations_board(
        data_app, db_session, world):
    with data_app.test_request_context("/en/"), pytest.raises(DomainError):
        services.start_recruitment(db_session, world["reps"][0], start_data(world["other_board"]))


def test_at_least_one_vacancy(data_app, db_session, world):
    with data_app.test_request_context("/en/"), pytest.raises(DomainError):
        services.start_recruitment(db_session, world["admin"], start_data(
            world["board"], service_user_vacancies=0, carer_vacancies=0))


def test_lived_experience_majority_among_accepted_members__R_LG1(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, world["admin"],
                                                 start_data(world["board"]))
        assert recruitment.stage == RecruitmentStage.FORMING_GROUP  # admins do not join
        staff = services.invite_person(db_session, world["admin"], recruitment.id,
                                       world["worker"].id)
        assert staff.kind == MemberKind.ORGANISATION_STAFF
        services.record_accepted_in_person(db_session, world["worker"], recruitment.id,
                                           staff.id, "said yes at the team meeting")
        # Staff alone never decide.
        with pytest.raises(DomainError):
            services.ensure_group_can_decide(db_session, recruitment.id)
        first = services.invite_person(db_session, world["admin"], recruitment.id,
                                       world["reps"][0].id)
        services.respond(db_session, world["reps"][0], recruitment.id, first.id, accept=True)
        # 1 of 2: not a majority.
        with pytest.raises(DomainError, match="more than half"):
            services.ensure_group_can_decide(db_session, recruitment.id)
        # Any representative in the portal may be invited, not only this organisation's.
        second = services.invite_person(db_session, world["reps"][0], recruitment.id,
                                        world["reps"][2].id)
        # An invitation does not count until it is accepted.
        with pytest.raises(DomainError):
            services.ensure_group_can_decide(db_session, recruitment.id)
        services.respond(db_session, world["reps"][2], recruitment.id, second.id, accept=True)
        services.ensure_group_can_decide(db_session, recruitment.id)
        assert recruitment.stage == RecruitmentStage.DRAFTING
        # A removal that breaks the majority takes the group back.
        services.remove_member(db_session, world["admin"], recruitment.id, second.id,
                               "moved away")
        assert recruitment.stage == RecruitmentStage.FORMING_GROUP
        with pytest.raises(DomainError):
            services.ensure_group_can_decide(db_session, recruitment.id)
        db_session.commit()


def test_declining_does_not_count__R_LG1(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, world["reps"][0],
                                                 start_data(world["board"]))
        invite = services.invite_person(db_session, world["reps"][0], recruitment.id,
                                        world["reps"][1].id)
        services.respond(db_session, world["reps"][1], recruitment.id, invite.id, accept=False)
        group = services.balance(services.members_of(db_session, recruitment.id))
        assert (group.lived, group.others) == (1, 0)


def test_at_most_one_person_from_the_recruiting_organisation__R_LG1(data_app, db_session, world):
    second_staff = factories.person(db_session)
    factories.grant(db_session, second_staff, "org_admin", world["org"])
    db_session.commit()
    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, world["reps"][0],
                                                 start_data(world["board"]))
        services.invite_person(db_session, world["reps"][0], recruitment.id, world["worker"].id)
        with pytest.raises(DomainError, match="at most one person"):
            services.invite_person(db_session, world["reps"][0], recruitment.id,
                                   second_staff.id)


def test_one_independent_adviser_invited_by_email(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, world["reps"][0],
                                                 start_data(world["board"]))
        adviser = services.invite_adviser(db_session, world["reps"][0], recruitment.id, {
            "given_name": "Eleri", "family_name": "Rees", "email": "eleri@example.org"})
        assert adviser.kind == MemberKind.INDEPENDENT_ADVISER
        with pytest.raises(DomainError, match="already has an independent adviser"):
            services.invite_adviser(db_session, world["reps"][0], recruitment.id, {
                "given_name": "Huw", "family_name": "Lloyd", "email": "huw@example.org"})
        db_session.commit()
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "group_invitation"))
    assert message.recipient == "eleri@example.org" and message.status.value == "sent"


def test_staff_cannot_invite_unless_administrators(data_app, db_session, world):
    from portal.errors import Forbidden

    with data_app.test_request_context("/en/"):
        recruitment = services.start_recruitment(db_session, world["reps"][0],
                                                 start_data(world["board"]))
        with pytest.raises(Forbidden):
            services.invite_person(db_session, world["worker"], recruitment.id,
                                   world["reps"][1].id)


def test_the_whole_journey_in_the_browser_pages(app, client, db_session, login, csrf, world):
    rep = world["reps"][0]
    login(client, rep)
    page = client.get("/en/recruitment/new")
    assert page.status_code == 200
    response = client.post("/en/recruitment/new", data={
        "board_id": str(world["board"].id), "reason": "new_seat",
        "service_user_vacancies": "1", "carer_vacancies": "1", "deputy_vacancies": "0",
        "csrf_token": csrf(page)})
    assert response.status_code == 302
    recruitment = db_session.scalar(sa.select(Recruitment))
    home = client.get(response.location)
    assert "The group can approve and publish: 1 of 1" in home.get_data(as_text=True)
    invite_page = client.get(f"/en/recruitment/{recruitment.id}/group/invite")
    response = client.post(f"/en/recruitment/{recruitment.id}/group/invite", data={
        "which": "person", "person-person_id": str(world["reps"][1].id),
        "csrf_token": csrf(invite_page)})
    assert response.status_code == 302
    bad = client.post(f"/cy/recruitment/{recruitment.id}/group/invite", data={
        "which": "adviser", "adviser-given_name": "", "adviser-family_name": "X",
        "adviser-email": "nope", "csrf_token": csrf(invite_page)})
    assert bad.status_code == 400
    assert "Mae problem wedi codi" in bad.get_data(as_text=True)
    invitee = app.test_client()
    login(invitee, world["reps"][1])
    home = invitee.get(f"/cy/recruitment/{recruitment.id}/")
    member = db_session.scalar(sa.select(GroupMember).where(
        GroupMember.person_id == world["reps"][1].id))
    response = invitee.post(f"/cy/recruitment/{recruitment.id}/group/{member.id}/answer",
                            data={"answer": "accept", "csrf_token": csrf(home)})
    assert response.status_code == 302
    db_session.refresh(member)
    assert member.status == MemberStatus.ACCEPTED
