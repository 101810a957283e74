"""A small adapter from WTForms fields to govuk-frontend-jinja macro parameters.

Why our own and not govuk-frontend-wtf: that package targets Frontend 5, renders `required`
(which makes browsers show untranslated bubbles before our messages) and hard-codes the
"Error:" prefix. Here the prefix is translated ("Error:" / "Gwall:"), nothing is `required`,
and every field keeps what the person typed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

MAX_ID = 2**31 - 1  # the largest id a PostgreSQL integer column holds


def to_id(value) -> int | None:
    """A database id typed in a form or a query string, or None: only ASCII digits, within the
    integer column's range ("²" passes str.isdigit() but is not a number; 10**20 overflows)."""
    text = str(value if value is not None else "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID:
        return int(text)
    return None


def id_or_bad(value) -> int | None:
    """For SelectField coerce: None for an empty choice, -1 (never an id) for anything else
    that is not an id, so that the field says "choose from the list"."""
    if value in ("", None):
        return None
    number = to_id(value)
    return -1 if number is None else number


class PortalForm(FlaskForm):
    """Base form: knows its error summary."""

    def error_summary(self) -> list[dict[str, str]]:
        items = []
        for field in self:
            if field.errors and field.type != "CSRFTokenField":
                items.append({"text": str(field.errors[0]), "href": "#" + anchor_for(field)})
        for message in getattr(self, "form_errors", []) or []:
            items.append({"text": str(message), "href": "#main-content"})
        return items

    def add_domain_error(self, exc) -> None:
        """Show a service's refusal (DomainError or ValidationFailed) on the right fields.
        Forbidden and NotFound are not form errors: they go on to their error pages."""
        from portal.errors import Forbidden, NotFound

        if isinstance(exc, Forbidden | NotFound):
            raise exc
        for field, message in getattr(exc, "problems", None) or [(exc.field, exc.message)]:
            self.add_error(field, message)

    def attempt(self, action) -> tuple[bool, Any]:
        """Call a service for this (valid) form in the request's transaction: commit when it
        succeeds; when it refuses (DomainError), roll back and show why on the fields.
        Returns (succeeded, what the service returned)."""
        from portal.errors import DomainError
        from portal.extensions import db

        try:
            result = action()
        except DomainError as exc:
            db.session.rollback()
            self.add_domain_error(exc)
            return False, None
        db.session.commit()
        return True, result

    def add_error(self, field_name: str | None, message) -> None:
        if field_name and field_name in self._fields:
            self._fields[field_name].errors = [*self._fields[field_name].errors, message]
        else:
            self.form_errors = [*(self.form_errors or []), message]


def anchor_for(field: Field) -> str:
    if field.type == "GovDateField":
        return f"{field.id}-day"
    return field.id


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GovDateField(Field):
    """The GOV.UK date input: three boxes (day, month, year), validated together."""

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, required_message=None, optional=False,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message or _l("Enter a date")
        self.optional = optional
        self.raw: dict[str, str] = dict.fromkeys(self.PARTS, "")
        self.bad_parts: set[str] = set()

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        if isinstance(data, date):
            self.raw = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        if formdata is not None:
            self.raw = {p: (formdata.get(f"{self.name}-{p}") or "").strip()[:10] for p in self.PARTS}
            self.data = None

    def pre_validate(self, form):
        if self.data is not None and not any(self.raw.values()):
            return
        label = self.label.text
        missing = [p for p in self.PARTS if not self.raw[p]]
        if len(missing) == 3 and self.optional:
            self.data = None
            return
        if len(missing) == 3:
            self.bad_parts = set(self.PARTS)
            raise StopValidation(str(self.required_message))
        if missing:
            self.bad_parts = set(missing)
            names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            raise StopValidation(
                _("%(label)s must include %(part)s", label=label, part=names[missing[0]])
            )
        try:
            day, month, year = (int(self.raw[p]) for p in self.PARTS)
            if year < 1900 or year > 2200:
                raise ValueError
            self.data = date(year, month, day)
        except (ValueError, OverflowError):
            self.bad_parts = set(self.PARTS)
            raise StopValidation(
                _("%(label)s must be a real date, for example 27 3 2027", label=label)
            ) from None


def _error(field: Field) -> dict[str, str] | None:
    if not field.errors:
        return None
    return {"text": str(field.errors[0]), "visuallyHiddenText": _("Error")}


def _label(field: Field, label=None, classes: str = "", is_page_heading: bool = False) -> dict:
    return {
        "text": str(label or field.label.text),
        "classes": classes,
        "isPageHeading": is_page_heading,
    }


def gov_input(field: Field, label=None, hint=None, label_classes="", classes="", **attrs) -> dict:
    params: dict[str, Any] = {
        "id": field.id,
        "name": field.name,
        "value": field._value() if hasattr(field, "_value") else field.data,
        "label": _label(field, label, label_classes, attrs.pop("is_page_heading", False)),
        "classes": classes,
        "errorMessage": _error(field),
    }
    for key in ("type", "autocomplete", "inputmode", "spellcheck", "prefix", "suffix"):
        if key in attrs:
            value = attrs.pop(key)
            params["inputmode" if key == "inputmode" else key] = (
                {"text": value} if key in ("prefix", "suffix") else value
            )
    if hint or field.description:
        params["hint"] = {"text": str(hint or field.description)}
    params["attributes"] = attrs
    return params


def gov_textarea(field: Field, label=None, hint=None, label_classes="", rows=5, **attrs) -> dict:
    """Extra keywords become attributes of the box, like lang="cy" for Welsh text."""
    params = gov_input(field, label, hint, label_classes, **attrs)
    if not params["attributes"]:
        params.pop("attributes")
    params["rows"] = rows
    return params


def choice_pairs(field: Field) -> list[tuple[str, str]]:
    pairs = []
    for choice in field.choices:
        if isinstance(choice, SelectChoice):
            pairs.append((choice.value, choice.label))
        else:
            pairs.append((choice[0], choice[1]))
    return pairs


def choices(*pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def _choice_items(field: Field, conditionals: dict | None = None) -> list[dict]:
    selected = field.data if isinstance(field.data, list | tuple | set) else [field.data]
    selected = [str(v) for v in selected if v is not None]
    items = []
    for value, text in choice_pairs(field):
        item = {"value": value, "text": str(text), "checked": str(value) in selected}
        if conditionals and value in conditionals:
            item["conditional"] = {"html": conditionals[value]}
        items.append(item)
    return items


def gov_choices(field: Field, legend=None, hint=None, legend_classes="govuk-fieldset__legend--m",
                is_page_heading=False, classes="", conditionals=None) -> dict:
    params: dict[str, Any] = {
        "idPrefix": field.id,
        "name": field.name,
        "fieldset": {
            "legend": {
                "text": str(legend or field.label.text),
                "classes": legend_classes,
                "isPageHeading": is_page_heading,
            }
        },
        "items": _choice_items(field, conditionals),
        "errorMessage": _error(field),
        "classes": classes,
    }
    if hint or field.description:
        params["hint"] = {"text": str(hint or field.description)}
    return params


def gov_select(field: Field, label=None, hint=None, label_classes="") -> dict:
    params = gov_input(field, label, hint, label_classes)
    params.pop("attributes", None)
    params.pop("value", None)
    params["items"] = [
        {"value": v, "text": str(t), "selected": str(v) == str(field.data)}
        for v, t in choice_pairs(field)
    ]
    return params


def gov_date(field: GovDateField, legend=None, hint=None, legend_classes="govuk-fieldset__legend--s") -> dict:
    error = _error(field)
    names = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    items = []
    for part in GovDateField.PARTS:
        width = "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
        bad = error and (not field.bad_parts or part in field.bad_parts)
        items.append(
            {
                "id": f"{field.id}-{part}",
                "name": part,
                "label": names[part],
                "value": field.raw.get(part, ""),
                "classes": width + (" govuk-input--error" if bad else ""),
                "inputmode": "numeric",
            }
        )
    params: dict[str, Any] = {
        "id": field.id,
        "namePrefix": field.name,
        "fieldset": {"legend": {"text": str(legend or field.label.text), "classes": legend_classes}},
        "items": items,
        "errorMessage": error,
    }
    if hint or field.description:
        params["hint"] = {"text": str(hint or field.description)}
    return params


FLASH_MESSAGES = {
    "preferences_saved": _l("Your preferences have been saved"),
    "board_saved": _l("The board has been saved"),
    "appointment_recorded": _l("The appointment has been recorded"),
    "recruitment_started": _l("The recruitment has started"),
    "member_invited": _l("The invitation has been sent"),
    "invitation_accepted": _l("You are now in the leadership group"),
    "invitation_declined": _l("You have declined the invitation"),
    "member_removed": _l("The group has been updated"),
    "answer_recorded": _l("Their answer has been recorded"),
    "information_saved": _l("The public information has been saved"),
    "description_saved": _l("The role description has been saved as a new version"),
    "decision_recorded": _l("Your decision has been recorded"),
    "comment_added": _l("Your comment has been added"),
    "role_published": _l("The role is published. Now plan how to advertise it."),
    "channel_added": _l("The channel has been added to the plan"),
    "channel_done": _l("The channel is marked as done"),
    "heard_recorded": _l("Thank you. Their answer is counted in the reach table."),
    "template_added": _l("The template has been added to the library"),
    "template_version_saved": _l("The template has been saved as a new version"),
    "template_unchanged": _l("Nothing has changed, so no new version was saved"),
    "event_saved": _l("The event has been saved"),
    "event_cancelled": _l("The event has been cancelled. Everyone who had a place is being "
                          "told."),
    "applicant_invited": _l("The invitation is on its way"),
    "route_answer_sent": _l("Your answer has been recorded and sent to them"),
}


def flash_text(key: str) -> str:
    return str(FLASH_MESSAGES.get(key, ""))


def init_app(app: Flask) -> None:
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.globals.update(
        flash_text=flash_text,
        gov_input=gov_input,
        gov_textarea=gov_textarea,
        gov_choices=gov_choices,
        gov_select=gov_select,
        gov_date=gov_date,
    )
    app.jinja_env.add_extension("jinja2.ext.do")


class WholeNumberField(Field):
    """An integer box that keeps what was typed and says, translated, when it is not a number."""

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message
        self.raw_value: str | None = None

    def _value(self):
        if self.raw_value is not None:
            return self.raw_value
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw_value = valuelist[0][:20]
        text = valuelist[0].strip()
        if text == "":
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            message = self.invalid_message or _l("Enter a whole number")
            raise ValueError(str(message)) from None


def bilingual_text_fields(keys, max_length: int) -> dict[str, Field]:
    """An English and a Welsh box ("{key}_en", "{key}_cy") for each key (R-AC2)."""
    from wtforms import TextAreaField
    from wtforms.validators import Length

    fields = {}
    for key in keys:
        for lang, label in (("en", _l("In English")), ("cy", _l("In Welsh"))):
            fields[f"{key}_{lang}"] = TextAreaField(label, validators=[Length(
                max=max_length,
                message=_l("Keep this to %(n)s characters or fewer", n=max_length))])
    return fields


class PoundsField(WholeNumberField):
    """An amount of money in pounds and pence, like 13.45; keeps what was typed."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw_value = valuelist[0][:20]
        text = valuelist[0].strip().lstrip("£").strip()
        if text == "":
            self.data = None
            return
        try:
            value = Decimal(text)
            if not value.is_finite() or value != value.quantize(Decimal("0.01")) or value > 1000:
                raise InvalidOperation
        except InvalidOperation:
            self.data = None
            raise ValueError(str(self.invalid_message or _l(
                "Enter an amount in pounds, like 13.45"))) from None
        self.data = value


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
_CONTROL[0x7F] = None


def clean_text(value):
    """Strip spaces and drop control characters (PostgreSQL refuses NUL in text)."""
    if isinstance(value, str):
        return value.translate(_CONTROL).strip()
    return value


class _CleaningMeta:
    def bind_field(self, form, unbound_field, options):
        filters = unbound_field.kwargs.get("filters", [])
        if unbound_field.field_class.__name__ in {"StringField", "TextAreaField", "EmailField"}:
            unbound_field.kwargs["filters"] = [clean_text, *filters]
        return unbound_field.bind(form=form, **options)


PortalForm.Meta = type("Meta", (_CleaningMeta, PortalForm.Meta), {})
