from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from portal.forms_support import (
    GovDateField,
    MultiCheckboxField,
    PortalForm,
    WholeNumberField,
    choices,
)
from portal.geography import AREAS


def _seats(label, message):
    return WholeNumberField(
        label,
        invalid_message=_l("Enter the number of seats as a whole number, like 2"),
        validators=[
            InputRequired(message=message),
            NumberRange(min=0, max=50, message=_l("Enter a number of seats between 0 and 50")),
        ],
    )


class BoardForm(PortalForm):
    name_en = StringField(
        _l("Name in English"),
        validators=[InputRequired(message=_l("Enter the board's name in English")),
                    Length(max=200, message=_l("Name must be 200 characters or fewer"))],
    )
    name_cy = StringField(
        _l("Name in Welsh"),
        validators=[InputRequired(message=_l("Enter the board's name in Welsh")),
                    Length(max=200, message=_l("Name must be 200 characters or fewer"))],
    )
    kind = RadioField(
        _l("What kind of board is it?"),
        choices=choices(
            ("partnership", _l("Local mental health partnership board")),
            ("decision", _l("Another long-term board that makes decisions about services")),
        ),
        validators=[InputRequired(message=_l("Choose what kind of board it is"))],
        invalid_choice_message=_l("Choose what kind of board it is"),
    )
    area = SelectField(
        _l("Health-board area"),
        validators=[InputRequired(message=_l("Choose the health-board area"))],
        invalid_choice_message=_l("Choose the health-board area"),
    )
    districts = MultiCheckboxField(
        _l("Which districts does the board cover?"),
        description=_l("Select all that apply. The gold standard is a member from each district."),
        validators=[InputRequired(message=_l("Choose at least one district"))],
        invalid_choice_message=_l("Choose only districts from the list"),
    )
    meetings_per_year = WholeNumberField(
        _l("Meetings per year"),
        description=_l("Boards meeting monthly or every 6 weeks (8 or more times a year) need "
                       "terms of at least 2 years; others at least 3 years."),
        invalid_message=_l("Enter the meetings per year as a whole number, like 6"),
        validators=[InputRequired(message=_l("Enter how many times a year the board meets")),
                    NumberRange(min=1, max=52,
                                message=_l("Enter a number of meetings between 1 and 52"))],
    )
    service_user_seats = _seats(_l("Service-user seats"), _l("Enter the number of service-user seats"))
    carer_seats = _seats(_l("Carer seats"), _l("Enter the number of carer seats"))
    deputy_seats = _seats(_l("Deputy seats"), _l("Enter the number of deputy seats"))

    def set_choices(self, lang: str) -> None:
        self.area.choices = choices(("", _l("Choose an area")),
                                    *[(a.key, a.name(lang)) for a in AREAS])
        self.districts.choices = choices(
            *[(d.key, f"{d.name(lang)} ({a.name(lang)})") for a in AREAS for d in a.districts]
        )


class AppointmentForm(PortalForm):
    given_name = StringField(
        _l("First name"),
        validators=[InputRequired(message=_l("Enter the representative's first name")),
                    Length(max=100, message=_l("First name must be 100 characters or fewer"))],
    )
    family_name = StringField(
        _l("Last name"),
        validators=[InputRequired(message=_l("Enter the representative's last name")),
                    Length(max=100, message=_l("Last name must be 100 characters or fewer"))],
    )
    email = StringField(
        _l("Email address (optional)"),
        description=_l("Leave this empty if they do not use email."),
        validators=[Optional(),
                    Length(max=254, message=_l("Email address must be 254 characters or fewer")),
                    Email(message=_l("Enter an email address in the correct format, "
                                     "like name@example.com"),
                          granular_message=False, check_deliverability=False)],
    )
    seat_type = RadioField(
        _l("Seat"),
        choices=choices(("service_user", _l("Service user")), ("carer", _l("Carer")),
                        ("deputy", _l("Deputy"))),
        validators=[InputRequired(message=_l("Choose the seat"))],
        invalid_choice_message=_l("Choose the seat"),
    )
    start_date = GovDateField(
        _l("Term start date"),
        description=_l("For example, 1 4 2026"),
        required_message=_l("Enter the date the term starts"),
    )
    term_months = WholeNumberField(
        _l("Term length in months"),
        invalid_message=_l("Enter the term length in months as a whole number, like 36"),
        validators=[InputRequired(message=_l("Enter the term length in months")),
                    NumberRange(min=1, max=240,
                                message=_l("Enter a term length between 1 and 240 months"))],
    )
    term_number = WholeNumberField(
        _l("Which term is this?"),
        description=_l("1 for a first term, 2 for a second term after a review, and so on."),
        invalid_message=_l("Enter the term number as a whole number, like 1"),
        validators=[InputRequired(message=_l("Enter which term this is")),
                    NumberRange(min=1, max=20,
                                message=_l("Enter a term number between 1 and 20"))],
    )


def public_information_form(formdata=None, rows=None) -> PortalForm:
    """One English and one Welsh box per R-PI1 heading."""
    from portal.forms_support import bilingual_text_fields
    from portal.information import HEADING_NAMES

    fields = bilingual_text_fields(HEADING_NAMES, 4000)
    form_class = type("PublicInformationForm", (PortalForm,), fields)
    data = {}
    for key, row in (rows or {}).items():
        data[f"{key}_en"], data[f"{key}_cy"] = row.text_en, row.text_cy
    return form_class(formdata=formdata, data=data)


def role_template_form(formdata=None, *, names: dict | None = None,
                       sections: dict | None = None, version: int | None = None,
                       adding: bool = False) -> PortalForm:
    """A role-profile template: its name and every R-RD1 section in English and Welsh, and why
    it is being saved. Prefilled from the newest version (or, when adding, the blank template's
    sections); `based_on` remembers which version the form showed."""
    from wtforms import HiddenField, TextAreaField

    from portal.forms_support import bilingual_text_fields
    from portal.role_templates_content import SECTION_KEYS

    fields: dict = {
        "name_en": StringField(
            _l("Name in English"),
            description=_l("The template's web address is made from this name.") if adding else "",
            validators=[InputRequired(message=_l("Enter the template's name in English")),
                        Length(max=200, message=_l("Name must be 200 characters or fewer"))]),
        "name_cy": StringField(
            _l("Name in Welsh"),
            validators=[InputRequired(message=_l("Enter the template's name in Welsh")),
                        Length(max=200, message=_l("Name must be 200 characters or fewer"))]),
        **bilingual_text_fields(SECTION_KEYS, 5000),
        "note": TextAreaField(
            _l("Why is this template needed?") if adding else _l("What did you change, and why?"),
            description=_l("This is kept in the template's history and the audit log."),
            validators=[InputRequired(message=_l("Say why you are saving this template")),
                        Length(max=1000, message=_l("Keep this to 1000 characters or fewer"))]),
        "based_on": HiddenField(),
    }
    form_class = type("RoleTemplateForm", (PortalForm,), fields)
    data: dict = {"based_on": "" if version is None else str(version)}
    for lang in ("en", "cy"):
        data[f"name_{lang}"] = (names or {}).get(lang, "")
        for key in SECTION_KEYS:
            data[f"{key}_{lang}"] = (sections or {}).get(key, {}).get(lang, "")
    return form_class(formdata=formdata, data=data)
