"""Time limits on the applicant's pages (WCAG 2.2.1 Timing adjustable).

An applicant's progress lives in their session cookie, which ends PERMANENT_SESSION_LIFETIME
after their last request. On the applicant's pages:
- the session is made permanent, so that every page (and the "keep my session" button,
  `mine.keep_session`) starts the clock again;
- a small script (static/timeout.js, only with JavaScript) warns SESSION_WARNING_SECONDS
  before the end, in an alert dialog that does not leave the page, so nothing typed is lost,
  and offers to keep the session. Without JavaScript nothing changes: every page saves;
- a form sent after the session has ended (its CSRF token has gone with it) gets a kind page
  that says what happened and how to carry on, instead of the generic "form expired" error;
  a draft this browser no longer holds gets the same kind of help with a 404.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from portal.applications.equality_views import bp as equality_bp
from portal.applications.mine_views import bp as mine_bp
from portal.applications.views import bp as apply_bp
from portal.errors import ERROR_PAGES, NotFound

APPLICANT_BLUEPRINTS = {"apply", "mine"}
APPLICANT_ENDPOINTS = {"equality.answer"}


def is_applicant_page() -> bool:
    return (request.blueprint in APPLICANT_BLUEPRINTS
            or request.endpoint in APPLICANT_ENDPOINTS)


def _hours() -> int:
    return max(1, round(current_app.permanent_session_lifetime.total_seconds() / 3600))


def session_ended(error):
    """The session (and the form's CSRF token with it) ran out before the form was sent."""
    return render_template("apply/session_ended.html", hours=_hours()), 400, {
        "Cache-Control": "no-store"}


def draft_not_here(error):
    """An application page this browser cannot open: gone with an ended session, or never
    this browser's. The same answer either way, so nothing is revealed (IDOR)."""
    if "reference" not in (request.view_args or {}):
        heading, body = ERROR_PAGES[404]
        return render_template("errors/error.html", heading=heading, body=body), 404
    return render_template("apply/not_here.html", hours=_hours()), 404, {
        "Cache-Control": "no-store"}


for _bp in (apply_bp, mine_bp, equality_bp):
    _bp.register_error_handler(CSRFError, session_ended)
    _bp.register_error_handler(NotFound, draft_not_here)


def init_app(app: Flask) -> None:
    @app.context_processor
    def session_timeout():
        if not is_applicant_page():
            return {}
        session.permanent = True  # this response starts the clock again
        lifetime = int(current_app.permanent_session_lifetime.total_seconds())
        return {"session_timeout": {
            "lifetime": lifetime,
            "warn": min(current_app.config["SESSION_WARNING_SECONDS"], lifetime),
            "keep_url": url_for("mine.keep_session"),
            "continue_url": url_for("apply.continue_application"),
        }}
