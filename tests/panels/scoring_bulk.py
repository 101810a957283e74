"""Many sent applications in a few statements, for the statement-count test and
bench/panel_scoring.py: each with an answer against every criterion, every panel member
declared (no conflict), and some draft and submitted sheets."""

from __future__ import annotations

import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.models import Application, ConflictDeclaration, Score, ScoreSheet
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, Language, PanelStage
from tests.panels.builders import CRITERIA


def add_applications(session, world, start: int, n: int, *, sheets: bool = True) -> list[int]:
    now = utcnow()
    rows = [{
        "recruitment_id": world.role.id, "reference": f"P{i:03d}-{i:04d}"[:12],
        "access_token_hash": hash_token(f"panel-bulk-{i}"), "route": "application_form",
        "status": ApplicationStatus.SUBMITTED, "language": Language.ENGLISH,
        "eligibility": "yes", "resume_failures": 0, "equality_answered": False,
        "contact": {"name": f"Bulk Person {i}", "channel": "email",
                    "email": f"bulk{i}@example.org"},
        "answers": {"criteria": {c["key"]: {"criterion": c["en"], "answer": f"Bulk {i} {c['key']}",
                                            "essential": c["kind"] == "essential"}
                                 for c in CRITERIA},
                    "disclosure": {c["key"]: "full" if i % 4 else "summary" for c in CRITERIA}},
        "submitted_at": now, "created_at": now, "updated_at": now}
        for i in range(start, start + n)]
    session.execute(sa.insert(Application), rows)
    ids = list(session.scalars(sa.select(Application.id).where(
        Application.reference.in_([r["reference"] for r in rows]))))
    session.execute(sa.insert(ConflictDeclaration), [
        {"member_id": seat.id, "application_id": i, "conflicted": False, "declared_at": now}
        for seat in world.seats for i in ids])
    if sheets:
        # The second member has a draft for every third application and has submitted every
        # fifth; the first member (the chair) has drafts too.
        sheet_rows = []
        for k, i in enumerate(ids):
            for seat, every, submitted in ((world.seats[1], 3, False), (world.seats[1], 5, True),
                                           (world.seats[0], 2, False)):
                if k % every == 0 and not any(r["member_id"] == seat.id and
                                              r["application_id"] == i for r in sheet_rows):
                    sheet_rows.append({"member_id": seat.id, "application_id": i,
                                       "stage": PanelStage.SHORTLIST,
                                       "scheme_id": world.scheme.id, "created_at": now,
                                       "submitted_at": now if submitted else None})
        if sheet_rows:
            session.execute(sa.insert(ScoreSheet), sheet_rows)
            sheet_ids = list(session.scalars(sa.select(ScoreSheet.id).where(
                ScoreSheet.application_id.in_(ids))))
            session.execute(sa.insert(Score), [
                {"sheet_id": s, "criterion": c["key"], "points": 2, "reason": "Bulk reason",
                 "updated_at": now} for s in sheet_ids for c in CRITERIA])
    session.commit()
    return ids
