"""The forms of the application-form, CV and sharing pages. The fields depend on the role (its
criteria) and on the applicant's answers, so the forms are built per request. The rules
(what must be answered, how long, which file) are checked in documents.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, TextAreaField

from portal.applications import documents
from portal.forms_support import PortalForm, choices


def criteria_form(shown: list[documents.Criterion], formdata=None, data=None) -> PortalForm:
    fields = {c.key: TextAreaField(c.text) for c in shown}
    form_class = type("CriteriaForm", (PortalForm,), fields)
    return form_class(formdata=formdata, data=data)


class CvForm(PortalForm):
    cv = FileField(_l("Upload your CV"))
    note = TextAreaField(_l("Covering note (optional)"),
                         description=_l("A few lines about why you are interested, if you "
                                        "would like to add them. Spelling and grammar do not "
                                        "matter."))


SHARING_CHOICES = (
    (documents.FULL, _l("The panel can read this in full")),
    (documents.SUMMARY, _l("The panel sees only that I have relevant experience")),
)


def sharing_form(answers: list[documents.WrittenAnswer], formdata=None, data=None
                 ) -> PortalForm:
    fields = {a.key: RadioField(a.label, choices=choices(*SHARING_CHOICES),
                                validate_choice=False) for a in answers}
    form_class = type("SharingForm", (PortalForm,), fields)
    return form_class(formdata=formdata, data=data)
