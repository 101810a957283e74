"""The filters of the public list of roles: a GET form, so a filtered list can be bookmarked
and shared; unknown values are refused with a message like any other form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from portal.forms_support import PortalForm, choices, id_or_bad
from portal.geography import AREAS


class RoleFilterForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[
        Optional(), Length(max=100, message=_l("Search for 100 characters or fewer"))])
    area = SelectField(
        _l("Area"), default="",
        invalid_choice_message=_l("Choose an area from the list"))
    organisation = SelectField(
        _l("Organisation"), default="",
        coerce=id_or_bad,
        invalid_choice_message=_l("Choose an organisation from the list"))
    board = SelectField(
        _l("Board"), default="", coerce=id_or_bad,
        invalid_choice_message=_l("Choose a board from the list"))
    seat_type = RadioField(
        _l("Who the role is for"),
        choices=choices(("", _l("Anyone")), ("service_user", _l("People who use services")),
                        ("carer", _l("Carers")), ("deputy", _l("Deputies"))),
        default="", invalid_choice_message=_l("Choose who the role is for from the list"))
    closing_soon = BooleanField(_l("Closing in the next 14 days"))

    def set_choices(self, lang: str, boards, organisations) -> None:
        self.organisation.choices = choices(("", _l("Any organisation")),
                                            *[(str(o.id), o.name(lang)) for o in organisations])
        self.area.choices = choices(("", _l("Anywhere in Wales")),
                                    *[(a.key, a.name(lang)) for a in AREAS])
        self.board.choices = choices(("", _l("Any board")),
                                     *[(str(b.id), b.name(lang)) for b in boards])
