"""Role-profile templates and the role descriptions written from them (R-RD1, R-RD3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import ApprovalDecision, enum_column


class RoleTemplate(Base):
    """One version of a role-profile template. A new version is a new row (`key`, `version`);
    recruitments keep the version they started from."""

    __tablename__ = "role_template"
    __table_args__ = (sa.UniqueConstraint("key", "version", name="uq_role_template_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(60))
    version: Mapped[int] = mapped_column(default=1)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_cy: Mapped[str] = mapped_column(sa.String(200))
    # {section key: {"en": text, "cy": text}}
    sections: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name_en


class RoleDescriptionVersion(Base):
    """Every save of a recruitment's role description is a new, numbered version (R-RD3)."""

    __tablename__ = "role_description_version"
    __table_args__ = (
        sa.UniqueConstraint("recruitment_id", "number", name="uq_role_description_version"),
        sa.CheckConstraint("eligibility_years >= 1", name="eligibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    template_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("role_template.id", ondelete="SET NULL")
    )
    sections: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    hourly_rate: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2))
    term_months: Mapped[int]
    eligibility_years: Mapped[int]
    selection_methods: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    note: Mapped[str | None] = mapped_column(sa.Text)  # why this change was made
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SectionComment(Base):
    """A group member's comment on one section of the role description (R-RD3)."""

    __tablename__ = "section_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("role_description_version.id", ondelete="CASCADE")
    )
    section: Mapped[str] = mapped_column(sa.String(40))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Approval(Base):
    """One member's answer on one version: approve, or ask for changes (R-RD3). A new version
    starts with none, so an edit after approval clears approvals."""

    __tablename__ = "approval"
    __table_args__ = (sa.UniqueConstraint("version_id", "person_id", name="uq_approval_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("role_description_version.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    decision: Mapped[ApprovalDecision] = mapped_column(enum_column(ApprovalDecision, 10))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
