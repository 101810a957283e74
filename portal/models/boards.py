"""Organisations, their boards and the representatives appointed to them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import AppointmentStatus, BoardKind, SeatType, enum_column
from portal.models.people import Person


class Organisation(Base):
    """A recruiting organisation: a health board, a partnership board's host, a charity."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name_cy: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    boards: Mapped[list[Board]] = relationship(back_populates="organisation", lazy="raise")

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name_en


class Board(Base):
    """A long-term board with seats for lived-experience representatives (R-BD1, R-BD2)."""

    __tablename__ = "board"
    __table_args__ = (
        sa.CheckConstraint("meetings_per_year BETWEEN 1 AND 52", name="meetings"),
        sa.CheckConstraint(
            "service_user_seats >= 0 AND carer_seats >= 0 AND deputy_seats >= 0", name="seats"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[BoardKind] = mapped_column(enum_column(BoardKind))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_cy: Mapped[str] = mapped_column(sa.String(200))
    area: Mapped[str] = mapped_column(sa.String(40))
    districts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    meetings_per_year: Mapped[int]
    service_user_seats: Mapped[int]
    carer_seats: Mapped[int]
    deputy_seats: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="boards", lazy="raise")

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name_en


class Appointment(Base):
    """One term of office of a representative on a board (R-TM1)."""

    __tablename__ = "appointment"
    __table_args__ = (
        sa.CheckConstraint("term_months >= 1", name="term_months"),
        sa.CheckConstraint("term_number >= 1", name="term_number"),
        sa.CheckConstraint("end_date > start_date", name="dates"),
        sa.Index("ix_appointment_board_status", "board_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id", ondelete="RESTRICT"))
    seat_type: Mapped[SeatType] = mapped_column(enum_column(SeatType))
    start_date: Mapped[date]
    term_months: Mapped[int]
    term_number: Mapped[int] = mapped_column(default=1)
    end_date: Mapped[date]
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_column(AppointmentStatus), default=AppointmentStatus.ACTIVE
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The recruitment and application it came from (R-SEL5: the panel's decision), if any.
    recruitment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="SET NULL"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application.id", ondelete="SET NULL"), unique=True
    )

    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="raise")
    board: Mapped[Board] = relationship(lazy="raise")
