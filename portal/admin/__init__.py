from flask import Blueprint

bp = Blueprint("admin", __name__)

from portal.admin.views import (  # noqa: E402,F401
    appointments,
    boards,
    information,
    organisations,
    templates,
)
