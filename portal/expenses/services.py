"""Expenses and fees (R-PAY1, R-PAY2, R-PAY3): the rules, in one place.

- **Who claims.** A member of a recruitment's panel (panels.core.ensure_member), for any
  activity; an applicant through the link of their interview invitation (only its SHA-256 is
  kept, Interview.token_hash), for a chat, a group event or the interview; an engagement
  worker of the recruitment's organisation, who *records* a claim on an applicant's behalf
  and never decides it (R-IV1).
- **What.** One short page (R-PAY3): the activity and its date, the kind of expense (R-PAY1's
  list), how much (at most MAX_CLAIM a claim), a few words, an optional photo or scan of the
  receipt. A panel member who chose to be paid (R-PAY2) also claims their fee: the hours, at
  the published role description's hourly rate, worked out here and never typed.
- **Fee or volunteer (R-PAY2).** Each panel member chooses; until they have, the claim page
  shows the choice with a pointer to welfare-benefits advice (`choose_payment`).
- **Approval (R-PAY1).** The recruitment's named budget holder (named by an administrator of
  its organisation, from the organisation's administrators and engagement workers and the
  recruitment's group) approves a claim or returns it with a reason. Nobody decides their own
  claim. Every naming, decision and export is audited, and the claimant is told of the
  decision in their language, by their channel.
- **Finance.** Administrators of the recruitment's organisation (and platform
  administrators) download approved claims as CSV; "only claims not exported before" marks
  them exported in the same transaction, with the rows locked, so a double click exports
  nothing twice.
- **Receipts** are checked by their first bytes (JPEG, PNG or PDF), stored under a name the
  server makes up, and given back only to the claimant and the budget holder.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, aliased, joinedload

from portal import audit, outbox, permissions, publication
from portal.applications import access
from portal.applications.documents import upload_folder
from portal.auth.services import hash_token
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import (
    Application,
    Board,
    ExpenseClaim,
    GroupMember,
    Interview,
    PanelMember,
    Person,
    Recruitment,
    RoleGrant,
)
from portal.models.base import WALES, today_in_wales, utcnow
from portal.models.enums import ClaimActivity, ClaimStatus, MemberStatus, Role
from portal.panels import core

FEE = "fee"
VOLUNTEER = "volunteer"
PAYMENT_CHOICES = (FEE, VOLUNTEER)
# R-PAY1's list, in the order the page shows it.
CATEGORIES = ("travel", "subsistence", "childcare", "care", "parking", "phone", "postage",
              "stationery", "printing", "accommodation", "other")
MAX_CLAIM = Decimal("1000.00")
MAX_HOURS = Decimal("24")
DESCRIPTION_MAX = 500
NOTE_MAX = 1000
# A claim that is older than this is no longer "on the day"; finance cannot pay it from here.
OLDEST_CLAIM_DAYS = 366
# An identical claim sent again this soon is a double click: the first one is kept.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)
RECEIPT_MAX_BYTES = 5 * 1024 * 1024

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
RECEIPT_EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}

APPLICANT_ACTIVITIES = (ClaimActivity.CHAT, ClaimActivity.EVENT, ClaimActivity.INTERVIEW)
MEMBER_ACTIVITIES = (ClaimActivity.PANEL, ClaimActivity.INTERVIEW, ClaimActivity.EVENT,
                     ClaimActivity.CHAT)

ACTIVITY_WORDS = {
    ClaimActivity.CHAT: _l("An informal chat"),
    ClaimActivity.EVENT: _l("A group event"),
    ClaimActivity.INTERVIEW: _l("An interview"),
    ClaimActivity.PANEL: _l("A panel session"),
}
CATEGORY_WORDS = {
    "fee": _l("Your fee for your time"),
    "travel": _l("Travel (bus, train, taxi, or miles in your own car)"),
    "subsistence": _l("Food and drink"),
    "childcare": _l("Childcare"),
    "care": _l("Care for the person you look after"),
    "parking": _l("Parking"),
    "phone": _l("Phone or internet"),
    "postage": _l("Postage"),
    "stationery": _l("Stationery"),
    "printing": _l("Printing"),
    "accommodation": _l("Somewhere to stay overnight"),
    "other": _l("Something else"),
}
STATUS_WORDS = {
    ClaimStatus.SUBMITTED: _l("Sent, waiting for approval"),
    ClaimStatus.APPROVED: _l("Approved, to be paid"),
    ClaimStatus.RETURNED: _l("Returned to you"),
}


def activity_words(activity) -> str:
    return str(ACTIVITY_WORDS.get(ClaimActivity(activity), activity))


def category_words(category: str) -> str:
    return str(CATEGORY_WORDS.get(category, category))


def status_words(status) -> str:
    return str(STATUS_WORDS.get(ClaimStatus(status), status))


def claim_reference(claim: ExpenseClaim) -> str:
    """How a claim is named on screen, in emails and in finance's CSV."""
    return f"EXP-{claim.id:06d}"


