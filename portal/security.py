"""HTTP security headers and per-request CSP nonce (ENGINEERING.md security list)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, request
from flask_login import current_user

PERSONAL_BLUEPRINTS = {"auth", "admin", "recruitment", "apply", "mine", "equality", "letters",
                       "console", "panels", "expenses"}

View = TypeVar("View", bound=Callable)


def frameable(view: View) -> View:
    """Let any website show this view's pages in an <iframe>.

    Only for public pages made to be embedded (R-AD1: partners show the open roles on their
    own websites). Put it under the route decorator. Such a page gets `frame-ancestors *` and no
    X-Frame-Options; every other page keeps `frame-ancestors 'none'` and `DENY`, so a page with
    a form or personal data can never be framed (clickjacking)."""
    view.frameable = True  # type: ignore[attr-defined]
    return view


def _is_frameable() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "frameable", False))


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def set_security_headers(response):
        nonce = g.get("csp_nonce")
        # The nonce also admits our own <style nonce> blocks (the self-contained embeddable
        # list and the print-ready posters); style attributes stay refused.
        with_nonce = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
        # Only the framed page itself: its error pages stay unframeable like any other.
        framed = _is_frameable() and response.status_code < 400
        frame_ancestors = "*" if framed else "'none'"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src {with_nonce}; "
            f"style-src {with_nonce}; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}; "
            "base-uri 'self'; object-src 'none'"
        )
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if framed:
            response.headers.pop("X-Frame-Options", None)
        else:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        personal = request.blueprint in PERSONAL_BLUEPRINTS or (
            current_user and current_user.is_authenticated
        )
        if personal and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
