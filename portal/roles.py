"""Rules for role descriptions, each enforced here and only here.

R-RD1: a role description has every section (title … person specification), from a template.
R-RD2: it always says how the person is protected from repercussions.
R-RD4: the eligibility window ("used services, or cared for someone who did, in the last 5
       years") may be kept or widened, never narrowed.
R-PAY1: the hourly rate is never below the Living Wage (a dated setting).
R-TM1/R-TM2: the term is at least the board's minimum (portal.boards).
R-SEL1: each role offers one or more of the ten selection methods.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.boards import term_problem
from portal.role_templates_content import SECTION_KEYS

MIN_ELIGIBILITY_YEARS = 5

# R-SEL1, least to most formal.
SELECTION_METHODS = {
    "open_invitation": _l("Open invitation"),
    "self_selection": _l("Volunteering (self-selection)"),
    "informal_chat": _l("Informal chat, face to face or online"),
    "group_event": _l("Group event"),
    "expression_of_interest": _l("Expression of interest, spoken or written"),
    "formal_invitation": _l("Formal invitation"),
    "informal_interview": _l("Informal interview"),
    "cv": _l("CV"),
    "application_form": _l("Application form"),
    "formal_interview": _l("Formal interview"),
}
DEFAULT_METHODS = ["informal_chat", "expression_of_interest", "application_form",
                   "informal_interview"]

SECTION_NAMES = {
    "title": _l("Appointment title"),
    "accountable_to": _l("Accountable to"),
    "support_available": _l("Support available"),
    "working_with": _l("Working with"),
    "payment": _l("Payment"),
    "expenses": _l("Expenses"),
    "term": _l("Term"),
    "time_commitment": _l("Time commitment"),
    "introduction": _l("Introduction to the board"),
    "board_role": _l("The board's role"),
    "accountability_support": _l("Accountability and support"),
    "confidentiality": _l("Confidentiality and conflicts of interest"),
    "responsibilities": _l("Key responsibilities"),
    "essential_criteria": _l("Essential criteria"),
    "desirable_criteria": _l("Desirable criteria"),
    "protection": _l("Protection from repercussions"),
}
assert tuple(SECTION_NAMES) == SECTION_KEYS


def living_wage() -> tuple[Decimal, date]:
    """The Living Wage floor and the date it applies from (settings, shown to editors)."""
    config = current_app.config
    return Decimal(config["LIVING_WAGE_HOURLY"]), date.fromisoformat(config["LIVING_WAGE_FROM"])


# The facts a recruitment fills into a template (see descriptions.start_from_template).
PLACEHOLDERS = ("board", "organisation", "hourly_rate", "term_years", "meetings_per_year")


def fill(text: str, facts: dict[str, str]) -> str:
    """Put a recruitment's facts into a template's {placeholders}; unknown ones stay."""
    return text.format_map(defaultdict(lambda: "", **facts)) if "{" in text else text


def description_problems(*, meetings_per_year: int, term_months: int, eligibility_years: int,
                         hourly_rate: Decimal, sections: dict, methods: list[str]
                         ) -> list[tuple[str, str]]:
    """Every rule a saved version must keep; (field, message) for each one broken."""
    problems = []
    message = term_problem(meetings_per_year, term_months)
    if message:
        problems.append(("term_months", message))
    if eligibility_years < MIN_ELIGIBILITY_YEARS:
        problems.append(("eligibility_years", _(
            "The eligibility window must be at least %(years)s years. The national criteria "
            "may be widened, never narrowed.", years=MIN_ELIGIBILITY_YEARS)))
    wage, since = living_wage()
    if hourly_rate < wage:
        problems.append(("hourly_rate", _(
            "The hourly rate must be at least the Living Wage, £%(wage)s an hour (from "
            "%(since)s). Nobody taking part should be paid less.",
            wage=format_decimal(wage, "#,##0.00"), since=since.strftime("%d/%m/%Y"))))
    for lang in missing_protection(sections):
        problems.append((f"protection_{lang}", _("Every role description must say how the "
                                                 "person is protected from repercussions, in "
                                                 "Welsh and English.")))
    if not methods:
        problems.append(("selection_methods", _("Choose at least one way for people to apply")))
    unknown = [m for m in methods if m not in SELECTION_METHODS]
    if unknown:
        problems.append(("selection_methods", _("Choose ways to apply from the list")))
    return problems


def missing_protection(sections: dict) -> list[str]:
    """R-RD2: the languages ("en", "cy") whose protection-from-repercussions text is empty."""
    protection = sections.get("protection") or {}
    return [lang for lang in ("en", "cy") if not (protection.get(lang) or "").strip()]


def missing_sections(sections: dict) -> list[tuple[str, str]]:
    """(section, language) pairs still empty: publishing needs every section in both (R-RD1)."""
    return [(key, lang) for key in SECTION_KEYS for lang in ("en", "cy")
            if not (sections.get(key, {}).get(lang) or "").strip()]
