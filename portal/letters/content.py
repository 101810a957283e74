"""What a message says, in its recipient's language (R-AC2), for every channel.

A letter, a phone call and the applicant's own list of messages all read the words of the
email for the same template (`templates/emails/<template>.txt`), so that the three never
drift apart. A template with no email text (none yet, but a new one might be queued before
its words are written) falls back to a short, kind note with the reference and who to
contact.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import TemplateNotFound

from portal.mail import SUBJECTS
from portal.models import OutboxMessage

# The parts of a payload that say where a letter goes or whom to phone: the letter page
# shows them in the address block (or the call script), not in the body.
RECIPIENT_KEYS = ("postal_address", "phone")


def subject(message: OutboxMessage) -> str:
    with force_locale(message.language.value):
        make = SUBJECTS.get(message.template)
        return make() if make else _("A message about your application")


def paragraphs(message: OutboxMessage) -> list[str]:
    """The body of the message as paragraphs of plain text, in the recipient's language."""
    payload = {k: v for k, v in (message.payload or {}).items() if k not in RECIPIENT_KEYS}
    lang = message.language.value
    with force_locale(lang):
        try:
            text = render_template(f"emails/{message.template}.txt", payload=payload,
                                   email_lang=lang)
        except TemplateNotFound:
            text = _fallback(payload)
    return [" ".join(p.split()) if "\n" not in p.strip() else p.strip()
            for p in text.split("\n\n") if p.strip()]


def _fallback(payload: dict) -> str:
    parts = []
    if payload.get("name"):
        parts.append(_("Hello %(name)s,", name=payload["name"]))
    if payload.get("reference"):
        parts.append(_("We are writing to you about your application, reference "
                       "%(reference)s.", reference=payload["reference"]))
    else:
        parts.append(_("We are writing to you about your involvement with us."))
    if payload.get("contact_name"):
        parts.append(_("If you have a question, or would like support or any changes to how "
                       "this works, contact %(name)s.", name=payload["contact_name"]))
    return "\n\n".join(parts)
