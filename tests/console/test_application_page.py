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


def test_criteria_answers_chat_questions_and_files_are_shown_too(db_session, as_person,
                                                                 console_world):
    from portal.models import ApplicationFile

    application = make_application(db_session, console_world["role"], route="application_form")
    application.answers = {
        **application.answers,
        "criteria": {"essential-1": {"criterion": "You chair meetings well",
                                     "answer": "I chaired a carers' group", "essential": True}},
        "chat": {"mode": "phone", "best_times": "Mornings", "questions": "Is it paid?"},
        "disclosure": {"essential-1": "full"}}
    db_session.add(ApplicationFile(application_id=application.id, stored_name="x" * 32,
                                   original_name="my-cv.pdf", media_type="application/pdf",
                                   size=20480, sha256="0" * 64))
    db_session.commit()
    html = as_person(console_world["worker"]).get(
        f"/en/console/applications/{application.reference}").get_data(as_text=True)
    assert "You chair meetings well" in html and "I chaired a carers&#39; group" in html
    assert "Is it paid?" in html and "my-cv.pdf (20 KB)" in html
    assert "{&#39;criterion" not in html and "Disclosure" not in html  # no raw data


def test_staff_read_a_written_answer_only_as_the_applicant_chose(db_session, as_person,
                                                                 console_world):
    """Lived-experience disclosure: words the applicant keeps from the panel are not on the
    staff page either; it says only that they have relevant experience."""
    application = make_application(db_session, console_world["role"], name="Owen Price",
                                   words="My own time on the ward in 2019.")
    application.answers = {**application.answers, "disclosure": {"expression": "summary"}}
    db_session.commit()
    for who in ("worker", "member"):
        html = as_person(console_world[who]).get(
            f"/en/console/applications/{application.reference}").get_data(as_text=True)
        assert "My own time on the ward" not in html
        assert "Has relevant experience" in html and "Owen Price" in html
        assert "disclosure" not in html.lower().replace("disclosure choices", "")
