"""Applying online with a written expression of interest, or asking for another way, without
an account or an email address (R-SEL1, R-SEL2, R-RD4, R-AC1, R-AC2)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.models import Application, OutboxMessage, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests import factories


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.selection_methods = ["informal_chat", "expression_of_interest"]
    db_session.commit()
    return role


def _start(client, csrf, role, lang="en", route="expression_of_interest"):
    page = client.get(f"/{lang}/roles/{role.id}/apply")
    assert page.status_code == 200
    response = client.post(f"/{lang}/roles/{role.id}/apply",
                           data={"route": route, "csrf_token": csrf(page)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.location


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def test_a_written_expression_of_interest_in_welsh_by_post__R_AC1_R_AC2(
        client, db_session, csrf, role):
    eligibility = _start(client, csrf, role, lang="cy")
    assert eligibility.endswith("/eligibility")
    base = eligibility.rsplit("/", 1)[0]
    assert "5" in client.get(eligibility).get_data(as_text=True)
    assert _post(client, csrf, eligibility, {"eligibility": "yes"}).location.endswith(
        "/about-you")
    refused = _post(client, csrf, f"{base}/about-you", {
        "name": "Rhian Morgan", "language": "cy", "contact_channel": "post"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#postal_address"' in html and 'value="Rhian Morgan"' in html
    saved = _post(client, csrf, f"{base}/about-you", {
        "name": "Rhian Morgan", "language": "cy", "contact_channel": "post",
        "postal_address": "1 Stryd Fawr\nAberystwyth\nSY23 1AA"})
    assert saved.location.endswith("/your-words")
    assert _post(client, csrf, f"{base}/your-words", {
        "words": "Rydw i'n gofalu am fy mrawd ers deng mlynedd."}).location.endswith("/sharing")
    assert _post(client, csrf, f"{base}/sharing", {"expression": "summary"}).location.endswith(
        "/support")
    assert _post(client, csrf, f"{base}/support", {
        "adjustments": ["welsh", "supporter"], "formats": ["walk_and_talk"],
        "expenses": ["care_for_cared_for"], "payment": "volunteer",
        "bad_day": "Symud y cyfarfod"}).location.endswith("/check")
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "Rhian Morgan" in check and "Aberystwyth" in check and "Symud y cyfarfod" in check
    sent = _post(client, csrf, f"{base}/check", {})
    assert sent.status_code == 302 and sent.location.endswith("/sent")
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.contact == {"name": "Rhian Morgan", "channel": "post",
                                   "postal_address": "1 Stryd Fawr\nAberystwyth\nSY23 1AA"}
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert (letter.template, letter.status, letter.language.value, letter.recipient) == (
        "application_received", OutboxStatus.MANUAL, "cy", None)
    confirmation = client.get(sent.location).get_data(as_text=True)
    assert application.reference in confirmation
    # Sent: the questions now lead to the confirmation, and nothing changes.
    token = csrf(client.get(f"/cy/roles/{role.id}/apply?another=1"))
    again = client.post(f"{base}/your-words", data={"words": "Changed", "csrf_token": token})
    assert again.location.endswith("/sent")
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_email_acknowledgement_goes_through_the_outbox_in_their_language__R_AC2(
        client, db_session, csrf, role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    _post(client, csrf, f"{base}/about-you", {"name": "Owen", "language": "en",
                                              "contact_channel": "email",
                                              "email": "Owen@Example.org"})
    _post(client, csrf, f"{base}/your-words", {"words": "I want services to listen."})
    _post(client, csrf, f"{base}/sharing", {"expression": "full"})
    _post(client, csrf, f"{base}/support", {})
    _post(client, csrf, f"{base}/check", {})
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.recipient == "owen@example.org"
    assert message.payload["reference"] == db_session.scalar(sa.select(Application.reference))


def test_a_no_is_answered_kindly_and_nothing_more_is_asked__R_RD4(
        client, db_session, csrf, role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    response = _post(client, csrf, f"{base}/eligibility", {"eligibility": "no"})
    assert response.location.endswith("/not-eligible")
    html = client.get(response.location).get_data(as_text=True)
    assert "keep-me-informed" in html
    assert client.get(f"{base}/about-you").location.endswith("/eligibility")


def test_asking_for_another_way__R_SEL2(client, db_session, csrf, role):
    base = _start(client, csrf, role, route="other").rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    _post(client, csrf, f"{base}/about-you", {"name": "Dewi", "language": "en",
                                              "contact_channel": "phone",
                                              "phone": "01970 123456"})
    page = client.get(f"{base}/your-words").get_data(as_text=True)
    assert "How would you like to apply?" in page
    _post(client, csrf, f"{base}/your-words", {"words": "A walk and talk, please"})
    _post(client, csrf, f"{base}/support", {"payment": "paid"})
    _post(client, csrf, f"{base}/check", {})
    application = db_session.scalar(sa.select(Application))
    assert application.other_route_request == "A walk and talk, please"
    assert application.status == ApplicationStatus.SUBMITTED


def test_another_browser_cannot_open_a_draft__idor(app, client, db_session, csrf, role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    stranger = app.test_client()
    for page in ("eligibility", "not-eligible", "about-you", "your-words", "support", "check",
                 "sent", "save"):
        assert stranger.get(f"{base}/{page}").status_code == 404, page


def test_routes_the_role_does_not_offer_are_refused__R_SEL1(client, csrf, role):
    page = client.get(f"/en/roles/{role.id}/apply")
    html = page.get_data(as_text=True)
    assert "Informal chat" in html  # offered, started by getting in touch
    refused = client.post(f"/en/roles/{role.id}/apply",
                          data={"route": "formal_interview", "csrf_token": csrf(page)})
    assert refused.status_code == 400


def test_save_and_come_back_by_email_link(app, client, db_session, csrf, role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    page = client.get(f"{base}/save")
    refused = client.post(f"{base}/save", data={"which": "email", "email-email": "not-an-email",
                                                "csrf_token": csrf(page)})
    assert refused.status_code == 400 and 'href="#email-email"' in refused.get_data(as_text=True)
    sent = client.post(f"{base}/save", data={"which": "email", "email-email": "nia@example.org",
                                             "csrf_token": csrf(page)})
    assert sent.status_code == 200
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.template == "application_resume" and message.recipient == "nia@example.org"
    assert "url" not in message.payload  # sent, so the secret link is no longer kept
    from email import message_from_bytes
    from email.policy import default as email_policy
    from pathlib import Path

    eml = Path(app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
    text = message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
        preferencelist=("plain",)).get_content()
    link = next(line.strip() for line in text.splitlines() if "/apply/resume/" in line)
    other_device = app.test_client()
    opened = other_device.get(link.replace(app.config["BASE_URL"], ""))
    assert opened.status_code == 302 and opened.location.endswith("/about-you")
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    assert other_device.get(f"{base}/about-you").status_code == 200
    assert client.get(f"{base}/about-you").status_code == 200  # the first browser still works


def test_save_and_come_back_with_a_code_without_email__R_AC1(app, client, db_session, csrf,
                                                             role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    reference = base.rsplit("/", 1)[1]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    page = client.get(f"{base}/save")
    shown = client.post(f"{base}/save", data={"which": "code", "csrf_token": csrf(page)})
    html = shown.get_data(as_text=True)
    import re

    code = re.search(r'<strong class="portal-code">([A-Z2-9]{6})</strong>', html).group(1)
    other = app.test_client()
    form = other.get("/en/apply/continue")
    wrong = other.post("/en/apply/continue", data={"reference": reference, "code": "AAAAAA",
                                                   "csrf_token": csrf(form)})
    assert wrong.status_code == 400
    assert db_session.scalar(sa.select(Application.resume_failures)) == 1
    right = other.post("/en/apply/continue", data={"reference": reference.lower(),
                                                   "code": code.lower(),
                                                   "csrf_token": csrf(form)})
    assert right.status_code == 302 and right.location.endswith("/about-you")
    assert other.get(f"{base}/about-you").status_code == 200


def test_too_many_wrong_codes_lock_the_code(data_app, db_session, role):
    from portal.applications import services
    from portal.errors import DomainError

    with data_app.test_request_context("/en/"):
        application, _secret = services.start(db_session, role.id, "expression_of_interest",
                                              "en")
        code = services.new_resume_code(db_session, application)
        db_session.commit()
        for _ in range(services.MAX_RESUME_FAILURES):
            with pytest.raises(DomainError):
                services.resume_with_code(db_session, application.reference, "WRONG1")
        with pytest.raises(DomainError):  # even the right code, once locked
            services.resume_with_code(db_session, application.reference, code)


def test_support_expenses_and_payment_are_kept_and_checked__R_SEL2_R_PAY1_R_PAY2(
        client, db_session, csrf, role):
    base = _start(client, csrf, role).rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    _post(client, csrf, f"{base}/about-you", {"name": "Sara", "language": "en",
                                              "contact_channel": "phone",
                                              "phone": "029 2000 0000"})
    _post(client, csrf, f"{base}/your-words", {"words": "I know the crisis team well."})
    page = client.get(f"{base}/support").get_data(as_text=True)
    assert "welfare-benefits adviser" in page  # before anyone accepts payment (R-PAY2)
    refused = _post(client, csrf, f"{base}/support", {"payment": "lots", "bad_day": "x" * 1001,
                                                      "expenses": ["travel", "yacht"]})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#payment"' in html and 'href="#bad_day"' in html
    _post(client, csrf, f"{base}/support", {"expenses": ["travel", "childcare"],
                                            "payment": "not_sure"})
    support = db_session.scalar(sa.select(Application)).answers["support"]
    assert support["expenses"] == ["travel", "childcare"] and support["payment"] == "not_sure"
    assert "Travel, Childcare" in client.get(f"{base}/check").get_data(as_text=True)
