"""Forms of the scoring journey: a pair of fields (points from the scale, a short reason) per
row, built for the rows a page shows (R-SEL3). The service checks everything; the form keeps
what was typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField

from portal.forms_support import PortalForm, choices
from portal.panels.scoring import MODES, text


def score_form(rows: list[tuple[str, str, str]], scale: list[dict], lang: str,
               data: dict | None = None) -> PortalForm:
    """rows: (suffix, legend of the points, label of the reason); the fields are named
    `points_<suffix>` and `reason_<suffix>`. Every point of the scale shows its descriptor."""
    options = choices(*[(str(p["points"]), f"{p['points']} – {text(p, lang)}") for p in scale])
    fields = {}
    for suffix, legend, reason_label in rows:
        fields[f"points_{suffix}"] = RadioField(legend, choices=options, validate_choice=False)
        fields[f"reason_{suffix}"] = TextAreaField(reason_label)
    form_class = type("ScoreForm", (PortalForm,), fields)
    return form_class(data=data or {})


class ModeForm(PortalForm):
    mode = RadioField(_l("How would you like to score?"), validate_choice=False, choices=choices(
        (MODES[0], _l("Question by question: one criterion across every application, then the "
                      "next (this helps everyone score fairly)")),
        (MODES[1], _l("Application by application"))))
