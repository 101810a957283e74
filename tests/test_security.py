"""Security headers, cookies and caching (ENGINEERING.md security list)."""

from __future__ import annotations

from config import Config, TestConfig
from tests import factories


def test_security_headers_on_every_page(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_inline_script_carries_the_csp_nonce(client):
    response = client.get("/en/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.get_data(as_text=True)


def test_personal_pages_are_not_cached(client, db_session, login):
    assert "no-store" not in client.get("/en/").headers.get("Cache-Control", "")
    assert client.get("/en/sign-in").headers["Cache-Control"] == "no-store"
    login(client, factories.person(db_session))
    assert client.get("/en/account").headers["Cache-Control"] == "no-store"
    assert client.get("/en/").headers["Cache-Control"] == "no-store"


def test_confirm_page_sends_only_its_origin_as_referer(client, db_session):
    """The page whose URL holds a sign-in token passes on only its origin as Referer."""
    from datetime import timedelta

    from portal.auth.services import hash_token
    from portal.models import SignInToken
    from portal.models.base import utcnow

    person = factories.person(db_session)
    db_session.add(SignInToken(person_id=person.id, token_hash=hash_token("t" * 43),
                               expires_at=utcnow() + timedelta(minutes=15)))
    db_session.commit()
    response = client.get("/en/sign-in/link/" + "t" * 43)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "strict-origin"


def test_production_cookies_are_secure_httponly_samesite():
    assert Config.SESSION_COOKIE_SECURE is True
    assert Config.SESSION_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert TestConfig.SESSION_COOKIE_HTTPONLY is True


def test_session_cookie_flags_on_the_wire(make_app, app, db_session, csrf):
    secure = make_app(SESSION_COOKIE_SECURE=True)
    client = secure.test_client()
    response = client.get("/en/sign-in", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import pytest

    from config import ConfigError
    from portal import create_app

    class NoSecret(Config):
        SECRET_KEY = None

    with pytest.raises(ConfigError):
        create_app(NoSecret)


def test_post_without_csrf_is_refused_with_a_translated_page(client):
    response = client.post("/cy/sign-in", data={"email": "a@example.org"})
    assert response.status_code == 400
    assert '<html lang="cy"' in response.get_data(as_text=True)
