"""Forms of the interview pages (R-MT1): a time, invitations, other times offered, and the
applicant's choice. The services check everything again; these keep what was typed."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.forms_support import GovDateField, MultiCheckboxField, PortalForm, choices
from portal.panels.interviews import (
    ACCESS_MAX,
    LINK_MAX,
    NOTE_MAX,
    PLACE_MAX,
    REASON_MAX,
    REQUEST_MAX,
)


def _long(n: int):
    return Length(max=n, message=_l("Keep this to %(n)s characters or fewer", n=n))


class SlotForm(PortalForm):
    date = GovDateField(_l("Date"), description=_l("For example, 27 3 2027"),
                        required_message=_l("Enter the date of the interview"))
    starts = StringField(
        _l("Start time"), description=_l("For example, 10:30 or 2pm"),
        validators=[DataRequired(message=_l("Enter the start time, like 10:30 or 2pm")),
                    Length(max=10, message=_l("Enter the start time, like 10:30 or 2pm"))])
    ends = StringField(
        _l("End time"), description=_l("For example, 12:30 or 4pm"),
        validators=[DataRequired(message=_l("Enter the end time, like 12:30 or 4pm")),
                    Length(max=10, message=_l("Enter the end time, like 12:30 or 4pm"))])
    mode = RadioField(
        _l("How does the interview happen?"),
        choices=choices(("face_to_face", _l("Face to face")), ("phone", _l("Phone call")),
                        ("video", _l("Video call"))),
        validators=[InputRequired(message=_l("Choose how the interview happens"))],
        invalid_choice_message=_l("Choose how the interview happens"))
    place = TextAreaField(
        _l("Where is it, or which phone number?"),
        description=_l("Face to face: the name of the place and its address. By phone: the "
                       "number, and who phones whom."),
        validators=[_long(PLACE_MAX)])
    video_link = StringField(
        _l("Video link (for a video call)"),
        description=_l("The web address to join, starting with https://"),
        validators=[_long(LINK_MAX)])
    access_en = TextAreaField(
        _l("Access information in English"),
        description=_l("For example, step-free access, a hearing loop, parking, a quiet room, "
                       "toilets, and how to get there by bus."),
        validators=[_long(ACCESS_MAX)])
    access_cy = TextAreaField(_l("Access information in Welsh"), validators=[_long(ACCESS_MAX)])


class ButtonForm(PortalForm):
    """Only a button."""


def _short_notice_reason() -> TextAreaField:
    """Why an invitation gives less than 14 days' notice (R-MT1): on both sending forms."""
    return TextAreaField(
        _l("If the notice is shorter than 14 days, say why"),
        description=_l("People should have at least 14 days' notice of an interview. If any "
                       "time offered is sooner, say why; this is recorded."),
        validators=[_long(REASON_MAX)])


class InviteForm(PortalForm):
    applications = MultiCheckboxField(
        _l("Who would you like to invite?"),
        invalid_choice_message=_l("Choose from the list"))
    short_notice_reason = _short_notice_reason()


class OfferForm(PortalForm):
    note = TextAreaField(
        _l("A message to them (optional)"),
        description=_l("For example, that you have added the time they asked for."),
        validators=[_long(NOTE_MAX)])
    short_notice_reason = _short_notice_reason()


class ChooseForm(PortalForm):
    slot = RadioField(
        _l("Which time would you like?"),
        validators=[InputRequired(message=_l("Choose a time"))],
        invalid_choice_message=_l("That time is no longer available. Choose another time."))


class OtherTimeForm(PortalForm):
    request = TextAreaField(
        _l("Which days and times would suit you?"),
        description=_l("For example, any weekday morning, or after 3pm. Tell us too if you "
                       "need anything to be able to come."),
        validators=[DataRequired(message=_l("Tell us which days and times would suit you")),
                    _long(REQUEST_MAX)])
