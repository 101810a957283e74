"""An organisation's public information (R-PI1), kept in Welsh and English (R-AC2).

R-PI1: public information about a role is easy to understand and covers eight headings. Each
organisation writes them once; they appear on every one of its role pages (issue 2/5).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import audit
from portal.errors import NotFound, ValidationFailed
from portal.models import Organisation, Person, PublicInformation
from portal.models.information import HEADINGS
from portal.permissions import ensure_administers, ensure_any_admin

HEADING_NAMES = {
    "purpose": (_l("Our purpose"), _l("What the organisation is for, in a sentence or two.")),
    "difference": (_l("How you can make a difference"),
                   _l("What changes when service users and carers take part.")),
    "culture": (_l("Our culture"), _l("What it feels like to work with us.")),
    "values": (_l("Our values"), _l("What we believe in and hold ourselves to.")),
    "expect": (_l("What to expect"), _l("Meetings, papers, support, and the time it takes.")),
    "how_done": (_l("How things are done"), _l("How decisions are made and how you take part.")),
    "who": (_l("Who's who"), _l("The people you will meet and who to contact.")),
    "strategies": (_l("Our engagement and recruitment strategies"),
                   _l("How we involve people and how we recruit representatives.")),
}
assert tuple(HEADING_NAMES) == HEADINGS


def load(session: Session, actor: Person, organisation_id: int
         ) -> tuple[Organisation, dict[str, PublicInformation]]:
    ensure_any_admin(session, actor)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    ensure_administers(session, actor, organisation_id)
    rows = session.scalars(sa.select(PublicInformation).where(
        PublicInformation.organisation_id == organisation_id))
    return organisation, {row.heading: row for row in rows}


def completeness(rows: dict[str, PublicInformation]) -> tuple[int, int]:
    """(headings written in both languages, all headings)."""
    done = sum(1 for key in HEADINGS
               if key in rows and rows[key].text_en.strip() and rows[key].text_cy.strip())
    return done, len(HEADINGS)


def save(session: Session, actor: Person, organisation_id: int,
         texts: dict[str, dict[str, Any]]) -> int:
    """Save the headings. A heading written in one language must be written in the other too
    (R-AC2); empty headings may wait. Returns how many headings changed (audited)."""
    _organisation, rows = load(session, actor, organisation_id)
    problems = []
    for key in HEADINGS:
        en, cy = texts[key]["en"].strip(), texts[key]["cy"].strip()
        if en and not cy:
            problems.append((f"{key}_cy", _l("Write this heading in Welsh too, or leave both "
                                             "empty for now")))
        if cy and not en:
            problems.append((f"{key}_en", _l("Write this heading in English too, or leave both "
                                             "empty for now")))
    if problems:
        raise ValidationFailed(problems)
    changed = []
    for key in HEADINGS:
        en, cy = texts[key]["en"].strip(), texts[key]["cy"].strip()
        row = rows.get(key)
        if row is None:
            if not (en or cy):
                continue
            row = PublicInformation(organisation_id=organisation_id, heading=key)
            session.add(row)
        elif (row.text_en, row.text_cy) == (en, cy):
            continue
        row.text_en, row.text_cy, row.updated_by_id = en, cy, actor.id
        changed.append(key)
    if changed:
        session.flush()
        audit.record(session, actor, "public_information_updated",
                     session.get(Organisation, organisation_id), headings=changed)
    return len(changed)


def for_the_public(session: Session, organisation_id: int, lang: str) -> list[tuple[str, str]]:
    """(heading, text) in `lang` for each heading written, in the R-PI1 order; shown on the
    organisation's role pages."""
    rows = {row.heading: row for row in session.scalars(sa.select(PublicInformation).where(
        PublicInformation.organisation_id == organisation_id))}
    out = []
    for key in HEADINGS:
        row = rows.get(key)
        text = (row.text_cy if lang == "cy" else row.text_en).strip() if row else ""
        if text:
            out.append((str(HEADING_NAMES[key][0]), text))
    return out
