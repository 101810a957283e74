"""HTTP security headers and per-request CSP nonce (ENGINEERING.md security list)."""

from __future__ import annotations

import secrets

from flask import Flask, g, request
from flask_login import current_user

PERSONAL_BLUEPRINTS = {"auth", "admin", "recruitment"}


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def set_security_headers(response):
        nonce = g.get("csp_nonce")
        script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src {script_src}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'self'; object-src 'none'"
        )
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        personal = request.blueprint in PERSONAL_BLUEPRINTS or (
            current_user and current_user.is_authenticated
        )
        if personal and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
