from flask import Blueprint

bp = Blueprint("admin", __name__)

from portal.admin.views import appointments, boards, organisations  # noqa: E402,F401
