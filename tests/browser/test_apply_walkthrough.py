"""Issue 3/5 "done when", in Chromium, as new users would: by the links and buttons on the
pages, reading their emails, never typing a URL they would not know.

1. Rhian applies in Welsh by the application form, with a CV and adjustments.
2. Owen asks for an informal chat; Carys, the engagement worker, arranges it and records that
   he would like to apply; the email he gets takes him back to finish it, without being asked
   again what he already said (WCAG 3.3.7).
3. Dafydd has no email address: he tells Carys his expression of interest on the phone; she
   writes it down, reads it back, he confirms it (R-IV1), and his acknowledgement waits as a
   Welsh letter in her queue, which she prints and marks as posted.

Screenshots of each step go to $WALKTHROUGH_SHOTS when it is set.
"""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.models import Application, ApplicationFile, OutboxMessage, RoleDescriptionVersion
from portal.models.base import today_in_wales
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests import factories
from tests.applications import cv_files
from tests.browser.test_walkthrough import shot

pytestmark = pytest.mark.browser


def press(page, selector: str = "main form button.govuk-button") -> None:
    """The page's main button, whatever the language."""
    with page.expect_navigation():
        page.locator(selector).last.click()


def follow(page, name: str, exact: bool = False) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=exact).first.click()


def email_text(app, message: OutboxMessage) -> str:
    """The email as the person received it (the outbox writes each one as a .eml file)."""
    eml = Path(app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
    return message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
        preferencelist=("plain",)).get_content()


