"""R-SEL2: the group answers a request for another way to apply.

An applicant who sent a request for a way the role does not offer (services.OTHER_ROUTE, with
what they asked for and why in `other_route_request`) gets an answer from the recruitment's
group: agreed (with what happens next, if the group likes), or something else offered instead
(saying what). The answer is kept on the application with who gave it and when, recorded on
its timeline, and sent to the applicant in their language and by their channel (R-AC2).
Answering again replaces the answer; both are on the timeline and both are sent.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, aliased

from portal.applications import access
from portal.applications.events import acknowledge
from portal.errors import DomainError, NotFound
from portal.models import Application, Person, Recruitment
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, RouteAnswer

ANSWER_MAX = 2000


@dataclass
class Request:
    application: Application
    answered_by: str | None


def _other():
    from portal.applications.services import OTHER_ROUTE

    return OTHER_ROUTE


def requests_of(session: Session, person: Person, recruitment_id: int
                ) -> tuple[Recruitment, list[Request]]:
    """Sent requests for another way to apply, unanswered first, oldest first (one query)."""
    recruitment = access.managed_recruitment(session, person, recruitment_id)
    answerer = aliased(Person)
    rows = session.execute(
        sa.select(Application, answerer.given_name, answerer.family_name)
        .outerjoin(answerer, answerer.id == Application.route_answered_by_id)
        .where(Application.recruitment_id == recruitment_id,
               Application.route == _other(),
               Application.status == ApplicationStatus.SUBMITTED)
        .order_by(Application.route_answer.is_not(None), Application.submitted_at,
                  Application.id))
    return recruitment, [Request(a, f"{g} {f}".strip() if g is not None else None)
                         for a, g, f in rows]


def request_for_group(session: Session, person: Person, recruitment_id: int,
                      application_id: int) -> tuple[Recruitment, Application]:
    """One sent request of a recruitment this person handles; any other id is not found."""
    recruitment = access.managed_recruitment(session, person, recruitment_id)
    application = session.scalar(sa.select(Application).where(
        Application.id == application_id, Application.recruitment_id == recruitment_id,
        Application.route == _other(), Application.status == ApplicationStatus.SUBMITTED))
    if application is None:
        raise NotFound()
    return recruitment, application


def answer(session: Session, actor: Person, recruitment_id: int, application_id: int,
           decision: str | None, text: str | None) -> Application:
    """Record the group's answer and send it (R-SEL2). Raises Forbidden, NotFound, or
    DomainError when the answer is missing, or when something else is offered without
    saying what."""
    from portal.applications.services import record

    recruitment, application = request_for_group(session, actor, recruitment_id,
                                                 application_id)
    if decision not in {a.value for a in RouteAnswer}:
        raise DomainError(_l("Choose an answer"), field="answer")
    text = (text or "").strip()
    if decision == RouteAnswer.OFFERED_INSTEAD and not text:
        raise DomainError(_l("Say what you can offer instead"), field="text")
    if len(text) > ANSWER_MAX:
        raise DomainError(_l("Keep this to 2000 characters or fewer"), field="text")
    application.route_answer = RouteAnswer(decision)
    application.route_answer_text = text or None
    application.route_answered_by_id = actor.id
    application.route_answered_at = utcnow()
    step = record(session, application, "route_answered", actor, answer=decision, text=text)
    session.flush()
    acknowledge(session, application, recruitment, f"route-answer:{application.id}:{step.id}",
                "route_answer", recruitment.board.organisation_id,
                {"answer": decision, "text": text,
                 "request": application.other_route_request or ""})
    session.flush()
    return application
