"""Who is on a recruitment's panel, and what each member may open (R-SEL3, R-SEL4, R-SEL6).

Every panel journey (scheme, readiness, scoring, moderation, interviews, decisions) asks these
functions first, so that the rules live in one place:

- The scheme **in force** is the newest version the group has approved (`approved_at`); a
  newer draft changes nothing until it is approved too (R-SEL3).
- A **panel member** is a person named in the scheme in force who has a PanelMember row that
  has not been removed. Anyone else, including administrators and engagement workers, is not
  on the panel and never sees scores.
- A member is **ready** when they have confirmed training or earlier panel experience (R-SEL6)
  and the confidentiality agreement. Until then they open no application.
- A member may **open** an application of their recruitment only after declaring that they have
  no conflict of interest with it (R-SEL4). A conflicted member is refused everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.errors import DomainError, Forbidden, NotFound
from portal.models import (
    Application,
    ConflictDeclaration,
    GroupMember,
    PanelMember,
    PanelScheme,
    Person,
)
from portal.models.enums import (
    ApplicationStatus,
    MemberKind,
    MemberStatus,
    PanelOutcome,
    PanelStage,
)

# The decisions each stage can make (R-SEL5).
OUTCOMES_AT = {
    PanelStage.SHORTLIST: (PanelOutcome.INTERVIEW, PanelOutcome.INFORMAL_CHAT,
                           PanelOutcome.RESERVE, PanelOutcome.NOT_THIS_TIME),
    PanelStage.INTERVIEW: (PanelOutcome.APPOINT, PanelOutcome.APPOINT_DEPUTY,
                           PanelOutcome.RESERVE, PanelOutcome.NOT_APPOINTED),
}

# A spread of this many points or more between members on one criterion is flagged for
# discussion at moderation.
DISAGREEMENT_SPREAD = 2

# Routes whose applications the panel scores. An informal chat is a conversation, not an
# application: when it leads on, the follow-on application is scored.
NOT_SCORED_ROUTES = frozenset({"informal_chat"})


class MustDeclare(DomainError):
    """The member has not yet declared whether they have a conflict with this application."""

    def __init__(self):
        super().__init__(_l("Say whether you have a conflict of interest with this applicant "
                            "before you open their application."))


class NotReady(DomainError):
    """The member has not yet confirmed training (or experience) and confidentiality."""

    def __init__(self):
        super().__init__(_l("Confirm your training and the confidentiality agreement before "
                            "you open any application."))


def current_scheme(session: Session, recruitment_id: int) -> PanelScheme | None:
    """The scheme in force: the newest approved version (R-SEL3)."""
    return session.scalar(
        sa.select(PanelScheme)
        .where(PanelScheme.recruitment_id == recruitment_id, PanelScheme.approved_at.is_not(None))
        .order_by(PanelScheme.number.desc()).limit(1))


def latest_scheme(session: Session, recruitment_id: int) -> PanelScheme | None:
    """The newest version, approved or not (a draft being agreed)."""
    return session.scalar(
        sa.select(PanelScheme).where(PanelScheme.recruitment_id == recruitment_id)
        .order_by(PanelScheme.number.desc()).limit(1))


def member_of(session: Session, person: Person | None, recruitment_id: int,
              scheme: PanelScheme | None = None) -> PanelMember | None:
    """This person's place on the panel in force, or None."""
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    scheme = scheme if scheme is not None else current_scheme(session, recruitment_id)
    if scheme is None or person.id not in (scheme.member_ids or []):
        return None
    return session.scalar(sa.select(PanelMember).where(
        PanelMember.recruitment_id == recruitment_id, PanelMember.person_id == person.id,
        PanelMember.removed_at.is_(None)))


def is_ready(member: PanelMember) -> bool:
    return member.training_confirmed_at is not None and member.confidentiality_at is not None


@dataclass
class Seat:
    """A signed-in person's place on one panel: the scheme in force and their row."""

    scheme: PanelScheme
    member: PanelMember

    @property
    def is_chair(self) -> bool:
        return self.scheme.chair_id == self.member.person_id


def ensure_member(session: Session, person: Person | None, recruitment_id: int) -> Seat:
    """Raise Forbidden unless the person is on this recruitment's panel in force."""
    scheme = current_scheme(session, recruitment_id)
    member = member_of(session, person, recruitment_id, scheme) if scheme else None
    if member is None:
        raise Forbidden()
    return Seat(scheme, member)


def ensure_ready(session: Session, person: Person | None, recruitment_id: int) -> Seat:
    """A panel member who has confirmed training and confidentiality (R-SEL6), else NotReady."""
    seat = ensure_member(session, person, recruitment_id)
    if not is_ready(seat.member):
        raise NotReady()
    return seat


def panel_applications(recruitment_id: int) -> sa.Select:
    """A query of the applications the panel scores: sent, not withdrawn, not a chat."""
    return (sa.select(Application)
            .where(Application.recruitment_id == recruitment_id,
                   Application.status == ApplicationStatus.SUBMITTED,
                   Application.route.not_in(NOT_SCORED_ROUTES))
            .order_by(Application.id))


