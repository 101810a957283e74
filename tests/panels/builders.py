"""A recruitment at the panel stage, for every panel test: a published role whose group has
agreed a scheme, four ready panel members and sent applications (tests/panels, the access
matrix, the fuzz tests and the browser walk-through build on it)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from portal.models import (
    Application,
    ConflictDeclaration,
    GroupMember,
    PanelMember,
    PanelScheme,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import MemberKind, MemberStatus
from tests import factories
from tests.console.builders import make_application

ESSENTIAL = {"en": "Lived experience of mental health services\nGood listener",
             "cy": "Profiad bywyd o wasanaethau iechyd meddwl\nGwrandäwr da"}
DESIRABLE = {"en": "Knows the local area", "cy": "Yn adnabod yr ardal leol"}

SCALE = [
    {"points": 0, "en": "No evidence", "cy": "Dim tystiolaeth"},
    {"points": 1, "en": "Some evidence", "cy": "Peth tystiolaeth"},
    {"points": 2, "en": "Good evidence", "cy": "Tystiolaeth dda"},
    {"points": 3, "en": "Strong evidence", "cy": "Tystiolaeth gref"},
    {"points": 4, "en": "Excellent evidence", "cy": "Tystiolaeth ragorol"},
]
CRITERIA = [
    {"key": "essential-1", "kind": "essential", "en": "Lived experience of mental health "
     "services", "cy": "Profiad bywyd o wasanaethau iechyd meddwl", "weight": 3},
    {"key": "essential-2", "kind": "essential", "en": "Good listener", "cy": "Gwrandäwr da",
     "weight": 2},
    {"key": "desirable-1", "kind": "desirable", "en": "Knows the local area",
     "cy": "Yn adnabod yr ardal leol", "weight": 1},
]
QUESTIONS = [
    {"key": "q1", "en": "Why would you like this role?", "cy": "Pam yr hoffech chi'r rôl hon?",
     "good_en": "Their own reasons, in their own words",
     "good_cy": "Eu rhesymau eu hunain, yn eu geiriau eu hunain", "weight": 1},
    {"key": "q2", "en": "Tell us about a time you spoke up for others.",
     "cy": "Dywedwch wrthym am adeg pan wnaethoch siarad dros eraill.",
     "good_en": "A real example and what they learned",
     "good_cy": "Enghraifft go iawn a'r hyn a ddysgon nhw", "weight": 2},
]


@dataclass
class PanelWorld:
    role: Recruitment
    scheme: PanelScheme
    members: list[Person]  # members[0] chairs; members[3] is the independent adviser
    seats: list[PanelMember]
    applications: list[Application]
    outsider_member: Person  # on another recruitment's panel
    other_role: Recruitment
    other_applications: list[Application] = field(default_factory=list)


def make_panel(db_session, role: Recruitment, people: list[Person], *, ready=True,
               approved=True, number=1, kinds=None) -> tuple[PanelScheme, list[PanelMember]]:
    """Group members (accepted; lived experience unless `kinds` says otherwise), an agreed
    scheme naming them with people[0] as chair, and their PanelMember rows."""
    kinds = kinds or [MemberKind.LIVED_EXPERIENCE] * len(people)
    for person, kind in zip(people, kinds, strict=True):
        db_session.add(GroupMember(recruitment_id=role.id, person_id=person.id, kind=kind,
                                   status=MemberStatus.ACCEPTED))
    scheme = PanelScheme(recruitment_id=role.id, number=number,
                         member_ids=[p.id for p in people], chair_id=people[0].id,
                         scale=SCALE, criteria=CRITERIA, questions=QUESTIONS, min_scorers=3,
                         approved_at=utcnow() if approved else None)
    db_session.add(scheme)
    seats = []
    now = utcnow() if ready else None
    for person in people:
        seat = PanelMember(recruitment_id=role.id, person_id=person.id,
                           training_basis="training" if ready else None,
                           training_confirmed_at=now, confidentiality_at=now,
                           order_seed=random.randrange(1, 2**31))
        db_session.add(seat)
        seats.append(seat)
    db_session.flush()
    return scheme, seats


def make_panel_application(db_session, role: Recruitment, n: int, **kw) -> Application:
    """A sent application form with an answer against every criterion."""
    application = make_application(db_session, role, route="application_form",
                                   name=kw.pop("name", f"Applicant {n}"), **kw)
    application.answers = {**application.answers, "criteria": {
        c["key"]: {"criterion": c["en"], "answer": f"Answer {n} to {c['key']}",
                   "essential": c["kind"] == "essential"} for c in CRITERIA},
        "disclosure": {"expression": "full", **{c["key"]: "full" for c in CRITERIA}}}
    db_session.flush()
    return application


def declare_all(db_session, seats: list[PanelMember], applications: list[Application],
                conflicts: set[tuple[int, int]] = frozenset()) -> None:
    """Every seat declares for every application; (seat index, application index) pairs in
    `conflicts` are conflicted."""
    for i, seat in enumerate(seats):
        for j, application in enumerate(applications):
            db_session.add(ConflictDeclaration(member_id=seat.id, application_id=application.id,
                                               conflicted=(i, j) in conflicts,
                                               note="Neighbour" if (i, j) in conflicts else None))
    db_session.flush()


def panel_world(db_session, *, applications: int = 6, ready: bool = True,
                declared: bool = True, conflicts=frozenset(), commit: bool = True) -> PanelWorld:
    """The standard world: four panel members (three with lived experience and an
    independent adviser), `applications` sent application forms, and another recruitment with
    its own panel member and application (for IDOR tests)."""
    role = factories.published_role(
        db_session, title="Service user representative",
        title_cy="Cynrychiolydd defnyddwyr gwasanaeth")
    version = role.published_version_id
    from portal.models import RoleDescriptionVersion
    sections = dict(db_session.get(RoleDescriptionVersion, version).sections)
    sections["essential_criteria"] = ESSENTIAL
    sections["desirable_criteria"] = DESIRABLE
    db_session.get(RoleDescriptionVersion, version).sections = sections
    members = [factories.person(db_session, given_name=name, family_name="Panel")
               for name in ("Carys", "Dewi", "Elin", "Ffion")]
    scheme, seats = make_panel(
        db_session, role, members, ready=ready,
        kinds=[MemberKind.LIVED_EXPERIENCE] * 3 + [MemberKind.INDEPENDENT_ADVISER])
    apps = [make_panel_application(db_session, role, n) for n in range(1, applications + 1)]
    if declared:
        declare_all(db_session, seats, apps, set(conflicts))
    other_role = factories.published_role(db_session)
    outsider = factories.person(db_session, given_name="Gareth", family_name="Elsewhere")
    _other_scheme, other_seats = make_panel(db_session, other_role, [outsider])
    other_apps = [make_panel_application(db_session, other_role, 99)]
    declare_all(db_session, other_seats, other_apps)
    if commit:
        db_session.commit()
    return PanelWorld(role=role, scheme=scheme, members=members, seats=seats,
                      applications=apps, outsider_member=outsider, other_role=other_role,
                      other_applications=other_apps)