def pounds(amount: Decimal | None) -> str:
    return "" if amount is None else f"£{amount:,.2f}"


# ---- who claims -----------------------------------------------------------------------------

@dataclass
class Claimant:
    """Whoever a claim is for: a signed-in panel member, or an applicant (with the worker who
    records it for them, when one does)."""

    recruitment: Recruitment
    person: Person | None = None
    member: PanelMember | None = None
    application: Application | None = None
    recorded_by: Person | None = None

    @property
    def activities(self) -> tuple[ClaimActivity, ...]:
        return MEMBER_ACTIVITIES if self.member is not None else APPLICANT_ACTIVITIES

    @property
    def may_claim_fee(self) -> bool:
        return self.member is not None and self.member.payment_choice == FEE

    @property
    def needs_payment_choice(self) -> bool:
        return self.member is not None and self.member.payment_choice is None

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return (self.application.contact or {}).get("name", "") if self.application else ""


def _recruitment(session: Session, recruitment_id: int) -> Recruitment:
    recruitment = session.scalar(
        sa.select(Recruitment).options(joinedload(Recruitment.board),
                                       joinedload(Recruitment.published_version))
        .where(Recruitment.id == recruitment_id))
    if recruitment is None:
        raise NotFound()
    return recruitment


def title_of(recruitment: Recruitment, lang: str) -> str:
    if recruitment.published_version_id is not None:
        return publication.title(recruitment, lang)
    return recruitment.board.name(lang)


def hourly_rate(recruitment: Recruitment) -> Decimal | None:
    """The fee per hour: the published role description's rate (R-PAY2)."""
    version = recruitment.published_version
    return version.hourly_rate if version is not None else None


def claimant_for_member(session: Session, person: Person | None,
                        recruitment_id: int) -> Claimant:
    """A signed-in member of the recruitment's panel (Forbidden for anyone else)."""
    seat = core.ensure_member(session, person, recruitment_id)
    return Claimant(_recruitment(session, recruitment_id), person=person, member=seat.member)


