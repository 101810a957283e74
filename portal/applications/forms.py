"""The questions of an application, one page each (GOV.UK question pages)."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.applications.services import EXPRESSION_MAX
from portal.forms_support import PortalForm, choices
from portal.public.interest import OnlyForChannel, PhoneNumber

REACH = ("email", "phone", "postal_address")


def reach_fields(who: str, order: tuple[str, ...] = REACH) -> tuple:
    """The email, phone and postal-address boxes of a contact form, each needed only for the
    channel chosen: asked of the applicant (`who="you"`) or of someone on their behalf
    (`"them"`). Made in `order`, where the class body calls it, so that the error summary
    follows the page's order."""
    you = who == "you"
    make = {
        "email": lambda: StringField(
            _l("Email address"),
            validators=[OnlyForChannel("email"),
                        DataRequired(message=_l("Enter your email address") if you
                                     else _l("Enter their email address")),
                        Length(max=254, message=_l("Email address must be 254 characters or "
                                                   "fewer")),
                        Email(message=_l("Enter an email address in the correct format, like "
                                         "name@example.com"),
                              granular_message=False, check_deliverability=False)]),
        "phone": lambda: StringField(
            _l("Phone number"),
            validators=[OnlyForChannel("phone"),
                        DataRequired(message=_l("Enter your phone number") if you
                                     else _l("Enter their phone number")),
                        PhoneNumber()]),
        "postal_address": lambda: TextAreaField(
            _l("Postal address"),
            validators=[OnlyForChannel("post"),
                        DataRequired(message=_l("Enter your postal address") if you
                                     else _l("Enter their postal address")),
                        Length(max=500, message=_l("Keep this to 500 characters or fewer"))]),
    }
    return tuple(make[name]() for name in order)


class RouteForm(PortalForm):
    route = RadioField(
        _l("How would you like to apply?"),
        validators=[InputRequired(message=_l("Choose how you would like to apply"))],
        invalid_choice_message=_l("Choose how you would like to apply"),
    )


class EligibilityForm(PortalForm):
    eligibility = RadioField(
        _l("Eligibility"),
        choices=choices(("yes", _l("Yes")), ("no", _l("No"))),
        validators=[InputRequired(message=_l("Choose yes or no"))],
        invalid_choice_message=_l("Choose yes or no"),
    )


class AboutYouForm(PortalForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=_l("Enter your name")),
                    Length(max=200, message=_l("Keep this to 200 characters or fewer"))])
    language = RadioField(
        _l("Which language should we use when we contact you?"),
        choices=choices(("cy", "Cymraeg"), ("en", "English")),
        validators=[InputRequired(message=_l("Choose Welsh or English"))],
        invalid_choice_message=_l("Choose Welsh or English"),
    )
    contact_channel = RadioField(
        _l("How would you like us to contact you?"),
        description=_l("You do not need an email address."),
        choices=choices(("email", _l("Email")), ("phone", _l("Phone")), ("post", _l("Post"))),
        validators=[InputRequired(message=_l("Choose how we should contact you"))],
        invalid_choice_message=_l("Choose how we should contact you"),
    )
    email, phone, postal_address = reach_fields("you")


class WordsForm(PortalForm):
    words = TextAreaField(
        _l("Your words"),
        validators=[DataRequired(message=_l("Write a few words about why you are interested")),
                    Length(max=EXPRESSION_MAX,
                           message=_l("Keep this to 5000 characters or fewer"))])


class SendForm(PortalForm):
    """Only a button."""


class ResumeEmailForm(PortalForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(message=_l("Enter your email address")),
                    Length(max=254, message=_l("Email address must be 254 characters or fewer")),
                    Email(message=_l("Enter an email address in the correct format, like "
                                     "name@example.com"),
                          granular_message=False, check_deliverability=False)])


class ContinueForm(PortalForm):
    reference = StringField(
        _l("Your reference"), description=_l("For example, ABCD-2345"),
        validators=[DataRequired(message=_l("Enter your reference")),
                    Length(max=20, message=_l("Enter your reference, like ABCD-2345"))])
    code = StringField(
        _l("Your code"), description=_l("The 6 letters and numbers you wrote down"),
        validators=[DataRequired(message=_l("Enter your code")),
                    Length(max=20, message=_l("Enter the 6 letters and numbers of your code"))])


def support_form(formdata=None, data=None) -> PortalForm:
    from portal.applications import services
    from portal.forms_support import MultiCheckboxField

    class SupportForm(PortalForm):
        adjustments = MultiCheckboxField(
            _l("What would help you take part?"),
            description=_l("Select all that apply, or none."),
            choices=choices(("questions_in_advance", _l("Seeing the questions in advance")),
                            ("supporter", _l("Bringing someone to support me")),
                            ("breaks", _l("Breaks when I need them")),
                            ("welsh", _l("Talking in Welsh")),
                            ("large_print", _l("Papers in large print or another format"))),
            invalid_choice_message=_l("Choose from the list"))
        formats = MultiCheckboxField(
            _l("How would you like to meet?"),
            description=_l("Select all that would suit you."),
            choices=choices(("in_person", _l("Face to face")), ("video", _l("Video call")),
                            ("phone", _l("Phone call")),
                            ("walk_and_talk", _l("Walking and talking"))),
            invalid_choice_message=_l("Choose from the list"))
        best_times = TextAreaField(
            _l("Which days and times suit you best? (optional)"),
            validators=[Length(max=services.SUPPORT_TEXT_MAX,
                               message=_l("Keep this to 1000 characters or fewer"))])
        access_needs = TextAreaField(
            _l("Do you have any access needs? (optional)"),
            description=_l("For example, step-free access, a hearing loop or a quiet room."),
            validators=[Length(max=services.SUPPORT_TEXT_MAX,
                               message=_l("Keep this to 1000 characters or fewer"))])
        bad_day = TextAreaField(
            _l("What helps you on a bad day? (optional)"),
            description=_l("For example, moving a meeting, or a phone call instead."),
            validators=[Length(max=services.SUPPORT_TEXT_MAX,
                               message=_l("Keep this to 1000 characters or fewer"))])
        expenses = MultiCheckboxField(
            _l("Which expenses would you need paid?"),
            description=_l("You will not be out of pocket: agreed expenses are paid back, on "
                           "the day where possible."),
            choices=choices(("travel", _l("Travel")), ("childcare", _l("Childcare")),
                            ("care_for_cared_for", _l("Care for the person I look after")),
                            ("other", _l("Something else"))),
            invalid_choice_message=_l("Choose from the list"))
        payment = RadioField(
            _l("Would you like to be paid for your time, or to volunteer?"),
            choices=choices(("paid", _l("I would like to be paid")),
                            ("volunteer", _l("I would like to volunteer")),
                            ("not_sure", _l("I am not sure yet"))),
            validators=[Optional()],
            invalid_choice_message=_l("Choose from the list"))

    return SupportForm(formdata=formdata, data=data)
