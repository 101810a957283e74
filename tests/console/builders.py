"""Builders for the console's tests (also used by the access matrix and the fuzz tests)."""

from __future__ import annotations

import itertools

from portal.auth.services import hash_token
from portal.models import Application, ApplicationEvent, InformalChat
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, ChatMode, Language

_refs = itertools.count(1)


def make_application(db_session, role, *, route="expression_of_interest", status="submitted",
                     name="Nia Rees", channel="email", language="en", chat_mode=None,
                     words="I want to help.", **contact) -> Application:
    """An application as the applicant's own pages would leave it (sent by default)."""
    n = next(_refs)
    detail = {"email": contact.get("email", "nia@example.org")} if channel == "email" else (
        {"phone": contact.get("phone", "01970 123456")} if channel == "phone" else
        {"postal_address": contact.get("postal_address", "1 Stryd Fawr\nAberystwyth")})
    application = Application(
        recruitment_id=role.id, reference=f"T{n:03d}-{n:04d}"[:9],
        access_token_hash=hash_token(f"secret-{n}"), route=route,
        status=ApplicationStatus(status), language=Language(language), eligibility="yes",
        contact={"name": name, "channel": channel, **detail},
        answers={"expression": words, "support": {"adjustments": ["breaks"], "formats": [],
                                                  "expenses": ["travel"], "payment": "volunteer",
                                                  "best_times": "", "access_needs": "",
                                                  "bad_day": "A phone call instead"},
                 "disclosure": {"expression": "full"}},
        submitted_at=utcnow() if status == "submitted" else None)
    db_session.add(application)
    db_session.flush()
    db_session.add(ApplicationEvent(application_id=application.id, kind="submitted"))
    if chat_mode:
        db_session.add(InformalChat(application_id=application.id, mode=ChatMode(chat_mode),
                                    best_times="Tuesday mornings"))
    db_session.flush()
    return application


