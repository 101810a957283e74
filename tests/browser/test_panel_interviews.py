"""Interview pages in Chromium (R-MT1): the organisers' schedule, time, invitation and
other-times pages and the applicant's own page, with their error states, have zero axe
violations in both languages; the applicant chooses a time with JavaScript off."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.models import Interview, InterviewSlot, PanelDecision
from portal.models.base import utcnow
from portal.models.enums import ChatMode, InterviewStatus, PanelOutcome, PanelStage
from portal.panels import interviews
from tests.browser.test_accessibility import violations
from tests.panels.builders import panel_world

pytestmark = pytest.mark.browser


def _signed(person):
    person.session_token = "test"
    return person


@pytest.fixture
def world(db_session):
    w = panel_world(db_session, applications=3)
    for application in w.applications:
        db_session.add(PanelDecision(recruitment_id=w.role.id, application_id=application.id,
                                     stage=PanelStage.SHORTLIST,
                                     outcome=PanelOutcome.INTERVIEW, reason="Good",
                                     made_by_ids=[w.members[0].id]))
    for days, mode in ((20, ChatMode.FACE_TO_FACE), (21, ChatMode.VIDEO), (22, ChatMode.PHONE)):
        starts = (utcnow() + timedelta(days=days)).replace(microsecond=0)
        db_session.add(InterviewSlot(
            recruitment_id=w.role.id, starts_at=starts, ends_at=starts + timedelta(hours=1),
            mode=mode, place="" if mode == ChatMode.VIDEO else "Neuadd y Dref, Aberystwyth",
            video_link="https://meet.example.org/panel" if mode == ChatMode.VIDEO else None,
            access={"en": "Step-free access", "cy": "Mynediad heb risiau"}))
    db_session.commit()
    secrets = []
    made = interviews.invite(db_session, _signed(w.members[0]), w.role.id,
                             [w.applications[0].id, w.applications[1].id], None,
                             lambda s, _lang: secrets.append(s) or s)
    db_session.commit()
    return {"world": w, "secrets": secrets, "interviews": [i.id for i in made]}


def press(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_interview_page_and_error_has_no_axe_violations__R_MT1(
        new_page, sign_in_browser, db_session, world, lang):
    w = world["world"]
    page = new_page()
    found = {}

    def look(name):
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = violations(page)

    # The applicant first (no account): their page, then its error states.
    secret = world["secrets"][0]
    page.goto(f"/{lang}/recruitment/interview/{secret}")
    look("applicant")
    press(page, "form:has(input[name=which][value=choose]) button")
    assert page.locator(".govuk-error-summary").count() == 1
    look("applicant-choose-error")
    press(page, "form:has(input[name=which][value=other]) button")
    assert page.locator(".govuk-error-summary").count() == 1
    look("applicant-other-error")
    page.check("input[name=choose-slot] >> nth=0")
    press(page, "form:has(input[name=which][value=choose]) button")
    look("applicant-booked")
    page.goto(f"/{lang}/recruitment/interview/not-a-link")
    look("applicant-not-found")

    sign_in_browser(page, w.members[0])
    base = f"/{lang}/recruitment/{w.role.id}/panel/interviews"
    page.goto(base)
    look("schedule")
    page.goto(f"{base}/times/new")
    look("slot-new")
    press(page, "main form button.govuk-button")
    assert page.locator(".govuk-error-summary").count() == 1
    look("slot-new-error")
    slot = db_session.scalar(sa.select(InterviewSlot).order_by(InterviewSlot.id.desc()))
    page.goto(f"{base}/times/{slot.id}")
    look("slot-edit")
    page.goto(f"{base}/times/{slot.id}/remove")
    look("slot-remove")
    page.goto(f"{base}/invite")
    look("invite")
    press(page, "main form button.govuk-button")
    assert page.locator(".govuk-error-summary").count() == 1
    look("invite-error")
    page.goto(f"{base}/{world['interviews'][1]}/offer")
    look("offer")
    page.fill("#note", "x" * 1001)
    press(page, "main form button.govuk-button")
    assert page.locator(".govuk-error-summary").count() == 1
    look("offer-error")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 14


def test_the_applicant_chooses_a_time_with_javascript_off__R_MT1(new_page, db_session, world):
    page = new_page(javascript=False)
    secret = world["secrets"][1]
    page.goto(f"/en/recruitment/interview/{secret}")
    assert "https://meet.example.org/panel" in page.content()  # each time with its details
    page.check("input[name=choose-slot] >> nth=1")
    press(page, "form:has(input[name=which][value=choose]) button")
    assert "Your interview is booked" in page.content()
    db_session.expire_all()
    interview = db_session.get(Interview, world["interviews"][1])
    assert interview.status == InterviewStatus.BOOKED and interview.slot_id is not None
