"""The application form, the CV and the sharing pages in Chromium: zero axe violations in both
languages, error states included; and the application form with a CV, in Welsh, with
JavaScript off."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import Application, ApplicationFile, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus
from tests import factories
from tests.applications import cv_files
from tests.browser.test_accessibility import violations
from tests.browser.test_apply import press

pytestmark = pytest.mark.browser


@pytest.fixture
def role(db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.selection_methods = ["informal_chat", "cv", "application_form"]
    version.sections = {
        **version.sections,
        "essential_criteria": {
            "en": "- You have cared for someone who used mental health services\n- You listen well",
            "cy": "- Rydych chi wedi gofalu am rywun\n- Rydych chi'n gwrando'n dda"},
        "desirable_criteria": {"en": "- You speak Welsh", "cy": "- Rydych chi'n siarad Cymraeg"},
    }
    db_session.commit()
    return role


def begin(page, role, lang, route):
    page.goto(f"/{lang}/roles/{role.id}/apply?another=1")
    page.check(f"input[name=route][value={route}]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Nia Rees")
    page.check(f"input[name=language][value={lang}]")
    page.check("input[name=contact_channel][value=phone]")
    page.fill("#phone", "01970 123456")
    press(page)


def upload(page, name, data, mime="application/octet-stream"):
    # With JavaScript, GOV.UK Frontend puts a button with the id in front of the input.
    page.set_input_files("input[type=file][name=cv]",
                         files=[{"name": name, "mimeType": mime, "buffer": data}])


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_application_form_cv_and_sharing_pages_have_no_axe_violations(new_page, role, lang):
    page = new_page()
    found = {}

    def look(name):
        found[name] = violations(page)

    begin(page, role, lang, "application_form")
    assert page.url.endswith("/criteria")
    look("criteria")
    press(page)  # no answers
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.locator(".govuk-error-summary a").count() == 2  # one per essential criterion
    look("criteria-error")
    page.fill("#essential-1", "My brother, for ten years.")
    page.fill("#essential-2", "People tell me I listen.")
    press(page)
    assert page.url.endswith("/cv")
    look("cv-optional")
    upload(page, "cv.pdf", cv_files.EXECUTABLE)
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("cv-error")
    upload(page, "cv.pdf", cv_files.PDF, "application/pdf")
    press(page)
    assert page.url.endswith("/sharing")
    look("sharing")
    press(page)
    assert page.locator(".govuk-error-summary a").count() == 2
    look("sharing-error")
    page.check("input[name=essential-1][value=summary]")
    page.check("input[name=essential-2][value=full]")
    press(page)
    press(page)  # support: all optional
    assert page.url.endswith("/check")
    look("check")
    page.goto(f"/{lang}/roles/{role.id}/apply")
    look("existing")

    begin(page, role, lang, "cv")
    assert page.url.endswith("/cv")
    look("cv")
    press(page)  # no file
    look("cv-required-error")
    upload(page, "cv.docx", cv_files.zip_bomb_docx(20))
    page.fill("#note", "I would like carers to be heard.")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("cv-bomb-error")
    upload(page, "Fy CV.odt", cv_files.odt())
    press(page)
    look("sharing-note")
    page.goto(page.url.rsplit("/", 1)[0] + "/cv")
    look("cv-with-file")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 13


def test_the_application_form_with_a_cv_in_welsh_without_javascript__R_SEL1_R_AC2(
        new_page, db_session, role):
    page = new_page(javascript=False)
    page.goto(f"/cy/roles/{role.id}")
    press(page, "a.govuk-button--start")
    page.check("input[name=route][value=application_form]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Rhian Morgan")
    page.check("input[name=language][value=cy]")
    page.check("input[name=contact_channel][value=post]")
    page.fill("#postal_address", "1 Stryd Fawr\nAberystwyth")
    press(page)
    page.fill("#essential-1", "Rydw i wedi gofalu am fy mrawd.")
    page.fill("#essential-2", "Rydw i'n gwrando.")
    page.fill("#desirable-1", "Ydw, Cymraeg yw fy iaith gyntaf.")
    press(page)
    document = cv_files.docx()
    upload(page, "../CV Rhian.docx", document)
    press(page)
    for key, choice in (("essential-1", "summary"), ("essential-2", "full"),
                        ("desirable-1", "full")):
        page.check(f"input[name={key}][value={choice}]")
    press(page)
    page.check("input[name=adjustments][value=welsh]")
    page.check("input[name=adjustments][value=supporter]")
    page.check("input[name=payment][value=volunteer]")
    press(page)
    assert page.url.endswith("/check")
    content = page.content()
    assert "CV Rhian.docx" in content and "Rydw i wedi gofalu am fy mrawd." in content
    with page.expect_download() as download:
        page.locator('main a[href*="/files/"]').click()
    assert download.value.suggested_filename == "CV Rhian.docx"
    assert download.value.path().read_bytes() == document
    press(page)
    assert page.url.endswith("/sent")
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.route == "application_form" and application.language.value == "cy"
    assert sorted(application.answers["support"]["adjustments"]) == ["supporter", "welsh"]
    assert application.answers["disclosure"] == {"essential-1": "summary",
                                                 "essential-2": "full", "desirable-1": "full"}
    row = db_session.scalar(sa.select(ApplicationFile))
    assert row.original_name == "CV Rhian.docx" and row.media_type.endswith(".document")