def claimant_for_token(session: Session, token: str | None) -> Claimant:
    """The applicant whose interview invitation carries this link; NotFound for any other
    text, so links cannot be guessed or told apart."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise NotFound()
    interview = session.scalar(sa.select(Interview).where(
        Interview.token_hash == hash_token(token)))
    if interview is None:
        raise NotFound()
    application = session.get(Application, interview.application_id)
    if application is None:
        raise NotFound()
    return Claimant(_recruitment(session, application.recruitment_id), application=application)


def claimant_for_worker(session: Session, person: Person | None, reference: str | None
                        ) -> Claimant:
    """An applicant, for an engagement worker of the recruitment's organisation who records a
    claim on their behalf (R-IV1). NotFound for an unknown reference, Forbidden for a worker
    of another organisation and for everyone else."""
    reference = (reference or "").strip().upper()
    application = session.scalar(sa.select(Application).where(
        Application.reference == reference)) if 0 < len(reference) <= 12 else None
    if application is None:
        raise NotFound()
    recruitment = _recruitment(session, application.recruitment_id)
    if not access.is_worker_for(session, person, recruitment):
        raise Forbidden()
    return Claimant(recruitment, application=application, recorded_by=person)


# ---- fee or volunteer (R-PAY2) --------------------------------------------------------------

def choose_payment(session: Session, member: PanelMember, choice: str | None) -> PanelMember:
    """The member's own choice of a fee or to volunteer (R-PAY2), from the claim page or the
    readiness page (the one place it is saved); they may change it at any time. The member's
    row is locked, and choosing the same again changes and audits nothing (a double submit).
    Raises DomainError on field "choice"."""
    if choice not in PAYMENT_CHOICES:
        raise DomainError(_l("Choose whether you would like to be paid a fee or to "
                             "volunteer"), field="choice")
    member = session.scalar(sa.select(PanelMember).where(PanelMember.id == member.id)
                            .with_for_update().execution_options(populate_existing=True))
    if member.payment_choice == choice:
        return member
    member.payment_choice = choice
    member.payment_choice_at = utcnow()
    session.flush()
    audit.record(session, session.get(Person, member.person_id), "payment_chosen", member,
                 recruitment_id=member.recruitment_id, choice=choice)
    return member


# ---- receipts -------------------------------------------------------------------------------

def identify_receipt(data: bytes) -> str:
    """A receipt's media type from its first bytes: JPEG, PNG or PDF, nothing else (a file
    renamed "receipt.jpg" is what its content says it is). Raises DomainError on "receipt"."""
    if not data:
        raise DomainError(_l("The selected file is empty. Choose the photo or scan of your "
                             "receipt"), field="receipt")
    if len(data) > RECEIPT_MAX_BYTES:
        raise DomainError(_l("The selected file must be smaller than %(size)s MB",
                             size=RECEIPT_MAX_BYTES // (1024 * 1024)), field="receipt")
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    raise DomainError(_l("The receipt must be a photo (JPG or PNG) or a PDF"), field="receipt")


def _store_receipt(data: bytes) -> str:
    stored_name = secrets.token_hex(32)
    descriptor = os.open(upload_folder() / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return stored_name


def remove_receipt(stored_name: str | None) -> None:
    """After a failed commit: the file written for a claim that was not kept."""
    if stored_name:
        (upload_folder() / stored_name).unlink(missing_ok=True)


# ---- claiming (R-PAY1, R-PAY3) --------------------------------------------------------------

def parse_amount(text) -> Decimal | None:
    """Pounds and pence as people type them (£12.50, 12.5, 1,000): None if it is not a
    number of pounds."""
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    cleaned = str(text or "").strip().replace("£", "").replace(",", "").strip()
    if not cleaned or len(cleaned) > 20:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_claim(claimant: Claimant, data: dict) -> dict:
    """Every problem with what was typed, all at once (ValidationFailed), or the clean values."""
    problems = []
    activity = data.get("activity")
    if activity not in {a.value for a in claimant.activities}:
        problems.append(("activity", _l("Choose what you are claiming for")))
    day = data.get("activity_on")
    if not isinstance(day, date):
        problems.append(("activity_on", _l("Enter the date of the activity")))
    elif day > today_in_wales():
        problems.append(("activity_on", _l("The date must be today or in the past")))
    elif day < today_in_wales() - timedelta(days=OLDEST_CLAIM_DAYS):
        problems.append(("activity_on", _l("The date must be within the last year. For "
                                           "anything older, contact the person who leads the "
                                           "recruitment.")))
    category = data.get("category")
    allowed = (*((FEE,) if claimant.may_claim_fee else ()), *CATEGORIES)
    if category not in allowed:
        problems.append(("category", _l("Choose what the money was for")))
    description = (data.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        problems.append(("description", _l("Keep this to %(n)s characters or fewer",
                                           n=DESCRIPTION_MAX)))
    elif category == "other" and not description:
        problems.append(("description", _l("Say in a few words what the money was for")))
    amount = hours = None
    if category == FEE:
        rate = hourly_rate(claimant.recruitment)
        hours = parse_amount(data.get("hours"))
        if rate is None:
            problems.append(("category", _l("There is no hourly rate for this role yet. "
                                            "Contact the person who leads the recruitment.")))
        elif hours is None:
            problems.append(("hours", _l("Enter the number of hours, like 2 or 3.5")))
        elif hours <= 0 or hours > MAX_HOURS:
            problems.append(("hours", _l("Enter between a quarter of an hour and 24 hours")))
        elif (hours * 4) % 1 != 0:
            problems.append(("hours", _l("Enter hours in quarters of an hour, like 2.25 or "
                                         "3.5")))
        else:
            amount = (hours * rate).quantize(Decimal("0.01"))
            if amount > MAX_CLAIM:
                problems.append(("hours", _l("A claim can be at most £%(max)s. Split it into "
                                             "one claim for each day.", max="1,000")))
    elif category in CATEGORIES:
        amount = parse_amount(data.get("amount"))
        if amount is None:
            problems.append(("amount", _l("Enter the amount in pounds and pence, like 12.50")))
        elif amount <= 0:
            problems.append(("amount", _l("The amount must be more than £0")))
        elif amount != amount.quantize(Decimal("0.01")):
            problems.append(("amount", _l("Enter the amount in pounds and pence, with no more "
                                          "than 2 numbers after the point, like 12.50")))
        elif amount > MAX_CLAIM:
            problems.append(("amount", _l("A claim can be at most £%(max)s. For more than "
                                          "that, make one claim for each receipt, or contact "
                                          "the person who leads the recruitment.",
                                          max="1,000")))
    if problems:
        raise ValidationFailed(problems)
    return {"activity": ClaimActivity(activity), "activity_on": day, "category": category,
            "description": description, "amount": amount, "hours": hours}


def _lock_claimant(session: Session, claimant: Claimant) -> None:
    """Claims by one claimant are made one at a time (a double click waits for the first)."""
    if claimant.member is not None:
        session.execute(sa.select(PanelMember.id).where(PanelMember.id == claimant.member.id)
                        .with_for_update())
    else:
        session.execute(sa.select(Application.id)
                        .where(Application.id == claimant.application.id).with_for_update())


def _same_claim_just_sent(session: Session, claimant: Claimant, clean: dict
                          ) -> ExpenseClaim | None:
    owner = (ExpenseClaim.person_id == claimant.person.id if claimant.member is not None
             else ExpenseClaim.application_id == claimant.application.id)
    return session.scalar(sa.select(ExpenseClaim).where(
        owner, ExpenseClaim.recruitment_id == claimant.recruitment.id,
        ExpenseClaim.activity == clean["activity"],
        ExpenseClaim.activity_on == clean["activity_on"],
        ExpenseClaim.category == clean["category"], ExpenseClaim.amount == clean["amount"],
        ExpenseClaim.description == clean["description"],
        ExpenseClaim.status == ClaimStatus.SUBMITTED,
        ExpenseClaim.created_at > utcnow() - DOUBLE_SUBMIT_WINDOW).limit(1))


def submit_claim(session: Session, claimant: Claimant, data: dict,
                 receipt: bytes | None = None) -> tuple[ExpenseClaim, str | None]:
    """Make a claim (R-PAY1, R-PAY3). `data`: activity, activity_on (a date), category,
    amount (text or Decimal), hours (for a fee), description. A fee's amount is the hours at
    the role's hourly rate (R-PAY2). The same claim sent twice within DOUBLE_SUBMIT_WINDOW is
    kept once. Returns the claim and the stored name of a receipt written now (for the caller
    to remove if the commit fails). Raises ValidationFailed or DomainError."""
    clean = check_claim(claimant, data)
    media_type = identify_receipt(receipt) if receipt is not None else None
    _lock_claimant(session, claimant)
    existing = _same_claim_just_sent(session, claimant, clean)
    if existing is not None:
        return existing, None
    stored_name = _store_receipt(receipt) if receipt is not None else None
    claim = ExpenseClaim(
        recruitment_id=claimant.recruitment.id,
        person_id=claimant.person.id if claimant.member is not None else None,
        application_id=claimant.application.id if claimant.application is not None else None,
        receipt_stored_name=stored_name, receipt_media_type=media_type, **clean)
    session.add(claim)
    session.flush()
    actor = claimant.recorded_by or claimant.person
    audit.record(session, actor, "expense_claimed", claim,
                 recruitment_id=claimant.recruitment.id, amount=str(claim.amount),
                 category=claim.category, on_behalf=claimant.recorded_by is not None)
    if claimant.application is not None:
        from portal.applications.services import record

        record(session, claimant.application, "expense_claimed", claimant.recorded_by,
               claim_id=claim.id, amount=str(claim.amount))
    session.flush()
    return claim, stored_name


# ---- reading claims -------------------------------------------------------------------------

@dataclass
class ClaimRow:
    """A claim with what a list shows beside it."""

    claim: ExpenseClaim
    recruitment: Recruitment
    claimant: str
    decided_by: str

    @property
    def reference(self) -> str:
        return claim_reference(self.claim)


def _rows(session: Session, query: sa.Select) -> list[ClaimRow]:
    """Claims with their recruitment, claimant and decider, in one statement."""
    decider = aliased(Person)
    claimant = aliased(Person)
    rows = session.execute(
        query.add_columns(Recruitment, claimant, Application.contact, decider)
        .join(Recruitment, Recruitment.id == ExpenseClaim.recruitment_id)
        .outerjoin(claimant, claimant.id == ExpenseClaim.person_id)
        .outerjoin(Application, Application.id == ExpenseClaim.application_id)
        .outerjoin(decider, decider.id == ExpenseClaim.decided_by_id)
        .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version)))
    out = []
    for claim, recruitment, person, contact, decided in rows:
        name = person.full_name if person is not None else (contact or {}).get("name", "")
        out.append(ClaimRow(claim, recruitment, name,
                            decided.full_name if decided is not None else ""))
    return out


def claims_of_person(session: Session, person: Person) -> list[ClaimRow]:
    """Everything this signed-in person has claimed, newest first."""
    return _rows(session, sa.select(ExpenseClaim).where(ExpenseClaim.person_id == person.id)
                 .order_by(ExpenseClaim.created_at.desc(), ExpenseClaim.id.desc()))


def claims_of_application(session: Session, application: Application) -> list[ClaimRow]:
    """Everything claimed for this applicant (by them, or recorded for them), newest first."""
    return _rows(session, sa.select(ExpenseClaim)
                 .where(ExpenseClaim.application_id == application.id)
                 .order_by(ExpenseClaim.created_at.desc(), ExpenseClaim.id.desc()))


def _with_titles(query: sa.Select) -> sa.Select:
    return query.options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))


def overview(session: Session, person: Person) -> dict:
    """The signed-in person's expenses page: their claims, the panels they can claim for,
    the recruitments whose budget they hold (with how many claims wait), and, for
    administrators, the recruitments of their organisations (at most 200, newest first)."""
    panels = list(session.scalars(_with_titles(
        sa.select(Recruitment).join(PanelMember, PanelMember.recruitment_id == Recruitment.id)
        .where(PanelMember.person_id == person.id, PanelMember.removed_at.is_(None))
        .order_by(Recruitment.id))))
    waiting = (sa.select(sa.func.count(ExpenseClaim.id))
               .where(ExpenseClaim.recruitment_id == Recruitment.id,
                      ExpenseClaim.status == ClaimStatus.SUBMITTED)
               .correlate(Recruitment).scalar_subquery())
    holding = [tuple(row) for row in session.execute(_with_titles(
        sa.select(Recruitment, waiting).where(Recruitment.budget_holder_id == person.id)
        .order_by(Recruitment.id)))]
    organisations = permissions.administered_organisation_ids(session, person)
    administered: list[Recruitment] = []
    if organisations is None or organisations:
        query = _with_titles(
            sa.select(Recruitment).join(Board, Board.id == Recruitment.board_id)
            .where(Recruitment.published_version_id.is_not(None))
            .order_by(Recruitment.id.desc()).limit(200))
        if organisations is not None:
            query = query.where(Board.organisation_id.in_(organisations))
        administered = list(session.scalars(query))
    return {"claims": claims_of_person(session, person), "panels": panels,
            "holding": holding, "administered": administered}


def receipt_for(session: Session, person: Person | None, claim_id: int,
                claimant: Claimant | None = None) -> tuple[ExpenseClaim, Path]:
    """A claim's receipt, for its claimant (signed in, or an applicant through their link)
    and for the recruitment's budget holder. For anyone else it does not exist (NotFound),
    so claim ids cannot be probed."""
    claim = session.get(ExpenseClaim, claim_id)
    if claim is None or not claim.receipt_stored_name:
        raise NotFound()
    if claimant is not None:
        allowed = (claimant.application is not None
                   and claim.application_id == claimant.application.id)
    else:
        signed_in = person is not None and person.is_authenticated
        holder = session.scalar(sa.select(Recruitment.budget_holder_id).where(
            Recruitment.id == claim.recruitment_id))
        allowed = signed_in and person.id in (claim.person_id, holder)
    if not allowed:
        raise NotFound()
    path = upload_folder() / claim.receipt_stored_name
    if not path.is_file():
        raise NotFound()
    return claim, path


# ---- the budget holder (R-PAY1) -------------------------------------------------------------

def _organisation_id(session: Session, recruitment: Recruitment) -> int:
    return session.scalar(sa.select(Board.organisation_id).where(
        Board.id == recruitment.board_id))


def ensure_org_admin(session: Session, person: Person | None, recruitment_id: int
                     ) -> Recruitment:
    """The recruitment, for an administrator of its organisation or of the platform."""
    recruitment = _recruitment(session, recruitment_id)
    permissions.ensure_administers(session, person, _organisation_id(session, recruitment))
    return recruitment


def holder_candidates(session: Session, recruitment: Recruitment) -> list[Person]:
    """Who may hold the budget: people with an account in the recruitment's organisation
    (its administrators and engagement workers) and the recruitment's group."""
    organisation_id = _organisation_id(session, recruitment)
    staff = sa.select(RoleGrant.person_id).where(
        RoleGrant.organisation_id == organisation_id,
        RoleGrant.role.in_((Role.ORG_ADMIN, Role.ENGAGEMENT_WORKER)))
    group = sa.select(GroupMember.person_id).where(
        GroupMember.recruitment_id == recruitment.id,
        GroupMember.status == MemberStatus.ACCEPTED)
    return list(session.scalars(
        sa.select(Person).where(sa.or_(Person.id.in_(staff), Person.id.in_(group)),
                                Person.is_active.is_(True))
        .order_by(Person.family_name, Person.given_name, Person.id)))


