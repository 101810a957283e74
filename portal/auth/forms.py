from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from portal.forms_support import PortalForm, choices


class SignInForm(PortalForm):
    email = StringField(
        _l("Email address"),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(message=_l("Enter an email address in the correct format, like name@example.com"),
                  granular_message=False, check_deliverability=False),
        ],
    )


class ConfirmSignInForm(PortalForm):
    """Only a button: the POST spends the link, so mail scanners that open it spend nothing."""


class SignOutForm(PortalForm):
    pass


class PreferencesForm(PortalForm):
    preferred_language = RadioField(
        _l("Which language should we use when we contact you?"),
        choices=choices(("cy", "Cymraeg"), ("en", "English")),
        validators=[InputRequired(message=_l("Choose Welsh or English"))],
        invalid_choice_message=_l("Choose Welsh or English"),
    )
    contact_channel = RadioField(
        _l("How would you like us to contact you?"),
        choices=choices(("email", _l("Email")), ("phone", _l("Phone")), ("post", _l("Post"))),
        validators=[InputRequired(message=_l("Choose how you would like us to contact you"))],
        invalid_choice_message=_l("Choose how you would like us to contact you"),
    )
    phone = StringField(
        _l("Phone number"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
        ],
    )
    postal_address = TextAreaField(
        _l("Postal address"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Postal address must be 500 characters or fewer")),
        ],
    )
