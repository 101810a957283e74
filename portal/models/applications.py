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
from portal.models.enums import ApplicationStatus, Language, enum_column


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
