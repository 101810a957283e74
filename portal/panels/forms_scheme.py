"""The scheme editor's form (R-SEL3): built for the recruitment's own criteria, the people who
can be chosen and the number of question rows. The form checks each box on its own (lengths,
whole numbers); panels.scheme checks how they fit together."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.forms_support import MultiCheckboxField, PortalForm, WholeNumberField, choices
from portal.panels import scheme as service


def _limit(n: int):
    return Length(max=n, message=_l("Keep this to %(n)s characters or fewer", n=n))


def _weight(label):
    return WholeNumberField(
        label, invalid_message=_l("Enter a weight from 1 to 5 as a whole number, like 3"),
        validators=[Optional()])


def scheme_form(people, criteria, question_rows: int, formdata=None) -> PortalForm:
    """`people`: who can be chosen; `criteria`: the person specification's criteria."""
    fields = {
        "members": MultiCheckboxField(
            _l("Who is on the panel?"), coerce=str,
            description=_l("Choose from the leadership group. You can invite others below."),
            choices=choices(*[(str(p.id), p.full_name) for p in people]),
            validate_choice=False),
        "chair_id": RadioField(
            _l("Who chairs the panel?"),
            description=_l("The chair must be one of the panel members chosen above. The chair "
                           "sees who has finished scoring, never the scores, until moderation."),
            choices=choices(*[(str(p.id), p.full_name) for p in people]),
            validate_choice=False),
        "min_scorers": WholeNumberField(
            _l("How many panel members must score each application?"),
            description=_l("If conflicts of interest leave fewer members free to score an "
                           "application, the chair is warned."),
            invalid_message=_l("Enter the number of members as a whole number, like 3")),
        "note": TextAreaField(_l("Why are you making this version?"),
                              description=_l("For example: first draft, or the group asked "
                                             "for a different question 2."),
                              validators=[_limit(service.NOTE_MAX)]),
    }
    for i in range(service.INVITE_ROWS):
        fields[f"invite{i}_given_name"] = StringField(_l("First name"),
                                                      validators=[_limit(service.NAME_MAX)])
        fields[f"invite{i}_family_name"] = StringField(_l("Last name"),
                                                       validators=[_limit(service.NAME_MAX)])
        fields[f"invite{i}_email"] = StringField(_l("Email address"),
                                                 validators=[_limit(service.EMAIL_MAX)])
    for p in range(service.SCALE_ROWS):
        fields[f"scale_{p}_en"] = StringField(_l("In English"),
                                              validators=[_limit(service.DESCRIPTOR_MAX)])
        fields[f"scale_{p}_cy"] = StringField(_l("In Welsh"),
                                              validators=[_limit(service.DESCRIPTOR_MAX)])
    for c in criteria:
        fields[f"weight_{c['key']}"] = _weight(_l("Weight (1 to 5)"))
    for i in range(question_rows):
        fields[f"q{i}_key"] = HiddenField()
        fields[f"q{i}_en"] = TextAreaField(_l("Question in English"),
                                           validators=[_limit(service.QUESTION_MAX)])
        fields[f"q{i}_cy"] = TextAreaField(_l("Question in Welsh"),
                                           validators=[_limit(service.QUESTION_MAX)])
        fields[f"q{i}_good_en"] = TextAreaField(_l("What a good answer covers, in English"),
                                                validators=[_limit(service.GOOD_ANSWER_MAX)])
        fields[f"q{i}_good_cy"] = TextAreaField(_l("What a good answer covers, in Welsh"),
                                                validators=[_limit(service.GOOD_ANSWER_MAX)])
        fields[f"q{i}_weight"] = _weight(_l("Weight (1 to 5)"))
    form_class = type("SchemeForm", (PortalForm,), fields)
    form = form_class(formdata=formdata) if formdata is not None else form_class()
    form.question_rows = question_rows
    form.criteria = criteria
    return form


def fill(form, draft: service.Draft) -> None:
    """Put a draft (the newest version, or the defaults) into the boxes."""
    form.members.data = [str(i) for i in draft.member_ids]
    form.chair_id.data = str(draft.chair_id) if draft.chair_id else None
    form.min_scorers.data = draft.min_scorers
    for p, row in enumerate(draft.scale[:service.SCALE_ROWS]):
        form[f"scale_{p}_en"].data = row.get("en", "")
        form[f"scale_{p}_cy"].data = row.get("cy", "")
    for key, weight in draft.weights.items():
        if f"weight_{key}" in form:
            form[f"weight_{key}"].data = weight
    for i, q in enumerate(draft.questions[:form.question_rows]):
        for name in ("key", "en", "cy", "good_en", "good_cy", "weight"):
            form[f"q{i}_{name}"].data = q.get(name)


def to_draft(form) -> service.Draft:
    from portal.forms_support import to_id

    def text(name):
        value = form[name].data
        return value if isinstance(value, str) else ""

    return service.Draft(
        member_ids=[i for i in (to_id(v) for v in form.members.data or []) if i is not None],
        chair_id=to_id(form.chair_id.data),
        min_scorers=form.min_scorers.data,
        invitees=[{k: text(f"invite{i}_{k}") for k in ("given_name", "family_name", "email")}
                  for i in range(service.INVITE_ROWS)],
        scale=[{"en": text(f"scale_{p}_en"), "cy": text(f"scale_{p}_cy")}
               for p in range(service.SCALE_ROWS)],
        weights={c["key"]: form[f"weight_{c['key']}"].data for c in form.criteria},
        questions=[{"key": text(f"q{i}_key"), "en": text(f"q{i}_en"), "cy": text(f"q{i}_cy"),
                    "good_en": text(f"q{i}_good_en"), "good_cy": text(f"q{i}_good_cy"),
                    "weight": form[f"q{i}_weight"].data} for i in range(form.question_rows)],
        note=text("note"))
