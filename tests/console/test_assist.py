"""A worker opens an applicant's draft with the reference and code the applicant gives, to
carry on together on the applicant's own pages; the timeline records it (R-AC1, R-IV1)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.applications import services
from portal.models import Application, ApplicationEvent
from tests.console.builders import make_application


def _draft_with_code(db_session, role):
    application = make_application(db_session, role, status="draft")
    application.answers = {}
    code = services.new_resume_code(db_session, application)
    db_session.commit()
    return application, code


def test_a_worker_opens_a_draft_with_the_applicants_code__R_AC1(
        db_session, as_person, csrf, console_world):
    application, code = _draft_with_code(db_session, console_world["role"])
    worker = console_world["worker"]
    client = as_person(worker)
    page = client.get("/en/console/assist")
    wrong = client.post("/en/console/assist", data={
        "reference": application.reference, "code": "AAAAAA", "csrf_token": csrf(page)})
    assert wrong.status_code == 400 and 'href="#code"' in wrong.get_data(as_text=True)
    assert db_session.scalar(sa.select(Application.resume_failures)) == 1
    opened = client.post("/en/console/assist", data={
        "reference": application.reference.lower(), "code": code, "csrf_token": csrf(page)})
    assert opened.status_code == 302 and opened.location.endswith("/your-words")
    assert client.get(opened.location).status_code == 200  # the applicant's own page
    event = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "assisted"))
    assert event.actor_id == worker.id
    db_session.expire_all()
    assert db_session.get(Application, application.id).assisted_by_id == worker.id


def test_another_organisations_draft_does_not_open_idor(db_session, as_person, csrf,
                                                        console_world):
    application, code = _draft_with_code(db_session, console_world["other_role"])
    client = as_person(console_world["worker"])
    page = client.get("/en/console/assist")
    refused = client.post("/en/console/assist", data={
        "reference": application.reference, "code": code, "csrf_token": csrf(page)})
    assert refused.status_code == 400
    db_session.expire_all()
    unchanged = db_session.get(Application, application.id)
    assert unchanged.assisted_by_id is None and unchanged.resume_failures == 0
    assert db_session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.kind.in_(("assisted", "resumed_with_code")))) == 0


def test_only_engagement_workers_assist(as_person, console_world):
    for who in ("member", "org_admin", "platform_admin", "nobody"):
        assert as_person(console_world[who]).get("/en/console/assist").status_code == 403, who
