"""Writing a recruitment's role description together, one saved version at a time (R-RD3).

The rules each version must keep live in portal.roles; who may write is decided here: members
of the leadership group who have accepted, and the organisation's administrators.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit
from portal.boards import minimum_term_months
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import Approval, Person, Recruitment, RoleDescriptionVersion, RoleTemplate
from portal.models.enums import MemberStatus
from portal.recruitment.services import access_to, get_recruitment
from portal.role_templates_content import SECTION_KEYS, TEMPLATES
from portal.roles import DEFAULT_METHODS, MIN_ELIGIBILITY_YEARS, description_problems, fill, living_wage


def ensure_templates(session: Session) -> int:
    """Load the built-in templates as version 1 where missing (idempotent)."""
    have = set(session.scalars(sa.select(RoleTemplate.key)))
    added = 0
    for key, template in TEMPLATES.items():
        if key in have:
            continue
        session.add(RoleTemplate(key=key, version=1, name_en=template["name"]["en"],
                                 name_cy=template["name"]["cy"], sections=template["sections"]))
        added += 1
    session.flush()
    return added


def current_templates(session: Session) -> list[RoleTemplate]:
    """The newest version of each template: the built-in ones first, in their own order, then
    those administrators added, by English name."""
    newest = (sa.select(RoleTemplate.key, sa.func.max(RoleTemplate.version).label("v"))
              .group_by(RoleTemplate.key).subquery())
    order = {key: n for n, key in enumerate(TEMPLATES)}
    rows = session.scalars(sa.select(RoleTemplate).join(
        newest, sa.and_(RoleTemplate.key == newest.c.key, RoleTemplate.version == newest.c.v)))
    return sorted(rows, key=lambda t: (order.get(t.key, len(order)), t.name_en.casefold()))


def can_write(session: Session, actor: Person, recruitment: Recruitment) -> bool:
    """Accepted group members write; so do the organisation's administrators."""
    access = access_to(session, actor, recruitment)
    member_ok = access.member is not None and access.member.status == MemberStatus.ACCEPTED
    admin_ok = access.manage_group and access.member is None
    return member_ok or admin_ok


def ensure_can_write(session: Session, actor: Person, recruitment: Recruitment) -> None:
    if not can_write(session, actor, recruitment):
        raise Forbidden()


def versions(session: Session, recruitment_id: int) -> list[RoleDescriptionVersion]:
    return list(session.scalars(
        sa.select(RoleDescriptionVersion)
        .where(RoleDescriptionVersion.recruitment_id == recruitment_id)
        .order_by(RoleDescriptionVersion.number.desc())))


def latest(session: Session, recruitment_id: int) -> RoleDescriptionVersion | None:
    return session.scalar(
        sa.select(RoleDescriptionVersion)
        .where(RoleDescriptionVersion.recruitment_id == recruitment_id)
        .order_by(RoleDescriptionVersion.number.desc()).limit(1))


