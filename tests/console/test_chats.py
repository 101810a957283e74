"""Informal chats on the staff side: arrange (Wales time stored in UTC, the applicant told in
their language and channel), then the outcome: apply (nothing asked twice), not now, or keep
me informed (R-SEL1, R-AC1, R-AC2, R-AC4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.models import (
    Application,
    ApplicationEvent,
    InformalChat,
    InterestRegistration,
    OutboxMessage,
)
from portal.models.base import WALES, today_in_wales
from portal.models.enums import ApplicationStatus, ChatOutcome, OutboxStatus
from tests.console.builders import make_application


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def _summer_day():
    """A day in British Summer Time, within the next year."""
    today = today_in_wales()
    for year in (today.year, today.year + 1):
        day = datetime(year, 7, 15).date()
        if day > today:
            return day
    raise AssertionError


@pytest.fixture
def chat(db_session, console_world):
    application = make_application(db_session, console_world["role"], route="informal_chat",
                                   chat_mode="phone", channel="phone", language="cy",
                                   name="Dewi Jones", words="")
    db_session.commit()
    return db_session.scalar(sa.select(InformalChat).where(
        InformalChat.application_id == application.id))


@pytest.mark.parametrize("who", ["worker", "member"])
def test_arranging_a_chat_tells_them_in_their_language_and_channel__R_AC2(
        db_session, as_person, csrf, console_world, chat, who):
    client = as_person(console_world[who])
    day = _summer_day()
    path = f"/en/console/chats/{chat.id}/arrange"
    response = _post(client, csrf, path, {"when-day": day.day, "when-month": day.month,
                                          "when-year": day.year, "time": "2:30pm",
                                          "where": "We will call you on 01970 123456"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db_session.expire_all()
    chat = db_session.get(InformalChat, chat.id)
    # 14:30 in Wales in July is 13:30 UTC.
    assert chat.arranged_for == datetime(day.year, 7, 15, 13, 30, tzinfo=UTC)
    assert chat.arranged_for.astimezone(WALES).hour == 14
    assert chat.arranged_by_id == console_world[who].id
    message = db_session.scalar(sa.select(OutboxMessage))
    assert (message.template, message.status, message.language.value) == (
        "chat_arranged", OutboxStatus.MANUAL, "cy")
    assert message.application_id == chat.application_id
    assert message.organisation_id == console_world["org"].id
    assert (message.payload["time"], message.payload["phone"]) == ("14:30", "01970 123456")
    event = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "chat_arranged"))
    assert event.actor_id == console_world[who].id
    home = client.get("/en/console/").get_data(as_text=True)
    assert "Chats waiting for an outcome: 1" in home and "Informal chats to arrange: 0" in home


def test_a_chat_in_the_past_or_without_a_place_is_refused(db_session, as_person, csrf,
                                                          console_world, chat):
    client = as_person(console_world["worker"])
    path = f"/cy/console/chats/{chat.id}/arrange"
    yesterday = today_in_wales() - timedelta(days=1)
    refused = _post(client, csrf, path, {"when-day": yesterday.day,
                                         "when-month": yesterday.month,
                                         "when-year": yesterday.year, "time": "10:00",
                                         "where": "Caffi"})
    assert refused.status_code == 400 and 'href="#when-day"' in refused.get_data(as_text=True)
    refused = _post(client, csrf, path, {"when-day": "31", "when-month": "2", "when-year": "2030",
                                         "time": "25:00", "where": ""})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'href="#when-day"' in html and 'href="#time"' in html and 'href="#where"' in html
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def _outcome(client, csrf, chat, data, lang="en"):
    return _post(client, csrf, f"/{lang}/console/chats/{chat.id}/outcome", data)


def test_going_on_to_apply_asks_nothing_twice_and_sends_a_code_by_letter__R_AC1(
        app, db_session, as_person, csrf, console_world, chat):
    """Without email: a new application with the same contact, language, eligibility and
    support answers, and a call (they chose phone) with the reference and a code."""
    client = as_person(console_world["worker"])
    refused = _outcome(client, csrf, chat, {"outcome": "apply"})
    assert refused.status_code == 400 and 'href="#route"' in refused.get_data(as_text=True)
    response = _outcome(client, csrf, chat, {"outcome": "apply",
                                             "route": "expression_of_interest",
                                             "note": "Keen, would like a supporter there"})
    assert response.status_code == 302
    chat_application = db_session.get(Application, chat.application_id)
    follower = db_session.scalar(sa.select(Application).where(
        Application.follows_id == chat_application.id))
    assert follower.status == ApplicationStatus.DRAFT
    assert follower.route == "expression_of_interest"
    assert follower.contact == chat_application.contact
    assert follower.language == chat_application.language
    assert follower.eligibility == "yes"
    assert follower.answers["support"] == chat_application.answers["support"]
    db_session.refresh(chat)
    assert chat.outcome == ChatOutcome.APPLY and chat.outcome_by_id == console_world["worker"].id
    call = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "application_continue"))
    assert call.status == OutboxStatus.MANUAL and call.language.value == "cy"
    assert call.application_id == follower.id and call.payload["reference"] == follower.reference
    # The code in the call opens the draft on the applicant's own pages, at the first
    # question not yet answered: their words (contact, eligibility and support are kept).
    applicant = app.test_client()
    page = applicant.get("/cy/apply/continue")
    opened = applicant.post("/cy/apply/continue", data={
        "reference": follower.reference, "code": call.payload["code"],
        "csrf_token": csrf(page)})
    assert opened.status_code == 302 and opened.location.endswith("/your-words")
    again = client.post(f"/en/console/chats/{chat.id}/outcome", data={
        "outcome": "not_now", "csrf_token": csrf(client.get("/en/account"))})
    assert again.status_code == 302  # already recorded: back to the application, unchanged
    db_session.refresh(chat)
    assert chat.outcome == ChatOutcome.APPLY


def test_going_on_to_apply_by_email_sends_a_link(app, db_session, as_person, csrf,
                                                 console_world):
    application = make_application(db_session, console_world["role"], route="informal_chat",
                                   chat_mode="video", channel="email")
    db_session.commit()
    chat = db_session.scalar(sa.select(InformalChat))
    client = as_person(console_world["member"])
    assert _outcome(client, csrf, chat, {"outcome": "apply",
                                         "route": "expression_of_interest"}).status_code == 302
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "application_continue"))
    assert message.recipient == "nia@example.org"
    assert "url" not in message.payload  # sent, so the secret link is no longer kept
    from email import message_from_bytes
    from email.policy import default as email_policy
    from pathlib import Path

    eml = Path(app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
    text = message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
        preferencelist=("plain",)).get_content()
    link = next(line.strip() for line in text.splitlines() if "/apply/resume/" in line)
    applicant = app.test_client()
    opened = applicant.get(link.replace(app.config["BASE_URL"], ""))
    assert opened.status_code == 302 and opened.location.endswith("/your-words")
    assert application.reference in client.get(
        f"/en/console/applications/{application.reference}").get_data(as_text=True)


def test_keep_me_informed_after_a_chat__R_AC4(db_session, as_person, csrf, console_world,
                                              chat):
    client = as_person(console_world["worker"])
    assert _outcome(client, csrf, chat, {"outcome": "keep_informed"}).status_code == 302
    registration = db_session.scalar(sa.select(InterestRegistration))
    assert (registration.name, registration.phone, registration.language.value) == (
        "Dewi Jones", "01970 123456", "cy")
    from portal.models import Board

    area = db_session.scalar(sa.select(Board.area).where(
        Board.id == console_world["role"].board_id))
    assert registration.areas == [area]
    assert registration.confirmed_at is not None  # by phone: active at once
    home = client.get("/en/console/").get_data(as_text=True)
    assert "People who asked to be kept informed: 1" in home and "Dewi Jones" in home


def test_not_now_records_the_outcome_only(db_session, as_person, csrf, console_world, chat):
    client = as_person(console_world["worker"])
    refused = _outcome(client, csrf, chat, {"outcome": "maybe", "note": "x" * 2001}, lang="cy")
    assert refused.status_code == 400
    assert _outcome(client, csrf, chat, {"outcome": "not_now", "note": "Maybe next year"}
                    ).status_code == 302
    db_session.refresh(chat)
    assert (chat.outcome, chat.outcome_note) == (ChatOutcome.NOT_NOW, "Maybe next year")
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_chats_of_other_recruitments_are_refused_idor(db_session, as_person, csrf,
                                                       console_world, chat):
    for who in ("other_worker", "other_member", "org_admin", "platform_admin", "nobody"):
        client = as_person(console_world[who])
        for page in ("arrange", "outcome"):
            assert client.get(f"/en/console/chats/{chat.id}/{page}").status_code == 403, who
        token = csrf(client.get("/en/account"))
        response = client.post(f"/en/console/chats/{chat.id}/outcome",
                               data={"outcome": "not_now", "csrf_token": token})
        assert response.status_code == 403, who
    db_session.refresh(chat)
    assert chat.outcome is None
