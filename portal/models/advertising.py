"""Advertising a published role (R-AD1) and keeping people informed (R-AC4)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import ContactChannel, Language, enum_column


class AdvertChannel(Base):
    """One line of a role's advertising plan: a channel, when it is planned, when it was done
    and by whom, and its own tracked short link (`code`) whose visits measure reach."""

    __tablename__ = "advert_channel"
    __table_args__ = (
        sa.UniqueConstraint("recruitment_id", "channel", "custom_name", name="uq_advert_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(sa.String(40))  # a key of ADVERT_CHANNELS or "custom"
    custom_name: Mapped[str] = mapped_column(sa.String(120), default="")
    planned_on: Mapped[date | None]
    done_on: Mapped[date | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    visits: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AdvertVisit(Base):
    """One visitor through one tracked link on one day, so that reach counts people, not
    reloads or bots retrying. `visitor` is a keyed hash of the address and the day: it cannot
    be turned back into an address, nor linked across days."""

    __tablename__ = "advert_visit"
    __table_args__ = (sa.UniqueConstraint("channel_id", "visitor", name="uq_advert_visit_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("advert_channel.id", ondelete="CASCADE"), index=True
    )
    visitor: Mapped[str] = mapped_column(sa.String(64))
    day: Mapped[date]


class HeardAbout(Base):
    """Someone said where they heard about a role (R-AD1): told to an engagement worker when
    they got in touch, or (from issue 3/5) answered on their application. `channel_id` is
    empty for "somewhere else", with their words in `other`."""

    __tablename__ = "heard_about"

    id: Mapped[int] = mapped_column(primary_key=True)
    recruitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recruitment.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("advert_channel.id", ondelete="SET NULL")
    )
    other: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InterestRegistration(Base):
    """Someone who asked to hear about future roles (R-AC4). Email registrations count once
    confirmed; phone and post ones are contacted by an engagement worker (outbox, manual)."""

    __tablename__ = "interest_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    postal_address: Mapped[str | None] = mapped_column(sa.Text)
    contact_channel: Mapped[ContactChannel] = mapped_column(enum_column(ContactChannel))
    language: Mapped[Language] = mapped_column(enum_column(Language, 2))
    areas: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # empty: anywhere
    seat_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # empty: any
    confirm_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    unsubscribe_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
