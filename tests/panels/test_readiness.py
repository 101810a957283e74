"""A panel member's readiness: training or experience, the training session offered and its
attendance recorded by someone else, confidentiality, scoring mode and fee or volunteer
(R-SEL6, R-PAY2)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Forbidden
from portal.models import AuditEvent, Board, GroupMember, Organisation
from portal.models.enums import MemberKind, MemberStatus
from portal.panels import core, readiness
from tests import factories
from tests.panels.builders import panel_world


def signed_in(person):
    person.session_token = "test"
    return person


@pytest.fixture
def world(db_session):
    return panel_world(db_session, applications=2, ready=False, declared=False)


def test_training_or_experience_makes_a_member_ready_with_confidentiality__R_SEL6(
        db_session, world):
    member = signed_in(world.members[1])
    readiness.confirm_training(db_session, member, world.role.id, "experience")
    with pytest.raises(core.NotReady):
        core.ensure_ready(db_session, member, world.role.id)
    with pytest.raises(DomainError):
        readiness.confirm_confidentiality(db_session, member, world.role.id, False)
    readiness.confirm_confidentiality(db_session, member, world.role.id, True)
    seat = core.ensure_ready(db_session, member, world.role.id)
    assert seat.member.training_basis == "experience"


def test_neither_offers_training_and_only_someone_else_records_it__R_SEL6(db_session, world):
    member = signed_in(world.members[2])
    row = readiness.confirm_training(db_session, member, world.role.id, "neither")
    assert row.training_offered_at is not None and row.training_confirmed_at is None
    readiness.confirm_confidentiality(db_session, member, world.role.id, True)
    with pytest.raises(core.NotReady):
        core.ensure_ready(db_session, member, world.role.id)
    with pytest.raises(DomainError):  # once offered, they cannot confirm it themselves
        readiness.confirm_training(db_session, member, world.role.id, "training")
    with pytest.raises(DomainError):  # nor record their own attendance (as chair could)
        readiness.record_training(db_session, member, world.role.id, row.id)
    chair = signed_in(world.members[0])
    readiness.record_training(db_session, chair, world.role.id, row.id)
    assert row.training_recorded_by_id == chair.id and row.training_basis == "training"
    assert core.ensure_ready(db_session, member, world.role.id)
    assert db_session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.action == "panel_training_recorded")) is not None


def test_who_may_record_training_attendance__R_SEL6(db_session, world):
    target = readiness.confirm_training(db_session, signed_in(world.members[2]),
                                        world.role.id, "neither")
    organisation = db_session.get(Organisation, db_session.get(
        Board, world.role.board_id).organisation_id)
    worker = signed_in(factories.person(db_session))
    factories.grant(db_session, worker, "engagement_worker", organisation)
    lived = signed_in(factories.person(db_session))
    db_session.add(GroupMember(recruitment_id=world.role.id, person_id=lived.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    adviser = signed_in(world.members[3])  # an independent adviser, not the chair
    stranger = signed_in(factories.person(db_session))
    db_session.flush()
    for person in (adviser, stranger, signed_in(world.outsider_member)):
        with pytest.raises(Forbidden):
            readiness.record_training(db_session, person, world.role.id, target.id)
    assert readiness.may_record_training(db_session, lived, world.role.id)
    readiness.record_training(db_session, worker, world.role.id, target.id)
    assert target.training_recorded_by_id == worker.id


def test_another_recruitments_member_cannot_be_recorded(db_session, world):
    chair = signed_in(world.members[0])
    from portal.errors import NotFound
    other_seat = db_session.scalar(sa.select(readiness.PanelMember).where(
        readiness.PanelMember.person_id == world.outsider_member.id))
    with pytest.raises(NotFound):
        readiness.record_training(db_session, chair, world.role.id, other_seat.id)


def test_scoring_mode_defaults_to_question_by_question_and_fee_or_volunteer__R_PAY2(
        db_session, world):
    member = signed_in(world.members[1])
    seat = core.ensure_member(db_session, member, world.role.id)
    assert seat.member.scoring_mode == "by_question" and seat.member.payment_choice is None
    with pytest.raises(DomainError):
        readiness.save_preferences(db_session, member, world.role.id, "random", "gold")
    row = readiness.save_preferences(db_session, member, world.role.id, "by_application",
                                     "volunteer")
    assert (row.scoring_mode, row.payment_choice) == ("by_application", "volunteer")
    assert row.payment_choice_at is not None


def test_outsiders_have_no_readiness_page(db_session, world):
    with pytest.raises(Forbidden):
        readiness.confirm_training(db_session, signed_in(world.outsider_member),
                                   world.role.id, "training")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_readiness_page_end_to_end__R_SEL6_R_PAY2(app, db_session, world, login, csrf,
                                                      lang):
    client = app.test_client()
    login(client, world.members[1])
    path = f"/{lang}/recruitment/{world.role.id}/panel/ready"
    page = client.get(path)
    assert page.status_code == 200
    assert "benefits-advice" in page.get_data(as_text=True)
    token = csrf(page)
    empty = client.post(path + "/training", data={"csrf_token": token})
    assert empty.status_code == 400 and "govuk-error-summary" in empty.get_data(as_text=True)
    unticked = client.post(path + "/confidentiality", data={"csrf_token": token})
    assert unticked.status_code == 400
    bad = client.post(path + "/preferences", data={"csrf_token": token,
                                                   "scoring_mode": "by_application"})
    assert bad.status_code == 400
    # the same words as the claim page's fee choice (one service, R-PAY2)
    assert "Choose whether you would like to be paid a fee or to volunteer" in \
        bad.get_data(as_text=True) or lang == "cy"
    assert "Advicelink Cymru" in bad.get_data(as_text=True) or lang == "cy"
    assert client.post(path + "/training", data={"csrf_token": token,
                                                 "basis": "training"}).status_code == 302
    assert client.post(path + "/confidentiality", data={"csrf_token": token,
                                                        "agree": "y"}).status_code == 302
    assert client.post(path + "/preferences", data={
        "csrf_token": token, "scoring_mode": "by_question",
        "payment_choice": "fee"}).status_code == 302
    db_session.expire_all()
    seat = core.ensure_ready(db_session, signed_in(world.members[1]), world.role.id)
    assert seat.member.payment_choice == "fee"
    # Conflicts are next: the page now points there.
    assert "/panel/conflicts" in client.get(path).get_data(as_text=True)


def test_an_unready_member_is_sent_from_conflicts_to_readiness__R_SEL6(app, db_session, world,
                                                                      login):
    client = app.test_client()
    login(client, world.members[1])
    response = client.get(f"/en/recruitment/{world.role.id}/panel/conflicts")
    assert response.status_code == 302 and response.location.endswith("/panel/ready")


def test_recording_attendance_from_the_panel_home__R_SEL6(app, db_session, world, login, csrf):
    target = readiness.confirm_training(db_session, signed_in(world.members[2]),
                                        world.role.id, "neither")
    db_session.commit()
    client = app.test_client()
    login(client, world.members[0])
    home = client.get(f"/en/recruitment/{world.role.id}/panel/")
    assert f"/panel/members/{target.id}/training" in home.get_data(as_text=True)
    done = client.post(f"/en/recruitment/{world.role.id}/panel/members/{target.id}/training",
                       data={"csrf_token": csrf(home)})
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(readiness.PanelMember, target.id).training_recorded_by_id == \
        world.members[0].id


def test_one_fee_or_volunteer_choice_for_the_readiness_and_claim_pages__R_PAY2(
        db_session, world):
    """The readiness page and the claim page save the choice through one service: the same
    choice again (from either page) changes and audits nothing; a change is audited once."""
    from portal.expenses import services as expenses

    person = signed_in(world.members[1])
    readiness.save_preferences(db_session, person, world.role.id, "by_question", "fee")
    seat = core.ensure_member(db_session, person, world.role.id)
    chosen_at = seat.member.payment_choice_at
    expenses.choose_payment(db_session, seat.member, "fee")
    readiness.save_preferences(db_session, person, world.role.id, "by_application", "fee")
    seat = core.ensure_member(db_session, person, world.role.id)
    assert (seat.member.payment_choice, seat.member.payment_choice_at) == ("fee", chosen_at)
    expenses.choose_payment(db_session, seat.member, "volunteer")
    actions = db_session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.like("%payment%"))).all()
    assert actions == ["payment_chosen", "payment_chosen"]
