"""Words for the console's codes: routes, timeline steps, messages, chat modes and outcomes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.applications.services import OTHER_ROUTE
from portal.roles import SELECTION_METHODS

ROUTE_NAMES = {**SELECTION_METHODS,
               "expression_of_interest": _l("Expression of interest"),
               OTHER_ROUTE: _l("Another way, which they asked for")}

EVENT_NAMES = {
    # Every kind of step recorded on an application, in staff's words (the applicant's own
    # words are applications.mine.EVENT_WORDS; a test checks both are complete).
    "started": _l("Started"),
    "existing_offered": _l("A link to their earlier application was emailed to them"),
    "eligibility_answered": _l("Answered the question about experience"),
    "contact_saved": _l("Contact details saved"),
    "contact_updated": _l("Contact details updated"),
    "criteria_saved": _l("Answers to the criteria saved"),
    "cv_uploaded": _l("CV added"),
    "disclosure_saved": _l("Chose what the panel may read"),
    "support_saved": _l("Support, expenses and payment saved"),
    "chat_answered": _l("Said what informal chat they would like"),
    "event_chosen": _l("Chose a group event"),
    "other_route_requested": _l("Asked for another way to apply"),
    "route_answered": _l("The group answered their request for another way"),
    "submitted": _l("Sent"),
    "resume_link_sent": _l("A link to carry on was sent by email"),
    "resume_code_given": _l("A code to carry on was given"),
    "resumed_with_code": _l("Opened again with the reference and code"),
    "resumed_with_link": _l("Opened again with the emailed link"),
    "invited": _l("Invited by the group"),
    "invitation_accepted": _l("Accepted the invitation"),
    "invitation_accepted_in_person": _l("Accepted the invitation in person"),
    "invitation_declined": _l("Said no thanks to the invitation"),
    "chat_arranged": _l("Informal chat arranged"),
    "chat_outcome": _l("Outcome of the informal chat recorded"),
    "event_changed": _l("Their group event changed"),
    "event_cancelled": _l("Their group event was cancelled"),
    "written_down": _l("Written down by an engagement worker with them"),
    "written_down_changed": _l("Changed before the read-back"),
    "read_back_confirmed": _l("Read back to them and confirmed"),
    "words_corrected": _l("Words corrected, read back to them and confirmed"),
    "assisted": _l("An engagement worker helped them with it"),
    "withdrawn": _l("Withdrawn"),
    "letter_posted": _l("Letter posted"),
    "call_made": _l("Phone call made"),
    "shortlist_decided": _l("Shortlisting decision recorded by the panel"),
    "interview_decided": _l("Interview decision recorded by the panel"),
    "decision_changed": _l("The panel changed its decision"),
    "told_interview": _l("Told: invited to interview"),
    "told_informal_chat": _l("Told: invited to an informal chat"),
    "told_reserve": _l("Told: on the reserve list"),
    "told_not_this_time": _l("Told: not this time"),
    "told_appointed": _l("Told: appointed"),
    "told_deputy": _l("Told: appointed as a deputy"),
    "told_not_appointed": _l("Told: not appointed this time"),
    "interview_invited": _l("Invited to interview"),
    "interview_time_chosen": _l("Interview time chosen"),
    "interview_other_time_asked": _l("Asked for another interview time"),
    "interview_declined": _l("Said no thank you to the interview"),
    "interview_times_offered": _l("Offered other interview times"),
    "interview_questions_sent": _l("Interview questions sent in advance"),
    "interview_reminder_sent": _l("Interview reminder sent"),
    "expense_claimed": _l("Expenses claimed"),
    "expense_approved": _l("Expenses claim approved"),
    "expense_returned": _l("Expenses claim returned"),
}

TEMPLATE_NAMES = {
    "application_received": _l("We have your application"),
    "application_resume": _l("A link to carry on with the application"),
    "application_continue": _l("How to carry on after the informal chat"),
    "chat_arranged": _l("Informal chat arranged"),
}

CHANNEL_NAMES = {"email": _l("Email"), "phone": _l("Phone call"), "post": _l("Letter")}

STATUS_NAMES = {
    "pending": _l("Waiting to be sent"), "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"), "sent": _l("Sent"), "failed": _l("Could not be sent"),
    "manual": _l("Waiting for an engagement worker to post or phone"),
}

APPLICATION_STATUS_NAMES = {
    "invited": _l("Invited"), "draft": _l("Not sent yet"), "not_eligible": _l("Not eligible"),
    "submitted": _l("Sent"), "withdrawn": _l("Withdrawn"),
}

MODE_NAMES = {"face_to_face": _l("Face to face"), "phone": _l("Phone"), "video": _l("Video call")}

OUTCOME_NAMES = {"apply": _l("Going on to apply"), "not_now": _l("Not now"),
                 "keep_informed": _l("Kept informed about future roles")}


def label(table: dict, key: str | None) -> str:
    """The words for a code; a code this part does not know yet is shown as it is, readably."""
    if key is None:
        return ""
    return str(table.get(key) or key.replace("_", " ").capitalize())
