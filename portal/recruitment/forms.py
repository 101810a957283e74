from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Email, InputRequired, Length, NumberRange, Optional, Regexp

from portal.forms_support import GovDateField, PortalForm, WholeNumberField, choices, id_or_bad


def _vacancies(label):
    return WholeNumberField(
        label,
        invalid_message=_l("Enter the number of vacancies as a whole number, like 1"),
        validators=[InputRequired(message=_l("Enter a number of vacancies, or 0")),
                    NumberRange(min=0, max=20,
                                message=_l("Enter a number of vacancies between 0 and 20"))],
    )


class StartRecruitmentForm(PortalForm):
    board_id = SelectField(
        _l("Board"), coerce=id_or_bad,
        validators=[InputRequired(message=_l("Choose a board you can start a recruitment for"))],
        invalid_choice_message=_l("Choose a board you can start a recruitment for"),
    )
    reason = RadioField(
        _l("Why are you recruiting?"),
        choices=choices(("term_ending", _l("A representative's term is ending")),
                        ("new_seat", _l("The board has a new seat")),
                        ("resignation", _l("A representative has resigned"))),
        validators=[InputRequired(message=_l("Choose why you are recruiting"))],
        invalid_choice_message=_l("Choose why you are recruiting"),
    )
    service_user_vacancies = _vacancies(_l("Service-user vacancies"))
    carer_vacancies = _vacancies(_l("Carer vacancies"))
    deputy_vacancies = _vacancies(_l("Deputy vacancies"))
    target_publish_date = GovDateField(
        _l("When should the role be published? (optional)"),
        description=_l("For example, 1 3 2027"), optional=True)
    target_start_date = GovDateField(
        _l("When should the new representatives start? (optional)"),
        description=_l("For example, 1 9 2027"), optional=True)


class InviteForm(PortalForm):
    person_id = SelectField(
        _l("Who would you like to invite?"), coerce=id_or_bad,
        description=_l("Representatives of any board, or one member of the recruiting "
                       "organisation's staff."),
        validators=[InputRequired(message=_l("Choose someone from the list"))],
        invalid_choice_message=_l("Choose someone from the list"),
    )


class AdviserForm(PortalForm):
    given_name = StringField(
        _l("First name"),
        validators=[InputRequired(message=_l("Enter the adviser's first name")),
                    Length(max=100, message=_l("First name must be 100 characters or fewer"))])
    family_name = StringField(
        _l("Last name"),
        validators=[InputRequired(message=_l("Enter the adviser's last name")),
                    Length(max=100, message=_l("Last name must be 100 characters or fewer"))])
    email = StringField(
        _l("Email address"),
        validators=[InputRequired(message=_l("Enter the adviser's email address")),
                    Length(max=254, message=_l("Email address must be 254 characters or fewer")),
                    Email(message=_l("Enter an email address in the correct format, "
                                     "like name@example.com"),
                          granular_message=False, check_deliverability=False)])


class RespondForm(PortalForm):
    answer = HiddenField(validators=[AnyOf(["accept", "decline"],
                                           message=_l("Choose accept or decline"))])


class InPersonForm(PortalForm):
    note = TextAreaField(
        _l("When and how did they tell you?"),
        description=_l("For example: by phone on 3 March, they would like to join."),
        validators=[InputRequired(message=_l("Say when and how they told you, for the record")),
                    Length(max=1000, message=_l("Keep this to 1000 characters or fewer"))])


class RemoveForm(PortalForm):
    reason = TextAreaField(
        _l("Why is this person leaving the group?"),
        validators=[InputRequired(message=_l("Give a reason")),
                    Length(max=1000, message=_l("Keep this to 1000 characters or fewer"))])


class ChooseTemplateForm(PortalForm):
    template_id = RadioField(
        _l("Which template do you want to start from?"),
        coerce=id_or_bad,
        validators=[InputRequired(message=_l("Choose a template"))],
        invalid_choice_message=_l("Choose a template"),
    )


def description_form(formdata=None, version=None) -> PortalForm:
    """Every R-RD1 section in English and Welsh, the numbers the rules check, the ways to
    apply (R-SEL1) and a note saying why this change was made."""
    from portal.forms_support import MultiCheckboxField, PoundsField, bilingual_text_fields
    from portal.role_templates_content import SECTION_KEYS
    from portal.roles import SELECTION_METHODS

    fields = bilingual_text_fields(SECTION_KEYS, 5000)
    fields["hourly_rate"] = PoundsField(
        _l("Payment per hour"), validators=[InputRequired(message=_l("Enter the hourly rate"))])
    fields["term_months"] = WholeNumberField(
        _l("Term in months"),
        invalid_message=_l("Enter the term in months as a whole number, like 36"),
        validators=[InputRequired(message=_l("Enter the term in months")),
                    NumberRange(min=1, max=240,
                                message=_l("Enter a term between 1 and 240 months"))])
    fields["eligibility_years"] = WholeNumberField(
        _l("Eligibility: used services, or cared for someone who did, in the last … years"),
        invalid_message=_l("Enter the number of years as a whole number, like 5"),
        validators=[InputRequired(message=_l("Enter the number of years")),
                    NumberRange(min=1, max=100,
                                message=_l("Enter a number of years between 1 and 100"))])
    fields["selection_methods"] = MultiCheckboxField(
        _l("Ways people can apply"),
        choices=choices(*SELECTION_METHODS.items()),
        validators=[InputRequired(message=_l("Choose at least one way for people to apply"))],
        invalid_choice_message=_l("Choose ways to apply from the list"),
    )
    fields["note"] = TextAreaField(
        _l("What did you change, and why? (optional)"),
        validators=[Length(max=1000, message=_l("Keep this to 1000 characters or fewer"))])
    form_class = type("DescriptionForm", (PortalForm,), fields)
    data: dict = {}
    if version is not None:
        for key in SECTION_KEYS:
            for lang in ("en", "cy"):
                data[f"{key}_{lang}"] = version.sections.get(key, {}).get(lang, "")
        data.update(hourly_rate=version.hourly_rate, term_months=version.term_months,
                    eligibility_years=version.eligibility_years,
                    selection_methods=list(version.selection_methods))
    return form_class(formdata=formdata, data=data)


