"""Render an outbox message in its recipient's language and send it.

SMTP when MAIL_SERVER is set; otherwise (the embedded default) the message is written as an
.eml file under OUTBOX_DIR and its path logged, so a developer can open the sign-in link.
"""

from __future__ import annotations

import logging
import re
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.models import OutboxMessage

log = logging.getLogger(__name__)

SUBJECTS = {
    "sign_in": lambda: _("Your link to sign in"),
    "group_invitation": lambda: _("You are invited to lead a recruitment"),
    "interest_confirm": lambda: _("Confirm you want to hear about new roles"),
    "interest_welcome": lambda: _("Thank you for asking to hear about new roles"),
    "interest_role_published": lambda: _("A new role is open for representatives"),
    "application_received": lambda: _("We have your application"),
    "application_resume": lambda: _("Your link to carry on with your application"),
    "chat_requested": lambda: _("We have your request for an informal chat"),
    "event_booked": lambda: _("You have a place at a group event"),
    "event_changed": lambda: _("Your group event has changed"),
    "event_cancelled": lambda: _("Your group event has been cancelled"),
    "formal_invitation": lambda: _("You are invited to apply to be a representative"),
    "route_answer": lambda: _("An answer about how you would like to apply"),
    "chat_arranged": lambda: _("Your informal chat is arranged"),
    "application_continue": lambda: _("How to carry on with your application"),
    "application_existing": lambda: _("You already have an application for this role"),
    "application_withdrawn": lambda: _("You have withdrawn your application"),
    "panel_outcome_interview": lambda: _("You are invited to an interview"),
    "panel_outcome_informal_chat": lambda: _("You are invited to an informal chat"),
    "panel_outcome_reserve": lambda: _("You are on the reserve list"),
    "panel_outcome_not_this_time": lambda: _("The panel's decision on your application"),
    "panel_outcome_appoint": lambda: _("You have been appointed"),
    "panel_outcome_appoint_deputy": lambda: _("You have been appointed as a deputy"),
    "panel_outcome_not_appointed": lambda: _("The panel's decision after your interview"),
    "interview_invitation": lambda: _("Choose a time for your interview"),
    "interview_times": lambda: _("New times for your interview"),
    "interview_confirmed": lambda: _("Your interview time is booked"),
    "interview_questions": lambda: _("The questions for your interview"),
    "interview_reminder": lambda: _("A reminder about your interview"),
    "expense_approved": lambda: _("Your expenses claim is approved"),
    "expense_returned": lambda: _("Your expenses claim has been returned"),
}


def render(message: OutboxMessage) -> EmailMessage:
    """Build the email in the recipient's language (R-AC2); no request locale is used."""
    lang = message.language.value
    with force_locale(lang):
        subject = SUBJECTS[message.template]()
        context = {"payload": message.payload, "email_lang": lang}
        # Straight from the Jinja environment, as in a worker: in-process delivery runs after
        # the request's commit, where the request's context processors (the signed-in user)
        # must not query the database.
        env = current_app.jinja_env
        text = env.get_template(f"emails/{message.template}.txt").render(context)
        html = env.get_template(f"emails/{message.template}.html").render(context)
    email = EmailMessage()
    email["Subject"] = subject
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Date"] = formatdate(localtime=False)
    # One Message-ID per intent: a receiving server can drop a duplicate we could not prevent.
    email["Message-ID"] = make_msgid(idstring=re.sub(r"[^A-Za-z0-9.-]", "-", message.key),
                                     domain="portal.local")
    email["X-Portal-Key"] = message.key
    unsubscribe_url = message.payload.get("unsubscribe_url")
    if unsubscribe_url:
        # RFC 8058 one-click unsubscribe (R-AC4): mail clients show a button that POSTs
        # "List-Unsubscribe=One-Click" to this address, with no form and no CSRF token.
        email["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    ics = message.payload.get("ics")
    if ics:
        # A calendar file (R-MT1: an interview's .ics in the person's language). Text, so it
        # is sent as UTF-8; METHOD matches the file's own (RFC 6047).
        email.add_attachment(ics, subtype="calendar",
                             filename=message.payload.get("ics_filename") or "invite.ics",
                             params={"method": "PUBLISH"})
    # After the body: multipart conversion moves Content-* headers into the first part.
    email["Content-Language"] = lang
    return email


def send(email: EmailMessage, key: str) -> None:
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                          timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(email)
        return
    folder = Path(config["OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^A-Za-z0-9.-]", "-", key) + ".eml")
    path.write_bytes(bytes(email))
    log.info("email written to %s", path)
