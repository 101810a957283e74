"""Who may do what. Services call these; views never decide access themselves."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.errors import Forbidden
from portal.models import Person, RoleGrant
from portal.models.enums import Role


def roles_of(session: Session, person: Person) -> list[RoleGrant]:
    return list(session.scalars(sa.select(RoleGrant).where(RoleGrant.person_id == person.id)))


def is_platform_admin(session: Session, person: Person | None) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return session.scalar(
        sa.select(sa.exists().where(
            RoleGrant.person_id == person.id, RoleGrant.role == Role.PLATFORM_ADMIN
        ))
    )


def administered_organisation_ids(session: Session, person: Person) -> set[int] | None:
    """Organisation ids the person administers; None means every one (platform admin)."""
    grants = roles_of(session, person)
    if any(g.role == Role.PLATFORM_ADMIN for g in grants):
        return None
    return {g.organisation_id for g in grants if g.role == Role.ORG_ADMIN}


def can_administer(session: Session, person: Person | None, organisation_id: int) -> bool:
    if person is None or not person.is_authenticated:
        return False
    ids = administered_organisation_ids(session, person)
    return ids is None or organisation_id in ids


def ensure_administers(session: Session, person: Person | None, organisation_id: int) -> None:
    """Raise Forbidden unless the person administers the organisation (or the platform)."""
    if not can_administer(session, person, organisation_id):
        raise Forbidden()


def ensure_any_admin(session: Session, person: Person | None) -> None:
    if person is None or not person.is_authenticated:
        raise Forbidden()
    ids = administered_organisation_ids(session, person)
    if ids is not None and not ids:
        raise Forbidden()


def ensure_platform_admin(session: Session, person: Person | None) -> None:
    """Raise Forbidden unless the person administers the whole platform (shared things such
    as the role-profile template library)."""
    if not is_platform_admin(session, person):
        raise Forbidden()


def current_user_administers() -> bool:
    """For the navigation: does the signed-in person administer anything?"""
    from flask_login import current_user

    from portal.extensions import db

    if not current_user or not current_user.is_authenticated:
        return False
    ids = administered_organisation_ids(db.session, current_user)
    return ids is None or bool(ids)
