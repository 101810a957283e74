"""Access rows of the moderation, decision, outcome and audit-trail endpoints (R-SEL4, R-SEL5,
R-LG1). `extend` gives the application submitted sheets from every member without a conflict,
so that a decision can be recorded by the chair or a member."""

from __future__ import annotations

import sqlalchemy as sa

from portal.models import PanelMember, PanelScheme, Score, ScoreSheet
from portal.models.base import utcnow
from portal.models.enums import PanelStage
from tests.panels.matrix import CHAIR, OK, PANEL, READY_PANEL, REDIRECT, UNCONFLICTED

BASE = "/{lang}/recruitment/{recruitment}/panel"

ROWS = {
    "panels.moderation_page": ("GET", BASE + "/moderation/shortlist", READY_PANEL),
    "panels.decision": ("GET", BASE + "/moderation/shortlist/{application}", UNCONFLICTED),
    "panels.decide": ("POST", BASE + "/moderation/shortlist/{application}",
                      {**UNCONFLICTED, "chair": REDIRECT, "member": REDIRECT}),
    "panels.outcomes_page": ("GET", BASE + "/outcomes/shortlist", READY_PANEL),
    "panels.send_outcomes": ("POST", BASE + "/outcomes/shortlist", {**CHAIR, "chair": REDIRECT}),
    "panels.audit": ("GET", BASE + "/audit", {**PANEL, "group_member": OK}),
}

POST_DATA = {
    "panels.decide": {"outcome": "interview", "reason": "Agreed by the panel", "made_by": []},
}

def extend(db_session, values: dict, people: dict) -> None:
    recruitment, application = values["recruitment"], values["application"]
    scheme = db_session.scalar(sa.select(PanelScheme).where(
        PanelScheme.recruitment_id == recruitment))
    seats = {seat.person_id: seat for seat in db_session.scalars(sa.select(PanelMember).where(
        PanelMember.recruitment_id == recruitment))}
    conflicted = people["conflicted"].id
    for person_id, seat in seats.items():
        if person_id == conflicted:
            continue
        sheet = ScoreSheet(member_id=seat.id, application_id=application,
                           stage=PanelStage.SHORTLIST, scheme_id=scheme.id,
                           submitted_at=utcnow())
        db_session.add(sheet)
        db_session.flush()
        for key in ("essential-1", "essential-2", "desirable-1"):
            db_session.add(Score(sheet_id=sheet.id, criterion=key, points=3, reason="Matrix"))
    # Two lived-experience members of the panel make the decision together.
    POST_DATA["panels.decide"]["made_by"] = [str(people["chair"].id), str(people["member"].id)]
