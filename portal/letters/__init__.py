"""The queue of letters to post and calls to make, for engagement workers (R-AC1, R-AC2)."""

from flask import Blueprint

bp = Blueprint("letters", __name__)

from portal.letters import views  # noqa: E402,F401 - registers the routes
