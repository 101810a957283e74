"""The panel's home, the scheme, readiness and conflicts in Chromium: every page in both
languages, with its error states, has zero axe violations; and a panel member declares
conflicts with JavaScript off (R-SEL3, R-SEL4, R-SEL6, R-AC2)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import ConflictDeclaration
from portal.panels import scheme as service
from tests.browser.test_accessibility import violations
from tests.panels.builders import panel_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    w = panel_world(db_session, applications=3, declared=False, commit=False)
    for application, name in zip(w.applications, ("Zed Jones", "Alys Hughes", "Mair Lloyd"),
                                 strict=True):
        application.contact = {**application.contact, "name": name}
    # Elin has not confirmed anything yet; the chair has declared for everyone.
    w.seats[2].training_confirmed_at = w.seats[2].confidentiality_at = None
    w.seats[2].training_basis = None
    chair = w.members[0]
    chair.session_token = "browser-test"
    draft = service.starting_draft(db_session, w.role)
    draft.note = "A question about carers"
    draft.questions = [*draft.questions, {"key": "", "en": "How would you include carers?",
                                          "cy": "Sut fyddech chi'n cynnwys gofalwyr?",
                                          "good_en": "Practical ideas",
                                          "good_cy": "Syniadau ymarferol", "weight": 2}]
    service.save_version(db_session, chair, w.role.id, draft)
    for seat in (w.seats[0],):
        for application in w.applications:
            db_session.add(ConflictDeclaration(member_id=seat.id, application_id=application.id,
                                               conflicted=False))
    db_session.commit()
    return w


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).last.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_panel_scheme_and_readiness_page_has_no_axe_violations__R_SEL3_R_SEL6(
        new_page, sign_in_browser, world, lang):
    page = new_page()
    found = {}

    def look(name, errors=False):
        assert page.locator("html").get_attribute("lang") == lang, name
        if errors:
            assert page.locator(".govuk-error-summary").count() == 1, name
        found[name] = violations(page)

    base = f"/{lang}/recruitment/{world.role.id}/panel"
    sign_in_browser(page, world.members[0])  # the chair
    page.goto(base + "/")
    look("home-chair")
    page.goto(f"/{lang}/recruitment/panels/")
    look("your-panels")
    page.goto(base + "/scheme")
    look("scheme")
    press(page, "#decision ~ div form button.govuk-button")
    look("scheme-decision-error", errors=True)
    page.goto(base + "/scheme/edit")
    look("scheme-edit")
    page.fill("#note", "")
    page.fill("#scale_3_cy", "")
    page.fill("#weight_essential-1", "lots")
    press(page)
    look("scheme-edit-error", errors=True)
    page.goto(base + "/strength")
    look("strength")
    page.goto(base + "/conflicts")
    look("conflicts-declared")

    sign_in_browser(page, world.members[2])  # not ready yet
    page.goto(base + "/ready")
    look("readiness")
    press(page, "#training ~ form button.govuk-button")
    look("readiness-training-error", errors=True)
    page.goto(base + "/ready")
    press(page, "#confidentiality ~ form button.govuk-button")
    look("readiness-confidentiality-error", errors=True)
    page.goto(base + "/ready")
    page.check("input[name=basis][value=neither]")
    press(page, "#training ~ form button.govuk-button")
    look("readiness-training-offered")

    sign_in_browser(page, world.members[1])  # ready, nothing declared yet
    page.goto(base + "/conflicts")
    look("conflicts")
    page.locator("input[type=radio][value=conflict]").first.check()
    press(page)
    look("conflicts-error", errors=True)
    page.goto(base + "/")
    look("home-member")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 15


def test_declaring_conflicts_works_without_javascript__R_SEL4(new_page, sign_in_browser,
                                                              db_session, world):
    page = new_page(javascript=False)
    sign_in_browser(page, world.members[1])
    page.goto(f"/en/recruitment/{world.role.id}/panel/")
    with page.expect_navigation():
        page.get_by_role("link", name="Say whether you have a conflict of interest").click()
    groups = page.locator("main fieldset")
    assert groups.nth(0).locator("legend").inner_text().strip() == "Alys Hughes"
    groups.nth(0).locator("input[value=none]").check()
    groups.nth(1).locator("input[value=conflict]").check()
    page.locator("main textarea").nth(1).fill("My neighbour")
    press(page)
    assert page.locator(".govuk-notification-banner--success").count() == 1
    assert "My neighbour" in page.locator("main").inner_text()
    db_session.expire_all()
    rows = db_session.scalars(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == world.seats[1].id)).all()
    by_app = {r.application_id: r for r in rows}
    alys, mair = world.applications[1].id, world.applications[2].id
    assert by_app[alys].conflicted is False
    assert by_app[mair].conflicted is True and by_app[mair].note == "My neighbour"
    assert world.applications[0].id not in by_app  # Zed: not answered yet