class DecisionForm(PortalForm):
    version = HiddenField()
    decision = RadioField(
        _l("Your decision on this version"),
        choices=choices(("approve", _l("I approve this version")),
                        ("changes", _l("I would like changes"))),
        validators=[InputRequired(message=_l("Choose whether you approve or would like "
                                             "changes"))],
        invalid_choice_message=_l("Choose whether you approve or would like changes"),
    )
    note = TextAreaField(
        _l("What should change? (needed if you would like changes)"),
        validators=[Length(max=2000, message=_l("Keep this to 2000 characters or fewer"))])


def comment_form(formdata=None) -> PortalForm:
    from portal.roles import SECTION_NAMES

    class CommentForm(PortalForm):
        section = SelectField(
            _l("Which section is your comment about?"),
            choices=choices(*SECTION_NAMES.items()),
            validators=[InputRequired(message=_l("Choose the section you are commenting on"))],
            invalid_choice_message=_l("Choose the section you are commenting on"),
        )
        body = TextAreaField(
            _l("Your comment"),
            validators=[InputRequired(message=_l("Write your comment")),
                        Length(max=2000, message=_l("Keep this to 2000 characters or fewer"))])

    return CommentForm(formdata=formdata)


PHONE_PATTERN = r"^\+?[0-9 ()-]{10,20}$"


class PublishForm(PortalForm):
    closes_on = GovDateField(
        _l("Closing date"), required_message=_l("Enter the closing date"),
        description=_l("The last day people can apply. At least 14 days from today. For "
                       "example, 31 3 2027"))
    contact_name = StringField(
        _l("Who can applicants contact?"),
        description=_l("Someone who can answer questions and help people apply, such as an "
                       "engagement worker."),
        validators=[InputRequired(message=_l("Enter the name of the person applicants can "
                                             "contact")),
                    Length(max=200, message=_l("Keep this to 200 characters or fewer"))])
    contact_phone = StringField(
        _l("Their phone number"),
        validators=[Optional(),
                    Regexp(PHONE_PATTERN, message=_l("Enter a phone number, like 029 2000 "
                                                     "0000"))])
    contact_email = StringField(
        _l("Their email address"),
        validators=[Optional(),
                    Length(max=254, message=_l("Email address must be 254 characters or fewer")),
                    Email(message=_l("Enter an email address in the correct format, "
                                     "like name@example.com"),
                          granular_message=False, check_deliverability=False)])


def channel_form(formdata=None) -> PortalForm:
    from portal.recruitment.advertising import CHANNEL_NAMES

    class ChannelForm(PortalForm):
        channel = SelectField(
            _l("Channel"),
            choices=choices(("", ""), *CHANNEL_NAMES.items(),
                            ("custom", _l("Another channel (name it below)"))),
            validators=[InputRequired(message=_l("Choose a channel"))],
            invalid_choice_message=_l("Choose a channel"),
        )
        custom_name = StringField(
            _l("Name of the other channel (optional)"),
            description=_l("For example, the Wrexham carers' coffee morning."),
            validators=[Length(max=120, message=_l("Keep this to 120 characters or fewer"))])
        planned_on = GovDateField(_l("When is it planned? (optional)"),
                                  description=_l("For example, 14 3 2027"), optional=True)

    return ChannelForm(formdata=formdata)


class DoneForm(PortalForm):
    done_on = GovDateField(_l("When was it done?"),
                           required_message=_l("Enter the date it was done"),
                           description=_l("For example, 14 3 2027"))


def heard_form(channels, formdata=None) -> PortalForm:
    """Where did someone who got in touch hear about the role? `channels`: (id, name)."""

    class HeardForm(PortalForm):
        channel_id = RadioField(
            _l("Where did they hear about the role?"),
            choices=choices(*[(str(i), name) for i, name in channels],
                            ("other", _l("Somewhere else"))),
            validators=[InputRequired(message=_l("Choose where they heard about the role"))],
            invalid_choice_message=_l("Choose where they heard about the role"),
        )
        other = StringField(
            _l("Where else?"),
            validators=[Length(max=200, message=_l("Keep this to 200 characters or fewer"))])

    return HeardForm(formdata=formdata, prefix="heard")