@pytest.fixture
def world(db_session):
    org = factories.organisation(db_session, "Hywel Dda University Health Board")
    board = factories.board(db_session, org, name="Ceredigion Mental Health Board")
    role = factories.published_role(db_session, board, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.selection_methods = ["informal_chat", "expression_of_interest", "application_form"]
    version.sections = {
        **version.sections,
        "essential_criteria": {
            "en": "- You have cared for someone who used mental health services\n"
                  "- You listen well",
            "cy": "- Rydych chi wedi gofalu am rywun a ddefnyddiodd wasanaethau iechyd "
                  "meddwl\n- Rydych chi'n gwrando'n dda"},
        "desirable_criteria": {"en": "- You speak Welsh", "cy": "- Rydych chi'n siarad Cymraeg"},
    }
    carys = factories.person(db_session, given_name="Carys", family_name="Bowen")
    factories.grant(db_session, carys, "engagement_worker", org)
    db_session.commit()
    return {"role": role, "carys": carys}


def test_three_people_apply_each_in_their_own_way__R_SEL1_R_AC1_R_AC2_R_IV1(
        app, new_page, sign_in_browser, db_session, world):
    role, carys = world["role"], world["carys"]

    # 1. Rhian finds the role in Welsh and applies by the application form with a CV.
    page = new_page()
    page.goto("/cy/roles/")
    follow(page, "Cynrychiolydd gofalwyr")
    press(page, "a.govuk-button--start")
    page.check("input[name=route][value=application_form]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Rhian Morgan")
    page.check("input[name=language][value=cy]")
    page.check("input[name=contact_channel][value=email]")
    page.fill("#email", "rhian@example.org")
    press(page)
    shot(page, "apply-01-criteria-cy")
    page.fill("#essential-1", "Rydw i wedi gofalu am fy mrawd ers deng mlynedd.")
    page.fill("#essential-2", "Rydw i'n gwrando cyn siarad.")
    page.fill("#desirable-1", "Cymraeg yw fy iaith gyntaf.")
    press(page)
    page.set_input_files("input[type=file][name=cv]", files=[{
        "name": "CV Rhian.docx", "buffer": cv_files.docx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    press(page)
    shot(page, "apply-02-sharing-cy")
    page.check("input[name=essential-1][value=summary]")
    page.check("input[name=essential-2][value=full]")
    page.check("input[name=desirable-1][value=full]")
    press(page)
    page.check("input[name=adjustments][value=welsh]")
    page.check("input[name=adjustments][value=questions_in_advance]")
    page.check("input[name=formats][value=walk_and_talk]")
    page.check("input[name=expenses][value=care_for_cared_for]")
    page.check("input[name=payment][value=volunteer]")
    press(page)
    assert page.url.endswith("/check")
    shot(page, "apply-03-check-cy")
    assert "CV Rhian.docx" in page.content()
    press(page)
    assert page.url.endswith("/sent")
    shot(page, "apply-04-sent-cy")
    rhian = db_session.scalar(sa.select(Application).where(
        Application.route == "application_form"))
    assert rhian.status == ApplicationStatus.SUBMITTED and rhian.language.value == "cy"
    assert rhian.reference in page.content()
    assert sorted(rhian.answers["support"]["adjustments"]) == ["questions_in_advance", "welsh"]
    assert db_session.scalar(sa.select(ApplicationFile.original_name)) == "CV Rhian.docx"
    received = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == rhian.id))
    assert received.template == "application_received" and received.language.value == "cy"
    assert rhian.reference in email_text(app, received)
    # Her own list shows it, with its timeline.
    follow(page, "Eich ceisiadau")
    assert rhian.reference in page.content()

    # 2. Owen asks for an informal chat by phone, in English.
    owen_page = new_page()
    owen_page.goto(f"/en/roles/{role.id}")
    press(owen_page, "a.govuk-button--start")
    owen_page.check("input[name=route][value=informal_chat]")
    press(owen_page)
    owen_page.check("input[name=eligibility][value=yes]")
    press(owen_page)
    owen_page.fill("#name", "Owen Price")
    owen_page.check("input[name=language][value=en]")
    owen_page.check("input[name=contact_channel][value=email]")
    owen_page.fill("#email", "owen@example.org")
    press(owen_page)
    owen_page.check("input[name=mode][value=phone]")
    owen_page.fill("#best_times", "Weekday mornings")
    press(owen_page)
    assert "Weekday mornings" in owen_page.content()  # not asked again on the support page
    press(owen_page)
    press(owen_page)  # check your answers: send
    assert owen_page.url.endswith("/sent")
    shot(owen_page, "apply-05-chat-requested")

    # Carys arranges the chat from her console, then records that he would like to apply.
    carys_page = new_page()
    sign_in_browser(carys_page, carys)
    carys_page.goto("/en/")
    follow(carys_page, "Applications and support", exact=True)
    shot(carys_page, "apply-06-console")
    follow(carys_page, "Arrange the chat with Owen Price")
    day = today_in_wales() + timedelta(days=3)
    carys_page.fill("#when-day", str(day.day))
    carys_page.fill("#when-month", str(day.month))
    carys_page.fill("#when-year", str(day.year))
    carys_page.fill("#time", "10:30am")
    carys_page.fill("#where", "I will phone you on the number you gave")
    press(carys_page)
    follow(carys_page, "Applications and support", exact=True)
    follow(carys_page, "Record the outcome of the chat with Owen Price")
    carys_page.check("input[name=outcome][value=apply]")
    carys_page.check("input[name=route][value=expression_of_interest]")
    carys_page.fill("#note", "Keen; would like to write a few lines.")
    press(carys_page)
    shot(carys_page, "apply-07-chat-outcome")

    # Owen's email takes him to the first question he has not answered yet.
    owens = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == "owen@example.org").order_by(OutboxMessage.id)).all()
    assert [m.template for m in owens] == ["chat_requested", "chat_arranged",
                                           "application_continue"]
    link = next(line.strip() for line in email_text(app, owens[-1]).splitlines()
                if "/apply/resume/" in line)
    owen_page.goto(link.replace(app.config["BASE_URL"].rstrip("/"), ""))
    assert owen_page.url.endswith("/your-words")
    owen_page.fill("#words", "I cared for my dad for years and want services to listen.")
    press(owen_page)
    owen_page.check("input[name=expression][value=full]")
    press(owen_page)
    assert owen_page.url.endswith("/check")
    assert "Owen Price" in owen_page.content()  # nothing asked twice
    press(owen_page)
    assert owen_page.url.endswith("/sent")
    follower = db_session.scalar(sa.select(Application).where(
        Application.follows_id.is_not(None)))
    assert follower.status == ApplicationStatus.SUBMITTED
    assert follower.contact["email"] == "owen@example.org"

    # 3. Dafydd, without email, gives a spoken expression of interest to Carys by phone.
    follow(carys_page, "Applications and support", exact=True)
    follow(carys_page, "Record an application for someone")
    carys_page.check("input[name=route][value=expression_of_interest]")
    carys_page.fill("#name", "Dafydd Jones")
    carys_page.check("input[name=language][value=cy]")
    carys_page.check("input[name=contact_channel][value=post]")
    carys_page.fill("#postal_address", "2 Heol y Bont\nAberaeron\nSA46 0AA")
    carys_page.check("input[name=eligibility][value=yes]")
    carys_page.fill("#words", "Dw i wedi bod yn defnyddio gwasanaethau ac eisiau helpu eraill.")
    carys_page.check("input[name=sharing][value=summary]")
    carys_page.check("input[name=adjustments][value=welsh]")
    press(carys_page)
    assert carys_page.url.endswith("/read-back")
    shot(carys_page, "apply-08-read-back")
    assert "Dw i wedi bod yn defnyddio gwasanaethau" in carys_page.content()
    carys_page.check("#confirmed")
    press(carys_page)
    dafydd = db_session.scalar(sa.select(Application).where(
        Application.contact["name"].as_string() == "Dafydd Jones"))
    assert dafydd.status == ApplicationStatus.SUBMITTED
    assert dafydd.assisted_by_id == carys.id and dafydd.confirmed_at is not None
    letter = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == dafydd.id))
    assert letter.status == OutboxStatus.MANUAL and letter.language.value == "cy"

    # The acknowledgement waits in her letters queue, in Welsh; she prints it and posts it.
    follow(carys_page, "Applications and support", exact=True)
    follow(carys_page, "letter or call waiting")
    shot(carys_page, "apply-09-letters")
    follow(carys_page, "Dafydd Jones")
    shot(carys_page, "apply-10-letter")
    assert carys_page.locator("[lang=cy]").count() >= 1
    assert dafydd.reference in carys_page.content()
    with carys_page.expect_navigation():
        carys_page.get_by_role("button", name="Mark as posted").click()
    db_session.expire_all()
    assert db_session.get(OutboxMessage, letter.id).status == OutboxStatus.SENT
    assert db_session.get(OutboxMessage, letter.id).handled_by_id == carys.id
