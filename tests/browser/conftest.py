"""Real Chromium (Debian's) driven by Playwright against the portal served on loopback."""

from __future__ import annotations

import os
import secrets
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def live_server(app):
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def _new(javascript: bool = True):
        context = browser.new_context(base_url=live_server, java_script_enabled=javascript,
                                      bypass_csp=False)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in_browser(app, db_session, live_server):
    """Put a signed-in session cookie for `person` into a page's browser context."""
    from portal.auth.services import hash_token
    from portal.models import LoginSession

    def _sign_in(page, person):
        token = secrets.token_urlsafe(32)
        db_session.add(LoginSession(person_id=person.id, token_hash=hash_token(token)))
        db_session.commit()
        value = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": token, "_fresh": True})
        # Let the last page's CSS and icon requests finish first: each response refreshes the
        # permanent session cookie and would put the previous person back.
        page.wait_for_load_state("networkidle")
        page.context.clear_cookies()  # one browser, one person
        page.context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": value,
                                   "url": live_server}])

    return _sign_in
