"""Panel scoring in Chromium (R-SEL3, R-SEL4, R-AC2): every scoring page in both languages,
with an error state, has zero axe violations; and a member scores question by question and
submits an application with JavaScript off, then sees the others' submitted scores."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import PanelDecision, ScoreSheet
from portal.models.enums import PanelOutcome, PanelStage
from portal.panels import scoring
from tests.browser.test_accessibility import violations
from tests.panels.builders import CRITERIA, panel_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    w = panel_world(db_session, applications=3, conflicts={(3, 0)})
    db_session.add(PanelDecision(recruitment_id=w.role.id, application_id=w.applications[1].id,
                                 stage=PanelStage.SHORTLIST, outcome=PanelOutcome.INTERVIEW,
                                 reason="Strong"))
    db_session.commit()
    return w


def press(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_scoring_page_and_error_has_no_axe_violations(new_page, sign_in_browser,
                                                            world, lang, db_session):
    # Another member has submitted, so that the "others' scores" part is checked too.
    person = world.members[1]
    person.session_token = "test"
    first = world.applications[0].id
    scoring.save_scores(db_session, person, world.role.id, PanelStage.SHORTLIST, {first: {
        c["key"]: ("3", "Clear evidence") for c in CRITERIA}})
    scoring.submit(db_session, person, world.role.id, PanelStage.SHORTLIST, first)
    db_session.commit()
    page = new_page()
    sign_in_browser(page, world.members[0])
    base = f"/{lang}/recruitment/{world.role.id}/panel"
    found = {}

    def look(name):
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = violations(page)

    page.goto(f"{base}/scoring")
    look("home")
    page.goto(f"{base}/scoring/shortlist/questions/essential-1")
    look("question")
    page.fill(f"#reason_{first}", "No score chosen")
    press(page, "main form button[value=save]")
    assert page.locator(".govuk-error-summary").count() == 1
    look("question-error")
    page.goto(f"{base}/scoring/shortlist/applications/{first}")
    look("application")
    press(page, "main form button[value=submit]")
    assert page.locator(".govuk-error-summary").count() == 1
    look("application-error")
    page.goto(f"{base}/scoring/interview/questions/q1")
    look("interview-question")
    page.goto(f"{base}/progress")
    look("progress")
    # Submitted: the other member's submitted scores are shown.
    page.goto(f"{base}/scoring/shortlist/applications/{first}")
    for index in range(3):
        page.check(f"#points_{index}-4" if page.locator(f"#points_{index}-4").count()
                   else f"input[name=points_{index}][value='4']")
        page.fill(f"#reason_{index}", "Strong")
    press(page, "main form button[value=submit]")
    assert "Clear evidence" in page.content()
    look("application-submitted")
    page.close()
    assert found == dict.fromkeys(found, []), found


def test_a_member_scores_and_submits_with_javascript_off__R_SEL3(new_page, sign_in_browser,
                                                                 world, db_session):
    page = new_page(javascript=False)
    sign_in_browser(page, world.members[2])
    base = f"/en/recruitment/{world.role.id}/panel"
    page.goto(f"{base}/scoring")
    for key in [c["key"] for c in CRITERIA]:
        page.goto(f"{base}/scoring/shortlist/questions/{key}")
        for application in world.applications:
            page.check(f"input[name=points_{application.id}][value='2']")
            page.fill(f"#reason_{application.id}", f"Reason for {key}")
        press(page, "main form button[value=save]")
        assert "Your scores have been saved" in page.content()
    page.goto(f"{base}/scoring")
    assert page.locator("text=Check and submit your scores").count() == 3
    press(page, "a:has-text('Check and submit your scores')")
    press(page, "main form button[value=submit]")
    assert "Your scores are submitted" in page.content()
    assert "Nobody else has submitted" in page.content()
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(ScoreSheet.id)).where(
        ScoreSheet.submitted_at.is_not(None))) == 1
