"""Issue 2/5 "done when": three representatives and one member of staff take a template to a
published, advertised role in both languages, in Chromium, as new users would: by the links
and buttons on the pages, never by typing a URL they would not know.

Screenshots of each step go to $WALKTHROUGH_SHOTS when it is set (for a person to look at).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.models import AdvertChannel, OutboxMessage, Recruitment
from portal.models.base import today_in_wales
from portal.models.enums import RecruitmentStage
from tests import factories

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("WALKTHROUGH_SHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def click(page, name: str, *, exact: bool = False) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=exact).click()


def follow(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()


def test_three_representatives_and_a_member_of_staff_publish_and_advertise_a_role(
        new_page, sign_in_browser, db_session, live_server):
    org = factories.organisation(db_session, "Powys Teaching Health Board")
    board = factories.board(db_session, org, meetings=4, name="Powys Mental Health Board")
    board.area = "powys"
    reps = []
    for given, family, lang in (("Nia", "Rees", "cy"), ("Owen", "Price", "en"),
                                ("Sara", "Hughes", "en")):
        rep = factories.person(db_session, given_name=given, family_name=family, lang=lang)
        factories.grant(db_session, rep, "representative", org, board)
        factories.appointment(db_session, board, rep)
        reps.append(rep)
    from portal.recruitment.descriptions import ensure_templates

    ensure_templates(db_session)  # as `flask seed templates` does on every deployment
    staff = factories.person(db_session, given_name="Carys", family_name="Bowen")
    factories.grant(db_session, staff, "engagement_worker", org)
    db_session.commit()
    nia, owen, sara = reps
    page = new_page()

    # 1. Nia starts a recruitment from her recruitments page.
    sign_in_browser(page, nia)
    page.goto("/en/")
    follow(page, "Recruitments")
    follow(page, "Start a recruitment")
    page.select_option("#board_id", label="Powys Mental Health Board – Powys Teaching Health Board")
    page.check("input[name=reason][value=term_ending]")
    page.fill("#service_user_vacancies", "1")
    page.fill("#carer_vacancies", "1")
    click(page, "Start the recruitment")
    shot(page, "01-recruitment-home")
    assert "Recruitment for Powys Mental Health Board" in page.content()
    recruitment_url = page.url

    # 2. She invites two representatives and the engagement worker (staff, at most one).
    for name in ("Owen Price", "Sara Hughes", "Carys Bowen"):
        follow(page, "Invite someone")
        option = page.locator("#person-person_id option", has_text=name).get_attribute("value")
        page.select_option("#person-person_id", value=option)
        click(page, "Send the invitation")
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.template == "group_invitation")) == 3

    # 3. Each accepts from the recruitment's page (the link in their invitation email).
    for person in (owen, sara, staff):
        sign_in_browser(page, person)
        page.goto(recruitment_url)
        click(page, "Join the group")
    page.goto(recruitment_url)
    assert "3 of 4 members have lived experience" in page.content()
    shot(page, "02-group-formed")

    # 4. Nia starts the role description from a template and changes it: version 2.
    sign_in_browser(page, nia)
    page.goto(recruitment_url)
    follow(page, "See and write the role description")
    page.get_by_label("Board member (service user)").check()
    click(page, "Start from this template")
    page.fill("#title_en", "Service user and carer member, Powys Mental Health Board")
    page.fill("#title_cy", "Aelod defnyddiwr gwasanaeth a gofalwr, Bwrdd Iechyd Meddwl Powys")
    page.fill("#note", "A title that says both kinds of seat")
    click(page, "Save as a new version")
    shot(page, "03-description")
    assert "Version 2" in page.content()

    # 5. Owen comments on a section; Sara compares the versions.
    sign_in_browser(page, owen)
    page.goto(recruitment_url)
    follow(page, "See and write the role description")
    page.select_option("#section", label="Time commitment")
    page.fill("#body", "Say that meetings can be joined online.")
    click(page, "Add comment")
    assert "Say that meetings can be joined online." in page.content()
    sign_in_browser(page, sara)
    page.goto(recruitment_url)
    follow(page, "See and write the role description")
    follow(page, "Compare versions")
    assert page.locator("ins").count() >= 1
    shot(page, "04-compare")

    # 6. All four approve. Staff alone could never carry it (R-LG1); the three can.
    for person in (staff, owen, sara, nia):
        sign_in_browser(page, person)
        page.goto(recruitment_url)
        follow(page, "See and write the role description")
        page.check("input[name=decision][value=approve]")
        click(page, "Record my decision")
    assert "is approved by the group" in page.content()
    shot(page, "05-approved")

    # 7. Nia publishes it with a closing date and a contact who answers the phone.
    follow(page, "Publish the role")
    closes = today_in_wales() + timedelta(days=28)
    page.fill("#closes_on-day", str(closes.day))
    page.fill("#closes_on-month", str(closes.month))
    page.fill("#closes_on-year", str(closes.year))
    page.fill("#contact_name", "Carys Bowen")
    page.fill("#contact_phone", "01597 828 000")
    click(page, "Publish the role")
    assert "/advertising" in page.url
    recruitment = db_session.scalar(sa.select(Recruitment))
    db_session.refresh(recruitment)
    assert recruitment.stage == RecruitmentStage.PUBLISHED

    # 8. The advertising plan: two channels, one done by the engagement worker.
    for channel in ("Food banks", "Social media"):
        page.select_option("#channel", label=channel)
        click(page, "Add to the plan")
    sign_in_browser(page, staff)
    page.goto(recruitment_url)
    follow(page, "Advertising plan and reach")
    follow(page, "Mark as done – Food banks")
    click(page, "Save")
    shot(page, "06-advertising")
    assert "Carys Bowen" in page.locator("table").inner_text()
    # The food bank gets a poster whose QR code is that channel's tracked link.
    follow(page, "Poster with this link – Food banks")
    assert page.locator("svg").count() >= 1
    code = db_session.scalar(sa.select(AdvertChannel.code).where(
        AdvertChannel.channel == "food_banks"))
    assert f"/r/{code}" in page.content()
    shot(page, "06b-poster")

    # 9. The public finds it in both languages, and through the food bank's tracked link.
    page.context.clear_cookies()
    for lang, title, heading in (
            ("en", "Service user and carer member, Powys Mental Health Board", "How to apply"),
            ("cy", "Aelod defnyddiwr gwasanaeth a gofalwr, Bwrdd Iechyd Meddwl Powys",
             None)):
        page.goto(f"/{lang}/")
        with page.expect_navigation():  # the start button is a link styled as a button
            page.locator("a.govuk-button--start").click()
        assert title in page.content()
        follow(page, title)
        shot(page, f"07-public-role-{lang}")
        assert "Carys Bowen" in page.content() and "01597 828 000" in page.content()
        if heading:
            assert heading in page.content()
        assert '"@type": "JobPosting"' in page.content() or '"@type":"JobPosting"' in page.content()
    page.goto(f"{live_server}/r/{code}")
    assert page.url.endswith(f"/roles/{recruitment.id}")
    visits = db_session.scalar(sa.select(AdvertChannel.visits).where(
        AdvertChannel.channel == "food_banks"))
    assert visits == 1
