"""Recruitment panels (issue 4/5): the agreed scheme, readiness, scoring, moderation,
interviews, decisions and outcomes. Rules: R-SEL3–R-SEL6, R-MT1, R-TM1. `core` holds the
checks every journey starts from; each journey has its own service and view module."""

from flask import Blueprint

bp = Blueprint("panels", __name__)

# One import line per journey's view module (each registers its routes on `bp`).
from portal.panels import (  # noqa: E402, F401  (one module per journey)
    views_interviews,
    views_moderation,
    views_outcomes,
    views_readiness,
    views_scheme,
    views_scoring,
)