def name_budget_holder(session: Session, actor: Person, recruitment_id: int,
                       person_id: int | None) -> Recruitment:
    """An administrator of the organisation names who approves the recruitment's claims
    (R-PAY1). Raises Forbidden, or DomainError on field "person"."""
    recruitment = ensure_org_admin(session, actor, recruitment_id)
    session.execute(sa.select(Recruitment.id).where(Recruitment.id == recruitment_id)
                    .with_for_update())
    chosen = next((p for p in holder_candidates(session, recruitment) if p.id == person_id),
                  None)
    if chosen is None:
        raise DomainError(_l("Choose who will approve claims"), field="person")
    before = recruitment.budget_holder_id
    recruitment.budget_holder_id = chosen.id
    session.flush()
    audit.record(session, actor, "budget_holder_named", recruitment, person_id=chosen.id,
                 before=before, recruitment_id=recruitment.id)
    return recruitment


def ensure_budget_holder(session: Session, person: Person | None, recruitment_id: int
                         ) -> Recruitment:
    """The recruitment, for its named budget holder only (Forbidden for everyone else)."""
    recruitment = _recruitment(session, recruitment_id)
    if (person is None or not person.is_authenticated
            or recruitment.budget_holder_id != person.id):
        raise Forbidden()
    return recruitment


