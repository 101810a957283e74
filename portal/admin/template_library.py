"""The role-profile template library (R-RD1): shared by every organisation, so only platform
administrators add templates and save new versions; organisation administrators may read it.

A template is never edited in place. Each save is a new RoleTemplate row (`key`, version + 1),
so a recruitment keeps the version it started from (RoleDescriptionVersion.template_id). Every
save is audited with who and why (R-SEL5). The rules a template must keep are checked in one
place, `template_problems`:

- R-RD2: the protection-from-repercussions section is written in Welsh and English;
- the only {placeholders} are the facts a recruitment fills in (portal.roles.PLACEHOLDERS), and
  every curly bracket is matched, so portal.roles.fill can never fail on a template;
- names contain no curly brackets (names are shown as written, never filled in).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import audit
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import AuditEvent, Person, RoleTemplate
from portal.permissions import ensure_any_admin, ensure_platform_admin, is_platform_admin
from portal.recruitment.descriptions import current_templates
from portal.role_templates_content import SECTION_KEYS, TEMPLATES
from portal.roles import PLACEHOLDERS, missing_protection

LANGS = ("en", "cy")
KEY_LENGTH = 60  # RoleTemplate.key
# Keys that would clash with a route ("/templates/new") besides the built-in templates, which
# are reserved even before `flask seed templates` has loaded them.
RESERVED_KEYS = frozenset({"new"})
ADDED, VERSION_SAVED = "role_template_added", "role_template_version_saved"

_FORMATTER = string.Formatter()
DUPLICATE_NAME = _l("A template with this name already exists. Choose a different name, or save "
                    "a new version of that template.")


# --- who may do what -------------------------------------------------------------------------

def ensure_can_view(session: Session, actor: Person) -> None:
    """Platform and organisation administrators read the library; anyone else is Forbidden."""
    ensure_any_admin(session, actor)


def can_manage(session: Session, actor: Person) -> bool:
    return is_platform_admin(session, actor)


def ensure_can_manage(session: Session, actor: Person) -> None:
    """Only platform administrators change the library every organisation shares."""
    ensure_platform_admin(session, actor)


# --- reading ---------------------------------------------------------------------------------

@dataclass
class LibraryEntry:
    template: RoleTemplate  # the newest version
    changed_by: Person | None  # who saved it (None: loaded with the portal)


def library(session: Session, actor: Person) -> list[LibraryEntry]:
    """The newest version of every template, with who saved it, in three queries."""
    ensure_can_view(session, actor)
    templates = current_templates(session)
    people = _people(session, [t.created_by_id for t in templates])
    return [LibraryEntry(t, people.get(t.created_by_id)) for t in templates]


@dataclass
class VersionEntry:
    template: RoleTemplate
    changed_by: Person | None
    note: str | None  # what changed and why, from the audit log


def history(session: Session, actor: Person, key: str) -> list[VersionEntry]:
    """Every version of one template, newest first. NotFound when there is no such key."""
    ensure_can_view(session, actor)
    rows = list(session.scalars(
        sa.select(RoleTemplate).where(RoleTemplate.key == key)
        .order_by(RoleTemplate.version.desc())))
    if not rows:
        raise NotFound()
    people = _people(session, [t.created_by_id for t in rows])
    notes = dict(session.execute(
        sa.select(AuditEvent.object_id, AuditEvent.reason).where(
            AuditEvent.object_type == "roletemplate",
            AuditEvent.action.in_((ADDED, VERSION_SAVED)),
            AuditEvent.object_id.in_([t.id for t in rows]))).all())
    return [VersionEntry(t, people.get(t.created_by_id), notes.get(t.id)) for t in rows]


def _people(session: Session, ids: list[int | None]) -> dict[int, Person]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {p.id: p for p in session.scalars(sa.select(Person).where(Person.id.in_(wanted)))}


# --- the rules -------------------------------------------------------------------------------

def allowed_placeholders() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def placeholder_problem(text: str) -> str | None:
    """A message when `text` has a {placeholder} other than PLACEHOLDERS, or an unmatched curly
    bracket: anything that would make str.format_map (portal.roles.fill) raise or misbehave."""
    if "{" not in text and "}" not in text:
        return None
    allowed = allowed_placeholders()
    try:
        fields = [(name, spec, conversion)
                  for _literal, name, spec, conversion in _FORMATTER.parse(text)
                  if name is not None]
    except ValueError:
        return _("Each placeholder needs an opening and a closing curly bracket, like "
                 "%(example)s. Use only these placeholders: %(allowed)s.",
                 example="{board}", allowed=allowed)
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS or spec or conversion:
            found = "{" + name + ("!" + conversion if conversion else "") + (
                ":" + spec if spec else "") + "}"
            return _("%(found)s is not a placeholder that can be filled in. Use only these "
                     "placeholders: %(allowed)s.", found=found, allowed=allowed)
    try:  # belt and braces: what fill() will do with a recruitment's facts
        text.format_map(dict.fromkeys(PLACEHOLDERS, "x"))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return _("Each placeholder needs an opening and a closing curly bracket, like "
                 "%(example)s. Use only these placeholders: %(allowed)s.",
                 example="{board}", allowed=allowed)
    return None


def template_problems(name_en: str, name_cy: str, sections: dict[str, dict[str, str]]
                      ) -> list[tuple[str, str]]:
    """Every rule a saved template keeps; (form field, message) for each one broken.

    R-RD2: the protection section is not empty in either language. Placeholders: only
    PLACEHOLDERS, brackets matched. Names: no curly brackets."""
    problems: list[tuple[str, str]] = []
    for field, name in (("name_en", name_en), ("name_cy", name_cy)):
        if "{" in name or "}" in name:
            problems.append((field, _("The name cannot contain curly brackets. Placeholders are "
                                      "filled in only in the sections.")))
    for key in SECTION_KEYS:
        for lang in LANGS:
            message = placeholder_problem(sections.get(key, {}).get(lang, ""))
            if message:
                problems.append((f"{key}_{lang}", message))
    for lang in missing_protection(sections):
        problems.append((f"protection_{lang}", _(
            "Every template must say, in Welsh and English, how the person will be protected "
            "from repercussions for taking part. The Wales guidance requires it in every role "
            "description.")))
    return problems


def slug_for(name_en: str) -> str:
    """The key of a new template: its English name in lower-case letters, digits and '_'."""
    ascii_name = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return slug[:KEY_LENGTH].rstrip("_")


def _text(value) -> str:
    """Trimmed, with a browser's line ends (CRLF) made plain, so that saving an unchanged form
    is recognised as unchanged."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def clean_sections(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Every section in both languages, and nothing else, cleaned (_text)."""
    given = data.get("sections") or {}
    return {key: {lang: _text((given.get(key) or {}).get(lang)) for lang in LANGS}
            for key in SECTION_KEYS}


