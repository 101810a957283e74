from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import interest, views  # noqa: E402,F401
