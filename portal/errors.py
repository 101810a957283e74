"""Error pages in the person's language, and the domain exception services raise."""

from __future__ import annotations

from flask import Flask, abort, g, render_template, request
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


class ValidationFailed(DomainError):
    """Several field errors at once: [(field, message), …]."""

    def __init__(self, problems):
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems


class Forbidden(DomainError):
    """The person may not do this to this object."""

    def __init__(self, message=None):
        super().__init__(message or _l("You do not have permission to see this page."))


class NotFound(DomainError):
    def __init__(self, message=None):
        super().__init__(message or _l("Page not found"))


# status (or "csrf") -> (heading, what to do), shown by the one error template
ERROR_PAGES = {
    400: (_l("Sorry, there is a problem with your request"),
          _l("Check what you entered and try again.")),
    "csrf": (_l("Sorry, this form has expired"),
             _l("For your security, forms stop working after you sign out or after a long "
                "break. Go back, reload the page and try again. Nothing you saved before has "
                "been lost.")),
    403: (_l("You do not have permission to see this page"),
          _l("If you think you should have access, contact your organisation's administrator.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you pasted the web "
             "address, check you copied the entire address.")),
    405: (_l("Sorry, there is a problem with your request"),
          _l("This page cannot be used in that way. Go back and try again.")),
    413: (_l("The file or form you sent is too large"),
          _l("Go back and try again with less content.")),
    429: (_l("Too many attempts"),
          _l("You have tried this too many times in a short while. Wait a few minutes and "
             "try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again later. Nothing you saved before has been lost.")),
}


def init_app(app: Flask) -> None:
    def render_error(status: int, key=None):
        if "lang" not in g:
            # No route matched: take the language from the path, else from the browser.
            first = request.path.strip("/").split("/")[0]
            g.lang = first if first in LANGUAGES else preferred_from_header(request.accept_languages)
        heading, body = ERROR_PAGES[key or status]
        return render_template("errors/error.html", heading=heading, body=body), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "csrf")

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return render_error(403)

    @app.errorhandler(NotFound)
    def not_found_domain(error):
        return render_error(404)

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # No page can be built for a host we do not serve; answer plainly.
        return "Bad request: unknown host", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in ERROR_PAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)

    @app.before_request
    def refuse_nul():
        """PostgreSQL text never holds NUL: a path carrying one (a token, a code) is a bad
        request, answered as one before any view puts it in a query. Forms drop control
        characters themselves (forms_support.clean_text)."""
        if "\x00" in request.path:
            abort(400)
