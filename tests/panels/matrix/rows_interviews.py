"""Interviews (R-MT1): the organisers' pages are for the recruitment's group, the engagement
workers of its organisation and its panel; the applicant's own page opens only with their
link, so an unknown link is not found for everyone, signed in or not."""

from __future__ import annotations

from datetime import timedelta

from portal.auth.services import hash_token
from portal.models import Interview, InterviewSlot, PanelDecision
from portal.models.base import utcnow
from portal.models.enums import ChatMode, PanelOutcome, PanelStage
from tests.panels.matrix import NOBODY, NOT_FOUND, OK, ROLES

ORGANISERS = {**NOBODY, **dict.fromkeys(
    ("chair", "member", "conflicted", "unready", "group_member", "engagement_worker"), OK)}
EVERYONE_NOT_FOUND = dict.fromkeys(ROLES, NOT_FOUND)
BASE = "/{lang}/recruitment/{recruitment}/panel/interviews"

ROWS = {
    "panels.interviews": ("GET", BASE, ORGANISERS),
    "panels.interview_slot_new": ("GET", BASE + "/times/new", ORGANISERS),
    "panels.interview_slot_edit": ("GET", BASE + "/times/{interview_slot}", ORGANISERS),
    "panels.interview_slot_remove": ("GET", BASE + "/times/{interview_slot}/remove",
                                     ORGANISERS),
    "panels.interview_invite": ("GET", BASE + "/invite", ORGANISERS),
    "panels.interview_offer": ("GET", BASE + "/{interview}/offer", ORGANISERS),
    "panels.interview_choice": ("GET", "/{lang}/recruitment/interview/not-a-real-link",
                                EVERYONE_NOT_FOUND),
}


def extend(db_session, values: dict, people: dict) -> None:
    starts = utcnow() + timedelta(days=20)
    slot = InterviewSlot(recruitment_id=values["recruitment"], starts_at=starts,
                         ends_at=starts + timedelta(hours=1), mode=ChatMode.FACE_TO_FACE,
                         place="Neuadd y Dref", access={"en": "Lift", "cy": "Lifft"})
    db_session.add(slot)
    db_session.add(PanelDecision(recruitment_id=values["recruitment"],
                                 application_id=values["application"],
                                 stage=PanelStage.SHORTLIST, outcome=PanelOutcome.INTERVIEW,
                                 reason="Strong answers", made_by_ids=[people["chair"].id]))
    interview = Interview(application_id=values["application"],
                          token_hash=hash_token("matrix-interview-link"))
    db_session.add(interview)
    db_session.flush()
    values["interview_slot"] = slot.id
    values["interview"] = interview.id
