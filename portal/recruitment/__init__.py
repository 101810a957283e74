"""The recruitment blueprint: registered now, filled by issues 2/5 to 4/5."""

from flask import Blueprint

bp = Blueprint("recruitment", __name__)

# Imported for their routes. Plain imports: `from … import advertising` would shadow the
# service modules of the same name (portal.recruitment.advertising, .decisions).
import portal.recruitment.views.advertising  # noqa: E402,F401
import portal.recruitment.views.apply_routes  # noqa: E402,F401
import portal.recruitment.views.decisions  # noqa: E402,F401
import portal.recruitment.views.description  # noqa: E402,F401
import portal.recruitment.views.group  # noqa: E402,F401
import portal.recruitment.views.overview  # noqa: E402,F401
