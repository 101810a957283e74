"""Matrix rows of the scoring journey (R-SEL3, R-SEL4, R-SEL6): members who are not ready are
refused (403, with what to do first), a conflicted member is refused the application they
declared a conflict with, and only the chair sees progress."""

from __future__ import annotations

from tests.panels.matrix import CHAIR, READY_PANEL, REDIRECT, UNCONFLICTED

_SCORING = "/{lang}/recruitment/{recruitment}/panel/scoring"
_SAVED = {"chair": REDIRECT, "member": REDIRECT}

ROWS = {
    "panels.scoring_home": ("GET", _SCORING, READY_PANEL),
    "panels.scoring_mode": ("POST", _SCORING + "/mode",
                            {**READY_PANEL, **_SAVED, "conflicted": REDIRECT}),
    "panels.score_question": ("GET", _SCORING + "/shortlist/questions/essential-1",
                              READY_PANEL),
    # Posting a score for the application the conflicted member declared a conflict with.
    "panels.score_question_save": ("POST", _SCORING + "/shortlist/questions/essential-1",
                                   {**UNCONFLICTED, **_SAVED}),
    "panels.score_application": ("GET", _SCORING + "/shortlist/applications/{application}",
                                 UNCONFLICTED),
    "panels.score_application_save": ("POST",
                                      _SCORING + "/shortlist/applications/{application}",
                                      {**UNCONFLICTED, **_SAVED}),
    "panels.scoring_cv": ("GET", _SCORING + "/applications/{cv_application}/cv", UNCONFLICTED),
    "panels.scoring_progress": ("GET", "/{lang}/recruitment/{recruitment}/panel/progress",
                                CHAIR),
}

POST_DATA = {
    "panels.scoring_mode": {"mode": "by_application"},
    "panels.score_question_save": {},  # filled in by extend(): the application's id
    "panels.score_application_save": {"action": "save", "points_0": "2",
                                      "reason_0": "Some clear evidence"},
}


def extend(db_session, values: dict, people: dict) -> None:
    """A CV-route application with its file (the conflicted member declared a conflict with
    it, the others none), and the question form's fields for the first application."""
    from portal.applications import documents
    from portal.models import ApplicationFile, ConflictDeclaration, PanelMember
    from tests.console.builders import make_application

    application = values["application"]
    POST_DATA["panels.score_question_save"].update({
        f"points_{application}": "2", f"reason_{application}": "Some clear evidence"})
    role_id = values["recruitment"]
    from portal.models import Recruitment

    cv_app = make_application(db_session, db_session.get(Recruitment, role_id), route="cv")
    stored = f"matrix-cv-{cv_app.id:060d}"[-64:]
    db_session.add(ApplicationFile(application_id=cv_app.id, kind="cv", stored_name=stored,
                                   original_name="cv.pdf", media_type="application/pdf",
                                   size=9, sha256="0" * 64))
    (documents.upload_folder() / stored).write_bytes(b"%PDF-1.4\n")
    conflicted_person = people["conflicted"].id
    for seat in db_session.query(PanelMember).filter(PanelMember.recruitment_id == role_id):
        db_session.add(ConflictDeclaration(member_id=seat.id, application_id=cv_app.id,
                                           conflicted=seat.person_id == conflicted_person))
    db_session.flush()
    values["cv_application"] = cv_app.id
