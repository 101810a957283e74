from flask import Blueprint

bp = Blueprint("public", __name__)
# Short links without a language: tracked advert links (/r/<code>) choose it from the browser.
links_bp = Blueprint("links", __name__)

from portal.public import interest, syndication_views, views  # noqa: E402,F401