def start_from_template(session: Session, actor: Person, recruitment_id: int,
                        template_id: int | None) -> RoleDescriptionVersion:
    """Version 1: the template with the recruitment's facts filled in and the minimums as
    defaults (term for the board's meetings, 5-year eligibility, the Living Wage)."""
    recruitment, _access = get_recruitment(session, actor, recruitment_id)
    ensure_can_write(session, actor, recruitment)
    if latest(session, recruitment_id) is not None:
        raise DomainError(_l("This recruitment already has a role description"))
    template = session.get(RoleTemplate, template_id) if template_id else None
    if template is None or template not in current_templates(session):
        raise DomainError(_l("Choose a template"), field="template_id")
    board = recruitment.board
    term_months = minimum_term_months(board.meetings_per_year)
    wage, _since = living_wage()
    facts = {"board": None, "organisation": None, "hourly_rate": f"{wage:.2f}",
             "term_years": str(term_months // 12), "meetings_per_year": str(board.meetings_per_year)}
    sections = {}
    for key in SECTION_KEYS:
        texts = template.sections.get(key, {})
        sections[key] = {
            lang: fill(texts.get(lang, ""), {**facts, "board": board.name(lang),
                                             "organisation": board.organisation.name(lang)})
            for lang in ("en", "cy")
        }
    version = RoleDescriptionVersion(
        recruitment_id=recruitment_id, number=1, template_id=template.id, sections=sections,
        hourly_rate=wage, term_months=term_months, eligibility_years=MIN_ELIGIBILITY_YEARS,
        selection_methods=list(DEFAULT_METHODS), created_by_id=actor.id,
        note=None,
    )
    session.add(version)
    session.flush()
    audit.record(session, actor, "role_description_started", version,
                 recruitment_id=recruitment_id, template=template.key,
                 template_version=template.version)
    return version


def save_version(session: Session, actor: Person, recruitment_id: int, data: dict[str, Any],
                 note: str | None) -> RoleDescriptionVersion:
    """Save the description as the next version, if anything changed. Refuses anything below a
    minimum (R-TM1, R-RD4, R-PAY1, R-RD2, R-SEL1), citing the standard."""
    recruitment, _access = get_recruitment(session, actor, recruitment_id)
    ensure_can_write(session, actor, recruitment)
    current = latest(session, recruitment_id)
    if current is None:
        raise NotFound()
    # Browsers send text boxes back with \r\n: an untouched box must not make a new version.
    sections = {key: {lang: (data["sections"].get(key, {}).get(lang) or "")
                      .replace("\r\n", "\n").strip()
                      for lang in ("en", "cy")} for key in SECTION_KEYS}
    problems = description_problems(
        meetings_per_year=recruitment.board.meetings_per_year, term_months=data["term_months"],
        eligibility_years=data["eligibility_years"], hourly_rate=Decimal(data["hourly_rate"]),
        sections=sections, methods=data["selection_methods"])
    if problems:
        raise ValidationFailed(problems)
    unchanged = (sections == current.sections and data["term_months"] == current.term_months
                 and data["eligibility_years"] == current.eligibility_years
                 and Decimal(data["hourly_rate"]) == current.hourly_rate
                 and list(data["selection_methods"]) == list(current.selection_methods))
    if unchanged:
        return current
    version = RoleDescriptionVersion(
        recruitment_id=recruitment_id, number=current.number + 1, template_id=current.template_id,
        sections=sections, hourly_rate=Decimal(data["hourly_rate"]),
        term_months=data["term_months"], eligibility_years=data["eligibility_years"],
        selection_methods=list(data["selection_methods"]), note=(note or "").strip() or None,
        created_by_id=actor.id)
    session.add(version)
    session.flush()
    changed = [key for key in SECTION_KEYS if sections[key] != current.sections.get(key)]
    audit.record(session, actor, "role_description_saved", version, reason=version.note,
                 recruitment_id=recruitment_id, number=version.number, sections=changed)
    # Approvals belong to the version approved: the new one starts with none (R-RD3).
    cleared = session.scalar(sa.select(sa.func.count(Approval.id))
                             .where(Approval.version_id == current.id)) or 0
    if cleared:
        audit.record(session, actor, "approvals_cleared", version, recruitment_id=recruitment_id,
                     previous=current.number, cleared=cleared)
    return version


@dataclass
class SectionDiff:
    key: str
    changed: bool
    en: list[tuple[str, str]]  # (tag, text): tag is "same", "removed" or "added"
    cy: list[tuple[str, str]]


def _diff_words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", " ".join(b[j1:j2])))
    return out


def compare(old: RoleDescriptionVersion, new: RoleDescriptionVersion) -> list[SectionDiff]:
    """Word-by-word changes per section and language, for a side-by-side view."""
    diffs = []
    for key in SECTION_KEYS:
        before, after = old.sections.get(key, {}), new.sections.get(key, {})
        diffs.append(SectionDiff(
            key=key, changed=before != after,
            en=_diff_words(before.get("en", ""), after.get("en", "")),
            cy=_diff_words(before.get("cy", ""), after.get("cy", ""))))
    return diffs


def get_version(session: Session, recruitment_id: int, number: int) -> RoleDescriptionVersion:
    version = session.scalar(sa.select(RoleDescriptionVersion).where(
        RoleDescriptionVersion.recruitment_id == recruitment_id,
        RoleDescriptionVersion.number == number))
    if version is None:
        raise NotFound()
    return version
