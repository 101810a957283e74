"""The recruitment blueprint: registered now, filled by issues 2/5 to 4/5."""

from flask import Blueprint

bp = Blueprint("recruitment", __name__)

from portal.recruitment.views import description, group, overview  # noqa: E402,F401
