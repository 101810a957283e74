"""Helpers for the moderation, decision and outcome tests: submitted score sheets written
directly (the scoring pages are another journey's), and a decision recorded through the
service."""

from __future__ import annotations

from portal.models import PanelDecision, Score, ScoreSheet
from portal.models.base import utcnow
from portal.models.enums import PanelOutcome, PanelStage
from tests.panels.builders import CRITERIA, QUESTIONS


def signed_in(person):
    person.session_token = "test"
    return person


def sheet(db_session, world, member: int, application, points, *,
          stage=PanelStage.SHORTLIST, submitted=True, reason="Because") -> ScoreSheet:
    """A sheet of member `member` (index into world.seats) with `points` for every criterion
    (an int) or per key (a dict)."""
    keys = [c["key"] for c in (CRITERIA if stage == PanelStage.SHORTLIST else QUESTIONS)]
    row = ScoreSheet(member_id=world.seats[member].id, application_id=application.id,
                     stage=stage, scheme_id=world.scheme.id,
                     submitted_at=utcnow() if submitted else None)
    db_session.add(row)
    db_session.flush()
    for key in keys:
        value = points[key] if isinstance(points, dict) else points
        db_session.add(Score(sheet_id=row.id, criterion=key, points=value,
                             reason=f"{reason} {key} {value}"))
    db_session.flush()
    return row


def all_score(db_session, world, application, points=3, *, stage=PanelStage.SHORTLIST,
              members=None, skip=()):
    """Every member (except `skip`) submits `points` for the application."""
    for i in members if members is not None else range(len(world.seats)):
        if i in skip:
            continue
        sheet(db_session, world, i, application, points, stage=stage)


def invited_to_interview(db_session, world, application):
    """The shortlisting decision that brings an application to the interview stage."""
    db_session.add(PanelDecision(recruitment_id=world.role.id, application_id=application.id,
                                 stage=PanelStage.SHORTLIST, outcome=PanelOutcome.INTERVIEW,
                                 reason="Strong", made_by_ids=[m.id for m in world.members[:3]]))
    db_session.flush()


def lived(world, n=3):
    return [str(m.id) for m in world.members[:n]]
