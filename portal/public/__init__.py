from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import syndication_views, views  # noqa: E402,F401
