"""Asking for an informal chat first (R-SEL1, R-AC1): face to face, by phone or by video, at
the times that suit the person, with anything they would like to ask about.

The answers are kept on the draft while it is written; sending creates the InformalChat that a
representative or an engagement worker then arranges, and whose outcome they record (the
engagement worker's console). Nothing asked here is asked again on later pages (WCAG 3.3.7).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.errors import DomainError, ValidationFailed
from portal.models import Application, InformalChat, Recruitment
from portal.models.enums import ChatMode

CHAT_TEXT_MAX = 1000


def save_chat(session: Session, application: Application, data: dict) -> None:
    """How they would like to chat, when suits them, and what they would like to ask."""
    from portal.applications.services import ensure_draft, record

    ensure_draft(application)
    problems = []
    mode = data.get("mode")
    if mode not in {m.value for m in ChatMode}:
        problems.append(("mode", _l("Choose how you would like to chat")))
    best_times = (data.get("best_times") or "").strip()
    if not best_times:
        problems.append(("best_times", _l("Tell us which days and times suit you best")))
    questions = (data.get("questions") or "").strip()
    for field, text in (("best_times", best_times), ("questions", questions)):
        if len(text) > CHAT_TEXT_MAX:
            problems.append((field, _l("Keep this to 1000 characters or fewer")))
    if problems:
        raise ValidationFailed(problems)
    application.answers = {**application.answers, "chat": {
        "mode": mode, "best_times": best_times, "questions": questions}}
    record(session, application, "chat_answered", mode=mode)
    session.flush()


def chat_for(session: Session, application: Application) -> InformalChat | None:
    """The informal chat this application asked for, once it is sent."""
    return session.scalar(sa.select(InformalChat).where(
        InformalChat.application_id == application.id))


def on_send(session: Session, application: Application, role: Recruitment
            ) -> tuple[str, dict]:
    """Sending creates the chat to arrange; the acknowledgement repeats what they asked."""
    answers = application.answers.get("chat")
    if not answers:
        raise DomainError(_l("Answer every question before you send your application"))
    if chat_for(session, application) is None:
        session.add(InformalChat(application_id=application.id, mode=ChatMode(answers["mode"]),
                                 best_times=answers["best_times"]))
    return "chat_requested", {"mode": answers["mode"], "best_times": answers["best_times"],
                              "questions": answers.get("questions", "")}