def claims_for_holder(session: Session, actor: Person, recruitment_id: int
                      ) -> tuple[Recruitment, list[ClaimRow], list[ClaimRow]]:
    """The claims waiting for the budget holder, oldest first, and those already decided."""
    recruitment = ensure_budget_holder(session, actor, recruitment_id)
    rows = _rows(session, sa.select(ExpenseClaim)
                 .where(ExpenseClaim.recruitment_id == recruitment_id)
                 .order_by(ExpenseClaim.created_at, ExpenseClaim.id))
    waiting = [r for r in rows if r.claim.status == ClaimStatus.SUBMITTED]
    decided = [r for r in reversed(rows) if r.claim.status != ClaimStatus.SUBMITTED]
    return recruitment, waiting, decided


def claim_for_holder(session: Session, actor: Person, recruitment_id: int, claim_id: int
                     ) -> tuple[Recruitment, ClaimRow]:
    recruitment = ensure_budget_holder(session, actor, recruitment_id)
    rows = _rows(session, sa.select(ExpenseClaim).where(
        ExpenseClaim.id == claim_id, ExpenseClaim.recruitment_id == recruitment_id))
    if not rows:
        raise NotFound()
    return recruitment, rows[0]


def is_own_claim(session: Session, person: Person, claim: ExpenseClaim) -> bool:
    if claim.person_id == person.id:
        return True
    if claim.application_id is None:
        return False
    return session.scalar(sa.select(Application.person_id).where(
        Application.id == claim.application_id)) == person.id


