"""In Chromium: my applications, an application's page, withdrawing and changing contact
details (with their error states), the equality questions and report, the letters queue and a
printed letter have zero axe violations in both languages; and the time-out warning appears
before the session ends, keeps it, and loses nothing typed (WCAG 2.2.1)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from portal.models import Board, EqualityResponse, Organisation, RoleDescriptionVersion
from tests import factories
from tests.browser.test_accessibility import violations
from tests.browser.test_print import pdf_pages
from tests.conftest import free_port

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


def apply_by_post(page, role, lang):
    page.goto(f"/{lang}/roles/{role.id}/apply")
    page.check("input[name=route][value=expression_of_interest]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Nia Rees")
    page.check(f"input[name=language][value={lang}]")
    page.check("input[name=contact_channel][value=post]")
    page.fill("#postal_address", "3 Heol y Bont\nBala\nLL23 7AB")
    press(page)
    page.fill("#words", "I have cared for my mother for six years.")
    press(page)
    page.check("input[name=expression][value=full]")
    press(page)
    press(page)
    press(page)
    assert page.url.endswith("/sent")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_page_of_my_applications_has_no_axe_violations__R_AC3(
        new_page, sign_in_browser, db_session, role, lang):
    page = new_page()
    found = {}

    def look(name):
        found[name] = violations(page)

    apply_by_post(page, role, lang)
    look("sent")
    with page.expect_navigation():
        page.locator('main a[href$="/copy"]').click()
    look("copy")
    page.goto(f"/{lang}/my-applications")
    look("index")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    page.locator("main details summary").first.click()
    look("application")
    with page.expect_navigation():
        page.locator('main a[href$="/equality"]').click()
    look("equality")
    page.check("input[name=age][value='35_44']")
    page.check("input[name=welsh][value=prefer_not_to_say]")
    press(page)
    look("application-answered")
    page.goto(f"/{lang}/my-applications/contact-details")
    look("contact")
    page.check("input[name=contact_channel][value=phone]")
    page.fill("#phone", "")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("contact-error")
    page.fill("#phone", "01678 520000")
    press(page)
    look("index-updated")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    with page.expect_navigation():
        page.locator('main a[href$="/withdraw"]').click()
    look("withdraw")
    page.fill("#reason", "x" * 1001)
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("withdraw-error")
    page.fill("#reason", "Not the right time for me")
    press(page)
    look("withdrawn")

    org = db_session.get(Organisation, db_session.get(Board, role.board_id).organisation_id)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    worker = factories.person(db_session)
    factories.grant(db_session, worker, "engagement_worker", org)
    for _ in range(6):
        db_session.add(EqualityResponse(recruitment_id=role.id, answers={"age": "25_34"}))
    db_session.commit()
    staff = new_page()
    sign_in_browser(staff, admin)
    page = staff
    page.goto(f"/{lang}/equality")
    look("report-overall")
    page.goto(f"/{lang}/equality/{role.id}")
    look("report")
    sign_in_browser(page, worker)
    page.goto(f"/{lang}/console/letters/")
    look("letters")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    look("letter")
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    assert page.locator("article.sheet").is_visible()
    page.emulate_media(media="screen")
    press(page, "header form button.govuk-button")
    look("letters-after")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 17


@pytest.fixture(scope="module")
def short_server(make_app, app):
    """The portal with a 150-second session and the warning 120 seconds before the end."""
    short = make_app(PERMANENT_SESSION_LIFETIME=150, SESSION_WARNING_SECONDS=120)
    port = free_port()
    server = make_server("127.0.0.1", port, short, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_warning_before_the_session_ends_keeps_it_and_loses_nothing__WCAG_2_2_1(
        browser, short_server, db_session, role, lang):
    context = browser.new_context(base_url=short_server)
    try:
        page = context.new_page()
        page.clock.install()
        page.goto(f"/{lang}/roles/{role.id}/apply")
        page.check("input[name=route][value=expression_of_interest]")
        press(page)
        page.check("input[name=eligibility][value=yes]")
        press(page)
        page.fill("#name", "Typed but not yet saved")
        page.focus("#name")
        dialog = page.locator("[role=alertdialog]")
        assert not dialog.is_visible()
        page.clock.run_for(25_000)
        assert not dialog.is_visible(), "not before 120 seconds from the end"
        page.clock.run_for(6_000)
        assert dialog.is_visible()
        assert page.evaluate("document.activeElement.id") == "session-timeout-title"
        assert violations(page) == []
        with page.expect_response(lambda r: r.url.endswith("/session/keep")) as kept:
            page.get_by_role("button", name=page.locator("[data-timeout-keep]").inner_text()
                             ).click()
        assert kept.value.status == 200
        status = page.locator("#session-timeout-status")
        status.wait_for(state="visible")
        assert not dialog.is_visible()
        assert page.input_value("#name") == "Typed but not yet saved"
        assert page.evaluate("document.activeElement.id") == "name"
        assert violations(page) == []
        # Still on the same page, and the session still works: the form is checked as usual
        # (nothing else was chosen yet) and what was typed is still there.
        press(page)
        assert page.url.endswith("/about-you")
        assert page.locator(".govuk-error-summary").count() == 1
        assert page.input_value("#name") == "Typed but not yet saved"
        # Left alone to the end: told kindly how to carry on, without leaving the page.
        page.clock.run_for(151_000)
        assert "/apply/continue" in status.inner_html()
    finally:
        context.close()


def test_without_javascript_nothing_appears(new_page, role):
    page = new_page(javascript=False)
    page.goto(f"/en/roles/{role.id}/apply")
    assert page.locator("#session-timeout").count() == 1
    assert not page.locator("[role=alertdialog]").is_visible()


def test_sent_application_links_are_real_pages(new_page, db_session, role):
    """The confirmation's links work with JavaScript off, too."""
    page = new_page(javascript=False)
    apply_by_post(page, role, "en")
    for selector in ('main a[href$="/copy"]', 'main a[href$="/equality"]'):
        response = page.request.get(page.locator(selector).first.get_attribute("href"))
        assert response.status == 200
    assert db_session.scalar(sa.select(sa.func.count(EqualityResponse.id))) == 0
