"""Forms of a panel member's readiness and conflicts (R-SEL6, R-SEL4, R-PAY2)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.forms_support import PortalForm, choices
from portal.panels.core import PAYMENT_WORDS
from portal.panels.readiness import CONFLICT_NOTE_MAX


class TrainingForm(PortalForm):
    basis = RadioField(
        _l("Have you done the panel training, or sat on a recruitment panel before?"),
        choices=choices(
            ("training", _l("Yes, I have done the panel training")),
            ("experience", _l("Yes, I have sat on a recruitment panel before")),
            ("neither", _l("No, neither: please offer me the training session"))),
        validators=[InputRequired(message=_l("Choose the answer that fits you"))],
        invalid_choice_message=_l("Choose the answer that fits you"))


class ConfidentialityForm(PortalForm):
    agree = BooleanField(_l("I agree to keep everything I read and hear on this panel "
                            "confidential"))


class PreferencesForm(PortalForm):
    scoring_mode = RadioField(
        _l("How would you like to score?"),
        choices=choices(
            ("by_question", _l("Question by question (recommended): one criterion across all "
                               "applications, then the next")),
            ("by_application", _l("Application by application: every criterion of one "
                                  "application, then the next"))),
        validators=[InputRequired(message=_l("Choose how you would like to score"))],
        invalid_choice_message=_l("Choose how you would like to score"))
    payment_choice = RadioField(
        _l("Would you like to be paid for your time on the panel?"),
        choices=choices(*PAYMENT_WORDS),
        validators=[InputRequired(message=_l("Choose whether you would like to be paid a fee "
                                             "or to volunteer"))],
        invalid_choice_message=_l("Choose whether you would like to be paid a fee or to "
                                  "volunteer"))


class RecordTrainingForm(PortalForm):
    """Only a CSRF token: the member is in the address."""


def conflicts_form(rows, formdata=None) -> PortalForm:
    """One pair of boxes per applicant row: a choice and, for a conflict, what it is."""
    fields = {}
    for row in rows:
        fields[f"c-{row.key}"] = RadioField(
            row.name, choices=choices(("none", _l("No conflict")),
                                      ("conflict", _l("I have a conflict of interest"))),
            validate_choice=False)
        fields[f"n-{row.key}"] = TextAreaField(
            _l("If you have a conflict, what is it?"),
            description=_l("A few words for the chair, like ‘my neighbour’."),
            validators=[Length(max=CONFLICT_NOTE_MAX, message=_l(
                "Keep this to %(n)s characters or fewer", n=CONFLICT_NOTE_MAX))])
    form_class = type("ConflictsForm", (PortalForm,), fields)
    form = form_class(formdata=formdata) if formdata is not None else form_class()
    if not form.is_submitted():
        for row in rows:
            if row.conflicted is not None:
                form[f"c-{row.key}"].data = "conflict" if row.conflicted else "none"
                form[f"n-{row.key}"].data = row.note
    return form
