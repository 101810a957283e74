"""Access rows of the expenses journey (R-PAY1–R-PAY3): panel members claim on their panel;
applicants through their interview link; engagement workers of the organisation record for an
applicant (R-IV1); the named budget holder decides; administrators of the organisation name
the budget holder and export. A receipt exists for nobody but its claimant and the budget
holder (404, so claim ids cannot be probed)."""

from __future__ import annotations

from decimal import Decimal

from tests.panels.matrix import NOBODY, NOT_FOUND, OK, PANEL, REDIRECT, ROLES, SIGN_IN

SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": SIGN_IN}
EVERYONE = dict.fromkeys(ROLES, OK)  # the interview link is the key
PANEL_CHOOSES = {**NOBODY, **{role: REDIRECT for role in PANEL if PANEL[role] == OK}}
WORKER = {**NOBODY, "engagement_worker": OK}
ADMINS = {**NOBODY, "org_admin": OK, "platform_admin": OK}
HOLDER = {**NOBODY, "budget_holder": OK}
RECEIPT = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": SIGN_IN, "member": OK,
           "budget_holder": OK}

ROWS = {
    "expenses.index": ("GET", "/{lang}/expenses/", SIGNED_IN),
    "expenses.claim": ("GET", "/{lang}/expenses/recruitment/{recruitment}/claim", PANEL),
    "expenses.payment_choice": ("POST", "/{lang}/expenses/recruitment/{recruitment}/payment",
                                PANEL_CHOOSES),
    "expenses.receipt": ("GET", "/{lang}/expenses/claims/{expense_claim}/receipt", RECEIPT),
    "expenses.interview_claim": ("GET", "/{lang}/expenses/interview/{interview_token}/claim",
                                 EVERYONE),
    "expenses.interview_claims": ("GET", "/{lang}/expenses/interview/{interview_token}/claims",
                                  EVERYONE),
    "expenses.interview_receipt": (
        "GET", "/{lang}/expenses/interview/{interview_token}/claims/{applicant_claim}/receipt",
        EVERYONE),
    "expenses.find_application": ("GET", "/{lang}/expenses/on-behalf", WORKER),
    "expenses.record_claim": ("GET", "/{lang}/expenses/application/{claim_reference}/claim",
                              WORKER),
    "expenses.budget_holder": (
        "GET", "/{lang}/expenses/recruitment/{recruitment}/budget-holder", ADMINS),
    "expenses.approvals": ("GET", "/{lang}/expenses/recruitment/{recruitment}/approvals",
                           HOLDER),
    "expenses.review": (
        "GET", "/{lang}/expenses/recruitment/{recruitment}/claims/{expense_claim}", HOLDER),
    "expenses.export": ("GET", "/{lang}/expenses/recruitment/{recruitment}/export", ADMINS),
    "expenses.export_csv": ("POST", "/{lang}/expenses/recruitment/{recruitment}/export.csv",
                            ADMINS),
}
POST_DATA = {
    "expenses.payment_choice": {"choice": "volunteer"},
    "expenses.export_csv": {"which": "new"},
}

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"


def extend(db_session, values: dict, people: dict) -> None:
    """A claim with a receipt by the `member`; an applicant (an informal chat, which the panel
    never scores) with an interview link and a claim with a receipt of their own."""
    from portal.auth.services import hash_token
    from portal.expenses.services import _store_receipt
    from portal.models import ExpenseClaim, Interview, Recruitment
    from portal.models.base import today_in_wales
    from portal.models.enums import ClaimActivity
    from tests.console.builders import make_application

    role = db_session.get(Recruitment, values["recruitment"])
    applicant = make_application(db_session, role, route="informal_chat",
                                 name="Matrix Applicant")
    token = "matrix-expenses-interview-link-0123456789"
    db_session.add(Interview(application_id=applicant.id, token_hash=hash_token(token)))
    claims = []
    for person_id, application_id in ((people["member"].id, None), (None, applicant.id)):
        claim = ExpenseClaim(recruitment_id=role.id, person_id=person_id,
                             application_id=application_id, activity=ClaimActivity.INTERVIEW,
                             activity_on=today_in_wales(), category="travel",
                             amount=Decimal("5.00"), receipt_stored_name=_store_receipt(JPEG),
                             receipt_media_type="image/jpeg")
        db_session.add(claim)
        claims.append(claim)
    db_session.flush()
    values.update({"expense_claim": claims[0].id, "applicant_claim": claims[1].id,
                   "interview_token": token, "claim_reference": applicant.reference})
