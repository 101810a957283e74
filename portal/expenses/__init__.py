"""Expenses and fees (R-PAY1–R-PAY3): one short page to claim, the budget holder's approval,
the claimant's view of where each claim stands, and finance's CSV of approved claims."""

from flask import Blueprint

bp = Blueprint("expenses", __name__)

# One import line per view module (each registers its routes on `bp`).
from portal.expenses import views  # noqa: E402,F401
