"""One application as staff see it: everything the applicant gave, its timeline, the messages
sent to them and who helped; nobody else reaches it (R-IV1, R-SEL5, R-AC3)."""

from __future__ import annotations

from portal.applications import services
from portal.models import EqualityResponse, OutboxMessage
from portal.models.enums import ContactChannel, Language, OutboxStatus
from tests.console.builders import make_application


def test_staff_see_the_answers_timeline_and_messages(db_session, as_person, console_world):
    application = make_application(db_session, console_world["role"], name="Owen Price",
                                   words="I know the crisis team well.", language="cy",
                                   channel="post")
    services.record(db_session, application, "support_saved")
    db_session.add(OutboxMessage(key="ack-1", template="application_received",
                                 channel=ContactChannel.POST, language=Language.WELSH,
                                 status=OutboxStatus.MANUAL, application_id=application.id))
    db_session.add(EqualityResponse(recruitment_id=console_world["role"].id,
                                    answers={"ethnicity": "never-shown"}))
    db_session.commit()
    for who in ("worker", "member"):
        for lang in ("en", "cy"):
            response = as_person(console_world[who]).get(
                f"/{lang}/console/applications/{application.reference}")
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "no-store"
            html = response.get_data(as_text=True)
            assert "Owen Price" in html and "I know the crisis team well." in html
            assert "Aberystwyth" in html and "A phone call instead" in html
            assert "never-shown" not in html  # equality data is never on an application
    html = as_person(console_world["worker"]).get(
        f"/en/console/applications/{application.reference}").get_data(as_text=True)
    assert "Support, expenses and payment saved" in html and "We have your application" in html
    assert "Waiting for an engagement worker to post or phone" in html


def test_nobody_else_reaches_an_application_idor(db_session, as_person, console_world):
    application = make_application(db_session, console_world["role"])
    db_session.commit()
    for who in ("other_worker", "other_member", "org_admin", "platform_admin", "nobody"):
        response = as_person(console_world[who]).get(
            f"/en/console/applications/{application.reference}")
        assert response.status_code == 403, who
    worker = as_person(console_world["worker"])
    assert worker.get("/en/console/applications/NONE-XXXX").status_code == 404


def test_answers_of_other_routes_and_files_are_shown_too(db_session, as_person, console_world):
    from portal.models import ApplicationFile

    application = make_application(db_session, console_world["role"])
    application.answers = {**application.answers, "criteria": {"1": "I chaired a group"},
                           "heard": ["radio", "friend"]}
    db_session.add(ApplicationFile(application_id=application.id, stored_name="x" * 32,
                                   original_name="my-cv.pdf", media_type="application/pdf",
                                   size=20480, sha256="0" * 64))
    db_session.commit()
    html = as_person(console_world["worker"]).get(
        f"/en/console/applications/{application.reference}").get_data(as_text=True)
    assert "I chaired a group" in html and "radio; friend" in html and "my-cv.pdf (20 KB)" in html
