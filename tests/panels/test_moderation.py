"""Moderation (R-SEL3, R-SEL4, R-SEL5): weighted totals and every member's scores and reasons
only once everyone without a conflict has submitted; disagreements flagged; conflicted members
never see the applications they are conflicted with; constant statements from 1 to 200."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.errors import Forbidden, NotFound
from portal.models import Application, ConflictDeclaration, Score, ScoreSheet
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, Language, PanelStage
from portal.panels import core, moderation
from tests.panels.builders import CRITERIA, panel_world
from tests.panels.decided import all_score, invited_to_interview, sheet, signed_in

SHORTLIST = PanelStage.SHORTLIST


def path(world, stage="shortlist", application=None, lang="en"):
    base = f"/{lang}/recruitment/{world.role.id}/panel/moderation/{stage}"
    return f"{base}/{application.id}" if application is not None else base


def rows_by_id(view):
    return {row.application_id: row for row in view.rows}


def test_scores_wait_until_every_member_without_a_conflict_has_submitted__R_SEL3(
        app, db_session):
    world = panel_world(db_session)
    first = world.applications[0]
    all_score(db_session, world, first, 3, skip={3})
    sheet(db_session, world, 3, first, 3, submitted=False)  # a draft counts for nothing
    view = moderation.moderation(db_session, signed_in(world.members[0]), world.role.id,
                                 SHORTLIST, "en")
    row = rows_by_id(view)[first.id]
    assert (row.needed, row.submitted, row.waiting, row.complete) == (4, 3, 1, False)
    assert row.criteria == []  # nothing of anyone's scores yet

    db_session.execute(sa.update(ScoreSheet).where(ScoreSheet.member_id == world.seats[3].id)
                       .values(submitted_at=utcnow()))
    view = moderation.moderation(db_session, signed_in(world.members[0]), world.role.id,
                                 SHORTLIST, "en")
    row = rows_by_id(view)[first.id]
    assert row.complete and len(row.criteria) == 3
    assert all(len(c.marks) == 4 for c in row.criteria)
    # Weights 3, 2, 1; everyone gave 3 of 4: 3×6 = 18 of 24, 75 %.
    assert row.total == pytest.approx(18) and row.maximum == 24 and row.share == 75
    assert row.disagreements == 0


def test_weighted_total_is_the_mean_points_times_the_weight(app, db_session):
    world = panel_world(db_session)
    application = world.applications[1]
    for i, points in enumerate([{"essential-1": 4, "essential-2": 2, "desirable-1": 0},
                                {"essential-1": 2, "essential-2": 2, "desirable-1": 1},
                                {"essential-1": 3, "essential-2": 1, "desirable-1": 1},
                                {"essential-1": 3, "essential-2": 3, "desirable-1": 2}]):
        sheet(db_session, world, i, application, points)
    row = rows_by_id(moderation.moderation(db_session, signed_in(world.members[1]),
                                           world.role.id, SHORTLIST, "en"))[application.id]
    assert row.total == pytest.approx(3 * 3 + 2 * 2 + 1 * 1)  # means 3, 2, 1
    by_key = {c.key: c for c in row.criteria}
    assert by_key["essential-1"].spread == 2 and by_key["essential-1"].disagreement
    assert by_key["essential-2"].spread == 2 and by_key["desirable-1"].spread == 2
    assert row.disagreements == 3


def test_a_spread_below_two_is_not_flagged(app, db_session):
    world = panel_world(db_session)
    application = world.applications[0]
    for i, points in enumerate([3, 2, 3, 2]):
        sheet(db_session, world, i, application, points)
    row = rows_by_id(moderation.moderation(db_session, signed_in(world.members[0]),
                                           world.role.id, SHORTLIST, "en"))[application.id]
    assert core.DISAGREEMENT_SPREAD == 2
    assert row.complete and row.disagreements == 0


def test_a_conflicted_member_does_not_hold_moderation_up_and_never_sees_it__R_SEL4(
        app, db_session):
    world = panel_world(db_session, conflicts={(3, 0)})
    conflicted = world.applications[0]
    all_score(db_session, world, conflicted, 2, skip={3})
    row = rows_by_id(moderation.moderation(db_session, signed_in(world.members[0]),
                                           world.role.id, SHORTLIST, "en"))[conflicted.id]
    assert row.needed == 3 and row.complete

    view = moderation.moderation(db_session, signed_in(world.members[3]), world.role.id,
                                 SHORTLIST, "en")
    assert conflicted.id not in rows_by_id(view) and view.hidden == 1
    with pytest.raises(Forbidden):
        moderation.one_application(db_session, signed_in(world.members[3]), world.role.id,
                                   SHORTLIST, conflicted.id, "en")


def test_the_page_shows_scores_and_reasons_only_when_complete__R_SEL3(
        app, db_session, login):
    world = panel_world(db_session, conflicts={(3, 0)})
    first, second = world.applications[:2]
    all_score(db_session, world, first, 3, skip={3}, )
    all_score(db_session, world, second, 1, skip={2})
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    page = client.get(path(world))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert core.label(first.id) in html and "18.0 of 24 (75%)" in html
    assert "Waiting for 1 member to submit" in html
    one = client.get(path(world, application=first)).get_data(as_text=True)
    assert "Because essential-1 3" in one and "Dewi Panel" in one
    other = client.get(path(world, application=second)).get_data(as_text=True)
    assert "Because essential-1 1" not in other and "Waiting for 1 member" in other
    assert "Applicant 2" not in html and "nia@example.org" not in html  # anonymised

    welsh = client.get(path(world, lang="cy"))
    assert welsh.status_code == 200


def test_conflicted_member_is_refused_by_every_moderation_endpoint__R_SEL4(
        app, db_session, login, csrf):
    world = panel_world(db_session, conflicts={(3, 0)})
    conflicted = world.applications[0]
    all_score(db_session, world, conflicted, 3, skip={3})
    db_session.commit()
    client = app.test_client()
    login(client, world.members[3])
    listing = client.get(path(world)).get_data(as_text=True)
    assert core.label(conflicted.id) not in listing
    assert "1 applicant is not shown" in listing
    assert client.get(path(world, application=conflicted)).status_code == 403
    token = csrf(client.get("/en/account"))
    response = client.post(path(world, application=conflicted), data={
        "csrf_token": token, "outcome": "interview", "reason": "x",
        "made_by": [str(world.members[0].id), str(world.members[1].id)]})
    assert response.status_code == 403


def test_outsiders_and_unready_members_are_refused(app, db_session, login):
    world = panel_world(db_session, ready=False)
    client = app.test_client()
    login(client, world.outsider_member)
    assert client.get(path(world)).status_code == 403
    other = app.test_client()
    login(other, world.members[0])
    refused = other.get(path(world))
    assert refused.status_code == 403 and "training" in refused.get_data(as_text=True)
    # ... with a link to where they put it right (R-SEL6)
    assert f"/en/recruitment/{world.role.id}/panel/ready" in refused.get_data(as_text=True)


def test_another_recruitments_application_is_not_found_IDOR(app, db_session):
    world = panel_world(db_session)
    with pytest.raises(NotFound):
        moderation.one_application(db_session, signed_in(world.members[0]), world.role.id,
                                   SHORTLIST, world.other_applications[0].id, "en")


def test_the_interview_stage_moderates_only_those_invited_to_interview(app, db_session):
    world = panel_world(db_session)
    invited = world.applications[2]
    invited_to_interview(db_session, world, invited)
    all_score(db_session, world, invited, 2, stage=PanelStage.INTERVIEW)
    view = moderation.moderation(db_session, signed_in(world.members[0]), world.role.id,
                                 PanelStage.INTERVIEW, "en")
    assert [r.application_id for r in view.rows] == [invited.id]
    row = view.rows[0]
    assert row.complete and [c.key for c in row.criteria] == ["q1", "q2"]
    assert row.total == pytest.approx(2 * 1 + 2 * 2) and row.maximum == 12
    with pytest.raises(NotFound):
        moderation.one_application(db_session, signed_in(world.members[0]), world.role.id,
                                   PanelStage.INTERVIEW, world.applications[0].id, "en")


def _bulk(db_session, world, n):
    """n more sent applications, each declared by every member and scored by all of them."""
    now = utcnow()
    refs = [f"M{i:03d}-{i:04d}" for i in range(n)]
    db_session.execute(sa.insert(Application), [{
        "recruitment_id": world.role.id, "reference": ref, "access_token_hash": hash_token(ref),
        "route": "application_form", "status": ApplicationStatus.SUBMITTED,
        "language": Language.ENGLISH, "eligibility": "yes", "answers": {},
        "contact": {"name": "Bulk", "channel": "phone", "phone": "01970 123456"},
        "submitted_at": now, "created_at": now, "updated_at": now, "resume_failures": 0,
        "equality_answered": False} for ref in refs])
    ids = list(db_session.scalars(sa.select(Application.id).where(
        Application.reference.in_(refs))))
    db_session.execute(sa.insert(ConflictDeclaration), [
        {"member_id": seat.id, "application_id": i, "conflicted": False, "declared_at": now}
        for seat in world.seats for i in ids])
    db_session.execute(sa.insert(ScoreSheet), [
        {"member_id": seat.id, "application_id": i, "stage": PanelStage.SHORTLIST,
         "scheme_id": world.scheme.id, "created_at": now, "submitted_at": now}
        for seat in world.seats for i in ids])
    sheets = list(db_session.scalars(sa.select(ScoreSheet.id).where(
        ScoreSheet.application_id.in_(ids))))
    db_session.execute(sa.insert(Score), [
        {"sheet_id": s, "criterion": c["key"], "points": (s + k) % 5, "reason": "Bulk",
         "updated_at": now} for s in sheets for k, c in enumerate(CRITERIA)])
    db_session.commit()


def test_moderation_statements_are_constant_from_1_to_200_applications(
        app, db_session, login, statements):
    world = panel_world(db_session, applications=1, conflicts={(3, 0)})
    all_score(db_session, world, world.applications[0], 3, skip={3})
    db_session.commit()
    client = app.test_client()
    login(client, world.members[0])
    pages = [path(world), path(world, lang="cy"), path(world, application=world.applications[0])]

    def measure():
        counts = []
        for page in pages:
            with statements() as seen:
                response = client.get(page)
            assert response.status_code == 200, page
            counts.append(len(seen))
        return counts

    one = measure()
    _bulk(db_session, world, 199)
    many = measure()
    assert one == many, (one, many)
    assert client.get(path(world)).get_data(as_text=True).count('id="application-') == 200


def test_scoring_and_moderation_agree_on_who_must_submit__R_SEL3_R_SEL4(app, db_session):
    """One rule (core.must_submit): every member of the scheme in force without a declared
    conflict, a member who has not declared yet included. Scoring's all_submitted and the
    moderation page give the same answer for every application."""
    from portal.panels import scoring

    world = panel_world(db_session, applications=3, conflicts={(3, 0)})
    first, second, third = world.applications
    all_score(db_session, world, first, 3, skip={3})  # the conflicted member is not needed
    all_score(db_session, world, second, 2, skip={3})  # member 3 has still to submit
    db_session.execute(sa.delete(ConflictDeclaration).where(
        ConflictDeclaration.member_id == world.seats[1].id,
        ConflictDeclaration.application_id == third.id))
    all_score(db_session, world, third, 2, skip={1})  # undeclared: still needed
    db_session.flush()
    done = scoring.all_submitted(db_session, world.scheme, world.role.id, SHORTLIST)
    view = moderation.moderation(db_session, signed_in(world.members[0]), world.role.id,
                                 SHORTLIST, "en")
    rows = rows_by_id(view)
    assert done == {first.id: True, second.id: False, third.id: False}
    assert {i: rows[i].complete for i in done} == done
    assert (rows[first.id].needed, rows[third.id].waiting) == (3, 1)
