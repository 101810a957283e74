"""Agreeing the panel scheme (R-SEL3 with R-LG1): drafting versions, the group's approval,
the lock once scoring starts, and the pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Forbidden, ValidationFailed
from portal.models import (
    AuditEvent,
    GroupMember,
    PanelMember,
    PanelScheme,
    PanelSchemeApproval,
    Person,
    RoleDescriptionVersion,
)
from portal.models.enums import MemberKind, MemberStatus
from portal.panels import core
from portal.panels import scheme as service
from tests import factories
from tests.panels.builders import DESIRABLE, ESSENTIAL, panel_world


def signed_in(person):
    person.session_token = "test"
    return person


def group_world(db_session, *, lived=3, others=1):
    """A published role with a person specification and an accepted group, no scheme yet."""
    role = factories.published_role(db_session)
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.sections = {**version.sections, "essential_criteria": ESSENTIAL,
                        "desirable_criteria": DESIRABLE}
    people = []
    for n in range(lived + others):
        person = factories.person(db_session, given_name=f"Member{n}", family_name="Group")
        kind = MemberKind.LIVED_EXPERIENCE if n < lived else MemberKind.INDEPENDENT_ADVISER
        db_session.add(GroupMember(recruitment_id=role.id, person_id=person.id, kind=kind,
                                   status=MemberStatus.ACCEPTED))
        people.append(signed_in(person))
    db_session.commit()
    return role, people


def a_draft(people, **changes) -> service.Draft:
    draft = service.Draft(
        member_ids=[p.id for p in people], chair_id=people[0].id, min_scorers=3,
        scale=[{"en": p["en"], "cy": p["cy"]} for p in service.DEFAULT_SCALE],
        weights={"essential-1": 3, "essential-2": 2, "desirable-1": 1},
        questions=[{"key": "", "en": "Why this role?", "cy": "Pam y rôl hon?",
                    "good_en": "Their reasons", "good_cy": "Eu rhesymau", "weight": 2}],
        note="First draft")
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def approve_by(db_session, role, people, number):
    for person in people:
        service.decide(db_session, person, role.id, number, "approve", None)
    db_session.commit()


# ---- drafting ---------------------------------------------------------------------------------

def test_criteria_come_from_the_person_specification_with_the_answer_keys__R_SEL3(db_session):
    role, _people = group_world(db_session)
    keys = [(c["key"], c["kind"]) for c in service.spec_criteria(db_session, role)]
    assert keys == [("essential-1", "essential"), ("essential-2", "essential"),
                    ("desirable-1", "desirable")]
    welsh = {c["key"]: c["cy"] for c in service.spec_criteria(db_session, role)}
    assert welsh["essential-2"] == "Gwrandäwr da"
    start = service.starting_draft(db_session, role)
    assert len(start.scale) == 5 and all(p["en"] and p["cy"] for p in start.scale)
    assert start.weights == {"essential-1": 3, "essential-2": 3, "desirable-1": 3}


def test_every_save_is_a_new_version_with_a_note__R_SEL3(db_session):
    role, people = group_world(db_session)
    first = service.save_version(db_session, people[1], role.id, a_draft(people))
    second = service.save_version(db_session, people[2], role.id,
                                  a_draft(people, note="Question 1 reworded"))
    assert (first.number, second.number) == (1, 2)
    assert second.note == "Question 1 reworded" and second.created_by_id == people[2].id
    assert [c["weight"] for c in second.criteria] == [3, 2, 1]
    assert second.criteria[0]["en"] == "Lived experience of mental health services"
    assert second.questions[0]["key"] == "q1"
    assert [p["points"] for p in second.scale] == [0, 1, 2, 3, 4]
    assert second.approved_at is None and core.current_scheme(db_session, role.id) is None


def test_only_accepted_group_members_draft(db_session):
    role, people = group_world(db_session)
    stranger = signed_in(factories.person(db_session))
    with pytest.raises(Forbidden):
        service.save_version(db_session, stranger, role.id, a_draft(people))


def test_every_scale_point_needs_both_languages__R_SEL3(db_session):
    role, people = group_world(db_session)
    scale = [{"en": p["en"], "cy": p["cy"]} for p in service.DEFAULT_SCALE]
    scale[2]["cy"] = ""
    scale[3]["en"] = ""
    with pytest.raises(ValidationFailed) as caught:
        service.save_version(db_session, people[0], role.id, a_draft(people, scale=scale))
    fields = {f for f, _m in caught.value.problems}
    assert {"scale_2_cy", "scale_3_en"} <= fields
    # A gap: point 5 described but not 4 is refused too (a descriptor for every point).
    scale = [{"en": p["en"], "cy": p["cy"]} for p in service.DEFAULT_SCALE][:4] + [
        {"en": "", "cy": ""}, {"en": "Top", "cy": "Brig"}]
    with pytest.raises(ValidationFailed) as caught:
        service.save_version(db_session, people[0], role.id, a_draft(people, scale=scale))
    assert {"scale_4_en", "scale_4_cy"} <= {f for f, _m in caught.value.problems}
    with pytest.raises(ValidationFailed):  # too short a scale
        service.save_version(db_session, people[0], role.id,
                             a_draft(people, scale=[{"en": "No", "cy": "Na"}]))


def test_everything_is_checked_at_once(db_session):
    role, people = group_world(db_session)
    bad = a_draft(people, member_ids=[people[1].id], chair_id=people[0].id, min_scorers=9,
                  weights={"essential-1": 0, "essential-2": 6},
                  questions=[{"key": "", "en": "Only English", "cy": "", "good_en": "",
                              "good_cy": "", "weight": None}], note="")
    with pytest.raises(ValidationFailed) as caught:
        service.save_version(db_session, people[0], role.id, bad)
    fields = {f for f, _m in caught.value.problems}
    assert {"chair_id", "min_scorers", "weight_essential-1", "weight_essential-2",
            "weight_desirable-1", "q0_cy", "q0_good_en", "q0_good_cy", "q0_weight",
            "note"} <= fields
    assert db_session.scalar(sa.select(sa.func.count(PanelScheme.id))) == 0
    with pytest.raises(ValidationFailed) as caught:
        service.save_version(db_session, people[0], role.id, a_draft(people, questions=[]))
    assert ("q0_en" in {f for f, _m in caught.value.problems})


def test_someone_from_outside_the_group_is_invited_by_name_and_email__R_SEL3(db_session):
    role, people = group_world(db_session)
    draft = a_draft(people, invitees=[
        {"given_name": "Nia", "family_name": "Outside", "email": "Nia@Example.org"}])
    saved = service.save_version(db_session, people[0], role.id, draft)
    nia = db_session.scalar(sa.select(Person).where(Person.email == "nia@example.org"))
    assert nia is not None and nia.id in saved.member_ids
    # Known email, other name: refused, nothing created.
    clash = a_draft(people, invitees=[
        {"given_name": "Someone", "family_name": "Else", "email": "nia@example.org"}])
    with pytest.raises(ValidationFailed) as caught:
        service.save_version(db_session, people[0], role.id, clash)
    assert caught.value.problems[0][0] == "invite0_email"
    # She stays choosable in the next version.
    assert nia.id in {p.id for p in service.candidates(db_session, role.id)}


def test_question_keys_stay_stable_across_versions(db_session):
    role, people = group_world(db_session)
    two = [{"key": "", "en": f"Q{n}", "cy": f"C{n}", "good_en": "g", "good_cy": "g",
            "weight": 1} for n in (1, 2)]
    first = service.save_version(db_session, people[0], role.id, a_draft(people, questions=two))
    assert [q["key"] for q in first.questions] == ["q1", "q2"]
    kept = [dict(first.questions[1]), {"key": "", "en": "New", "cy": "Newydd",
                                       "good_en": "g", "good_cy": "g", "weight": 4}]
    second = service.save_version(db_session, people[0], role.id,
                                  a_draft(people, questions=kept, note="Dropped q1"))
    assert [q["key"] for q in second.questions] == ["q2", "q1"] or \
        [q["key"] for q in second.questions][0] == "q2"
    assert len({q["key"] for q in second.questions}) == 2


# ---- approval ---------------------------------------------------------------------------------

def test_approval_needs_a_lived_experience_majority__R_SEL3_R_LG1(db_session):
    role, people = group_world(db_session, lived=3, others=2)
    service.save_version(db_session, people[0], role.id, a_draft(people))
    db_session.commit()
    # Two advisers and one lived-experience member: three of five approve, but staff and
    # advisers would carry it: not in force.
    approve_by(db_session, role, [people[3], people[4], people[0]], 1)
    assert core.current_scheme(db_session, role.id) is None
    state = service.approval_state(db_session, role.id, core.latest_scheme(db_session, role.id))
    assert state.approvals == 3 and not state.approved
    approve_by(db_session, role, [people[1]], 1)  # two lived, two others: still not
    assert core.current_scheme(db_session, role.id) is None
    approve_by(db_session, role, [people[2]], 1)
    in_force = core.current_scheme(db_session, role.id)
    assert in_force is not None and in_force.number == 1
    seats = db_session.scalars(sa.select(PanelMember).where(
        PanelMember.recruitment_id == role.id)).all()
    assert {s.person_id for s in seats} == {p.id for p in people}
    assert all(s.order_seed > 0 for s in seats) and len({s.order_seed for s in seats}) > 1


def test_the_group_cannot_approve_without_its_majority__R_LG1(db_session):
    role, people = group_world(db_session, lived=1, others=1)
    service.save_version(db_session, people[0], role.id, a_draft(people, min_scorers=1))
    with pytest.raises(DomainError):
        service.decide(db_session, people[0], role.id, 1, "approve", None)


def test_asking_for_changes_needs_a_note_and_only_the_newest_version_counts__R_SEL3(db_session):
    role, people = group_world(db_session)
    service.save_version(db_session, people[0], role.id, a_draft(people))
    with pytest.raises(DomainError):
        service.decide(db_session, people[1], role.id, 1, "changes", "  ")
    service.decide(db_session, people[1], role.id, 1, "changes", "Add a question on carers")
    service.save_version(db_session, people[0], role.id, a_draft(people, note="Carers"))
    with pytest.raises(DomainError):
        service.decide(db_session, people[2], role.id, 1, "approve", None)
    state = service.approval_state(db_session, role.id, core.latest_scheme(db_session, role.id))
    assert state.version_number == 2 and state.changes == []


def test_a_double_approval_is_one_answer(db_session):
    role, people = group_world(db_session)
    service.save_version(db_session, people[0], role.id, a_draft(people))
    service.decide(db_session, people[1], role.id, 1, "approve", None)
    service.decide(db_session, people[1], role.id, 1, "approve", None)
    assert db_session.scalar(sa.select(sa.func.count(PanelSchemeApproval.id))) == 1


def test_a_new_version_drops_and_restores_members__R_SEL3(db_session):
    world = panel_world(db_session, applications=1)
    role, members = world.role, [signed_in(p) for p in world.members]
    draft = a_draft(members[:3], note="Ffion steps down")
    service.save_version(db_session, members[0], role.id, draft)
    approve_by(db_session, role, members[:3], 2)
    ffion = db_session.scalar(sa.select(PanelMember).where(
        PanelMember.person_id == members[3].id, PanelMember.recruitment_id == role.id))
    assert ffion.removed_at is not None
    with pytest.raises(Forbidden):
        core.ensure_member(db_session, members[3], role.id)
    service.save_version(db_session, members[0], role.id, a_draft(members, note="Back"))
    approve_by(db_session, role, members[:3], 3)
    db_session.refresh(ffion)
    assert ffion.removed_at is None
    assert core.ensure_member(db_session, members[3], role.id).scheme.number == 3


def test_a_change_after_scoring_started_needs_approval_and_is_audited__R_SEL3(db_session):
    world = panel_world(db_session, applications=1)
    role, members = world.role, [signed_in(p) for p in world.members]
    service.lock(db_session, world.scheme)
    service.lock(db_session, world.scheme)  # idempotent
    db_session.commit()
    locked_at = world.scheme.locked_at
    assert locked_at is not None
    service.save_version(db_session, members[0], role.id,
                         a_draft(members, note="Weight of listening raised after a complaint"))
    db_session.commit()
    assert core.current_scheme(db_session, role.id).number == 1  # still needs approval
    approve_by(db_session, role, members[:3], 2)
    in_force = core.current_scheme(db_session, role.id)
    assert in_force.number == 2 and in_force.locked_at is not None
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "panel_scheme_changed_after_scoring"))
    assert event.details["from_version"] == 1 and event.details["to_version"] == 2
    assert event.reason == "Weight of listening raised after a complaint"
    assert service.changed_after_scoring(service.versions(db_session, role.id)) == {2}
    with pytest.raises(DomainError):  # in force: a change is a new version
        service.decide(db_session, members[3], role.id, 2, "changes", "Too late")


def test_two_members_crossing_the_threshold_at_once_put_it_in_force_once__R_SEL3(
        app, db_session):
    """Two approvals at the same moment, each the one that could reach the threshold: the
    version goes in force once, with one PanelMember row per member."""
    import threading

    from sqlalchemy.orm import Session

    from portal.extensions import db

    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    role, people = group_world(db_session, lived=3, others=0)
    service.save_version(db_session, people[0], role.id, a_draft(people))
    service.decide(db_session, people[0], role.id, 1, "approve", None)
    db_session.commit()
    ids, role_id = [people[1].id, people[2].id], role.id
    errors = []
    barrier = threading.Barrier(2)

    def approve(person_id):
        with app.test_request_context("/en/"), Session(db.engine) as session:
            try:
                person = signed_in(session.get(Person, person_id))
                barrier.wait()
                service.decide(session, person, role_id, 1, "approve", None)
                session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(PanelMember.id)).where(
        PanelMember.recruitment_id == role_id)) == 3
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "panel_scheme_in_force")) == 1


# ---- pages ------------------------------------------------------------------------------------

def _form_from(draft_people, role, **extra):
    data = {"members": [str(p.id) for p in draft_people], "chair_id": str(draft_people[0].id),
            "min_scorers": "3", "note": "First draft",
            "weight_essential-1": "3", "weight_essential-2": "2", "weight_desirable-1": "1",
            "q0_key": "", "q0_en": "Why?", "q0_cy": "Pam?", "q0_good_en": "Reasons",
            "q0_good_cy": "Rhesymau", "q0_weight": "2"}
    for p, row in enumerate(service.DEFAULT_SCALE):
        data[f"scale_{p}_en"], data[f"scale_{p}_cy"] = row["en"], row["cy"]
    data.update(extra)
    return data


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_drafting_and_approving_through_the_pages__R_SEL3(app, db_session, login, submit,
                                                          csrf, lang):
    role, people = group_world(db_session)
    client = app.test_client()
    login(client, people[0])
    page = client.get(f"/{lang}/recruitment/{role.id}/panel/scheme/edit")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'name="weight_essential-1"' in body and "Dim tystiolaeth" in body
    bad = submit(client, f"/{lang}/recruitment/{role.id}/panel/scheme/edit",
                 _form_from(people, role, **{"scale_1_cy": "", "q0_weight": "lots",
                                             "note": ""}))
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "govuk-error-summary" in text and 'href="#scale_1_cy"' in text
    assert 'value="Why?"' in text or ">Why?<" in text  # what was typed is kept
    good = submit(client, f"/{lang}/recruitment/{role.id}/panel/scheme/edit",
                  _form_from(people, role))
    assert good.status_code == 302
    assert core.latest_scheme(db_session, role.id).number == 1
    shown = client.get(f"/{lang}/recruitment/{role.id}/panel/scheme")
    assert shown.status_code == 200 and "Gwrandäwr da" in shown.get_data(as_text=True)
    for person in people[:3]:
        login(client, person)
        token = csrf(client.get(f"/{lang}/recruitment/{role.id}/panel/scheme"))
        answer = client.post(f"/{lang}/recruitment/{role.id}/panel/scheme/decision",
                             data={"csrf_token": token, "version": "1",
                                   "decision": "approve"})
        assert answer.status_code == 302
    db_session.expire_all()
    assert core.current_scheme(db_session, role.id).number == 1
    home = client.get(f"/{lang}/recruitment/{role.id}/panel/")
    assert home.status_code == 200 and "Member0 Group" in home.get_data(as_text=True)
    mine = client.get(f"/{lang}/recruitment/panels/")
    assert f"/recruitment/{role.id}/panel/" in mine.get_data(as_text=True)


def test_a_refused_decision_shows_why(app, db_session, login, csrf):
    role, people = group_world(db_session)
    service.save_version(db_session, people[0], role.id, a_draft(people))
    db_session.commit()
    client = app.test_client()
    login(client, people[1])
    token = csrf(client.get(f"/en/recruitment/{role.id}/panel/scheme"))
    response = client.post(f"/en/recruitment/{role.id}/panel/scheme/decision",
                           data={"csrf_token": token, "version": "1", "decision": "changes"})
    assert response.status_code == 400
    assert "Say what should change" in response.get_data(as_text=True)


def test_staff_see_the_panel_home_without_scores(app, db_session, login):
    world = panel_world(db_session, applications=2)
    from portal.models import Board, Organisation

    organisation = db_session.get(Organisation, db_session.get(
        Board, world.role.board_id).organisation_id)
    worker = factories.person(db_session)
    factories.grant(db_session, worker, "engagement_worker", organisation)
    db_session.commit()
    client = app.test_client()
    login(client, worker)
    page = client.get(f"/en/recruitment/{world.role.id}/panel/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Carys Panel" in text and "2 of 2 applicants" in text
    assert "Applicant 1" not in text  # no applicant names on the home page


def test_the_nav_shows_your_panels_only_to_panel_members(app, db_session, login):
    world = panel_world(db_session, applications=1)
    nobody = factories.person(db_session)
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    assert "Your panels" in client.get("/en/recruitment/panels/").get_data(as_text=True)
    other = app.test_client()
    login(other, nobody)
    text = other.get("/en/account").get_data(as_text=True)
    assert "/recruitment/panels/" not in text


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_panel_home_before_any_scheme_says_what_to_do(app, db_session, login, lang):
    role, people = group_world(db_session)
    client = app.test_client()
    login(client, people[1])
    page = client.get(f"/{lang}/recruitment/{role.id}/panel/")
    assert page.status_code == 200
    assert f"/recruitment/{role.id}/panel/scheme/edit" in page.get_data(as_text=True)
    recruitment_home = client.get(f"/{lang}/recruitment/{role.id}/").get_data(as_text=True)
    assert f"/recruitment/{role.id}/panel/" in recruitment_home