APPROVE, RETURN = "approve", "return"


def decide(session: Session, actor: Person, recruitment_id: int, claim_id: int,
           decision: str | None, note: str | None) -> ExpenseClaim:
    """The budget holder approves a claim, or returns it with the reason and what to do
    (R-PAY1). Nobody decides their own claim. The claim's row is locked, so of two clicks the
    second finds it decided. Audited; the claimant is told in their language by their channel.
    Raises Forbidden, NotFound or DomainError (fields "decision", "note")."""
    recruitment = ensure_budget_holder(session, actor, recruitment_id)
    claim = session.scalar(sa.select(ExpenseClaim).where(
        ExpenseClaim.id == claim_id, ExpenseClaim.recruitment_id == recruitment_id)
        .with_for_update())
    if claim is None:
        raise NotFound()
    if is_own_claim(session, actor, claim):
        raise DomainError(_l("You cannot approve or return your own claim. Ask an "
                             "administrator of your organisation to name someone else to "
                             "decide it."), field="decision")
    if claim.status != ClaimStatus.SUBMITTED:
        raise DomainError(_l("This claim has already been decided."), field="decision")
    note = (note or "").strip()
    if decision not in (APPROVE, RETURN):
        raise DomainError(_l("Choose whether to approve the claim or return it"),
                          field="decision")
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Keep this to %(n)s characters or fewer", n=NOTE_MAX),
                          field="note")
    if decision == RETURN and not note:
        raise DomainError(_l("Say why the claim is returned and what they can do"),
                          field="note")
    claim.status = ClaimStatus.APPROVED if decision == APPROVE else ClaimStatus.RETURNED
    claim.decided_by_id = actor.id
    claim.decided_at = utcnow()
    claim.decision_note = note or None
    session.flush()
    kind = "expense_approved" if decision == APPROVE else "expense_returned"
    audit.record(session, actor, kind, claim, reason=note or None,
                 recruitment_id=recruitment_id, amount=str(claim.amount))
    _tell_claimant(session, recruitment, claim, kind, actor)
    return claim


