"""Public information an organisation keeps about itself (R-PI1), in both languages."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow

# R-PI1: the eight things every role page tells people about the organisation.
HEADINGS = ("purpose", "difference", "culture", "values", "expect", "how_done", "who",
            "strategies")


class PublicInformation(Base):
    """One heading of an organisation's public information, in English and Welsh."""

    __tablename__ = "public_information"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "heading", name="uq_public_information_heading"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    heading: Mapped[str] = mapped_column(sa.String(20))
    text_en: Mapped[str] = mapped_column(sa.Text, default="")
    text_cy: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
