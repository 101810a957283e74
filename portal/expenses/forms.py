"""The forms of the expenses pages. They keep what was typed; the rules (what must be given,
how much, which file) are checked in services.py, so the words of every refusal live there."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField

from portal.expenses import services
from portal.forms_support import GovDateField, PortalForm, choices
from portal.panels import core


def claim_form(claimant: services.Claimant, **kwargs) -> PortalForm:
    """The one short claim page (R-PAY3). The fee appears only for a panel member who chose
    to be paid (R-PAY2); its hours box is always shown beside it (no hidden reveals)."""
    categories = [(c, services.CATEGORY_WORDS[c]) for c in services.CATEGORIES]
    if claimant.may_claim_fee:
        categories.insert(0, (services.FEE, services.CATEGORY_WORDS[services.FEE]))
    fields = {
        "activity": RadioField(_l("What are you claiming for?"), choices=choices(
            *((a.value, services.ACTIVITY_WORDS[a]) for a in claimant.activities)),
            validate_choice=False),
        "activity_on": GovDateField(_l("When was it?"),
                                    required_message=_l("Enter the date of the activity"),
                                    description=_l("For example, 27 3 2026")),
        "category": RadioField(_l("What was the money for?"), choices=choices(*categories),
                               validate_choice=False),
        "amount": StringField(_l("How much?"),
                              description=_l("In pounds and pence, like 12.50. At most "
                                             "£1,000 a claim.")),
        "description": TextAreaField(
            _l("A few words about it (optional unless you chose ‘something else’)"),
            description=_l("For example: bus from Rhyl to Bangor and back. Spelling does not "
                           "matter.")),
        "receipt": FileField(_l("A photo or scan of the receipt (optional)")),
    }
    if claimant.may_claim_fee:
        fields["hours"] = StringField(
            _l("Hours, if you are claiming your fee"),
            description=_l("Include preparation and travel time, like 3.5. We work out the "
                           "fee from the role's hourly rate."))
    form_class = type("ClaimForm", (PortalForm,), fields)
    return form_class(**kwargs)


PAYMENT_CHOICES = core.PAYMENT_WORDS


class PaymentChoiceForm(PortalForm):
    choice = RadioField(_l("Would you like to be paid for your time on the panel?"),
                        choices=choices(*PAYMENT_CHOICES), validate_choice=False)


DECISIONS = (
    (services.APPROVE, _l("Approve the claim")),
    (services.RETURN, _l("Return it to them with a reason")),
)


class DecisionForm(PortalForm):
    decision = RadioField(_l("Your decision"), choices=choices(*DECISIONS),
                          validate_choice=False)
    note = TextAreaField(_l("Why, and what they can do (needed when you return a claim)"),
                         description=_l("Use plain, kind words. They will read this."))


def holder_form(candidates, formdata=None, current: int | None = None) -> PortalForm:
    items = [("", _l("Choose a person"))] + [(str(p.id), p.full_name) for p in candidates]
    form_class = type("HolderForm", (PortalForm,), {
        "person": SelectField(_l("Who approves claims for this recruitment?"),
                              choices=choices(*items), validate_choice=False)})
    return form_class(formdata=formdata,
                      data={"person": str(current) if current is not None else ""})


EXPORT_CHOICES = (
    ("new", _l("Only claims not exported before")),
    ("all", _l("Every approved claim")),
)


class ExportForm(PortalForm):
    which = RadioField(_l("Which claims?"), choices=choices(*EXPORT_CHOICES),
                       validate_choice=False, default="new")


class FindForm(PortalForm):
    """The engagement worker's search by application reference (a GET form)."""

    class Meta:
        csrf = False

    reference = StringField(_l("Application reference"),
                            description=_l("It is on their letters and emails, like "
                                           "ABCD-EFGH"))
