"""A recruitment for a board and the leadership group that runs it (R-LG1)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.boards import Board
from portal.models.enums import (
    MemberKind,
    MemberStatus,
    RecruitmentReason,
    RecruitmentStage,
    enum_column,
)
from portal.models.people import Person
from portal.models.roles import RoleDescriptionVersion


class Recruitment(Base):
    """One recruitment of representatives for one board."""

    __tablename__ = "recruitment"
    __table_args__ = (
        sa.CheckConstraint(
            "service_user_vacancies >= 0 AND carer_vacancies >= 0 AND deputy_vacancies >= 0"
            " AND service_user_vacancies + carer_vacancies + deputy_vacancies >= 1",
            name="vacancies",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id", ondelete="RESTRICT"),
                                          index=True)
    reason: Mapped[RecruitmentReason] = mapped_column(enum_column(RecruitmentReason))
    service_user_vacancies: Mapped[int] = mapped_column(default=0)
    carer_vacancies: Mapped[int] = mapped_column(default=0)
    deputy_vacancies: Mapped[int] = mapped_column(default=0)
    target_publish_date: Mapped[date | None]
    target_start_date: Mapped[date | None]
    stage: Mapped[RecruitmentStage] = mapped_column(
        enum_column(RecruitmentStage), default=RecruitmentStage.FORMING_GROUP
    )
    started_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Publication (R-RD3, R-AD1): the approved version the public sees, until the closing date.
    published_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("role_description_version.id", ondelete="RESTRICT", use_alter=True)
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_on: Mapped[date | None]  # the last day to apply, in Wales
    contact_name: Mapped[str | None] = mapped_column(sa.String(200))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    # R-PAY1: the named person who approves expense claims for this recruitment.
    budget_holder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )

    board: Mapped[Board] = relationship(lazy="raise")
    published_version: Mapped[RoleDescriptionVersion | None] = relationship(
        foreign_keys=[published_version_id], lazy="raise")

    def seat_types(self) -> list[str]:
        return [kind for kind, n in (("service_user", self.service_user_vacancies),
                                     ("carer", self.carer_vacancies),
                                     ("deputy", self.deputy_vacancies)) if n]


class GroupMember(Base):
    """A person invited to, or serving in, a recruitment's leadership group."""

    __tablename__ = "group_member"
    __table_args__ = (
        sa.UniqueConstraint("recruitment_id", "person_id", name="uq_group_member_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="RESTRICT"))
    kind: Mapped[MemberKind] = mapped_column(enum_column(MemberKind))
    status: Mapped[MemberStatus] = mapped_column(
        enum_column(MemberStatus), default=MemberStatus.INVITED
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An engagement worker who recorded the answer given in person (R-AC1), if any.
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="raise")
