"""People, their role grants and their sign-in state."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.enums import ContactChannel, Language, Role, enum_column


class Person(Base):
    """Anyone the portal knows: applicant, representative, worker or administrator.

    Email is optional: nobody needs an email address to take part (R-AC1). The preferred
    language and contact channel drive every message sent to them (R-AC2).
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    postal_address: Mapped[str | None] = mapped_column(sa.Text)
    preferred_language: Mapped[Language] = mapped_column(
        enum_column(Language, 2), default=Language.ENGLISH
    )
    contact_channel: Mapped[ContactChannel] = mapped_column(
        enum_column(ContactChannel), default=ContactChannel.EMAIL
    )
    # Set when the person has told us their language and contact preference themselves.
    preferences_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="person", foreign_keys="RoleGrant.person_id", lazy="raise"
    )

    # Flask-Login: the id in the cookie is the server-side session token, not the person id,
    # so ending a LoginSession row ends that cookie (see portal.auth.services).
    session_token = None  # set per instance by the user loader

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_authenticated(self) -> bool:
        return self.session_token is not None

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token


class RoleGrant(Base):
    """A role held by a person, platform-wide or within one organisation or board."""

    __tablename__ = "role_grant"
    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'platform_admin' AND organisation_id IS NULL AND board_id IS NULL)"
            " OR (role <> 'platform_admin' AND organisation_id IS NOT NULL)",
            name="scope",
        ),
        sa.UniqueConstraint("person_id", "role", "organisation_id", "board_id",
                            name="uq_role_grant_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    board_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("board.id", ondelete="CASCADE"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship(
        back_populates="grants", foreign_keys=[person_id], lazy="raise"
    )


class SignInToken(Base):
    """A single-use emailed sign-in link. Only the SHA-256 of the token is stored."""

    __tablename__ = "sign_in_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginSession(Base):
    """A signed-in browser. Deleting the row ends the session whatever the cookie says."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
