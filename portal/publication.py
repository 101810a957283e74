"""Published roles as the public sees them: the open list with its filters, one role, and
whether it is still open. Used by the role pages, the feeds, the embeddable snippet and the
posters, so that all of them agree on what is open (R-AD1).

A role is open from publication until the end of its closing day in Wales; after that it
closes itself: nothing has to run for the list, the page, the feeds and the snippet to say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from portal.errors import NotFound
from portal.models import Board, Organisation, Recruitment, RoleDescriptionVersion
from portal.models.base import today_in_wales
from portal.models.enums import RecruitmentStage

CLOSING_SOON_DAYS = 14
SEAT_TYPES = ("service_user", "carer", "deputy")


@dataclass(frozen=True)
class RoleFilters:
    area: str | None = None
    board_id: int | None = None
    organisation_id: int | None = None
    seat_type: str | None = None
    closing_soon: bool = False
    q: str | None = None


def _published():
    return (sa.select(Recruitment)
            .options(joinedload(Recruitment.board).joinedload(Board.organisation),
                     joinedload(Recruitment.published_version))
            .join(Board, Board.id == Recruitment.board_id)
            .join(RoleDescriptionVersion,
                  RoleDescriptionVersion.id == Recruitment.published_version_id)
            .where(Recruitment.stage == RecruitmentStage.PUBLISHED))


def is_open(recruitment: Recruitment, today: date | None = None) -> bool:
    if recruitment.stage != RecruitmentStage.PUBLISHED or recruitment.closes_on is None:
        return False
    return recruitment.closes_on >= (today or today_in_wales())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_roles(session: Session, filters: RoleFilters | None = None,
               today: date | None = None) -> list[Recruitment]:
    """Published roles still open, closing soonest first."""
    f = filters or RoleFilters()
    today = today or today_in_wales()
    query = _published().where(Recruitment.closes_on >= today)
    if f.area:
        query = query.where(Board.area == f.area)
    if f.board_id:
        query = query.where(Board.id == f.board_id)
    if f.organisation_id:
        query = query.where(Board.organisation_id == f.organisation_id)
    if f.seat_type == "service_user":
        query = query.where(Recruitment.service_user_vacancies > 0)
    elif f.seat_type == "carer":
        query = query.where(Recruitment.carer_vacancies > 0)
    elif f.seat_type == "deputy":
        query = query.where(Recruitment.deputy_vacancies > 0)
    if f.closing_soon:
        query = query.where(Recruitment.closes_on <= today + timedelta(days=CLOSING_SOON_DAYS))
    if f.q and f.q.strip():
        words = f.q.strip().split()[:8]
        sections = RoleDescriptionVersion.sections
        for word in words:
            pattern = f"%{_escape_like(word)}%"
            query = query.where(sa.or_(*[
                column.ilike(pattern, escape="\\") for column in (
                    Board.name_en, Board.name_cy,
                    sections["title"]["en"].as_string(), sections["title"]["cy"].as_string(),
                    sections["introduction"]["en"].as_string(),
                    sections["introduction"]["cy"].as_string(),
                    sa.select(Organisation.name_en).where(
                        Organisation.id == Board.organisation_id).scalar_subquery(),
                    sa.select(Organisation.name_cy).where(
                        Organisation.id == Board.organisation_id).scalar_subquery(),
                )]))
    query = query.order_by(Recruitment.closes_on, Recruitment.published_at.desc(),
                           Recruitment.id)
    return list(session.scalars(query).unique())


def get_published(session: Session, recruitment_id: int) -> Recruitment:
    """A published role, open or closed (a closed role's page says it has closed)."""
    recruitment = session.scalar(_published().where(Recruitment.id == recruitment_id))
    if recruitment is None:
        raise NotFound()
    return recruitment


def title(recruitment: Recruitment, lang: str) -> str:
    sections = recruitment.published_version.sections
    return (sections.get("title", {}).get(lang) or "").strip() or recruitment.board.name(lang)