def declaration(session: Session, member: PanelMember,
                application_id: int) -> ConflictDeclaration | None:
    return session.scalar(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member.id,
        ConflictDeclaration.application_id == application_id))


def ensure_may_open(session: Session, person: Person | None, recruitment_id: int,
                    application_id: int) -> tuple[Seat, Application]:
    """The one check before a member reads or scores an application (R-SEL4, R-SEL6):
    on the panel, ready, the application one the panel scores, no conflict declared.
    Raises Forbidden (not on the panel, conflicted), NotFound (not this panel's application),
    NotReady or MustDeclare."""
    seat = ensure_ready(session, person, recruitment_id)
    application = session.scalar(panel_applications(recruitment_id)
                                 .where(Application.id == application_id))
    if application is None:
        raise NotFound()
    declared = declaration(session, seat.member, application_id)
    if declared is None:
        raise MustDeclare()
    if declared.conflicted:
        raise Forbidden(_l("You declared a conflict of interest with this applicant, so you "
                           "do not see or score their application."))
    return seat, application


def lived_experience_ids(session: Session, recruitment_id: int) -> set[int]:
    """People who are accepted lived-experience members of the recruitment's group: only they
    make up the majority a panel decision needs (R-LG1, R-SEL5)."""
    return set(session.scalars(sa.select(GroupMember.person_id).where(
        GroupMember.recruitment_id == recruitment_id,
        GroupMember.status == MemberStatus.ACCEPTED,
        GroupMember.kind == MemberKind.LIVED_EXPERIENCE)))


# ---- pseudonymous labels (R-SEL3: anonymised scoring) -------------------------------------

# Letters only, without I and O (read as 1 and 0), so a label never looks like a number or a
# reference and says nothing about the order applications came in.
_LABEL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LABEL_LENGTH = 6


def label_code(application_id: int) -> str:
    """A stable pseudonymous code for one application: the HMAC of its id under the app's
    SECRET_KEY, as six letters. It reveals neither the order nor the applicant; the same
    application has the same code on every panel page (scoring, moderation, interviews,
    conflicts)."""
    import hashlib
    import hmac

    from flask import current_app

    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"panel-label:{int(application_id)}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(_LABEL_LENGTH):
        number, index = divmod(number, len(_LABEL_LETTERS))
        letters.append(_LABEL_LETTERS[index])
    return "".join(letters)


def label(application_id: int) -> str:
    """What panel pages call an application: "Applicant KXPQRT", in the page's language."""
    from flask_babel import gettext

    return gettext("Applicant %(code)s", code=label_code(application_id))


def member_order_key(member: PanelMember, application_id: int) -> str:
    """Sort key of this member's own random order of applications (R-SEL3 de-biasing):
    deterministic from the member's order_seed, different for every member."""
    import hashlib

    return hashlib.blake2b(f"{member.order_seed}:{int(application_id)}".encode(),
                           digest_size=8, key=b"panel-order").hexdigest()


# ---- who must submit (R-SEL3, R-SEL4) -----------------------------------------------------
#
# The one rule scoring progress, moderation and the decision share: an application's sheets
# are **all in** at a stage when every member of the scheme in force (named in
# `scheme.member_ids`, PanelMember not removed) who has not declared a conflict with it has
# submitted their sheet. A member who has not declared yet, or is not ready yet, still must
# submit: nobody is left out by doing nothing. An application nobody may score is never all in.

def scoring_members(session: Session, recruitment_id: int,
                    scheme: PanelScheme) -> list[PanelMember]:
    """The members of the scheme in force with their people, by name (one statement)."""
    from sqlalchemy.orm import contains_eager

    return list(session.scalars(
        sa.select(PanelMember).join(PanelMember.person).options(contains_eager(PanelMember.person))
        .where(PanelMember.recruitment_id == recruitment_id,
               PanelMember.person_id.in_(list(scheme.member_ids or [-1])),
               PanelMember.removed_at.is_(None))
        .order_by(Person.given_name, Person.family_name, PanelMember.id)))


def conflicted_pairs(session: Session, member_ids) -> set[tuple[int, int]]:
    """(member id, application id) for every conflict these members declared (one statement)."""
    return set(session.execute(sa.select(
        ConflictDeclaration.member_id, ConflictDeclaration.application_id).where(
        ConflictDeclaration.member_id.in_(list(member_ids) or [-1]),
        ConflictDeclaration.conflicted.is_(True))).all())


def must_submit(member_ids, conflicted: set[tuple[int, int]], application_id: int) -> list[int]:
    """The members who must submit a sheet for this application: all without a conflict."""
    return [m for m in member_ids if (m, application_id) not in conflicted]


def all_in(needed, submitted) -> bool:
    """Whether the sheets are all in: someone must submit, and everyone who must has."""
    needed = list(needed)
    return bool(needed) and all(m in submitted for m in needed)


# ---- a fee or to volunteer (R-PAY2) ---------------------------------------------------------

# The choice a panel member makes, in the same words on the readiness page and the claim page
# (expenses.services.choose_payment saves it). Here, because both journeys import core.
PAYMENT_WORDS = (
    ("fee", _l("I would like to be paid a fee for my time")),
    ("volunteer", _l("I would like to volunteer, without a fee")),
)
