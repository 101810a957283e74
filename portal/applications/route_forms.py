"""Forms of the informal chat, group event and formal invitation routes, and of the group's
answer to a request for another way to apply (R-SEL1, R-SEL2)."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.applications.chats import CHAT_TEXT_MAX
from portal.applications.events import ACCESS_MAX, PLACE_MAX
from portal.applications.forms import reach_fields
from portal.applications.invitations import MESSAGE_MAX, REASON_MAX
from portal.applications.route_requests import ANSWER_MAX
from portal.forms_support import GovDateField, PortalForm, WholeNumberField, choices


def _long(n: int):
    return Length(max=n, message=_l("Keep this to %(n)s characters or fewer", n=n))


class ChatForm(PortalForm):
    mode = RadioField(
        _l("How would you like to chat?"),
        choices=choices(("face_to_face", _l("Face to face")), ("phone", _l("By phone")),
                        ("video", _l("By video call"))),
        validators=[InputRequired(message=_l("Choose how you would like to chat"))],
        invalid_choice_message=_l("Choose how you would like to chat"))
    best_times = TextAreaField(
        _l("Which days and times suit you best?"),
        description=_l("For example, weekday mornings, or any time after 3pm."),
        validators=[DataRequired(message=_l("Tell us which days and times suit you best")),
                    _long(CHAT_TEXT_MAX)])
    questions = TextAreaField(
        _l("Is there anything you would like to ask about? (optional)"),
        description=_l("For example, what the role involves, how much time it takes, or the "
                       "support you would have."),
        validators=[_long(CHAT_TEXT_MAX)])


class EventChoiceForm(PortalForm):
    event = RadioField(
        _l("Which event would you like to come to?"),
        validators=[InputRequired(message=_l("Choose an event"))],
        invalid_choice_message=_l("Choose an event"))


class DeclineForm(PortalForm):
    reason = TextAreaField(
        _l("Would you like to tell the group why? (optional)"),
        description=_l("You do not have to give a reason."),
        validators=[_long(REASON_MAX)])


class EventForm(PortalForm):
    date = GovDateField(_l("Date"), description=_l("For example, 27 3 2027"),
                        required_message=_l("Enter the date of the event"))
    starts = StringField(
        _l("Start time"), description=_l("For example, 10:30 or 2pm"),
        validators=[DataRequired(message=_l("Enter the start time, like 10:30 or 2pm")),
                    Length(max=10, message=_l("Enter the start time, like 10:30 or 2pm"))])
    ends = StringField(
        _l("End time"), description=_l("For example, 12:30 or 4pm"),
        validators=[DataRequired(message=_l("Enter the end time, like 12:30 or 4pm")),
                    Length(max=10, message=_l("Enter the end time, like 12:30 or 4pm"))])
    place = TextAreaField(
        _l("Where is it?"), description=_l("The name of the place and its address."),
        validators=[DataRequired(message=_l("Enter where the event is")), _long(PLACE_MAX)])
    access_en = TextAreaField(
        _l("Access information in English"),
        description=_l("For example, step-free access, a hearing loop, parking, a quiet room, "
                       "toilets, and how to get there by bus."),
        validators=[_long(ACCESS_MAX)])
    access_cy = TextAreaField(_l("Access information in Welsh"), validators=[_long(ACCESS_MAX)])
    places = WholeNumberField(
        _l("How many places are there? (optional)"),
        description=_l("Leave this empty if there is no limit."),
        invalid_message=_l("Enter the number of places as a whole number, like 12"),
        validators=[Optional()])


class InviteApplicantForm(PortalForm):
    name = StringField(
        _l("Their name"),
        validators=[DataRequired(message=_l("Enter their name")),
                    Length(max=200, message=_l("Keep this to 200 characters or fewer"))])
    language = RadioField(
        _l("Which language should the invitation be in?"),
        choices=choices(("cy", "Cymraeg"), ("en", "English")),
        validators=[InputRequired(message=_l("Choose Welsh or English"))],
        invalid_choice_message=_l("Choose Welsh or English"))
    contact_channel = RadioField(
        _l("How should we send it?"),
        description=_l("By post or phone, an engagement worker sends it, with a reference and "
                       "a code to carry on without email."),
        choices=choices(("email", _l("Email")), ("phone", _l("Phone")), ("post", _l("Post"))),
        validators=[InputRequired(message=_l("Choose how to contact them"))],
        invalid_choice_message=_l("Choose how to contact them"))
    email, phone, postal_address = reach_fields("them")
    message = TextAreaField(
        _l("A personal message (optional)"),
        description=_l("For example, why the group thought of them."),
        validators=[_long(MESSAGE_MAX)])


class RouteAnswerForm(PortalForm):
    answer = RadioField(
        _l("What is the group's answer?"),
        choices=choices(("agreed", _l("Agreed: they can apply in the way they asked")),
                        ("offered_instead", _l("We offer something else instead"))),
        validators=[InputRequired(message=_l("Choose an answer"))],
        invalid_choice_message=_l("Choose an answer"))
    text = TextAreaField(
        _l("What happens next, or what you offer instead"),
        description=_l("Needed if you offer something else. This is sent to them, in their "
                       "language, so write plainly and kindly."),
        validators=[_long(ANSWER_MAX)])
