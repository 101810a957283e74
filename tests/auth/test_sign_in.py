"""Sign-in by single-use emailed link (ENGINEERING.md security list; issue 1/5)."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import sqlalchemy as sa

from portal.models import AuditEvent, LoginSession, OutboxMessage, SignInToken
from portal.models.base import utcnow
from portal.models.enums import OutboxStatus
from tests import factories


def _outbox_emails(app):
    folder = app.config["OUTBOX_DIR"]
    return sorted(folder.glob("sign-in-*.eml"), key=lambda p: p.stat().st_mtime) if folder.exists() else []


def _last_link(app) -> str:
    path = _outbox_emails(app)[-1]
    message = message_from_bytes(path.read_bytes(), policy=email_policy)
    text = message.get_body(preferencelist=("plain",)).get_content()
    return next(line for line in text.splitlines() if "/sign-in/link/" in line).strip()


def request_link(client, csrf, email, lang="en"):
    page = client.get(f"/{lang}/sign-in")
    return client.post(f"/{lang}/sign-in", data={"email": email, "csrf_token": csrf(page)})


def test_sign_in_sends_a_link_that_works_once(app, client, db_session, csrf):
    person = factories.person(db_session, email="rep@example.org")
    db_session.commit()
    response = request_link(client, csrf, "Rep@Example.org ")
    assert response.status_code == 302 and response.location.endswith("/en/sign-in/check-email")
    link = _last_link(app)
    path = link.replace(app.config["BASE_URL"], "")
    # Opening the link (as a mail scanner does) spends nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert db_session.scalar(sa.select(SignInToken.used_at)) is None
    token = csrf(page)
    signed_in = client.post(path, data={"csrf_token": token})
    assert signed_in.status_code == 302
    assert client.get("/en/account").status_code == 200
    assert db_session.scalar(sa.select(sa.func.count(LoginSession.id))) == 1
    # Second use fails.
    other = app.test_client()
    page = other.get(path)
    assert page.status_code == 410
    assert db_session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "signed_in",
                                                      AuditEvent.actor_id == person.id)) == 1


def test_confirm_post_refuses_a_spent_link(app, client, db_session, csrf):
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    request_link(client, csrf, "rep@example.org")
    path = _last_link(app).replace(app.config["BASE_URL"], "")
    token = csrf(client.get(path))
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    second = app.test_client()
    # A second browser that had the page open before the link was spent.
    page_token = csrf(second.get("/en/sign-in"))
    assert second.post(path, data={"csrf_token": page_token}).status_code == 410


def test_link_expires_after_15_minutes(app, client, db_session, csrf):
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    request_link(client, csrf, "rep@example.org")
    path = _last_link(app).replace(app.config["BASE_URL"], "")
    row = db_session.scalar(sa.select(SignInToken))
    assert row.expires_at - row.created_at == timedelta(minutes=15)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    assert client.get(path).status_code == 410
    form_token = csrf(client.get("/en/sign-in"))
    assert client.post(path, data={"csrf_token": form_token}).status_code == 410
    assert client.get("/en/account").status_code == 302


def test_unknown_email_gets_the_same_answer_and_no_email(app, client, db_session, csrf):
    response = request_link(client, csrf, "nobody@example.org")
    assert response.status_code == 302 and response.location.endswith("/check-email")
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_sign_in_email_is_in_the_persons_language__R_AC2(app, client, db_session, csrf):
    factories.person(db_session, email="cymro@example.org", lang="cy")
    db_session.commit()
    request_link(client, csrf, "cymro@example.org", lang="en")
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.language.value == "cy" and message.status == OutboxStatus.SENT
    email = message_from_bytes(_outbox_emails(app)[-1].read_bytes(), policy=email_policy)
    assert email["Content-Language"] == "cy"
    assert "/cy/sign-in/link/" in email.get_body(preferencelist=("plain",)).get_content()
    assert "mewngofnodi" in email["Subject"]


def test_sent_sign_in_message_no_longer_holds_the_link(app, client, db_session, csrf):
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    request_link(client, csrf, "rep@example.org")
    message = db_session.scalar(sa.select(OutboxMessage))
    assert "url" not in message.payload


def test_rate_limit_answers_429(make_app, app, db_session):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                       SIGN_IN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/en/sign-in"))
    codes = [client.post("/en/sign-in", data={"email": f"x{i}@example.org", "csrf_token": token}
                         ).status_code for i in range(4)]
    assert codes[:3] == [302, 302, 302]
    assert codes[3] == 429
    response = client.post("/cy/sign-in", data={"email": "y@example.org", "csrf_token": token})
    assert response.status_code == 429
    assert "Gormod o ymdrechion" in response.get_data(as_text=True)


def test_same_email_is_rate_limited_across_addresses(make_app, app, db_session):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                       SIGN_IN_RATE_LIMIT="100 per minute", SIGN_IN_EMAIL_RATE_LIMIT="2 per hour")
    from tests.conftest import csrf_from

    codes = []
    for i in range(3):
        client = limited.test_client()
        token = csrf_from(client.get("/en/sign-in"))
        codes.append(client.post("/en/sign-in", data={"email": "Same@example.org",
                                 "csrf_token": token},
                                 environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code)
    assert codes == [302, 302, 429]
    # Control characters are dropped before the address is used, so they make no new bucket.
    client = limited.test_client()
    token = csrf_from(client.get("/en/sign-in"))
    response = client.post("/en/sign-in", data={"email": "Same@example.org\x01",
                                                "csrf_token": token},
                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 429


def test_rate_limit_sees_the_client_behind_a_proxy(make_app, app, db_session):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                       SIGN_IN_RATE_LIMIT="1 per minute", PROXY_COUNT=1)
    from tests.conftest import csrf_from

    codes = []
    for forwarded in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
        client = limited.test_client()
        token = csrf_from(client.get("/en/sign-in"))
        codes.append(client.post("/en/sign-in", data={"email": f"{forwarded}@example.org",
                                 "csrf_token": token},
                                 headers={"X-Forwarded-For": forwarded}).status_code)
    assert codes == [302, 302, 429]


def test_copied_cookie_is_refused_after_sign_out(app, client, db_session, login, csrf):
    person = factories.person(db_session)
    login(client, person)
    other_browser = app.test_client()
    cookie = client.get_cookie("portal_session")
    other_browser.set_cookie("portal_session", cookie.value)
    assert other_browser.get("/en/account").status_code == 200
    token = csrf(client.get("/en/account"))
    assert client.post("/en/sign-out", data={"csrf_token": token}).status_code == 302
    assert other_browser.get("/en/account").status_code == 302
    assert db_session.scalar(sa.select(sa.func.count(LoginSession.id))) == 0


def test_sign_out_ends_every_session_of_the_person(app, db_session, login, csrf):
    person = factories.person(db_session)
    phone, laptop = app.test_client(), app.test_client()
    login(phone, person)
    login(laptop, person)
    token = csrf(phone.get("/en/account"))
    phone.post("/en/sign-out", data={"csrf_token": token})
    assert laptop.get("/en/account").status_code == 302


def test_disabled_account_loses_its_sessions(app, client, db_session, login):
    from portal.auth.services import disable_person

    person = factories.person(db_session)
    login(client, person)
    assert client.get("/en/account").status_code == 200
    disable_person(db_session, None, person, "left the organisation")
    db_session.commit()
    assert client.get("/en/account").status_code == 302
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "account_disabled"))
    assert event.reason == "left the organisation"


def test_disabled_account_gets_no_link(app, client, db_session, csrf):
    person = factories.person(db_session, email="gone@example.org")
    person.is_active = False
    db_session.commit()
    request_link(client, csrf, "gone@example.org")
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_bad_host_header_is_refused(client):
    assert client.get("/en/", headers={"Host": "evil.example.com"}).status_code == 400


def test_sign_out_needs_a_csrf_token(client, db_session, login):
    person = factories.person(db_session)
    login(client, person)
    assert client.post("/en/sign-out").status_code == 400
    assert client.get("/en/account").status_code == 200


def test_next_is_only_a_local_path(client, db_session):
    from portal.auth.views import safe_next

    assert safe_next("/en/admin/") == "/en/admin/"
    for bad in ("//evil.example", "https://evil.example", "/\\evil", None, "",
                "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example"):
        assert safe_next(bad) is None, repr(bad)


def _sign_in_with_next(app, client, db_session, csrf, next_path):
    """The whole journey: asked to sign in on the way to next_path, then the link."""
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    page = client.get(f"/en/sign-in?next={next_path}")
    client.post(f"/en/sign-in?next={next_path}",
                data={"email": "rep@example.org", "csrf_token": csrf(page)})
    path = _last_link(app).replace(app.config["BASE_URL"], "")
    return client.post(path, data={"csrf_token": csrf(client.get(path))})


def test_next_cannot_lead_off_site(app, client, db_session, csrf):
    response = _sign_in_with_next(app, client, db_session, csrf, "/%09/evil.example")
    assert response.status_code == 302
    assert "evil" not in response.location


def test_next_leads_back_after_sign_in(app, client, db_session, csrf):
    response = _sign_in_with_next(app, client, db_session, csrf, "/en/recruitment/")
    assert response.location.endswith("/en/recruitment/")


def test_sign_in_works_over_https_with_strict_referer_checks(make_app, app, db_session):
    """The token pages send only their origin as Referer; Flask-WTF's HTTPS check needs one."""
    strict = make_app(WTF_CSRF_SSL_STRICT=True, SESSION_COOKIE_SECURE=True,
                      BASE_URL="https://localhost")
    factories.person(db_session, email="rep@example.org")
    db_session.commit()
    client = strict.test_client()
    from tests.conftest import csrf_from

    page = client.get("/en/sign-in", base_url="https://localhost")
    client.post("/en/sign-in", base_url="https://localhost", data={
        "email": "rep@example.org", "csrf_token": csrf_from(page)},
        headers={"Referer": "https://localhost/en/sign-in"})
    path = _last_link(strict).replace("https://localhost", "")
    confirm = client.get(path, base_url="https://localhost")
    assert confirm.headers["Referrer-Policy"] == "strict-origin"
    # What a browser sends under strict-origin: the origin alone.
    response = client.post(path, base_url="https://localhost",
                           data={"csrf_token": csrf_from(confirm)},
                           headers={"Referer": "https://localhost/"})
    assert response.status_code == 302