def _tell_claimant(session: Session, recruitment: Recruitment, claim: ExpenseClaim,
                   template: str, actor: Person) -> None:
    """The decision, to the claimant in their language by their channel (R-AC2)."""
    organisation_id = _organisation_id(session, recruitment)
    extra = {"claim_reference": claim_reference(claim), "amount": f"{claim.amount:.2f}",
             "activity": claim.activity.value, "activity_on": claim.activity_on.isoformat(),
             "category": claim.category, "note": claim.decision_note or ""}
    key = f"{template}:{claim.id}"
    if claim.person_id is not None:
        person = session.get(Person, claim.person_id)
        lang = person.preferred_language.value
        message = outbox.queue_message(
            session, key=key, template=template, person=person,
            payload={"name": person.full_name, "title": title_of(recruitment, lang),
                     "contact_name": recruitment.contact_name,
                     "contact_phone": recruitment.contact_phone,
                     "contact_email": recruitment.contact_email,
                     "phone": person.phone, "postal_address": person.postal_address,
                     "claims_url": current_app.config["BASE_URL"].rstrip("/")
                     + f"/{lang}/expenses/claims", **extra})
        message.organisation_id = organisation_id  # a letter waits for this organisation
        session.flush()
        return
    if claim.application_id is None:
        return
    from portal.applications.events import acknowledge
    from portal.applications.services import record

    application = session.get(Application, claim.application_id)
    record(session, application, template, actor, claim_id=claim.id)
    acknowledge(session, application, recruitment, key, template, organisation_id, extra)


