"""Letters and calls: the queue, a printable letter (or a call script), and marking it done.
Who may see what is decided in `portal.letters.services`."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.errors import DomainError, Forbidden, NotFound
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, PortalForm, to_id
from portal.i18n import current_lang
from portal.letters import bp, content, services
from portal.models import Person
from portal.models.base import today_in_wales

PRIVATE = {"Cache-Control": "no-store"}
FLASH_MESSAGES.update({
    "letter_posted": _l("The letter is marked as posted"),
    "call_made": _l("The call is marked as made"),
    "already_done": _l("Someone has already marked this as done, so there is nothing more "
                       "to do."),
})


class DoneForm(PortalForm):
    """Only a button."""


@bp.get("/")
@login_required
def queue():
    recruitment_id = to_id(request.args.get("recruitment"))
    letters = services.queue(db.session, current_user, recruitment_id)
    recruitments = services.recruitments_with_letters(db.session, current_user)
    return render_template("letters/queue.html", letters=letters, recruitments=recruitments,
                           chosen=recruitment_id, lang=current_lang()), 200, PRIVATE


@bp.get("/<int:message_id>")
@login_required
def letter(message_id: int):
    found = services.get_letter(db.session, current_user, message_id)
    message = found.message
    sheet_lang = message.language.value
    # A letter is written wholly in the recipient's language; a call script gives the
    # worker's steps in the page's language around the message in the recipient's (R-AC2).
    words_lang = current_lang() if found.is_call else sheet_lang
    with force_locale(words_lang):
        sheet = Markup(render_template(  # noqa: S704 - our own autoescaped template
            "letters/_call.html" if found.is_call else "letters/_letter.html",
            letter=found, sheet_lang=sheet_lang, subject=content.subject(message),
            paragraphs=content.paragraphs(message), role_title=found.title(words_lang),
            organisation_name=found.organisation.name(words_lang) if found.organisation else "",
            today=today_in_wales()))
    handled_by = (db.session.get(Person, message.handled_by_id)
                  if message.handled_by_id else None)
    return render_template("letters/page.html", letter=found, sheet=sheet, form=DoneForm(),
                           handled_by=handled_by, sheet_lang=sheet_lang), 200, PRIVATE


@bp.post("/<int:message_id>/done")
@login_required
def mark(message_id: int):
    form = DoneForm()
    if not form.validate_on_submit():
        return redirect(url_for("letters.letter", message_id=message_id))
    try:
        found = services.mark_done(db.session, current_user, message_id)
    except (Forbidden, NotFound):
        raise
    except DomainError:
        db.session.rollback()
        flash("already_done", "important")
        return redirect(url_for("letters.letter", message_id=message_id))
    db.session.commit()
    flash("call_made" if found.is_call else "letter_posted", "success")
    return redirect(url_for("letters.queue"))
