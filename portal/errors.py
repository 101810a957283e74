"""Error pages in the person's language, and the domain exception services raise."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from portal.i18n import LANGUAGES, preferred_from_header


class DomainError(Exception):
    """A rule said no. `message` is user-facing and translatable; `field` names the form
    field it belongs to, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Forbidden(DomainError):
    """The person may not do this to this object."""

    def __init__(self, message=None):
        super().__init__(message or _l("You do not have permission to see this page."))


class NotFound(DomainError):
    def __init__(self, message=None):
        super().__init__(message or _l("Page not found"))


def init_app(app: Flask) -> None:
    def render_error(status: int, template: str, **context):
        if "lang" not in g:
            # No route matched: take the language from the path, else from the browser.
            first = request.path.strip("/").split("/")[0]
            g.lang = first if first in LANGUAGES else preferred_from_header(request.accept_languages)
        return render_template(template, status=status, **context), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "errors/csrf.html")

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return render_error(403, "errors/403.html")

    @app.errorhandler(NotFound)
    def not_found_domain(error):
        return render_error(404, "errors/404.html")

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # No page can be built for a host we do not serve; answer plainly.
        return "Bad request: unknown host", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 429:
            response = render_error(429, "errors/429.html")
            return response
        if error.code in (403, 404, 405, 400, 413):
            return render_error(error.code, f"errors/{error.code}.html")
        return error

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500, "errors/500.html")
