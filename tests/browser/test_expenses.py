"""Expenses in Chromium (R-PAY1, R-PAY2, R-PAY3): every expenses page, with an error state
each, has zero axe violations in both languages; and with JavaScript off a panel member
chooses a fee, claims with a photo of a receipt, the budget holder approves it, the claimant
sees it approved, and an applicant claims through their interview link."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.models import ExpenseClaim, PanelMember
from portal.models.enums import ClaimActivity, ClaimStatus
from tests.browser.test_accessibility import violations
from tests.expenses.builders import JPEG, TOKEN, expenses_world, yesterday

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    return expenses_world(db_session)


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def fill_claim(page, *, activity="panel", category="travel", amount="12.50"):
    day = yesterday()
    page.check(f"input[name=activity][value={activity}]")
    page.fill("#activity_on-day", str(day.day))
    page.fill("#activity_on-month", str(day.month))
    page.fill("#activity_on-year", str(day.year))
    page.check(f"input[name=category][value={category}]")
    page.fill("#amount", amount)
    page.fill("#description", "Bws o'r Rhyl i Fangor")


CLAIM_BUTTON = "main form[enctype] button.govuk-button"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_expenses_page_and_error_has_no_axe_violations(new_page, sign_in_browser,
                                                             db_session, world, lang):
    claim = ExpenseClaim(recruitment_id=world.recruitment.id,
                         person_id=world.panel.members[2].id, activity=ClaimActivity.PANEL,
                         activity_on=yesterday(), category="travel", amount=Decimal("8.40"),
                         description="Train")
    returned = ExpenseClaim(recruitment_id=world.recruitment.id,
                            person_id=world.panel.members[1].id,
                            activity=ClaimActivity.PANEL, activity_on=yesterday(),
                            category="parking", amount=Decimal("3.00"),
                            status=ClaimStatus.RETURNED, decision_note="Add the ticket")
    db_session.add_all([claim, returned])
    db_session.commit()
    page = new_page()
    found = {}

    def look(name):
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = violations(page)

    r = world.recruitment.id
    sign_in_browser(page, world.panel.members[1])
    page.goto(f"/{lang}/expenses/")
    look("index")
    page.goto(f"/{lang}/expenses/recruitment/{r}/claim")
    look("claim-with-choice")
    press(page, "main form:not([enctype]) button.govuk-button")  # no choice made
    assert page.locator(".govuk-error-summary").count() == 1
    look("payment-choice-error")
    press(page, CLAIM_BUTTON)
    assert page.url.endswith("/claim")
    assert page.locator(".govuk-error-summary").count() == 1
    look("claim-error")
    page.check("input[name=choice][value=fee]")
    press(page, "main form:not([enctype]) button.govuk-button")
    look("claim-with-fee")

    page.goto(f"/{lang}/expenses/interview/{TOKEN}/claims")
    look("applicant-claims")
    page.goto(f"/{lang}/expenses/interview/{TOKEN}/claim")
    look("applicant-claim")
    press(page, CLAIM_BUTTON)
    look("applicant-claim-error")

    sign_in_browser(page, world.worker)
    page.goto(f"/{lang}/expenses/on-behalf")
    look("find")
    page.goto(f"/{lang}/expenses/on-behalf?reference=NOPE-NOPE")
    assert page.locator(".govuk-error-summary").count() == 1
    look("find-error")
    page.goto(f"/{lang}/expenses/application/{world.panel.applications[1].reference}/claim")
    look("record")
    press(page, CLAIM_BUTTON)
    look("record-error")

    sign_in_browser(page, world.admin)
    page.goto(f"/{lang}/expenses/")
    look("index-admin")
    page.goto(f"/{lang}/expenses/recruitment/{r}/budget-holder")
    look("budget-holder")
    page.select_option("#person", "")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("budget-holder-error")
    page.goto(f"/{lang}/expenses/recruitment/{r}/export")
    look("export")

    sign_in_browser(page, world.holder)
    page.goto(f"/{lang}/expenses/recruitment/{r}/approvals")
    look("approvals")
    page.goto(f"/{lang}/expenses/recruitment/{r}/claims/{claim.id}")
    look("review")
    page.check("input[name=decision][value=return]")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("review-error")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 19


def test_claiming_and_approving_work_without_javascript__R_PAY1_R_PAY2_R_PAY3(
        new_page, sign_in_browser, db_session, world, tmp_path):
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(JPEG)
    page = new_page(javascript=False)
    member = world.panel.members[1]
    sign_in_browser(page, member)
    page.goto(f"/en/expenses/recruitment/{world.recruitment.id}/claim")
    assert "welfare benefits adviser" in page.content()
    page.check("input[name=choice][value=fee]")
    press(page, "main form:not([enctype]) button.govuk-button")
    db_session.expire_all()
    assert db_session.get(PanelMember, world.panel.seats[1].id).payment_choice == "fee"
    fill_claim(page)
    page.set_input_files("#receipt", str(receipt))
    press(page, CLAIM_BUTTON)
    assert "Your claim has been sent" in page.content()
    page.goto(f"/en/expenses/recruitment/{world.recruitment.id}/claim")
    fill_claim(page, category="fee", amount="")
    page.fill("#hours", "2")
    press(page, CLAIM_BUTTON)
    assert "Your claim has been sent" in page.content()
    claims = list(db_session.scalars(sa.select(ExpenseClaim).order_by(ExpenseClaim.id)))
    assert [c.category for c in claims] == ["travel", "fee"]
    assert claims[0].receipt_media_type == "image/jpeg" and claims[1].hours == Decimal("2.00")

    sign_in_browser(page, world.holder)
    page.goto(f"/en/expenses/recruitment/{world.recruitment.id}/approvals")
    with page.expect_navigation():
        page.get_by_role("link", name=f"EXP-{claims[0].id:06d}").click()
    page.check("input[name=decision][value=approve]")
    press(page)
    assert "The claim is approved" in page.content()

    sign_in_browser(page, member)
    page.goto("/en/expenses/")
    assert "Approved, to be paid" in page.content()

    applicant = new_page(javascript=False)
    applicant.goto(f"/cy/expenses/interview/{TOKEN}/claim")
    fill_claim(applicant, activity="interview", category="childcare", amount="20")
    press(applicant, CLAIM_BUTTON)
    assert "£20.00" in applicant.content()
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(ExpenseClaim.id)).where(
        ExpenseClaim.application_id == world.panel.applications[0].id)) == 1
