"""Pages anyone can read without an account."""

from flask import render_template
from flask_babel import gettext as _

from portal.public import bp


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/roles/")
def roles():
    # Issue 2/5 publishes roles; until then the page explains what is coming.
    return render_template("public/roles.html", roles=[])


def _content_page(content: str, heading):
    """Long pages are written per language in templates/public/content/ (R-AC2)."""
    return render_template("public/content_page.html", content=content, heading=heading)


@bp.get("/accessibility")
def accessibility():
    return _content_page("accessibility", _("Accessibility statement"))


@bp.get("/privacy")
def privacy():
    return _content_page("privacy", _("Privacy notice"))


@bp.get("/cookies")
def cookies():
    return _content_page("cookies", _("Cookies"))
