"""Asking for an informal chat first (R-SEL1, R-AC1, R-AC2; WCAG 3.3.7)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import Application, InformalChat, OutboxMessage, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus, ChatMode, OutboxStatus
from tests import factories


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat", "expression_of_interest"]
    db_session.commit()
    return role


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def start_chat(client, csrf, role, lang="en"):
    page = client.get(f"/{lang}/roles/{role.id}/apply")
    assert "Informal chat first" in page.get_data(as_text=True) or lang == "cy"
    started = client.post(f"/{lang}/roles/{role.id}/apply",
                          data={"route": "informal_chat", "csrf_token": csrf(page)})
    assert started.status_code == 302, started.get_data(as_text=True)[:300]
    base = started.location.rsplit("/", 1)[0]
    assert _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"}).location.endswith(
        "/about-you")
    return base


def test_asking_for_an_informal_chat_by_email__R_SEL1_R_AC2(client, db_session, csrf, role):
    base = start_chat(client, csrf, role)
    after_about = _post(client, csrf, f"{base}/about-you", {
        "name": "Nia Rees", "language": "en", "contact_channel": "email",
        "email": "nia@example.org"})
    assert after_about.location.endswith("/chat")
    refused = _post(client, csrf, f"{base}/chat", {"questions": "What is the time commitment?"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#mode"' in html and 'href="#best_times"' in html
    assert "What is the time commitment?" in html  # what was typed is kept
    saved = _post(client, csrf, f"{base}/chat", {
        "mode": "video", "best_times": "Tuesday mornings",
        "questions": "What is the time commitment?"})
    assert saved.location.endswith("/support")
    # WCAG 3.3.7: the times already given are offered again on the support page.
    support = client.get(f"{base}/support").get_data(as_text=True)
    assert "Tuesday mornings" in support and f'href="/en/apply/{base.rsplit("/", 1)[1]}/chat"' \
        in support
    assert _post(client, csrf, f"{base}/support", {"best_times": "Tuesday mornings"}
                 ).location.endswith("/check")
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "Your informal chat" in check and "By video call" in check
    assert "/your-words" not in check
    sent = _post(client, csrf, f"{base}/check", {})
    assert sent.location.endswith("/sent")
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED
    chat = db_session.scalar(sa.select(InformalChat))
    assert (chat.application_id, chat.mode, chat.best_times) == (
        application.id, ChatMode.VIDEO, "Tuesday mornings")
    assert chat.arranged_for is None and chat.outcome is None  # arranged by the group later
    message = db_session.scalar(sa.select(OutboxMessage))
    assert (message.template, message.recipient, message.language.value) == (
        "chat_requested", "nia@example.org", "en")
    assert message.application_id == application.id
    assert message.organisation_id == db_session.scalar(sa.text(
        "select organisation_id from board where id = :b"), {"b": role.board_id})
    assert message.payload["mode"] == "video"
    assert "arrange your chat" in client.get(sent.location).get_data(as_text=True)


def test_a_chat_asked_for_in_welsh_by_post_is_a_letter_in_welsh__R_AC1_R_AC2(
        app, client, db_session, csrf, role):
    base = start_chat(client, csrf, role, lang="cy")
    _post(client, csrf, f"{base}/about-you", {
        "name": "Rhian Morgan", "language": "cy", "contact_channel": "post",
        "postal_address": "1 Stryd Fawr\nAberystwyth"})
    _post(client, csrf, f"{base}/chat", {"mode": "face_to_face", "best_times": "Bore Llun"})
    _post(client, csrf, f"{base}/support", {})
    assert _post(client, csrf, f"{base}/check", {}).location.endswith("/sent")
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert (letter.template, letter.status, letter.language.value, letter.recipient) == (
        "chat_requested", OutboxStatus.MANUAL, "cy", None)
    assert letter.payload["postal_address"] == "1 Stryd Fawr\nAberystwyth"
    from portal import mail

    with app.app_context():
        email = mail.render(db_session.merge(letter))  # the letter's text, as it will print
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "Aberystwyth" in text and "Bore Llun" in text and letter.payload["reference"] in text
    assert email["Content-Language"] == "cy"


def test_chat_for_finds_the_chat_once_sent(data_app, db_session, role):
    from portal.applications import chats, services

    with data_app.test_request_context("/en/"):
        application, _secret = services.start(db_session, role.id, "informal_chat", "en")
        services.answer_eligibility(db_session, application, "yes")
        services.save_contact(db_session, application, {
            "name": "Owen", "channel": "phone", "phone": "029 2000 0000", "language": "en"})
        chats.save_chat(db_session, application, {"mode": "phone", "best_times": "Evenings"})
        assert chats.chat_for(db_session, application) is None
        services.save_support(db_session, application, {})
        services.submit(db_session, application, "http://localhost/en/roles/1")
        assert chats.chat_for(db_session, application).mode == ChatMode.PHONE


def test_chat_answers_are_checked(data_app, db_session, role):
    from portal.applications import chats, services
    from portal.errors import ValidationFailed

    with data_app.test_request_context("/en/"):
        application, _secret = services.start(db_session, role.id, "informal_chat", "en")
        services.answer_eligibility(db_session, application, "yes")
        with pytest.raises(ValidationFailed) as refused:
            chats.save_chat(db_session, application, {"mode": "carrier_pigeon",
                                                      "best_times": " ", "questions": "x" * 1001})
        assert {field for field, _m in refused.value.problems} == {
            "mode", "best_times", "questions"}


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("channel", ["email", "post", "phone"])
def test_every_new_message_renders_as_email_and_letter__R_AC2(data_app, lang, channel):
    """Each acknowledgement of these routes renders in both languages, as an email and as the
    text of a letter or call for an engagement worker."""
    from portal import mail
    from portal.models import OutboxMessage
    from portal.models.enums import ContactChannel, Language

    base = {"name": "Nia", "reference": "ABCD-2345", "title": "Carer representative",
            "url": "http://localhost/en/roles/1", "closes_on": "2027-03-01",
            "contact_name": "Alex Jones", "contact_phone": "029 2000 0000",
            "contact_email": "engagement@example.org",
            "phone": "01970 123456" if channel == "phone" else None,
            "postal_address": "1 Stryd Fawr" if channel == "post" else None}
    event = {"starts_at": "2027-07-01T09:00:00+00:00", "ends_at": "2027-07-01T11:00:00+00:00",
             "place": "Canolfan y Dref", "access_en": "Step-free", "access_cy": "Heb risiau"}
    payloads = {
        "chat_requested": {"mode": "video", "best_times": "Mornings", "questions": ""},
        "event_booked": event, "event_changed": event, "event_cancelled": event,
        "formal_invitation": ({"url": "http://localhost/en/apply/invited/ABCD-2345/s"}
                              if channel == "email" else
                              {"code": "K7P2QX", "continue_url": "http://localhost/apply"})
        | {"message": "Please apply", "inviter": "Gwen Price", "closes_on": "2027-03-01"},
        "route_answer": {"answer": "offered_instead", "text": "A phone call", "request": "x"},
    }
    with data_app.app_context():
        for template, extra in payloads.items():
            message = OutboxMessage(key=f"t:{template}", template=template,
                                    channel=ContactChannel(channel), language=Language(lang),
                                    recipient="nia@example.org", payload={**base, **extra})
            if template == "formal_invitation" and channel != "email":
                message.payload.pop("url")  # only an emailed invitation has a link
            email = mail.render(message)
            text = email.get_body(preferencelist=("plain",)).get_content()
            assert "ABCD-2345" in text and "Alex Jones" in text, template
            if template.startswith("event_"):
                assert "10:00" in text and "Canolfan y Dref" in text  # 09:00 UTC in summer
                assert ("Heb risiau" if lang == "cy" else "Step-free") in text
            if channel == "post":
                assert text.startswith("Nia\n1 Stryd Fawr"), template
            if template == "formal_invitation" and channel != "email":
                assert "K7P2QX" in text