def test_sessions_end_on_the_server_after_their_lifetime(app, client, db_session, login):
    from datetime import timedelta

    person = factories.person(db_session)
    login(client, person)
    assert client.get("/en/account").status_code == 200
    row = db_session.scalar(sa.select(LoginSession))
    row.created_at = utcnow() - timedelta(hours=12, seconds=1)
    db_session.commit()
    assert client.get("/en/account").status_code == 302


def test_first_sign_in_asks_for_preferences_once__R_AC2(app, client, db_session, csrf):
    factories.person(db_session, email="new@example.org", recorded=False)
    db_session.commit()
    request_link(client, csrf, "new@example.org", lang="cy")
    path = _last_link(app).replace(app.config["BASE_URL"], "")
    assert path.startswith("/cy/")
    page = client.get(path)
    response = client.post(path, data={"csrf_token": csrf(page)})
    assert response.location.endswith("/cy/account/preferences")
    form = client.get("/cy/account/preferences")
    bad = client.post("/cy/account/preferences", data={
        "csrf_token": csrf(form), "preferred_language": "cy", "contact_channel": "phone",
        "phone": ""})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Mae problem wedi codi" in html and "Gwall:" in html
    good = client.post("/cy/account/preferences", data={
        "csrf_token": csrf(form), "preferred_language": "cy", "contact_channel": "phone",
        "phone": "01234 567890"})
    assert good.status_code == 302
    # Next time, straight to the account page.
    token = csrf(client.get("/cy/account"))
    client.post("/cy/sign-out", data={"csrf_token": token})
    request_link(client, csrf, "new@example.org", lang="en")
    path = _last_link(app).replace(app.config["BASE_URL"], "")
    assert path.startswith("/cy/"), "the link follows the recorded language"
    response = client.post(path, data={"csrf_token": csrf(client.get(path))})
    assert response.location.endswith("/cy/account")
