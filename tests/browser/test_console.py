"""The engagement worker's console in Chromium: every page in both languages, with an error
state each, has zero axe violations; and a spoken expression of interest for someone without
email is recorded, read back and sent with JavaScript off, ending with a letter to post
(R-IV1, R-AC1, R-AC2)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import (
    Application,
    Board,
    InformalChat,
    Organisation,
    OutboxMessage,
    RoleDescriptionVersion,
)
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests import factories
from tests.browser.test_accessibility import violations
from tests.console.builders import make_application

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat", "expression_of_interest"]
    org = db_session.scalar(sa.select(Organisation).join(Board).where(Board.id == role.board_id))
    worker = factories.person(db_session, given_name="Carys", family_name="Bowen")
    factories.grant(db_session, worker, "engagement_worker", org)
    chat_application = make_application(db_session, role, route="informal_chat",
                                        chat_mode="face_to_face", name="Dewi Jones",
                                        channel="phone")
    make_application(db_session, role, name="Grace Mensah")
    db_session.commit()
    chat = db_session.scalar(sa.select(InformalChat).where(
        InformalChat.application_id == chat_application.id))
    return {"role": role, "worker": worker, "chat": chat.id,
            "chat_reference": chat_application.reference}


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def _fill_record(page, name="Elis Parry"):
    page.check("input[name=route][value=expression_of_interest]")
    page.fill("#name", name)
    page.check("input[name=language][value=cy]")
    page.check("input[name=contact_channel][value=post]")
    page.fill("#postal_address", "1 Stryd Fawr\nAberystwyth\nSY23 1AA")
    page.check("input[name=eligibility][value=yes]")
    page.fill("#words", "Dw i eisiau helpu pobl eraill i gael eu clywed.")
    page.check("input[name=sharing][value=full]")
    page.check("input[name=adjustments][value=welsh]")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_console_page_and_error_has_no_axe_violations(new_page, sign_in_browser, world,
                                                             lang):
    page = new_page()
    sign_in_browser(page, world["worker"])
    found = {}

    def look(name):
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = violations(page)

    page.goto(f"/{lang}/console/")
    look("home")
    page.goto(f"/{lang}/console/?recruitment=abc")
    assert page.locator(".govuk-error-summary").count() == 1
    look("home-error")
    page.goto(f"/{lang}/console/applications/{world['chat_reference']}")
    look("application-chat")
    page.goto(f"/{lang}/console/chats/{world['chat']}/arrange")
    look("arrange")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("arrange-error")
    page.goto(f"/{lang}/console/chats/{world['chat']}/outcome")
    look("outcome")
    press(page)
    look("outcome-error")
    page.goto(f"/{lang}/console/roles/{world['role'].id}/record")
    look("record")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("record-error")
    _fill_record(page)
    press(page)
    assert page.url.endswith("/read-back")
    look("read-back")
    read_back = page.url
    press(page, "main form button.govuk-button")  # not ticked
    assert page.locator(".govuk-error-summary").count() == 1
    look("read-back-error")
    page.goto(read_back.replace("/read-back", "/edit"))
    look("edit")
    page.fill("#words", "")
    press(page)
    look("edit-error")
    page.fill("#words", "Dw i eisiau helpu pobl eraill.")
    press(page)
    assert page.url.endswith("/read-back")
    page.check("#confirmed")
    press(page)
    look("application-assisted")
    page.goto(read_back.replace("/read-back", "/correct"))
    look("correct")
    page.fill("#words", "")
    press(page)
    look("correct-error")
    page.fill("#words", "Dw i eisiau helpu, a gwrando.")
    press(page)
    look("correct-read-back")
    press(page)  # the first button saves; not ticked
    assert page.locator(".govuk-error-summary").count() == 1
    look("correct-read-back-error")
    page.goto(f"/{lang}/console/assist")
    look("assist")
    press(page)
    look("assist-error")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 20


def test_a_spoken_expression_of_interest_without_email_works_without_javascript__R_IV1_R_AC1(
        new_page, sign_in_browser, db_session, world):
    page = new_page(javascript=False)
    sign_in_browser(page, world["worker"])
    page.goto("/en/console/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record an application for someone").first.click()
    _fill_record(page, name="Rhian Morgan")
    press(page)
    content = page.content()
    assert "Read it back to Rhian Morgan" in content
    assert 'lang="cy"' in content and "Dw i eisiau helpu pobl eraill" in content
    page.check("#confirmed")
    press(page)
    assert "Written down by Carys Bowen with Rhian Morgan, read back and confirmed on" in (
        page.content())
    application = db_session.scalar(sa.select(Application).where(
        Application.assisted_by_id == world["worker"].id))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.contact["channel"] == "post" and "email" not in application.contact
    letter = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == application.id))
    assert (letter.template, letter.status, letter.language.value) == (
        "application_received", OutboxStatus.MANUAL, "cy")
    assert letter.payload["postal_address"].startswith("1 Stryd Fawr")
    page.goto("/en/console/")
    assert "1 letter or call waiting" in page.content()
