"""Applying in Chromium: every page of the written route in both languages, with its error
states, has zero axe violations; and the whole route works with JavaScript off."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import Application, OutboxMessage, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests import factories
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def role(db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat", "expression_of_interest"]
    db_session.commit()
    return role


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).last.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_application_page_and_error_has_no_axe_violations(new_page, role, lang):
    page = new_page()
    found = {}

    def look(name):
        found[name] = violations(page)

    page.goto(f"/{lang}/roles/{role.id}")
    press(page, "a.govuk-button--start")
    look("start")
    press(page)  # nothing chosen
    assert page.locator(".govuk-error-summary").count() == 1
    look("start-error")
    page.check("input[name=route][value=expression_of_interest]")
    press(page)
    look("eligibility")
    press(page)
    look("eligibility-error")
    page.check("input[name=eligibility][value=no]")
    press(page)
    look("not-eligible")
    press(page, "a.govuk-back-link")
    page.check("input[name=eligibility][value=yes]")
    press(page)
    look("about-you")
    page.fill("#name", "Nia Rees")
    page.check("input[name=contact_channel][value=email]")
    press(page)  # no email address, no language
    look("about-you-error")
    page.check(f"input[name=language][value={lang}]")
    page.fill("#email", "nia@example.org")
    press(page)
    look("your-words")
    press(page)
    look("your-words-error")
    page.fill("#words", "I have cared for my mother for six years.")
    press(page)
    page.check("input[name=expression][value=summary]")  # what the panel reads
    press(page)
    look("support")
    page.fill("#bad_day", "x" * 1001)
    press(page)
    look("support-error")
    page.fill("#bad_day", "A phone call instead of meeting")
    page.check("input[name=expenses][value=travel]")
    page.check("input[name=payment][value=volunteer]")
    press(page)
    look("check")
    check_url = page.url
    with page.expect_navigation():
        page.locator('main a[href$="/save"]').click()
    look("save")
    page.fill("#email-email", "not an email")
    press(page, "main form >> nth=0 >> button.govuk-button")
    look("save-error")
    press(page, "main form >> nth=1 >> button.govuk-button")
    look("saved-code")
    page.goto(f"/{lang}/apply/continue")
    look("continue")
    press(page)
    look("continue-error")
    page.goto(check_url)
    press(page)
    look("sent")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 18


def test_applying_by_phone_works_without_javascript__R_AC1(new_page, db_session, role):
    page = new_page(javascript=False)
    page.goto(f"/cy/roles/{role.id}")
    press(page, "a.govuk-button--start")
    page.check("input[name=route][value=expression_of_interest]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Dewi Jones")
    page.check("input[name=language][value=cy]")
    page.check("input[name=contact_channel][value=phone]")
    page.fill("#phone", "01970 123456")
    press(page)
    page.fill("#words", "Hoffwn i helpu eraill.")
    press(page)
    page.check("input[name=expression][value=full]")
    press(page)
    page.check("input[name=adjustments][value=welsh]")
    press(page)
    assert "Dewi Jones" in page.content() and "01970 123456" in page.content()
    press(page)
    assert page.url.endswith("/sent")
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reference in page.content()
    call = db_session.scalar(sa.select(OutboxMessage))
    assert call.status == OutboxStatus.MANUAL and call.payload["phone"] == "01970 123456"
