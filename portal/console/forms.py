"""The console's forms. Labels speak to the worker; the applicant's own questions (support,
expenses, payment) are the same ones the applicant sees, asked of them by the worker."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from portal.applications.forms import reach_fields
from portal.applications.services import EXPRESSION_MAX
from portal.console.services import NOTE_MAX, WHERE_MAX
from portal.forms_support import GovDateField, PortalForm, choices, id_or_bad

TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str | None) -> tuple[int, int] | None:
    """14:30, 14.30, 2:30pm, 2pm → (hour, minute); anything else → None."""
    match = TIME.match((text or "").strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _a_time(form, field):
    if parse_time(field.data) is None:
        raise ValidationError(_l("Enter a time, like 14:30 or 2:30pm"))


class FilterForm(PortalForm):
    class Meta:
        csrf = False

    recruitment = SelectField(_l("Recruitment"), default="", coerce=id_or_bad,
                              invalid_choice_message=_l("Choose a recruitment from the list"))


class ArrangeForm(PortalForm):
    when = GovDateField(_l("Date of the chat"), required_message=_l("Enter the date of the chat"))
    time = StringField(
        _l("Time"), description=_l("For example, 14:30 or 2:30pm"),
        validators=[DataRequired(message=_l("Enter the time of the chat")),
                    Length(max=20, message=_l("Enter a time, like 14:30 or 2:30pm")), _a_time])
    where = TextAreaField(
        _l("Where, or how to join"),
        validators=[DataRequired(message=_l("Say where the chat will be, or how to join it")),
                    Length(max=WHERE_MAX, message=_l("Keep this to 500 characters or fewer"))])


class OutcomeForm(PortalForm):
    outcome = RadioField(
        _l("What would they like to do next?"),
        choices=choices(("apply", _l("Go on to apply")),
                        ("not_now", _l("Not now")),
                        ("keep_informed", _l("Be kept informed about future roles"))),
        validators=[InputRequired(message=_l("Choose what they would like to do next"))],
        invalid_choice_message=_l("Choose what they would like to do next"))
    route = RadioField(
        _l("If they are going on to apply, how would they like to apply?"),
        validators=[Optional()], invalid_choice_message=_l("Choose how they would like to apply"))
    note = TextAreaField(
        _l("A note about the chat (optional)"),
        description=_l("Only the leadership group and engagement workers see this."),
        validators=[Length(max=NOTE_MAX, message=_l("Keep this to 2000 characters or fewer"))])


class ReadBackForm(PortalForm):
    digest = HiddenField()
    confirmed = BooleanField(validators=[DataRequired(message=_l(
        "Confirm that you read it back and they agreed it is what they want to say"))])


class CorrectForm(PortalForm):
    step = HiddenField(default="words")
    words = TextAreaField(
        _l("Their words, as they want them now"),
        validators=[DataRequired(message=_l("Write down their words")),
                    Length(max=EXPRESSION_MAX, message=_l("Keep this to 5000 characters or fewer"))])
    confirmed = BooleanField()


class AssistForm(PortalForm):
    reference = StringField(
        _l("Their reference"), description=_l("For example, ABCD-2345"),
        validators=[DataRequired(message=_l("Enter their reference")),
                    Length(max=20, message=_l("Enter their reference, like ABCD-2345"))])
    code = StringField(
        _l("Their code"), description=_l("The 6 letters and numbers they wrote down"),
        validators=[DataRequired(message=_l("Enter their code")),
                    Length(max=20, message=_l("Enter the 6 letters and numbers of their code"))])


PAGE_ORDER = ("phone", "postal_address", "email")  # as the record page shows them


def _record_fields() -> dict:
    return {
        "route": RadioField(
            _l("How would they like to apply?"),
            validators=[InputRequired(message=_l("Choose how they would like to apply"))],
            invalid_choice_message=_l("Choose how they would like to apply")),
        "name": StringField(
            _l("Their name"),
            validators=[DataRequired(message=_l("Enter their name")),
                        Length(max=200, message=_l("Keep this to 200 characters or fewer"))]),
        "language": RadioField(
            _l("Which language should we use with them?"),
            choices=choices(("cy", "Cymraeg"), ("en", "English")),
            validators=[InputRequired(message=_l("Choose Welsh or English"))],
            invalid_choice_message=_l("Choose Welsh or English")),
        "contact_channel": RadioField(
            _l("How should we contact them?"),
            description=_l("They do not need an email address."),
            choices=choices(("phone", _l("Phone")), ("post", _l("Post")), ("email", _l("Email"))),
            validators=[InputRequired(message=_l("Choose how we should contact them"))],
            invalid_choice_message=_l("Choose how we should contact them")),
        **dict(zip(PAGE_ORDER, reach_fields("them", PAGE_ORDER), strict=True)),
        "eligibility": RadioField(
            _l("Eligibility"),
            choices=choices(("yes", _l("Yes")), ("no", _l("No"))),
            validators=[InputRequired(message=_l("Choose yes or no"))],
            invalid_choice_message=_l("Choose yes or no")),
        "words": TextAreaField(
            _l("Their words, as they say them"),
            validators=[DataRequired(message=_l("Write down their words")),
                        Length(max=EXPRESSION_MAX,
                               message=_l("Keep this to 5000 characters or fewer"))]),
        # Lived-experience disclosure, their choice: asked of them, never assumed.
        "sharing": RadioField(
            _l("What may the panel read of their words?"),
            choices=choices(
                ("full", _l("The panel can read their words in full")),
                ("summary", _l("The panel sees only that they have relevant experience"))),
            validate_choice=False),
    }


def record_form(formdata=None, data=None) -> PortalForm:
    """Writing an application down for someone: who they are and how to reach them, the
    eligibility answer as they gave it, their words, and then the same support questions the
    applicant's own pages ask (R-SEL2, R-PAY1, R-PAY2). Needs a request (Flask-WTF)."""
    from portal.applications.forms import support_form

    fields = _record_fields()  # made first, so they come first in the error summary
    support = type(support_form())
    return type("RecordForm", (support,), fields)(formdata=formdata, data=data)
