"""Two members scoring the same application at once, and a double submit, lose nothing and
duplicate nothing (R-SEL3): real threads, each with its own session and connection, on the
test database (PostgreSQL here and in CI)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from portal.models import AuditEvent, PanelScheme, Person, Score, ScoreSheet
from portal.models.enums import PanelStage
from portal.panels import scoring
from tests.panels.builders import CRITERIA, panel_world

SHORT = PanelStage.SHORTLIST


@pytest.fixture
def postgres(db_session):
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's (CI runs on PostgreSQL)")


def run_together(data_app, jobs):
    """Run each job(session) in its own thread and app context, all released at once;
    return the exceptions raised (None for a job that succeeded)."""
    from portal.extensions import db

    barrier = threading.Barrier(len(jobs))
    errors = [None] * len(jobs)

    def worker(index, job):
        with data_app.app_context():
            try:
                barrier.wait(timeout=10)
                job(db.session)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported to the test
                db.session.rollback()
                errors[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a job is stuck (a deadlock?)"
    return errors


def scorer(person_id, role_id, application_id, points, reason, submit=True):
    def job(session):
        person = session.get(Person, person_id)
        person.session_token = "test"
        scoring.save_scores(session, person, role_id, SHORT, {application_id: {
            c["key"]: (str(points), f"{reason} {c['key']}") for c in CRITERIA}})
        if submit:
            scoring.submit(session, person, role_id, SHORT, application_id)
    return job


def test_two_members_scoring_one_application_at_once_lose_nothing__R_SEL3(
        postgres, data_app, db_session):
    world = panel_world(db_session)
    application = world.applications[0].id
    for _round in range(3):
        db_session.execute(sa.delete(ScoreSheet))
        db_session.execute(sa.update(PanelScheme).values(locked_at=None))
        db_session.commit()
        errors = run_together(data_app, [
            scorer(world.members[i].id, world.role.id, application, i, f"Member {i}")
            for i in range(4)])
        assert errors == [None] * 4
        db_session.expire_all()
        sheets = db_session.scalars(sa.select(ScoreSheet)).all()
        assert len(sheets) == 4 and all(s.submitted_at for s in sheets)
        assert db_session.scalar(sa.select(sa.func.count(Score.id))) == 12
        assert db_session.get(PanelScheme, world.scheme.id).locked_at is not None


def test_a_double_submit_duplicates_nothing__R_SEL3(postgres, data_app, db_session):
    world = panel_world(db_session)
    application = world.applications[1].id
    errors = run_together(data_app, [
        scorer(world.members[1].id, world.role.id, application, 3, "Same member")
        for _ in range(3)])
    # Each request either saved and submitted, or found it already submitted and was told so
    # (its scores are the same ones); none failed with a database error.
    assert all(e is None or "already submitted" in str(e) for e in errors), errors
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(Score.id))) == 3
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "score_sheet_submitted")) == 1


def test_two_saves_of_one_draft_at_once_keep_one_score_each(postgres, data_app, db_session):
    world = panel_world(db_session)
    application = world.applications[2].id
    errors = run_together(data_app, [
        scorer(world.members[2].id, world.role.id, application, points, f"Try {points}",
               submit=False) for points in (1, 2, 3, 4)])
    assert errors == [None] * 4
    db_session.expire_all()
    scores = db_session.scalars(sa.select(Score)).all()
    assert len(scores) == 3 and len({s.points for s in scores}) == 1  # one save won whole
    assert db_session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 1
