"""The engagement worker's console (R-IV1, R-AC1): what waits for staff, each application as
staff see it, informal chats, spoken expressions of interest and assisted sessions."""

from flask import Blueprint

bp = Blueprint("console", __name__)

import portal.console.views  # noqa: E402,F401
