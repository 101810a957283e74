"""The informal chat, group event and formal invitation routes and the group's pages for them
(R-SEL1, R-SEL2), in Chromium: every page in both languages, with an error state each, has zero
axe violations; and the group-event route works from start to finish with JavaScript off."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.models import (
    Application,
    Board,
    GroupEvent,
    GroupMember,
    Organisation,
    OutboxMessage,
    RoleDescriptionVersion,
)
from portal.models.base import today_in_wales, utcnow
from portal.models.enums import ApplicationStatus
from tests import factories
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def world(db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat", "group_event", "formal_invitation"]
    member = factories.person(db_session, given_name="Gwen", family_name="Price")
    db_session.add(GroupMember(recruitment_id=role.id, person_id=member.id,
                               kind="lived_experience", status="accepted"))
    worker = factories.person(db_session, given_name="Alex", family_name="Jones")
    factories.grant(db_session, worker, "engagement_worker", db_session.get(
        Organisation, db_session.get(Board, role.board_id).organisation_id))
    starts = utcnow().replace(microsecond=0) + timedelta(days=9)
    event = GroupEvent(recruitment_id=role.id, starts_at=starts,
                       ends_at=starts + timedelta(hours=2), place="Canolfan y Dref, Aberystwyth",
                       access={"en": "Step-free, hearing loop", "cy": "Heb risiau, dolen sain"},
                       places=10)
    full = GroupEvent(recruitment_id=role.id, starts_at=starts + timedelta(days=2),
                      ends_at=starts + timedelta(days=2, hours=2), place="Neuadd, Y Bala",
                      access={"en": "Parking"}, places=1)
    db_session.add_all([event, full])
    db_session.flush()
    db_session.add_all([
        Application(recruitment_id=role.id, reference="FULL-0001", access_token_hash="f" * 64,
                    route="group_event", status=ApplicationStatus.SUBMITTED, language="en",
                    group_event_id=full.id,
                    contact={"name": "Ffion", "channel": "phone", "phone": "029"}),
        Application(recruitment_id=role.id, reference="OTHR-0001", access_token_hash="o" * 64,
                    route="other", status=ApplicationStatus.SUBMITTED, language="cy",
                    submitted_at=utcnow(), other_route_request="A walk and talk, please",
                    contact={"name": "Rhian", "channel": "post", "postal_address": "1 Heol"}),
    ])
    db_session.commit()
    return {"role": role, "member": member, "worker": worker, "event": event}


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).last.click()


def start(page, role, lang, route):
    page.goto(f"/{lang}/roles/{role.id}/apply")
    page.check(f"input[name=route][value={route}]")
    press(page)
    page.check("input[name=eligibility][value=yes]")
    press(page)
    page.fill("#name", "Nia Rees")
    page.check(f"input[name=language][value={lang}]")
    page.check("input[name=contact_channel][value=email]")
    page.fill("#email", "nia@example.org")
    press(page)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_applicant_pages_of_the_chat_event_and_invitation_routes_have_no_axe_violations(
        new_page, db_session, world, lang):
    role = world["role"]
    found = {}
    page = new_page()

    def look(name):
        found[name] = violations(page)

    page.goto(f"/{lang}/roles/{role.id}")
    look("role-with-events")
    start(page, role, lang, "informal_chat")
    assert page.url.endswith("/chat")
    look("chat")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("chat-error")
    page.check("input[name=mode][value=video]")
    page.fill("#best_times", "Tuesday mornings")
    press(page)
    assert page.input_value("#best_times") == "Tuesday mornings"  # WCAG 3.3.7
    press(page)
    look("chat-check")
    press(page)
    assert page.url.endswith("/sent")
    look("chat-sent")

    page = new_page()
    start(page, role, lang, "group_event")
    assert page.url.endswith("/event")
    look("event")
    press(page)
    look("event-error")
    page.check(f"input[name=event][value='{world['event'].id}']")
    press(page)
    press(page)
    look("event-check")
    press(page)
    look("event-sent")

    page = new_page()
    db_session.execute(sa.update(GroupEvent).values(starts_at=utcnow() - timedelta(days=30),
                                                    ends_at=utcnow() - timedelta(days=29)))
    db_session.commit()
    start(page, role, lang, "group_event")
    assert page.locator("h1").count() == 1 and page.locator("input[name=event]").count() == 0
    look("event-none-upcoming")

    db_session.add(Application(recruitment_id=role.id, reference="INVT-0001",
                               access_token_hash=hash_token("the-secret"),
                               route="formal_invitation", status=ApplicationStatus.INVITED,
                               language=lang, answers={"invitation_message": "Please apply"},
                               contact={"name": "Dylan", "channel": "email",
                                        "email": "dylan@example.org"}))
    db_session.commit()
    page = new_page()
    page.goto(f"/{lang}/apply/invited/INVT-0001/the-secret")
    assert page.url.endswith("/invitation")
    look("invitation")
    page.fill("#decline-reason", "x" * 1001)
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("invitation-error")
    page.fill("#decline-reason", "Not now, thank you")
    press(page)
    look("invitation-declined")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 13


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_group_pages_of_the_routes_have_no_axe_violations(new_page, sign_in_browser,
                                                          db_session, world, lang):
    role, event = world["role"], world["event"]
    found = {}
    page = new_page()

    def look(name):
        found[name] = violations(page)

    sign_in_browser(page, world["member"])
    base = f"/{lang}/recruitment/{role.id}"
    page.goto(f"{base}/")
    look("home")
    page.goto(f"{base}/events")
    look("events")
    page.goto(f"{base}/events/new")
    look("event-new")
    page.fill("#starts", "2pm")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("event-new-error")
    page.goto(f"{base}/events/{event.id}/edit")
    look("event-edit")
    page.goto(f"{base}/events/{event.id}/cancel")
    look("event-cancel")
    page.goto(f"{base}/invitations/new")
    look("invite")
    page.check("input[name=contact_channel][value=post]")
    press(page)
    look("invite-error")
    page.fill("#name", "Dylan Hughes")
    page.check(f"input[name=language][value={lang}]")
    page.fill("#postal_address", "2 Heol y Castell\nCaernarfon")
    press(page)
    assert page.url.endswith("/invitations")
    look("invitations")
    sign_in_browser(page, world["worker"])
    page.goto(f"{base}/invitations")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    look("invitation-in-person")
    press(page)
    assert page.locator(".portal-code").count() == 2
    look("invitation-code")
    page.goto(f"{base}/route-requests")
    look("route-requests")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    look("route-answer")
    page.check("input[name=answer][value=offered_instead]")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 1
    look("route-answer-error")
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == 14


def test_signing_up_for_a_group_event_works_without_javascript__R_SEL1(
        new_page, sign_in_browser, db_session, world):
    """The group adds an event, and a person signs up for it in Welsh by post, all with
    JavaScript off."""
    role = world["role"]
    page = new_page(javascript=False)
    sign_in_browser(page, world["member"])
    page.goto(f"/cy/recruitment/{role.id}/events/new")
    day = today_in_wales() + timedelta(days=14)
    page.fill("#date-day", str(day.day))
    page.fill("#date-month", str(day.month))
    page.fill("#date-year", str(day.year))
    page.fill("#starts", "10:30")
    page.fill("#ends", "12:30")
    page.fill("#place", "Llyfrgell Aberteifi")
    page.fill("#access_cy", "Mynediad heb risiau")
    page.fill("#places", "8")
    press(page)
    assert page.url.endswith(f"/cy/recruitment/{role.id}/events")
    assert "Llyfrgell Aberteifi" in page.content() and "10:30" in page.content()
    added = db_session.scalar(sa.select(GroupEvent).where(
        GroupEvent.place == "Llyfrgell Aberteifi"))

    person = new_page(javascript=False)
    person.goto(f"/cy/roles/{role.id}")
    assert "Llyfrgell Aberteifi" in person.content()
    press(person, "a.govuk-button--start")
    person.check("input[name=route][value=group_event]")
    press(person)
    person.check("input[name=eligibility][value=yes]")
    press(person)
    person.fill("#name", "Rhian Morgan")
    person.check("input[name=language][value=cy]")
    person.check("input[name=contact_channel][value=post]")
    person.fill("#postal_address", "1 Stryd Fawr\nAberteifi")
    press(person)
    assert person.locator("input[name=event]").count() == 2  # the full one is not a choice
    assert "Neuadd, Y Bala" in person.content()
    person.check(f"input[name=event][value='{added.id}']")
    press(person)
    person.check("input[name=adjustments][value=welsh]")
    press(person)
    assert "Llyfrgell Aberteifi" in person.content()
    press(person)
    assert person.url.endswith("/sent")
    application = db_session.scalar(sa.select(Application).where(
        Application.group_event_id == added.id))
    assert application.status == ApplicationStatus.SUBMITTED
    letter = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == application.id))
    assert (letter.template, letter.language.value, letter.payload["place"]) == (
        "event_booked", "cy", "Llyfrgell Aberteifi")
