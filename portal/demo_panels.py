"""Demo data for the panels (issue 4/5): a closed recruitment for Cardiff and Vale's
partnership board (one service-user seat, one deputy) whose group has agreed its scheme, with
a panel of four who can sign in and six applications to score.

- rep@example.org (Rhiannon Prys, Welsh) chairs; dewi@example.org and mair@example.org have
  lived experience; adviser@example.org is the independent adviser. Mair has not yet
  confirmed her training, so the readiness page has something to do. Nobody has declared
  conflicts yet: Dewi knows one applicant, which the walk-through shows.
- The six applicants applied with the application form, in both languages, by email, phone
  and post; one asked for questions in advance.
- gweinyddwr@example.org (the organisation's administrator) is the budget holder.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    GroupMember,
    Organisation,
    PanelMember,
    PanelScheme,
    PanelSchemeApproval,
    Person,
    Recruitment,
)
from portal.models.base import utcnow
from portal.models.enums import (
    ApplicationStatus,
    ApprovalDecision,
    BoardKind,
    ContactChannel,
    Language,
    MemberKind,
    MemberStatus,
    RecruitmentReason,
    RecruitmentStage,
)

PANEL_ACCOUNTS = [
    # email, given, family, language, kind
    ("dewi@example.org", "Dewi", "Lloyd", "cy", MemberKind.LIVED_EXPERIENCE),
    ("mair@example.org", "Mair", "Owen", "en", MemberKind.LIVED_EXPERIENCE),
    ("adviser@example.org", "Tom", "Hughes", "en", MemberKind.INDEPENDENT_ADVISER),
]

SCALE = [
    {"points": 0, "en": "Not shown", "cy": "Heb ei ddangos"},
    {"points": 1, "en": "Some evidence", "cy": "Rhywfaint o dystiolaeth"},
    {"points": 2, "en": "Good evidence", "cy": "Tystiolaeth dda"},
    {"points": 3, "en": "Strong evidence", "cy": "Tystiolaeth gref"},
    {"points": 4, "en": "Outstanding evidence", "cy": "Tystiolaeth ragorol"},
]

QUESTIONS = [
    {"key": "q1", "en": "What would you like to change for people who use services here?",
     "cy": "Beth hoffech chi ei newid i bobl sy'n defnyddio gwasanaethau yma?",
     "good_en": "A change rooted in experience, theirs or others'; who it would help",
     "good_cy": "Newid sy'n tyfu o brofiad, eu profiad nhw neu brofiad eraill; pwy fyddai'n "
                "elwa", "weight": 2},
    {"key": "q2", "en": "How would you find out what other people think, not only you?",
     "cy": "Sut fyddech chi'n dod i wybod beth mae pobl eraill yn ei feddwl, nid dim ond chi?",
     "good_en": "Groups, forums or conversations they would use; listening before speaking",
     "good_cy": "Grwpiau, fforymau neu sgyrsiau y bydden nhw'n eu defnyddio; gwrando cyn "
                "siarad", "weight": 2},
    {"key": "q3", "en": "What support would help you take part well?",
     "cy": "Pa gymorth fyddai'n eich helpu i gymryd rhan yn dda?",
     "good_en": "Any honest answer: there is no wrong one; it shapes their support plan",
     "good_cy": "Unrhyw ateb gonest: does dim ateb anghywir; mae'n llunio eu cynllun cymorth",
     "weight": 1},
]

APPLICANTS = [
    # reference, name, language, channel, detail, questions in advance
    ("DEMO-PNL1", "Ffion Jenkins", Language.WELSH, "email", "ffion.jenkins@example.org", False),
    ("DEMO-PNL2", "Marcus Reid", Language.ENGLISH, "email", "marcus.reid@example.org", True),
    ("DEMO-PNL3", "Sioned Harries", Language.WELSH, "post", "2 Heol y Parc\nCaerdydd\nCF10 1AA",
     False),
    ("DEMO-PNL4", "Tomasz Nowak", Language.ENGLISH, "phone", "029 2000 1234", False),
    ("DEMO-PNL5", "Aisha Begum", Language.ENGLISH, "email", "aisha.begum@example.org", False),
    ("DEMO-PNL6", "Gwyn Price", Language.WELSH, "email", "gwyn.price@example.org", False),
]

ANSWER_OPENINGS = [
    "In the last few years I have used the community mental health team and a crisis service.",
    "I look after my brother and I have sat in on many of his appointments.",
    "I run a small peer support group that meets on Tuesdays.",
    "I was an inpatient two years ago and I remember what helped and what did not.",
]


def load_demo_panel(session: Session, organisation: Organisation, rep: Person,
                    worker: Person | None, budget_holder: Person | None,
                    today: date) -> Recruitment:
    """A closed recruitment at the panel stage (see the module docstring)."""
    from portal.applications import documents
    from portal.auth.services import hash_token
    from portal.demo import _published_demo_role

    rng = random.Random(55)  # noqa: S311 - demo text, not security
    board = session.scalars(sa.select(Board).where(
        Board.organisation_id == organisation.id, Board.kind == BoardKind.PARTNERSHIP)
        .order_by(Board.id)).first()
    role = _published_demo_role(session, board, "board_member_service_user", (1, 0, 1),
                                today - timedelta(days=3))
    role.reason = RecruitmentReason.TERM_ENDING
    role.stage = RecruitmentStage.PUBLISHED
    role.published_at = utcnow() - timedelta(days=40)
    role.target_start_date = today + timedelta(days=60)
    role.budget_holder_id = budget_holder.id if budget_holder else None
    members = [rep]
    kinds = [MemberKind.LIVED_EXPERIENCE]
    for email, given, family, lang, kind in PANEL_ACCOUNTS:
        person = Person(email=email, given_name=given, family_name=family,
                        preferred_language=Language(lang), contact_channel=ContactChannel.EMAIL,
                        preferences_recorded_at=utcnow())
        session.add(person)
        members.append(person)
        kinds.append(kind)
    session.flush()
    for person, kind in zip(members, kinds, strict=True):
        session.add(GroupMember(recruitment_id=role.id, person_id=person.id, kind=kind,
                                status=MemberStatus.ACCEPTED, invited_by_id=rep.id,
                                responded_at=utcnow()))
    session.flush()
    version = role.published_version_id
    from portal.models import RoleDescriptionVersion

    role.published_version = session.get(RoleDescriptionVersion, version)
    english = documents.criteria(role, "en")
    welsh = {c.key: c.text for c in documents.criteria(role, "cy")}
    criteria = [{"key": c.key, "kind": "essential" if c.essential else "desirable",
                 "en": c.text, "cy": welsh.get(c.key, c.text),
                 "weight": 3 if c.essential else 1} for c in english]
    scheme = PanelScheme(recruitment_id=role.id, number=1,
                         member_ids=[p.id for p in members], chair_id=rep.id, scale=SCALE,
                         criteria=criteria, questions=QUESTIONS, min_scorers=3,
                         note="Agreed at the group's meeting", created_by_id=rep.id,
                         approved_at=utcnow())
    session.add(scheme)
    session.flush()
    now = utcnow()
    for person in members:
        session.add(PanelSchemeApproval(scheme_id=scheme.id, person_id=person.id,
                                        decision=ApprovalDecision.APPROVE))
        ready = person.email != "mair@example.org"
        session.add(PanelMember(
            recruitment_id=role.id, person_id=person.id,
            training_basis=("experience" if person is rep else "training") if ready else None,
            training_confirmed_at=now if ready else None,
            confidentiality_at=now if ready else None,
            order_seed=rng.randrange(1, 2**31)))
    support = {"adjustments": [], "formats": [], "expenses": ["travel"], "payment": "not_sure",
               "best_times": "", "access_needs": "", "bad_day": ""}
    for n, (reference, name, language, channel, detail, early) in enumerate(APPLICANTS):
        key = {"email": "email", "phone": "phone", "post": "postal_address"}[channel]
        answers = {
            "criteria": {c["key"]: {
                "criterion": c[language.value], "essential": c["kind"] == "essential",
                "answer": f"{ANSWER_OPENINGS[(n + i) % len(ANSWER_OPENINGS)]} "
                          f"({c['en'].lower()})"} for i, c in enumerate(criteria)},
            "disclosure": {c["key"]: "full" for c in criteria},
            "support": {**support, "adjustments": ["questions_in_advance"] if early else []},
        }
        application = Application(
            recruitment_id=role.id, reference=reference,
            access_token_hash=hash_token(f"demo-{reference}"), route="application_form",
            status=ApplicationStatus.SUBMITTED, language=language, eligibility="yes",
            contact={"name": name, "channel": channel, key: detail}, answers=answers,
            submitted_at=now - timedelta(days=10 - n))
        session.add(application)
        session.flush()
        session.add(ApplicationEvent(application_id=application.id, kind="started",
                                     details={"route": "application_form"}))
        session.add(ApplicationEvent(application_id=application.id, kind="submitted"))
    if worker is not None:
        from portal.models import RoleGrant
        from portal.models.enums import Role

        exists = session.scalar(sa.select(RoleGrant.id).where(
            RoleGrant.person_id == worker.id, RoleGrant.role == Role.ENGAGEMENT_WORKER,
            RoleGrant.organisation_id == organisation.id))
        if exists is None:
            session.add(RoleGrant(person_id=worker.id, role=Role.ENGAGEMENT_WORKER,
                                  organisation_id=organisation.id))
    session.flush()
    return role
