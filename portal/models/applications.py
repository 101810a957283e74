"""Applications to a published role, in whatever way suits the applicant (R-SEL1, R-AC1).

An application starts as a draft without an account: the browser that started it holds a
secret (only its SHA-256 is stored here), and "save and come back later" hands the same secret
on as a link, or as the reference and a short code for someone without email. Every change of
stage is an ApplicationEvent, which is the applicant's timeline (R-SEL5).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import (
    ApplicationStatus,
    ChatMode,
    ChatOutcome,
    Language,
    RouteAnswer,
    enum_column,
)


class Application(Base):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="RESTRICT"), index=True
    )
    # The applicant, once they have said who they are (a Person needs no email, R-AC1).
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    reference: Mapped[str] = mapped_column(sa.String(12), unique=True)
    access_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # "Save and come back later" without email: the reference and a short code to write down
    # (only its hash is kept), with a count of wrong tries.
    resume_code_hash: Mapped[str | None] = mapped_column(sa.String(64))
    resume_failures: Mapped[int] = mapped_column(default=0)
    route: Mapped[str] = mapped_column(sa.String(40))  # a key of roles.SELECTION_METHODS
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.DRAFT
    )
    language: Mapped[Language] = mapped_column(enum_column(Language, 2))
    # R-RD4: "yes" (within the role's window), "no"; None until answered.
    eligibility: Mapped[str | None] = mapped_column(sa.String(10))
    # R-SEL2: a different route asked for, and why.
    other_route_request: Mapped[str | None] = mapped_column(sa.Text)
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # How to reach them, as they told us: {"name", "channel", "email"|"phone"|"postal_address"}.
    # Kept on the application until they have an account, never matched to one by email.
    contact: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # R-IV1: an engagement worker who wrote it down for the applicant (a spoken expression of
    # interest, an assisted application), and when the applicant confirmed the read-back.
    # Once confirmed, only a new read-back confirmed by the applicant changes it.
    assisted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A formal invitation: the group member who invited this person.
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    # The group event they signed up for (route group_event).
    group_event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("group_event.id", ondelete="SET NULL"), index=True
    )
    # The informal chat this application grew out of (3.3.7: nothing asked twice).
    follows_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application.id", ondelete="SET NULL")
    )
    # R-SEL2: the group's answer to other_route_request, who gave it and when.
    route_answer: Mapped[RouteAnswer | None] = mapped_column(enum_column(RouteAnswer))
    route_answer_text: Mapped[str | None] = mapped_column(sa.Text)
    route_answered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    route_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # R-AC3: whether equality monitoring was answered (the answers are elsewhere, unlinked).
    equality_answered: Mapped[bool] = mapped_column(default=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)


class InformalChat(Base):
    """An informal chat asked for (route informal_chat), arranged by a representative or an
    engagement worker, and its outcome."""

    __tablename__ = "informal_chat"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    mode: Mapped[ChatMode] = mapped_column(enum_column(ChatMode))
    best_times: Mapped[str] = mapped_column(sa.Text, default="")
    arranged_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arranged_where: Mapped[str | None] = mapped_column(sa.Text)  # a place, a number, a link
    arranged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    outcome: Mapped[ChatOutcome | None] = mapped_column(enum_column(ChatOutcome))
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    outcome_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GroupEvent(Base):
    """A group event for a role (R-SEL1): when, where, and how accessible the place is."""

    __tablename__ = "group_event"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.Text)
    # {"en": ..., "cy": ...}: step-free access, hearing loop, parking, quiet room…
    access: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    places: Mapped[int | None]  # how many can come; None = no limit
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApplicationFile(Base):
    """An uploaded document (a CV): stored on disk under `stored_name`, which the server makes
    up; the name the applicant gave is kept only for display, cleaned."""

    __tablename__ = "application_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), default="cv")
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EqualityResponse(Base):
    """R-AC3: optional equality monitoring, kept apart from the application. It holds no
    application, person or time that could link it back; only the recruitment, so that reach
    can be reported in aggregate (counts under 5 suppressed)."""

    __tablename__ = "equality_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class ApplicationEvent(Base):
    """One step of an application's timeline: started, sent, chat arranged, withdrawn…"""

    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
