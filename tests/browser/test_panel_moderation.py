"""Moderation, decisions, outcomes and the audit trail in Chromium: every page in both
languages, with an error state, has zero axe violations; and a decision is recorded with
JavaScript off (R-SEL5, R-LG1, R-AC2)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import PanelDecision
from portal.models.enums import PanelOutcome, PanelStage
from portal.panels import moderation
from tests.browser.test_accessibility import violations
from tests.panels.builders import panel_world
from tests.panels.decided import all_score, invited_to_interview, lived, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    w = panel_world(db_session, conflicts={(3, 0)})
    apps = w.applications
    all_score(db_session, w, apps[0], 3, skip={3})
    all_score(db_session, w, apps[1], {"essential-1": 4, "essential-2": 1, "desirable-1": 2})
    all_score(db_session, w, apps[2], 2, skip={1})  # still waiting for one member
    invited_to_interview(db_session, w, apps[3])
    all_score(db_session, w, apps[3], 3, stage=PanelStage.INTERVIEW)
    moderation.record_decision(db_session, signed_in(w.members[0]), w.role.id,
                               PanelStage.SHORTLIST, apps[1].id,
                               {"outcome": "reserve", "reason": "A close call",
                                "made_by": lived(w)})
    moderation.record_decision(db_session, signed_in(w.members[0]), w.role.id,
                               PanelStage.INTERVIEW, apps[3].id,
                               {"outcome": "appoint", "seat_type": "service_user",
                                "reason": "Excellent at interview", "made_by": lived(w)})
    db_session.commit()
    return w


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_moderation_page_and_error_has_no_axe_violations(new_page, sign_in_browser,
                                                               world, lang):
    page = new_page()
    sign_in_browser(page, world.members[0])
    found = {}
    base = f"/{lang}/recruitment/{world.role.id}/panel"
    apps = world.applications

    def look(name):
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = violations(page)

    page.goto(f"{base}/moderation/shortlist")
    look("moderation")
    page.goto(f"{base}/moderation/interview")
    look("moderation-interview")
    page.goto(f"{base}/moderation/shortlist/{apps[0].id}")
    look("decision")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("decision-error")
    page.goto(f"{base}/moderation/shortlist/{apps[1].id}")
    look("decision-change")
    page.goto(f"{base}/moderation/shortlist/{apps[2].id}")
    look("decision-waiting")
    page.goto(f"{base}/moderation/interview/{apps[3].id}")
    look("decision-appointed")
    page.goto(f"{base}/outcomes/shortlist")
    look("outcomes")
    press(page)
    look("outcomes-sent")
    page.goto(f"{base}/audit")
    look("audit")
    sign_in_browser(page, world.members[3])
    page.goto(f"{base}/moderation/shortlist")
    look("moderation-conflicted")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 11


def test_a_decision_is_recorded_without_javascript__R_SEL5_R_LG1(new_page, sign_in_browser,
                                                                 db_session, world):
    page = new_page(javascript=False)
    sign_in_browser(page, world.members[1])
    application = world.applications[0]
    page.goto(f"/en/recruitment/{world.role.id}/panel/moderation/shortlist")
    with page.expect_navigation():
        page.get_by_role("link", name=moderation.core.label(application.id)).click()
    assert "Because essential-1 3" in page.content()
    page.check("input[name=outcome][value=interview]")
    page.fill("#reason", "Strong evidence of listening")
    page.check(f"input[name=made_by][value='{world.members[1].id}']")  # one member alone
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.locator("#reason").input_value() == "Strong evidence of listening"
    assert page.locator(f"input[name=made_by][value='{world.members[3].id}']").count() == 0
    page.check(f"input[name=made_by][value='{world.members[0].id}']")
    press(page)
    assert "The panel’s decision has been recorded" in page.content() or \
        "decision has been recorded" in page.content()
    decision = db_session.scalar(sa.select(PanelDecision).where(
        PanelDecision.application_id == application.id))
    assert decision.outcome == PanelOutcome.INTERVIEW
    assert sorted(decision.made_by_ids) == sorted(m.id for m in world.members[:2])