# ---- finance's export -----------------------------------------------------------------------

CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


def _when(moment: datetime | None) -> str:
    return moment.astimezone(WALES).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_summary(session: Session, actor: Person, recruitment_id: int
                   ) -> tuple[Recruitment, int, int]:
    """For the export page: approved claims, and how many of them were never exported."""
    recruitment = ensure_org_admin(session, actor, recruitment_id)
    approved, fresh = session.execute(
        sa.select(sa.func.count(ExpenseClaim.id),
                  sa.func.count(ExpenseClaim.id).filter(ExpenseClaim.exported_at.is_(None)))
        .where(ExpenseClaim.recruitment_id == recruitment_id,
               ExpenseClaim.status == ClaimStatus.APPROVED)).one()
    return recruitment, approved or 0, fresh or 0


def export_csv(session: Session, actor: Person, recruitment_id: int, only_new: bool
               ) -> tuple[str, bytes, int]:
    """Approved claims as CSV for finance (UTF-8 with a byte-order mark so that Excel reads
    Welsh letters; one row a claim; every cell safe from formula injection). Claims not
    exported before are marked exported in this transaction; their rows are locked first,
    so with `only_new` a double click exports each claim once. Returns the file name, the
    bytes and how many claims. Raises Forbidden or NotFound."""
    recruitment = ensure_org_admin(session, actor, recruitment_id)
    query = (sa.select(ExpenseClaim.id)
             .where(ExpenseClaim.recruitment_id == recruitment_id,
                    ExpenseClaim.status == ClaimStatus.APPROVED)
             .order_by(ExpenseClaim.id).with_for_update())
    if only_new:
        query = query.where(ExpenseClaim.exported_at.is_(None))
    ids = list(session.scalars(query))
    rows = _rows(session, sa.select(ExpenseClaim).where(ExpenseClaim.id.in_(ids))
                 .order_by(ExpenseClaim.id)) if ids else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Reference"), _("Claimant"), _("Activity"), _("Date"), _("Category"),
                     _("Amount (£)"), _("Hours"), _("Approved by"), _("Approved at")])
    for row in rows:
        claim = row.claim
        writer.writerow([csv_safe(v) for v in (
            claim_reference(claim), row.claimant, activity_words(claim.activity),
            claim.activity_on.isoformat(), category_words(claim.category),
            f"{claim.amount:.2f}", f"{claim.hours:.2f}" if claim.hours is not None else "",
            row.decided_by, _when(claim.decided_at))])
    now = utcnow()
    if ids:
        session.execute(sa.update(ExpenseClaim)
                        .where(ExpenseClaim.id.in_(ids), ExpenseClaim.exported_at.is_(None))
                        .values(exported_at=now))
    audit.record(session, actor, "expenses_exported", recruitment, claims=len(ids),
                 only_new=only_new, recruitment_id=recruitment.id)
    session.flush()
    name = f"expenses-{recruitment.id}-{now.astimezone(WALES):%Y%m%d-%H%M%S}.csv"
    return name, ("\ufeff" + out.getvalue()).encode("utf-8"), len(ids)


def when_words(day: date) -> str:
    return format_date(day, "d MMMM yyyy")


def day_words(value) -> str:
    """A date kept as ISO text in a message's payload, in the current language."""
    try:
        return when_words(date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")
