"""My applications: where each application stands, every message, withdraw, change contact
details once for everything, a printable copy; and keeping the session alive (WCAG 2.2.1).

Access is decided by `portal.applications.mine` from the secrets this browser's session holds
and the signed-in person; these views only parse forms and show pages.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length

from portal.applications import documents, equality, mine
from portal.applications.forms import AboutYouForm
from portal.applications.services import ONLINE_ROUTES
from portal.applications.views import DRAFTS, PRIVATE
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, PortalForm
from portal.i18n import current_lang
from portal.letters import content
from portal.models.enums import ApplicationStatus

bp = Blueprint("mine", __name__)

FLASH_MESSAGES.update({
    "application_withdrawn": _l("Your application has been withdrawn"),
    "contact_updated": _l("Your contact details have been updated for every application"),
    "equality_thanks": _l("Thank you for answering the equality questions"),
    "equality_skipped": _l("Thank you. We will not ask these questions again for this "
                           "application."),
})


class WithdrawForm(PortalForm):
    reason = TextAreaField(
        _l("Why are you withdrawing? (optional)"),
        description=_l("You do not have to say. If you tell us, it helps us make applying "
                       "better for other people."),
        validators=[Length(max=mine.WITHDRAW_REASON_MAX,
                           message=_l("Keep this to 1000 characters or fewer"))])


def _held() -> dict:
    return session.get(DRAFTS) or {}


def _person():
    return current_user if current_user.is_authenticated else None


def _open(reference: str) -> mine.Mine:
    return mine.open_mine(db.session, reference, _held(), _person())


@bp.get("/my-applications")
def index():
    mines = mine.my_applications(db.session, _held(), _person())
    return render_template("mine/index.html", mines=mines, lang=current_lang(),
                           status_words=mine.status_words), 200, PRIVATE


@bp.get("/my-applications/<reference>")
def application(reference: str):
    found = _open(reference)
    app_ = found.application
    return render_template(
        "mine/application.html", mine=found, application=app_,
        title=found.title(current_lang()), status_words=mine.status_words,
        events=mine.timeline(db.session, app_), event_words=mine.event_words,
        messages=mine.messages(db.session, app_), subject=content.subject,
        paragraphs=content.paragraphs, can_withdraw=mine.can_withdraw(app_),
        can_continue=(app_.status == ApplicationStatus.DRAFT
                      and app_.reference in _held() and app_.route in (*ONLINE_ROUTES, "other")),
        offer_equality=equality.can_answer(app_)), 200, PRIVATE


@bp.route("/my-applications/<reference>/withdraw", methods=["GET", "POST"])
def withdraw(reference: str):
    found = _open(reference)
    if not mine.can_withdraw(found.application):
        return redirect(url_for("mine.application", reference=found.application.reference))
    form = WithdrawForm()
    if form.validate_on_submit():
        ok, removed = form.attempt(lambda: mine.withdraw(db.session, found, form.reason.data))
        if ok:
            documents.remove_files(removed)  # a draft's uploads, once the change is saved
            flash("application_withdrawn", "success")
            return redirect(url_for("mine.application",
                                    reference=found.application.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("mine/withdraw.html", form=form, mine=found,
                           application=found.application,
                           title=found.title(current_lang())), status, PRIVATE


@bp.route("/my-applications/contact-details", methods=["GET", "POST"])
def contact():
    """One form for every application listed (3.3.7: said once, used everywhere)."""
    mines = mine.my_applications(db.session, _held(), _person())
    open_ones = [m for m in mines if mine.can_withdraw(m.application)]
    if not open_ones and _person() is None:
        return redirect(url_for("mine.index"))
    latest = next((m.application for m in open_ones if m.application.contact), None)
    saved = latest.contact if latest else {}
    person = _person()
    data = {"name": saved.get("name") or (person.full_name if person else None),
            "contact_channel": saved.get("channel") or (
                person.contact_channel.value if person else None),
            "email": saved.get("email") or (person.email if person else None),
            "phone": saved.get("phone") or (person.phone if person else None),
            "postal_address": saved.get("postal_address") or (
                person.postal_address if person else None),
            "language": latest.language.value if latest else (
                person.preferred_language.value if person else None)}
    form = AboutYouForm(data=data)
    if form.validate_on_submit() and form.attempt(lambda: mine.update_contact(
            db.session, open_ones, {
                "name": form.name.data, "language": form.language.data,
                "channel": form.contact_channel.data, "email": form.email.data,
                "phone": form.phone.data, "postal_address": form.postal_address.data},
            person))[0]:
        flash("contact_updated", "success")
        return redirect(url_for("mine.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("mine/contact.html", form=form, mines=open_ones,
                           lang=current_lang()), status, PRIVATE


@bp.get("/my-applications/<reference>/copy")
def copy(reference: str):
    """A print-friendly copy of everything they told us, with the reference."""
    found = _open(reference)
    return render_template("mine/copy.html", mine=found, application=found.application,
                           title=found.title(current_lang()),
                           status_words=mine.status_words), 200, PRIVATE


@bp.post("/session/keep")
def keep_session():
    """WCAG 2.2.1: the time-out warning's "keep my session" button. Any request refreshes a
    permanent session cookie; this one only says so, and for how long."""
    session.permanent = True
    session.modified = True
    return jsonify(expires_in=int(current_app.permanent_session_lifetime.total_seconds())
                   ), 200, PRIVATE
