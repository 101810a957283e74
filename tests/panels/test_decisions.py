"""The panel's decisions (R-SEL5, R-LG1) and the appointments they make (R-TM1)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from portal.boards import add_months
from portal.errors import DomainError, Forbidden
from portal.models import (
    ApplicationEvent,
    Appointment,
    AuditEvent,
    Board,
    PanelDecision,
    Person,
    RoleDescriptionVersion,
)
from portal.models.base import today_in_wales
from portal.models.enums import Language, PanelOutcome, PanelStage, SeatType
from portal.panels import moderation
from tests import factories
from tests.panels.builders import panel_world
from tests.panels.decided import all_score, invited_to_interview, lived, signed_in

SHORTLIST, INTERVIEW = PanelStage.SHORTLIST, PanelStage.INTERVIEW


def decide(db_session, world, application, stage=SHORTLIST, by=0, **data):
    data = {"outcome": "interview", "reason": "Clear evidence on every criterion",
            "made_by": lived(world), **data}
    return moderation.record_decision(db_session, signed_in(world.members[by]), world.role.id,
                                      stage, application.id, data)


def at_interview(db_session, world, application):
    invited_to_interview(db_session, world, application)
    all_score(db_session, world, application, 3, stage=INTERVIEW)


def audit_actions(db_session):
    return [e.action for e in db_session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]


def test_a_decision_records_who_when_and_why__R_SEL5(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    decision = decide(db_session, world, application, by=1)
    assert decision.outcome == PanelOutcome.INTERVIEW
    assert decision.made_by_ids == sorted(m.id for m in world.members[:3])
    assert decision.recorded_by_id == world.members[1].id and decision.decided_at
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "panel_decision_recorded"))
    assert event.reason == "Clear evidence on every criterion"
    assert event.actor_id == world.members[1].id
    assert event.details["recruitment_id"] == world.role.id
    kinds = list(db_session.scalars(sa.select(ApplicationEvent.kind).where(
        ApplicationEvent.application_id == application.id)))
    assert "shortlist_decided" in kinds


def test_no_decision_until_everyone_without_a_conflict_has_submitted__R_SEL5(app, db_session):
    world = panel_world(db_session, conflicts={(3, 1)})
    waiting, conflicted = world.applications[0], world.applications[1]
    all_score(db_session, world, waiting, 3, skip={2})
    with pytest.raises(DomainError, match="Waiting for 1"):
        decide(db_session, world, waiting)
    all_score(db_session, world, conflicted, 3, skip={3})  # the conflicted member is not awaited
    assert decide(db_session, world, conflicted).id


@pytest.mark.parametrize("who", [[3], [0], [0, 3], [1, 2, 3, 3]])
def test_a_staff_member_or_adviser_never_decides_alone__R_LG1_R_SEL5(app, db_session, who):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    made_by = [str(world.members[i].id) for i in who]
    if who == [1, 2, 3, 3]:  # two lived-experience members and the adviser: a majority
        assert decide(db_session, world, application, made_by=made_by).made_by_ids == sorted(
            m.id for m in world.members[1:4])
        return
    with pytest.raises(DomainError) as refused:
        decide(db_session, world, application, made_by=made_by)
    problems = dict(refused.value.problems)
    assert "made_by" in problems
    assert db_session.scalar(sa.select(sa.func.count(PanelDecision.id))) == 0


def test_only_panel_members_without_a_conflict_make_the_decision__R_SEL4(app, db_session):
    world = panel_world(db_session, conflicts={(2, 0)})
    application = world.applications[0]
    all_score(db_session, world, application, 3, skip={2})
    with pytest.raises(DomainError):  # members[2] declared a conflict with it
        decide(db_session, world, application, made_by=lived(world))
    with pytest.raises(DomainError):  # not on the panel
        decide(db_session, world, application,
               made_by=[*lived(world, 2), str(world.outsider_member.id)])
    with pytest.raises(DomainError):
        decide(db_session, world, application, made_by=["1.5", "x", ""])


def test_someone_not_on_the_panel_cannot_record_a_decision__R_SEL5(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    admin = factories.person(db_session, given_name="Org", family_name="Admin")
    factories.grant(db_session, admin, "platform_admin")
    with pytest.raises(Forbidden):
        moderation.record_decision(db_session, signed_in(admin), world.role.id, SHORTLIST,
                                   application.id, {"outcome": "interview", "reason": "x",
                                                    "made_by": lived(world)})


def test_each_stage_has_its_own_outcomes_and_a_reason_is_required__R_SEL5(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    with pytest.raises(DomainError) as refused:
        decide(db_session, world, application, outcome="appoint", reason="  ")
    assert set(dict(refused.value.problems)) == {"outcome", "reason"}
    for outcome in ("informal_chat", "reserve", "not_this_time", "interview"):
        assert decide(db_session, world, application, outcome=outcome,
                      reason=f"Reason {outcome}").outcome == PanelOutcome(outcome)


def test_a_change_needs_a_new_reason_and_is_audited_with_before_and_after__R_SEL5(
        app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    first = decide(db_session, world, application)
    again = decide(db_session, world, application)  # the same again: nothing changes
    assert again.id == first.id
    assert audit_actions(db_session) == ["panel_decision_recorded"]
    with pytest.raises(DomainError, match="reason for changing"):
        decide(db_session, world, application, outcome="reserve")
    changed = decide(db_session, world, application, outcome="reserve",
                     reason="On reflection, the reserve list")
    assert changed.id == first.id and changed.outcome == PanelOutcome.RESERVE
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "panel_decision_changed"))
    assert event.details["before"]["outcome"] == "interview"
    assert event.details["before"]["reason"] == "Clear evidence on every criterion"
    assert event.details["after"]["outcome"] == "reserve"
    assert event.reason == "On reflection, the reserve list"


def test_appointing_creates_an_appointment_with_the_roles_term__R_TM1(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    application.contact = {"name": "Siân ap Rhys Jones", "channel": "email",
                           "email": "Sian@Example.org"}
    application.language = Language.WELSH
    at_interview(db_session, world, application)
    decision = decide(db_session, world, application, INTERVIEW, outcome="appoint",
                      seat_type="service_user", reason="The panel agreed")
    appointment = db_session.scalar(sa.select(Appointment))
    person = db_session.get(Person, appointment.person_id)
    assert (person.given_name, person.family_name) == ("Siân", "ap Rhys Jones")
    assert person.email == "sian@example.org" and person.preferred_language == Language.WELSH
    version = db_session.get(RoleDescriptionVersion, world.role.published_version_id)
    assert appointment.term_months == version.term_months == 36
    assert appointment.start_date == (world.role.target_start_date or today_in_wales())
    assert appointment.end_date == add_months(appointment.start_date, 36)
    assert appointment.seat_type == SeatType.SERVICE_USER
    assert (appointment.recruitment_id, appointment.application_id) == (world.role.id,
                                                                        application.id)
    appointed = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "appointed"))
    assert appointed.details["decision_id"] == decision.id
    assert appointed.object_id == appointment.id


def test_the_term_is_never_below_the_boards_minimum__R_TM1(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    version = db_session.get(RoleDescriptionVersion, world.role.published_version_id)
    version.term_months = 24
    db_session.get(Board, world.role.board_id).meetings_per_year = 4  # minimum 36 months
    at_interview(db_session, world, application)
    decide(db_session, world, application, INTERVIEW, outcome="appoint",
           seat_type="service_user")
    assert db_session.scalar(sa.select(Appointment.term_months)) == 36


def test_an_applicant_with_an_account_is_appointed_as_themselves__R_TM1(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    own = factories.person(db_session, given_name="Own", family_name="Account")
    application.person_id = own.id
    at_interview(db_session, world, application)
    decide(db_session, world, application, INTERVIEW, outcome="appoint",
           seat_type="service_user")
    assert db_session.scalar(sa.select(Appointment.person_id)) == own.id


def test_an_email_of_someone_else_is_never_used_to_attach_their_account(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    factories.person(db_session, given_name="Someone", family_name="Else",
                     email="shared@example.org")
    application.contact = {"name": "Nia Rees", "channel": "email", "email": "shared@example.org"}
    at_interview(db_session, world, application)
    decide(db_session, world, application, INTERVIEW, outcome="appoint",
           seat_type="service_user")
    person = db_session.get(Person, db_session.scalar(sa.select(Appointment.person_id)))
    assert person.full_name == "Nia Rees" and person.email is None


def test_appointing_beyond_the_vacancies_is_refused(app, db_session):
    world = panel_world(db_session)  # one service-user vacancy, none for carers or deputies
    first, second = world.applications[:2]
    for application in (first, second):
        at_interview(db_session, world, application)
    decide(db_session, world, first, INTERVIEW, outcome="appoint", seat_type="service_user")
    with pytest.raises(DomainError, match="1 service users vacancies"):
        decide(db_session, world, second, INTERVIEW, outcome="appoint",
               seat_type="service_user")
    with pytest.raises(DomainError, match="0 deputies vacancies"):
        decide(db_session, world, second, INTERVIEW, outcome="appoint_deputy")
    with pytest.raises(DomainError):  # no carer vacancies: not a seat to choose
        decide(db_session, world, second, INTERVIEW, outcome="appoint", seat_type="carer")
    assert db_session.scalar(sa.select(sa.func.count(Appointment.id))) == 1
    # Changing the first decision frees the seat, and cancels its appointment.
    decide(db_session, world, first, INTERVIEW, outcome="reserve", reason="Second thoughts")
    decide(db_session, world, second, INTERVIEW, outcome="appoint", seat_type="service_user")
    assert db_session.scalars(sa.select(Appointment.application_id)).all() == [second.id]
    assert "appointment_cancelled" in audit_actions(db_session)


def test_a_double_submit_makes_one_decision_and_one_appointment__R_SEL5_R_TM1(
        app, data_app, db_session):
    from sqlalchemy.orm import Session

    from portal.extensions import db

    world = panel_world(db_session)
    application = world.applications[0]
    at_interview(db_session, world, application)
    db_session.commit()
    data = {"outcome": "appoint", "seat_type": "service_user", "reason": "Agreed",
            "made_by": lived(world)}
    ids = (world.role.id, application.id, world.members[0].id)

    def submit(session):
        actor = signed_in(session.get(Person, ids[2]))
        return moderation.record_decision(session, actor, ids[0], INTERVIEW, ids[1], data)

    outcome = {}
    with Session(db.engine) as first:
        submit(first)

        def second_submit():
            with data_app.test_request_context("/en/"), Session(db.engine) as second:
                try:
                    submit(second)
                    second.commit()
                    outcome["second"] = "ok"
                except Exception as exc:  # noqa: BLE001 - reported below
                    second.rollback()
                    outcome["second"] = repr(exc)

        thread = threading.Thread(target=second_submit)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the second submit waits for the first"
        first.commit()
        thread.join(timeout=10)
    assert outcome["second"] == "ok"
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(PanelDecision.id)).where(
        PanelDecision.stage == INTERVIEW)) == 1
    assert db_session.scalar(sa.select(sa.func.count(Appointment.id))) == 1
    assert audit_actions(db_session).count("appointed") == 1


def _page(world, application, stage="shortlist", lang="en"):
    return f"/{lang}/recruitment/{world.role.id}/panel/moderation/{stage}/{application.id}"


def test_recording_a_decision_through_the_page__R_SEL5(app, db_session, login, csrf):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    db_session.commit()
    client = app.test_client()
    login(client, world.members[0])
    page = client.get(_page(world, application))
    assert page.status_code == 200 and 'name="made_by"' in page.get_data(as_text=True)
    token = csrf(page)
    refused = client.post(_page(world, application), data={
        "csrf_token": token, "outcome": "interview", "reason": "Typed words stay",
        "made_by": [str(world.members[3].id)]})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "There is a problem" in html
    assert "Typed words stay" in html and "Nobody decides alone" in html
    assert db_session.scalar(sa.select(sa.func.count(PanelDecision.id))) == 0
    done = client.post(_page(world, application), data={
        "csrf_token": token, "outcome": "interview", "reason": "Agreed by the panel",
        "made_by": lived(world)})
    assert done.status_code == 302 and done.location.endswith(f"#application-{application.id}")
    listing = client.get(done.location.split("#")[0]).get_data(as_text=True)
    assert "Invite to interview" in listing
    assert "The panel&#39;s decision has been recorded" in listing or \
        "decision has been recorded" in listing
    again = client.post(_page(world, application), data={
        "csrf_token": token, "outcome": "interview", "reason": "Agreed by the panel",
        "made_by": lived(world)})
    assert again.status_code == 302
    assert db_session.scalar(sa.select(sa.func.count(PanelDecision.id))) == 1


@pytest.mark.parametrize("data", [
    {}, {"outcome": "nonsense"}, {"outcome": "appoint", "reason": "x"},
    {"outcome": "interview", "reason": "x" * 2001, "made_by": ["1", "2"]},
    {"outcome": "interview", "reason": "x", "made_by": ["99999999999999999999"]},
])
def test_bad_decision_forms_are_400_never_500(app, db_session, login, csrf, data):
    world = panel_world(db_session)
    application = world.applications[0]
    all_score(db_session, world, application, 3)
    db_session.commit()
    client = app.test_client()
    login(client, world.members[0])
    token = csrf(client.get(_page(world, application)))
    response = client.post(_page(world, application), data={"csrf_token": token, **data})
    assert response.status_code == 400
