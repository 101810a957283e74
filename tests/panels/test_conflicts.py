"""Conflicts of interest, applicant by applicant (R-SEL4): the names page, declaring, the
one-way change, and the chair's view of the panel's strength."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.errors import ValidationFailed
from portal.models import Application, AuditEvent, ConflictDeclaration, PanelMember
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, Language
from portal.panels import core, readiness
from tests.panels.builders import panel_world


def signed_in(person):
    person.session_token = "test"
    return person


def keys_for(app, member_id, application_ids):
    with app.app_context():
        return [readiness.opaque_key(member_id, i) for i in application_ids]


def test_the_names_page_lists_names_only_in_another_order__R_SEL4(app, db_session, login):
    world = panel_world(db_session, applications=3, declared=False)
    # Names that sort differently from the scoring (id) order.
    for application, name in zip(world.applications, ("Zed Jones", "Alys Hughes", "Mair Lloyd"),
                                 strict=True):
        application.contact = {**application.contact, "name": name}
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    page = client.get(f"/en/recruitment/{world.role.id}/panel/conflicts")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    positions = [text.index(n) for n in ("Alys Hughes", "Mair Lloyd", "Zed Jones")]
    assert positions == sorted(positions)
    attributes = [v for v in re.findall(r'(?:name|value|id|for|href)="([^"]*)"', text)
                  if not re.fullmatch(r"[cn]-[0-9a-f]{24}(-[0-9]+)?", v)]
    for application in world.applications:
        assert application.reference not in text
        assert not [v for v in attributes
                    if re.search(rf"(^|[^0-9]){application.id}$", v) and "recruitment" not in v]
    assert "nia@example.org" not in text  # the name only: no contact details
    assert "Answer 1 to" not in text
    names = set(re.findall(r'name="c-([0-9a-f]+)"', text))
    assert len(names) == 3 and all(len(k) == 24 for k in names)
    # Another member's keys for the same applications are different: pages cannot be joined.
    other = set(keys_for(app, world.seats[2].id, [a.id for a in world.applications]))
    assert names.isdisjoint(other)


def test_declaring_no_conflict_and_conflict__R_SEL4(app, db_session):
    world = panel_world(db_session, applications=3, declared=False)
    member = signed_in(world.members[1])
    seat = world.seats[1]
    keys = keys_for(app, seat.id, [a.id for a in world.applications])
    with pytest.raises(ValidationFailed) as caught:
        readiness.declare(db_session, member, world.role.id,
                          {keys[0]: ("conflict", ""), keys[1]: ("maybe", "")})
    assert {f for f, _m in caught.value.problems} == {f"n-{keys[0]}", f"c-{keys[1]}"}
    made = readiness.declare(db_session, member, world.role.id, {
        keys[0]: ("none", ""), keys[1]: ("conflict", "My cousin"), keys[2]: (None, None),
        "not-a-key": ("conflict", "x")})
    assert made == 2
    rows = {d.application_id: d for d in db_session.scalars(sa.select(ConflictDeclaration)
                                                           .where(ConflictDeclaration
                                                                  .member_id == seat.id))}
    assert not rows[world.applications[0].id].conflicted
    assert rows[world.applications[1].id].note == "My cousin"
    assert world.applications[2].id not in rows
    core.ensure_may_open(db_session, member, world.role.id, world.applications[0].id)
    from portal.errors import Forbidden
    with pytest.raises(Forbidden):
        core.ensure_may_open(db_session, member, world.role.id, world.applications[1].id)


def test_no_conflict_may_become_a_conflict_but_never_back__R_SEL4(app, db_session):
    world = panel_world(db_session, applications=2, declared=False)
    member = signed_in(world.members[2])
    keys = keys_for(app, world.seats[2].id, [a.id for a in world.applications])
    readiness.declare(db_session, member, world.role.id, {keys[0]: ("none", "")})
    readiness.declare(db_session, member, world.role.id,
                      {keys[0]: ("conflict", "Realised she is my neighbour")})
    with pytest.raises(ValidationFailed) as caught:
        readiness.declare(db_session, member, world.role.id, {keys[0]: ("none", "")})
    assert caught.value.problems[0][0] == f"c-{keys[0]}"
    # Sending "conflict" again (the page shows no box for it any more) is no change and
    # asks for nothing (found by the Welsh fuzz run: an error with nowhere to show it).
    readiness.declare(db_session, member, world.role.id, {keys[0]: ("conflict", "")})
    row = db_session.scalar(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == world.seats[2].id))
    assert row.conflicted and row.note == "Realised she is my neighbour"
    events = db_session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action.in_(["conflict_declared", "no_conflict_declared"]))
        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["no_conflict_declared", "conflict_declared"]
    assert events[1].details["changed_from_no_conflict"] is True


def test_only_ready_members_declare__R_SEL4_R_SEL6(app, db_session):
    world = panel_world(db_session, applications=1, ready=False, declared=False)
    key = keys_for(app, world.seats[1].id, [world.applications[0].id])[0]
    with pytest.raises(core.NotReady):
        readiness.declare(db_session, signed_in(world.members[1]), world.role.id,
                          {key: ("none", "")})


def test_a_double_submit_and_two_tabs_at_once_make_one_declaration__R_SEL4(app, db_session):
    from sqlalchemy.orm import Session

    from portal.extensions import db

    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = panel_world(db_session, applications=1, declared=False)
    role_id, person_id, seat_id = world.role.id, world.members[1].id, world.seats[1].id
    key = keys_for(app, seat_id, [world.applications[0].id])[0]
    errors, barrier = [], threading.Barrier(2)

    def send(choice):
        with app.test_request_context("/en/"), Session(db.engine) as session:
            try:
                from portal.models import Person
                person = signed_in(session.get(Person, person_id))
                barrier.wait()
                readiness.declare(session, person, role_id, {key: (choice, "Friend")})
                session.commit()
            except ValidationFailed:
                session.rollback()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=send, args=(c,)) for c in ("none", "none")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db_session.scalar(sa.select(sa.func.count(ConflictDeclaration.id)).where(
        ConflictDeclaration.member_id == seat_id)) == 1


def test_the_chair_sees_the_panels_strength__R_SEL4(app, db_session, login):
    world = panel_world(db_session, applications=3, conflicts={(1, 0), (2, 0), (3, 1)})
    rows = readiness.strength(db_session, world.scheme, world.role.id)
    by_app = {r.application_id: r for r in rows}
    first, second, third = (by_app[a.id] for a in world.applications)
    assert (first.available, first.conflicted, first.short) == (2, 2, True)  # min_scorers 3
    assert (second.available, second.short) == (3, False)
    assert (third.available, third.clear) == (4, 4)
    client = app.test_client()
    login(client, world.members[0])
    page = client.get(f"/en/recruitment/{world.role.id}/panel/strength")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Too few" in text
    # the same pseudonyms as the scoring and moderation pages, never names nor arrival order
    assert all(core.label_code(a.id) in text for a in world.applications)
    assert "Applicant 1" not in text and "Application 1" not in text
    home = client.get(f"/en/recruitment/{world.role.id}/panel/").get_data(as_text=True)
    assert "/panel/strength" in home
    login(client, world.members[1])
    assert client.get(f"/en/recruitment/{world.role.id}/panel/strength").status_code == 403


def test_an_unready_member_does_not_count_towards_strength__R_SEL4(app, db_session):
    world = panel_world(db_session, applications=1)
    world.seats[1].confidentiality_at = None
    db_session.commit()
    (row,) = readiness.strength(db_session, world.scheme, world.role.id)
    assert row.ready == 3 and row.available == 3


def test_declaring_through_the_page_keeps_what_was_typed__R_SEL4(app, db_session, login, csrf):
    world = panel_world(db_session, applications=2, declared=False)
    client = app.test_client()
    login(client, world.members[1])
    path = f"/cy/recruitment/{world.role.id}/panel/conflicts"
    page = client.get(path)
    keys = list(dict.fromkeys(re.findall(r'name="c-([0-9a-f]+)"', page.get_data(as_text=True))))
    bad = client.post(path, data={"csrf_token": csrf(page), f"c-{keys[0]}": "conflict",
                                  f"n-{keys[0]}": "", f"c-{keys[1]}": "none"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "govuk-error-summary" in text and f'href="#n-{keys[0]}"' in text
    # Nothing saved: the only declaration is the other recruitment's.
    assert db_session.scalar(sa.select(sa.func.count(ConflictDeclaration.id))) == 1
    good = client.post(path, data={"csrf_token": csrf(page), f"c-{keys[0]}": "conflict",
                                   f"n-{keys[0]}": "Cymydog", f"c-{keys[1]}": "none"})
    assert good.status_code == 302
    after = client.get(path).get_data(as_text=True)
    assert "Cymydog" in after


def _bulk_applications(db_session, role, start, n):
    now = utcnow()
    db_session.execute(sa.insert(Application), [{
        "recruitment_id": role.id, "reference": f"P{i:03d}-{i:04d}"[:9],
        "access_token_hash": hash_token(f"panel-bulk-{i}"), "route": "application_form",
        "status": ApplicationStatus.SUBMITTED, "language": Language.ENGLISH,
        "eligibility": "yes", "answers": {}, "contact": {"name": f"Bulk {i}"},
        "submitted_at": now, "created_at": now, "updated_at": now, "resume_failures": 0,
        "equality_answered": False} for i in range(start, start + n)])
    db_session.commit()


def test_the_conflicts_and_strength_pages_are_constant_from_1_to_200(app, db_session, login,
                                                                       statements):
    world = panel_world(db_session, applications=1)
    client = app.test_client()
    login(client, world.members[0])
    paths = [f"/en/recruitment/{world.role.id}/panel/conflicts",
             f"/en/recruitment/{world.role.id}/panel/strength",
             f"/en/recruitment/{world.role.id}/panel/"]

    def measure():
        counts = []
        for path in paths:
            with statements() as seen:
                response = client.get(path)
            assert response.status_code == 200, path
            counts.append(len(seen))
        return counts

    few = measure()
    _bulk_applications(db_session, world.role, 1000, 199)
    many = measure()
    assert few == many
    assert client.get(paths[0]).get_data(as_text=True).count('name="n-') == 200


def test_a_removed_member_has_no_conflicts_page(app, db_session, login):
    world = panel_world(db_session, applications=1)
    db_session.get(PanelMember, world.seats[1].id).removed_at = utcnow()
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    assert client.get(f"/en/recruitment/{world.role.id}/panel/conflicts").status_code == 403
