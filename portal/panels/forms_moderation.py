"""Forms of the moderation journey: the panel's decision, and sending the outcomes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.forms_support import MultiCheckboxField, PortalForm
from portal.panels.moderation import REASON_MAX


class DecisionForm(PortalForm):
    outcome = RadioField(
        _l("The panel's decision"),
        validators=[InputRequired(message=_l("Choose the panel's decision"))],
        invalid_choice_message=_l("Choose the panel's decision"))
    seat_type = RadioField(
        _l("If appointing, to which seat?"), validators=[Optional()],
        invalid_choice_message=_l("Choose the seat they are appointed to"))
    reason = TextAreaField(
        _l("Why the panel decided this"),
        description=_l("The reason is recorded with the decision and shown in the group's "
                       "audit trail. The applicant receives feedback per criterion, not this "
                       "reason."),
        validators=[InputRequired(message=_l("Give the reason for the decision")),
                    Length(max=REASON_MAX, message=_l("Keep this to 2000 characters or "
                                                      "fewer"))])
    # Checked by the service (at least 2, lived-experience majority, from the panel).
    made_by = MultiCheckboxField(_l("Who made this decision together"), validate_choice=False)


class SendOutcomesForm(PortalForm):
    """Only the CSRF token: the chair confirms sending."""
