"""Recruitment panels: the agreed scheme, the panel's readiness, independent scores,
moderated decisions, interviews and expense claims (R-SEL3–R-SEL6, R-MT1, R-PAY1–R-PAY3).

- A **PanelScheme** is one numbered version of what the leadership group agrees (R-SEL3): the
  panel's members, the scoring scale with a descriptor for every point, the criteria with their
  weights, and the interview questions with what a good answer covers. Approvals belong to one
  version (`PanelSchemeApproval`, the pattern of `Approval`); `approved_at` is set when the group
  has approved it, and the newest approved version is the one in force. `locked_at` is set
  when its first score is saved: a change after that is a new version needing approval again.
- A **PanelMember** is a person on the panel of one recruitment, with their readiness: training
  or earlier panel experience (R-SEL6), the confidentiality agreement, their scoring order and
  their choice of a fee or to volunteer (R-PAY2).
- A **ConflictDeclaration** is one member's answer for one application (R-SEL4): no conflict,
  or a conflict (then they neither open nor score it).
- A **ScoreSheet** is one member's scores of one application at one stage (shortlisting or
  interview); `submitted_at` makes it final and lets them see the others' submitted sheets.
  A **Score** is one criterion's (or question's) points and reason on a sheet.
- A **PanelDecision** is the panel's decision on one application at one stage, with its
  reason and the members who made it (R-SEL5).
- An **InterviewSlot** is a time and place; an **Interview** is one applicant's invitation,
  their chosen slot or their request for another time (R-MT1).
- An **ExpenseClaim** is one claim (an expense or a fee) for one activity (R-PAY1–R-PAY3).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import (
    ApprovalDecision,
    ChatMode,
    ClaimActivity,
    ClaimStatus,
    InterviewStatus,
    PanelOutcome,
    PanelStage,
    enum_column,
)
from portal.models.people import Person


class PanelScheme(Base):
    """One version of a recruitment's panel scheme (R-SEL3).

    JSON shapes (the services validate them; the texts are in both languages, R-AC2):
    - `member_ids`: [person id, …], the agreed panel; `chair_id` one of them.
    - `scale`: [{"points": 0, "en": "…", "cy": "…"}, …], one descriptor per point, ascending.
    - `criteria`: [{"key": "c1", "kind": "essential"|"desirable", "en": "…", "cy": "…",
      "weight": 1–5}, …], from the person specification.
    - `questions`: [{"key": "q1", "en": "…", "cy": "…", "good_en": "…", "good_cy": "…",
      "weight": 1–5}, …].
    """

    __tablename__ = "panel_scheme"
    __table_args__ = (
        sa.UniqueConstraint("recruitment_id", "number", name="uq_panel_scheme_version"),
        sa.CheckConstraint("min_scorers >= 1", name="min_scorers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    member_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    chair_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    scale: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # The fewest unconflicted members who must score each application (the chair is warned
    # when conflicts leave fewer).
    min_scorers: Mapped[int] = mapped_column(default=3)
    note: Mapped[str | None] = mapped_column(sa.Text)  # why this version was made
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PanelSchemeApproval(Base):
    """One group member's answer on one scheme version (R-SEL3, as R-RD3 for descriptions)."""

    __tablename__ = "panel_scheme_approval"
    __table_args__ = (
        sa.UniqueConstraint("scheme_id", "person_id", name="uq_panel_scheme_approval_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("panel_scheme.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    decision: Mapped[ApprovalDecision] = mapped_column(enum_column(ApprovalDecision, 10))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PanelMember(Base):
    """A person on one recruitment's panel and their readiness (R-SEL6, R-SEL4, R-PAY2)."""

    __tablename__ = "panel_member"
    __table_args__ = (
        sa.UniqueConstraint("recruitment_id", "person_id", name="uq_panel_member_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="RESTRICT"),
                                           index=True)
    # R-SEL6: "training" (done the panel training) or "experience" (sat on a panel before).
    training_basis: Mapped[str | None] = mapped_column(sa.String(20))
    training_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Someone who saw them attend the training session (when the member had neither).
    training_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    training_offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confidentiality_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Question by question (the default, R-SEL3 de-biasing) or application by application.
    scoring_mode: Mapped[str] = mapped_column(sa.String(20), default="by_question")
    # Seeds this member's own random order of applications.
    order_seed: Mapped[int] = mapped_column(default=0)
    # R-PAY2: "fee" or "volunteer", chosen by the member; None until chosen.
    payment_choice: Mapped[str | None] = mapped_column(sa.String(20))
    payment_choice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="raise")


class ConflictDeclaration(Base):
    """One member's declaration for one application (R-SEL4). A member opens an application
    only after declaring no conflict with it."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "application_id", name="uq_conflict_declaration_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("panel_member.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    conflicted: Mapped[bool]
    note: Mapped[str | None] = mapped_column(sa.Text)  # what the conflict is, for the chair
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScoreSheet(Base):
    """One member's scores of one application at one stage. Until `submitted_at`, only its
    member sees it; afterwards it is final and its member may see the others' submitted
    sheets for that application (R-SEL3 independence)."""

    __tablename__ = "score_sheet"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "application_id", "stage",
                            name="uq_score_sheet_once"),
        sa.Index("ix_score_sheet_application_stage", "application_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("panel_member.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE")
    )
    stage: Mapped[PanelStage] = mapped_column(enum_column(PanelStage, 12))
    scheme_id: Mapped[int] = mapped_column(sa.ForeignKey("panel_scheme.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Score(Base):
    """Points and a short reason for one criterion (shortlisting) or question (interview)."""

    __tablename__ = "score"
    __table_args__ = (
        sa.UniqueConstraint("sheet_id", "criterion", name="uq_score_once"),
        sa.CheckConstraint("points >= 0", name="points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("score_sheet.id", ondelete="CASCADE"), index=True
    )
    criterion: Mapped[str] = mapped_column(sa.String(40))  # a key of the scheme's list
    points: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PanelDecision(Base):
    """The panel's decision on one application at one stage, with its reason (R-SEL5).
    `made_by_ids` are the panel members who took it together; a staff member never decides
    alone. `told_at` is when the outcome went to the applicant."""

    __tablename__ = "panel_decision"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "stage", name="uq_panel_decision_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE")
    )
    stage: Mapped[PanelStage] = mapped_column(enum_column(PanelStage, 12))
    outcome: Mapped[PanelOutcome] = mapped_column(enum_column(PanelOutcome))
    # For an appointment: the seat type (service_user, carer, deputy).
    seat_type: Mapped[str | None] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text)
    made_by_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kind feedback per criterion, as bands (never raw numbers), fixed when the outcome is sent.
    feedback: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InterviewSlot(Base):
    """A time and place for one interview, with the venue's accessibility (R-MT1)."""

    __tablename__ = "interview_slot"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[ChatMode] = mapped_column(enum_column(ChatMode))
    place: Mapped[str] = mapped_column(sa.Text, default="")  # an address, or a phone number
    video_link: Mapped[str | None] = mapped_column(sa.String(500))
    # {"en": …, "cy": …}: step-free access, hearing loop, parking, quiet room…
    access: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Interview(Base):
    """One applicant's interview: invited, a slot chosen or another time asked for (R-MT1).
    A slot holds one interview at a time."""

    __tablename__ = "interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    slot_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interview_slot.id", ondelete="SET NULL"), unique=True
    )
    status: Mapped[InterviewStatus] = mapped_column(
        enum_column(InterviewStatus), default=InterviewStatus.INVITED
    )
    # The applicant's own link to choose a time (and claim expenses): only its SHA-256 here.
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    # Why fewer than 14 days' notice was given (R-MT1), when it was.
    short_notice_reason: Mapped[str | None] = mapped_column(sa.Text)
    # R-MT1: questions in advance when asked for, at least 7 days before.
    questions_wanted: Mapped[bool] = mapped_column(default=False)
    questions_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    other_time_request: Mapped[str | None] = mapped_column(sa.Text)
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExpenseClaim(Base):
    """One claim for one activity (R-PAY1–R-PAY3): an expense (with an optional photo of the
    receipt) or, for panel members who chose it, a fee. Claimed by a signed-in person or by an
    applicant through their application; approved by the recruitment's budget holder."""

    __tablename__ = "expense_claim"
    __table_args__ = (
        sa.CheckConstraint("amount >= 0", name="amount"),
        sa.CheckConstraint("person_id IS NOT NULL OR application_id IS NOT NULL",
                           name="claimant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application.id", ondelete="SET NULL"), index=True
    )
    activity: Mapped[ClaimActivity] = mapped_column(enum_column(ClaimActivity))
    activity_on: Mapped[date]
    # "fee" or an expense category (travel, subsistence, childcare, care, parking, phone,
    # postage, stationery, printing, accommodation, other).
    category: Mapped[str] = mapped_column(sa.String(20))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))  # a fee's hours
    receipt_stored_name: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    receipt_media_type: Mapped[str | None] = mapped_column(sa.String(100))
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus), default=ClaimStatus.SUBMITTED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
