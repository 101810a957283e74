"""Keep me informed (R-AC4): register interest, confirm by email, stop in one step.

The rules are in portal/interest.py; these views parse the form, call one service, and answer.
Pages whose address holds a token pass on only the origin as Referer and are never cached.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError

from portal import interest
from portal.auth.services import hash_token, normalise_email
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.extensions import csrf, db, limiter
from portal.forms_support import MultiCheckboxField, PortalForm, choices, clean_text
from portal.geography import AREAS
from portal.i18n import current_lang
from portal.models.enums import ContactChannel
from portal.public import bp

MESSAGES = interest.MESSAGES
# Nothing here may be kept by a shared cache: typed details, or a token in the address.
PRIVATE = {"Cache-Control": "no-store"}
TOKEN_PAGE = {**PRIVATE, "Referrer-Policy": "strict-origin"}


class OnlyForChannel:
    """Check a contact detail only when its channel is chosen; otherwise ignore it."""

    def __init__(self, channel: str):
        self.channel = channel

    def __call__(self, form, field):
        if form.contact_channel.data != self.channel:
            field.errors = []
            raise StopValidation()


class PhoneNumber:
    """A UK phone number: digits, spaces and + ( ) -, 10 to 15 digits (portal.interest)."""

    def __call__(self, form, field):
        if not interest.valid_phone(field.data or ""):
            raise ValidationError(MESSAGES["phone_format"])


class InterestForm(PortalForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=MESSAGES["name"]),
                    Length(max=interest.NAME_MAX, message=MESSAGES["name_long"])],
    )
    areas = MultiCheckboxField(
        _l("Which areas are you interested in?"),
        description=_l("Select all that apply. If you select none, we will tell you about "
                       "roles anywhere in Wales."),
        invalid_choice_message=MESSAGES["areas"],
    )
    seat_types = MultiCheckboxField(
        _l("Which kinds of role are you interested in?"),
        description=_l("Service-user representatives have used mental health services. Carer "
                       "representatives care, or have cared, for someone who has. Deputies "
                       "learn alongside members of a partnership board and take their place "
                       "when they cannot attend. If you select none, we will tell you about "
                       "every kind."),
        choices=choices(*interest.SEAT_TYPE_NAMES.items()),
        invalid_choice_message=MESSAGES["seat_types"],
    )
    language = RadioField(
        _l("Which language should we use when we contact you?"),
        choices=choices(("cy", "Cymraeg"), ("en", "English")),
        validators=[DataRequired(message=MESSAGES["language"])],
        invalid_choice_message=MESSAGES["language"],
    )
    contact_channel = RadioField(
        _l("How would you like us to contact you?"),
        choices=choices(("email", _l("Email")), ("phone", _l("Phone")), ("post", _l("Post"))),
        validators=[DataRequired(message=MESSAGES["contact_channel"])],
        invalid_choice_message=MESSAGES["contact_channel"],
    )
    email = StringField(
        _l("Email address"),
        validators=[
            OnlyForChannel("email"),
            DataRequired(message=MESSAGES["email"]),
            Length(max=interest.EMAIL_MAX, message=MESSAGES["email_long"]),
            Email(message=MESSAGES["email_format"], granular_message=False,
                  check_deliverability=False),
        ],
    )
    phone = StringField(
        _l("Phone number"),
        validators=[OnlyForChannel("phone"), DataRequired(message=MESSAGES["phone"]),
                    PhoneNumber()],
    )
    postal_address = TextAreaField(
        _l("Postal address"),
        validators=[
            OnlyForChannel("post"),
            DataRequired(message=MESSAGES["postal_address"]),
            Length(max=interest.ADDRESS_MAX, message=MESSAGES["postal_address_long"]),
        ],
    )

    def set_choices(self, lang: str) -> None:
        self.areas.choices = choices(*[(a.key, a.name(lang)) for a in AREAS])


class ButtonForm(PortalForm):
    """Only a button: the POST acts, so a mail scanner that opens the link changes nothing."""


def _limits_off() -> bool:
    return not current_app.config["RATELIMIT_ENABLED"]


def _ip_limit() -> str:
    return current_app.config["INTEREST_RATE_LIMIT"]


def _email_limit() -> str:
    return current_app.config["INTEREST_EMAIL_RATE_LIMIT"]


def _email_key() -> str:
    email = normalise_email(clean_text(request.form.get("email", "")))[:254]
    return "interest-email:" + hash_token(email)


def _email_limit_off() -> bool:
    # Only registrations by email send anything to the address typed.
    return _limits_off() or request.form.get("contact_channel") != ContactChannel.EMAIL


@bp.app_template_global()
def seat_type_name(key: str) -> str:
    return str(interest.SEAT_TYPE_NAMES.get(key, key))


@bp.app_template_global()
def date_from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@bp.route("/keep-me-informed", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], exempt_when=_limits_off)
@limiter.limit(_email_limit, methods=["POST"], key_func=_email_key, exempt_when=_email_limit_off)
def keep_me_informed():
    form = InterestForm(data={"language": current_lang()})
    form.set_choices(current_lang())
    if form.validate_on_submit():
        try:
            registration = interest.register(
                db.session,
                name=form.name.data,
                language=form.language.data,
                channel=form.contact_channel.data,
                areas=form.areas.data or [],
                seat_types=form.seat_types.data or [],
                email=form.email.data,
                phone=form.phone.data,
                postal_address=form.postal_address.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_domain_error(exc)
        else:
            db.session.commit()
            if registration.contact_channel == ContactChannel.EMAIL:
                return redirect(url_for("public.interest_check_email"))
            return redirect(url_for("public.interest_registered"))
    status = 400 if form.is_submitted() else 200
    return render_template("public/interest/form.html", form=form), status, PRIVATE


@bp.get("/keep-me-informed/check-email")
def interest_check_email():
    return render_template("public/interest/check_email.html", days=interest.CONFIRM_DAYS)


@bp.get("/keep-me-informed/registered")
def interest_registered():
    return render_template("public/interest/registered.html")


@bp.route("/keep-me-informed/confirm/<token>", methods=["GET", "POST"])
def interest_confirm(token: str):
    """GET shows a button and changes nothing; its POST confirms (idempotent). A link that
    does not work (unknown, ended, or unconfirmed after 7 days) answers 410 Gone."""
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            interest.confirm(db.session, token)
        except DomainError as exc:
            db.session.rollback()
            return _link_invalid(exc.message)
        db.session.commit()
        return redirect(url_for("public.interest_confirmed"))
    if not interest.confirm_link_works(db.session, token):
        return _link_invalid(interest.LINK_INVALID)
    return render_template("public/interest/confirm.html"), 200, TOKEN_PAGE


def _link_invalid(message):
    return render_template("public/interest/link_invalid.html", message=message), 410, TOKEN_PAGE


@bp.get("/keep-me-informed/confirmed")
def interest_confirmed():
    return render_template("public/interest/confirmed.html")


@bp.route("/keep-me-informed/stop/<token>", methods=["GET", "POST"])
@csrf.exempt
def interest_stop(token: str):
    """Stop in one step. GET shows one button and changes nothing; POST unsubscribes.

    CSRF-exempt because RFC 8058 one-click unsubscribe has mail clients POST
    "List-Unsubscribe=One-Click" here with no form token. That is safe: the token in the
    address is the only credential, and all the POST can do is stop messages to its owner.
    The POST answers 200 with the done page (no redirect), as one-click clients expect.
    Unknown tokens answer 404.
    """
    if request.method == "POST":
        interest.unsubscribe(db.session, token)
        db.session.commit()
        return render_template("public/interest/stopped.html"), 200, TOKEN_PAGE
    registration = interest.find_by_unsubscribe_token(db.session, token)
    if registration is None:
        raise NotFound()
    if registration.unsubscribed_at is not None:
        return render_template("public/interest/stopped.html"), 200, TOKEN_PAGE
    return render_template("public/interest/stop.html"), 200, TOKEN_PAGE