def _clean(data: dict[str, Any]) -> tuple[str, str, dict[str, dict[str, str]]]:
    return _text(data.get("name_en")), _text(data.get("name_cy")), clean_sections(data)


def _name_clash(session: Session, name_en: str, name_cy: str, key: str | None
                ) -> list[tuple[str, str]]:
    problems = []
    others = [t for t in current_templates(session) if t.key != key]
    if any(t.name_en.casefold() == name_en.casefold() for t in others):
        problems.append(("name_en", DUPLICATE_NAME))
    if any(t.name_cy.casefold() == name_cy.casefold() for t in others):
        problems.append(("name_cy", _("Another template already has this Welsh name. "
                                      "Choose a different name.")))
    return problems


def _insert(session: Session, row: RoleTemplate, message) -> None:
    """Two administrators saving the same key at the same moment: the unique constraint
    (uq_role_template_version) refuses the second, who gets a message, not an error page. The
    caller rolls the transaction back, as on any DomainError."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise DomainError(message) from None


def newest(session: Session, key: str) -> RoleTemplate | None:
    return session.scalar(
        sa.select(RoleTemplate).where(RoleTemplate.key == key)
        .order_by(RoleTemplate.version.desc()).limit(1))


# --- changing --------------------------------------------------------------------------------

def add_template(session: Session, actor: Person, data: dict[str, Any], note: str
                 ) -> RoleTemplate:
    """Add a template as version 1 of a new key made from its English name (slug_for).

    Raises Forbidden unless a platform administrator; ValidationFailed when a rule in
    template_problems is broken or the key or a name is taken (built-in keys are reserved)."""
    ensure_can_manage(session, actor)
    name_en, name_cy, sections = _clean(data)
    problems = template_problems(name_en, name_cy, sections)
    key = slug_for(name_en)
    if not key:
        problems.insert(0, ("name_en", _("The English name must include at least one letter "
                                         "or number.")))
    elif (key in TEMPLATES or key in RESERVED_KEYS or session.scalar(
            sa.select(sa.exists().where(RoleTemplate.key == key)))):
        problems.insert(0, ("name_en", DUPLICATE_NAME))
    else:
        problems.extend(_name_clash(session, name_en, name_cy, None))
    if problems:
        raise ValidationFailed(problems)
    row = RoleTemplate(key=key, version=1, name_en=name_en, name_cy=name_cy, sections=sections,
                       created_by_id=actor.id)
    _insert(session, row, _l("A template with this name has just been added by someone else. "
                             "Choose a different name."))
    audit.record(session, actor, ADDED, row, reason=note.strip(), key=key, version=1)
    return row


def save_new_version(session: Session, actor: Person, key: str, data: dict[str, Any],
                     note: str, based_on: int | None) -> tuple[RoleTemplate, bool]:
    """Save the template as a new row, version + 1, leaving every earlier version untouched.

    Returns (newest version, whether one was saved): an unchanged template saves nothing.
    Raises Forbidden unless a platform administrator, NotFound for an unknown key,
    ValidationFailed when a rule in template_problems is broken, and DomainError when someone
    else saved a version after this form was opened (`based_on` is the version it showed)."""
    ensure_can_manage(session, actor)
    current = newest(session, key)
    if current is None:
        raise NotFound()
    name_en, name_cy, sections = _clean(data)
    problems = template_problems(name_en, name_cy, sections)
    problems.extend(_name_clash(session, name_en, name_cy, key))
    if problems:
        raise ValidationFailed(problems)
    old_en, old_cy, before = _clean({"name_en": current.name_en, "name_cy": current.name_cy,
                                     "sections": current.sections})
    if (name_en, name_cy, sections) == (old_en, old_cy, before):
        return current, False
    if based_on != current.version:
        raise DomainError(_l("Someone else saved version %(n)s of this template while you were "
                             "editing. Your text is kept: check it against version %(n)s, say "
                             "here what you changed, then save again.", n=current.version),
                          field="note")
    row = RoleTemplate(key=key, version=current.version + 1, name_en=name_en, name_cy=name_cy,
                       sections=sections, created_by_id=actor.id)
    _insert(session, row, _l("Someone else saved a new version of this template at the same "
                             "time. Check the template, then save again."))
    changed = [k for k in SECTION_KEYS if sections[k] != before[k]]
    names = [f for f, old, new in (("name_en", old_en, name_en), ("name_cy", old_cy, name_cy))
             if old != new]
    audit.record(session, actor, VERSION_SAVED, row, reason=note.strip(), key=key,
                 version=row.version, previous_id=current.id, sections=changed, names=names)
    return row, True
