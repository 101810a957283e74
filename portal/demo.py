"""Demo data for `flask seed demo`: the seven health-board areas of Wales, their partnership
boards and other boards, and representatives with staggered terms (R-TM4), in both languages.

Deterministic (a fixed random seed) so screenshots and demos look the same every time.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal import audit
from portal.boards import add_months, minimum_term_months
from portal.geography import AREAS
from portal.models import (
    Appointment,
    Board,
    GroupMember,
    Organisation,
    Person,
    Recruitment,
    RoleGrant,
)
from portal.models.base import utcnow
from portal.models.enums import (
    AppointmentStatus,
    BoardKind,
    ContactChannel,
    Language,
    MemberKind,
    MemberStatus,
    RecruitmentReason,
    RecruitmentStage,
    Role,
    SeatType,
)

HEALTH_BOARDS = {
    "betsi-cadwaladr": ("Betsi Cadwaladr University Health Board",
                        "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"),
    "powys": ("Powys Teaching Health Board", "Bwrdd Iechyd Addysgu Powys"),
    "hywel-dda": ("Hywel Dda University Health Board", "Bwrdd Iechyd Prifysgol Hywel Dda"),
    "swansea-bay": ("Swansea Bay University Health Board", "Bwrdd Iechyd Prifysgol Bae Abertawe"),
    "cwm-taf-morgannwg": ("Cwm Taf Morgannwg University Health Board",
                          "Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg"),
    "cardiff-and-vale": ("Cardiff and Vale University Health Board",
                         "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro"),
    "aneurin-bevan": ("Aneurin Bevan University Health Board",
                      "Bwrdd Iechyd Prifysgol Aneurin Bevan"),
}

GIVEN = ["Siân", "Gareth", "Eleri", "Rhys", "Ffion", "Dafydd", "Megan", "Owain", "Catrin",
         "Iwan", "Nia", "Huw", "Lowri", "Aled", "Bethan", "Tomos", "Amira", "Daniel", "Grace",
         "Mohammed", "Olivia", "Kwame", "Hannah", "Jac", "Mair", "Priya", "Elis", "Seren"]
FAMILY = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis",
          "Morgan", "Griffiths", "Price", "Jenkins", "Owen", "Pritchard", "Rees", "Khan",
          "Edwards", "Powell", "Lloyd", "Parry", "Ahmed", "Mensah"]

DEMO_ADDRESS = "1 Stryd y Castell\nCaerdydd\nCF10 1AA"

DEMO_ACCOUNTS = [
    # email, given, family, language, role, organisation area key (None: platform)
    ("admin@example.org", "Alex", "Morgan", "en", Role.PLATFORM_ADMIN, None),
    ("gweinyddwr@example.org", "Angharad", "Pugh", "cy", Role.ORG_ADMIN, "cardiff-and-vale"),
    ("organiser@example.org", "Sam", "Patel", "en", Role.ORG_ADMIN, "swansea-bay"),
    ("worker@example.org", "Carys", "Bowen", "cy", Role.ENGAGEMENT_WORKER, "cardiff-and-vale"),
]


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _board_specs(area_key: str) -> list[dict]:
    area = next(a for a in AREAS if a.key == area_key)
    districts = [d.key for d in area.districts]
    place_en, place_cy = area.en.split(" (")[0], area.cy.split(" (")[0]
    return [
        {
            "kind": BoardKind.PARTNERSHIP,
            "name_en": f"{place_en} Local Mental Health Partnership Board",
            "name_cy": f"Bwrdd Partneriaeth Iechyd Meddwl Lleol {place_cy}",
            "districts": districts,
            "meetings_per_year": 4,
            "seats": (3, 3, 2),
        },
        {
            "kind": BoardKind.DECISION,
            "name_en": "Mental Health Services Quality and Safety Group",
            "name_cy": "Grŵp Ansawdd a Diogelwch Gwasanaethau Iechyd Meddwl",
            "districts": districts,
            "meetings_per_year": 10,
            "seats": (2, 2, 0),
        },
    ]


def load_demo(session: Session, today: date | None = None) -> str:
    """Create the demo organisations, boards, representatives and accounts; returns a summary."""
    rng = random.Random(2026)  # noqa: S311 - demo names, not security
    today = today or utcnow().date()
    organisations: dict[str, Organisation] = {}
    boards = people = appointments = 0
    used_names: set[tuple[str, str]] = set()

    def new_person(channel: ContactChannel) -> Person:
        nonlocal people
        while True:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            if (given, family) not in used_names:
                used_names.add((given, family))
                break
        language = Language.WELSH if rng.random() < 0.35 else Language.ENGLISH
        email = None
        if channel == ContactChannel.EMAIL:
            email = f"{_ascii(given)}.{_ascii(family)}@example.org"
        person = Person(
            given_name=given, family_name=family, email=email,
            phone="01234 567" + f"{rng.randint(0, 999):03d}",
            postal_address=DEMO_ADDRESS if channel == ContactChannel.POST else None,
            preferred_language=language, contact_channel=channel,
            preferences_recorded_at=utcnow(),
        )
        session.add(person)
        people += 1
        return person

    for area in AREAS:
        name_en, name_cy = HEALTH_BOARDS[area.key]
        organisation = Organisation(name_en=name_en, name_cy=name_cy)
        session.add(organisation)
        session.flush()
        organisations[area.key] = organisation
        for index, spec in enumerate(_board_specs(area.key)):
            su, carers, deputies = spec["seats"]
            board = Board(
                organisation_id=organisation.id, kind=spec["kind"], name_en=spec["name_en"],
                name_cy=spec["name_cy"], area=area.key, districts=spec["districts"],
                meetings_per_year=spec["meetings_per_year"], service_user_seats=su,
                carer_seats=carers, deputy_seats=deputies,
            )
            session.add(board)
            session.flush()
            boards += 1
            term = minimum_term_months(board.meetings_per_year)
            # Some boards are a seat short so the compliance line shows both states.
            short = (area.key in {"powys", "hywel-dda"} and index == 0) or (
                area.key == "swansea-bay" and index == 1)
            plan = ([SeatType.SERVICE_USER] * su + [SeatType.CARER] * (carers - int(short))
                    + [SeatType.DEPUTY] * deputies)
            for n, seat in enumerate(plan):
                # Staggered: starts spread over the past term so ends fall in different years.
                months_ago = (n * term) // max(len(plan), 1) + rng.randint(0, 3)
                start = add_months(today.replace(day=1), -months_ago)
                channel = rng.choice([ContactChannel.EMAIL] * 4 + [ContactChannel.PHONE,
                                                                    ContactChannel.POST])
                person = new_person(channel)
                session.flush()
                session.add(Appointment(
                    person_id=person.id, board_id=board.id, seat_type=seat, start_date=start,
                    term_months=term, term_number=1 + (n % 3 == 2), status=AppointmentStatus.ACTIVE,
                    end_date=add_months(start, term),
                ))
                session.add(RoleGrant(person_id=person.id, role=Role.REPRESENTATIVE,
                                      organisation_id=organisation.id, board_id=board.id))
                appointments += 1

    for email, given, family, lang, role, area_key in DEMO_ACCOUNTS:
        person = Person(email=email, given_name=given, family_name=family,
                        preferred_language=Language(lang), contact_channel=ContactChannel.EMAIL,
                        preferences_recorded_at=utcnow())
        session.add(person)
        session.flush()
        session.add(RoleGrant(person_id=person.id, role=role,
                              organisation_id=organisations[area_key].id if area_key else None))
        people += 1
    # A representative who can sign in, serving on Cardiff and Vale's partnership board and
    # leading a recruitment there with another representative; a third is invited.
    cardiff = organisations["cardiff-and-vale"]
    board = session.scalars(
        sa.select(Board).where(Board.organisation_id == cardiff.id, Board.kind == BoardKind.PARTNERSHIP)
    ).one()
    rep = Person(email="rep@example.org", given_name="Rhiannon", family_name="Prys",
                 preferred_language=Language.WELSH, contact_channel=ContactChannel.EMAIL,
                 preferences_recorded_at=utcnow())
    session.add(rep)
    session.flush()
    start = add_months(today.replace(day=1), -30)
    session.add(Appointment(person_id=rep.id, board_id=board.id, seat_type=SeatType.CARER,
                            start_date=start, term_months=36, term_number=1,
                            end_date=add_months(start, 36)))
    session.add(RoleGrant(person_id=rep.id, role=Role.REPRESENTATIVE, organisation_id=cardiff.id,
                          board_id=board.id))
    people += 1
    appointments += 1
    recruitment = Recruitment(board_id=board.id, reason=RecruitmentReason.TERM_ENDING,
                              carer_vacancies=1, started_by_id=rep.id,
                              stage=RecruitmentStage.DRAFTING)
    session.add(recruitment)
    session.flush()
    colleagues = session.scalars(
        sa.select(RoleGrant.person_id).where(RoleGrant.board_id == board.id,
                                             RoleGrant.person_id != rep.id).limit(2)).all()
    session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                            kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED,
                            invited_by_id=rep.id, responded_at=utcnow()))
    for person_id, status in zip(colleagues, (MemberStatus.ACCEPTED, MemberStatus.INVITED),
                                 strict=False):
        session.add(GroupMember(recruitment_id=recruitment.id, person_id=person_id,
                                kind=MemberKind.LIVED_EXPERIENCE, status=status,
                                invited_by_id=rep.id))
    from portal.recruitment.descriptions import ensure_templates

    ensure_templates(session)
    # Two published roles, so that the public list, feeds and posters have something to show.
    published = []
    for area_key, template_key, vacancies, days in (
            ("powys", "board_member_service_user", (2, 0, 0), 10),
            ("betsi-cadwaladr", "board_member_carer", (0, 1, 0), 35)):
        board = session.scalars(sa.select(Board).where(
            Board.organisation_id == organisations[area_key].id).order_by(Board.id)).first()
        published.append(_published_demo_role(session, board, template_key, vacancies,
                                              today + timedelta(days=days)))
    _demo_applications(session, published[0], organisations["powys"])
    from portal.demo_panels import load_demo_panel

    load_demo_panel(session, cardiff, rep,
                    worker=session.scalar(sa.select(Person).where(
                        Person.email == "worker@example.org")),
                    budget_holder=session.scalar(sa.select(Person).where(
                        Person.email == "gweinyddwr@example.org")),
                    today=today)
    audit.record(session, None, "demo_loaded", None)
    session.flush()
    from portal.demo_panels import PANEL_ACCOUNTS

    accounts = ", ".join([a[0] for a in DEMO_ACCOUNTS] + ["rep@example.org"]
                         + [a[0] for a in PANEL_ACCOUNTS])
    return (f"Demo data: {len(organisations)} organisations, {boards} boards, {people} people, "
            f"{appointments} appointments. Sign in as: {accounts}")


DEMO_PUBLIC_INFORMATION = {
    "purpose": ("We plan and run health services for everyone who lives in our area.",
                "Rydym yn cynllunio ac yn rhedeg gwasanaethau iechyd i bawb sy'n byw yn ein "
                "hardal."),
    "difference": ("Representatives make sure decisions are shaped by people who use mental "
                   "health services and by their carers.",
                   "Mae cynrychiolwyr yn sicrhau bod pobl sy'n defnyddio gwasanaethau iechyd "
                   "meddwl, a'u gofalwyr, yn llunio penderfyniadau."),
}


def _published_demo_role(session: Session, board: Board, template_key: str,
                         vacancies: tuple[int, int, int], closes_on: date) -> Recruitment:
    from decimal import Decimal

    from flask import current_app

    from portal.models import PublicInformation, RoleDescriptionVersion
    from portal.role_templates_content import SECTION_KEYS, TEMPLATES
    from portal.roles import DEFAULT_METHODS, MIN_ELIGIBILITY_YEARS, fill

    organisation = session.get(Organisation, board.organisation_id)
    term = minimum_term_months(board.meetings_per_year)
    wage = Decimal(current_app.config["LIVING_WAGE_HOURLY"])
    recruitment = Recruitment(board_id=board.id, reason=RecruitmentReason.NEW_SEAT,
                              service_user_vacancies=vacancies[0], carer_vacancies=vacancies[1],
                              deputy_vacancies=vacancies[2], stage=RecruitmentStage.PUBLISHED,
                              closes_on=closes_on, published_at=utcnow(),
                              contact_name="Carys Bowen", contact_phone="01597 828 000",
                              contact_email="engagement@example.org")
    session.add(recruitment)
    session.flush()
    texts = TEMPLATES[template_key]["sections"]
    sections = {
        key: {lang: fill(texts[key][lang], {
            "board": board.name(lang), "organisation": organisation.name(lang),
            "hourly_rate": f"{wage:.2f}", "term_years": str(term // 12),
            "meetings_per_year": str(board.meetings_per_year)}) for lang in ("en", "cy")}
        for key in SECTION_KEYS}
    version = RoleDescriptionVersion(
        recruitment_id=recruitment.id, number=1, sections=sections, hourly_rate=wage,
        term_months=term, eligibility_years=MIN_ELIGIBILITY_YEARS,
        selection_methods=list(DEFAULT_METHODS))
    session.add(version)
    session.flush()
    recruitment.published_version_id = version.id
    for heading, (text_en, text_cy) in DEMO_PUBLIC_INFORMATION.items():
        session.add(PublicInformation(organisation_id=organisation.id, heading=heading,
                                      text_en=text_en, text_cy=text_cy))
    return recruitment


def _demo_applications(session: Session, role: Recruitment, organisation: Organisation) -> None:
    """So that the engagement worker's console has something to show: the demo worker (the
    contact named on the role) also supports Powys, where one person applied online, one
    gave a spoken expression of interest that the worker wrote down and read back (its
    acknowledgement waits in the letters to post), and one asked for an informal chat."""
    from portal.auth.services import hash_token
    from portal.models import (
        Application,
        ApplicationEvent,
        InformalChat,
        OutboxMessage,
        RoleDescriptionVersion,
    )
    from portal.models.enums import ApplicationStatus, ChatMode, OutboxStatus

    title = session.get(RoleDescriptionVersion, role.published_version_id).sections["title"]
    worker = session.scalar(sa.select(Person).where(Person.email == "worker@example.org"))
    session.add(RoleGrant(person_id=worker.id, role=Role.ENGAGEMENT_WORKER,
                          organisation_id=organisation.id))
    support = {"adjustments": ["breaks"], "formats": ["in_person"], "expenses": ["travel"],
               "payment": "not_sure", "best_times": "", "access_needs": "", "bad_day": ""}
    now = utcnow()
    people = [
        ("DEMO-ON1N", "expression_of_interest", Language.ENGLISH,
         {"name": "Grace Mensah", "channel": "email", "email": "grace.mensah@example.org"},
         "I have used crisis services twice and want the next person to be listened to.",
         None),
        ("DEMO-SP0K", "expression_of_interest", Language.WELSH,
         {"name": "Elis Parry", "channel": "post", "postal_address": DEMO_ADDRESS},
         "Dw i wedi bod yn yr ysbyty ac rydw i eisiau helpu pobl eraill i gael eu clywed.",
         worker),
        ("DEMO-CHAT", "informal_chat", Language.ENGLISH,
         {"name": "Priya Khan", "channel": "phone", "phone": "01597 828 123"}, None, None),
    ]
    for reference, route, language, contact, words, helper in people:
        answers = {"support": support, **({"expression": words, "disclosure": {"expression": "full"}}
                                          if words else {})}
        application = Application(
            recruitment_id=role.id, reference=reference,
            access_token_hash=hash_token(f"demo-{reference}"), route=route,
            status=ApplicationStatus.SUBMITTED, language=language, eligibility="yes",
            contact=contact, answers=answers, submitted_at=now,
            assisted_by_id=helper.id if helper else None,
            confirmed_at=now if helper else None)
        session.add(application)
        session.flush()
        session.add(ApplicationEvent(application_id=application.id, kind="started",
                                     details={"route": route}))
        if helper:
            session.add(ApplicationEvent(application_id=application.id, kind="written_down",
                                         actor_id=helper.id))
            session.add(ApplicationEvent(application_id=application.id,
                                         kind="read_back_confirmed", actor_id=helper.id,
                                         details={"version": 1, "words": words}))
            session.add(OutboxMessage(
                key=f"application-received:{application.id}", template="application_received",
                channel=ContactChannel.POST, language=language, status=OutboxStatus.MANUAL,
                application_id=application.id, organisation_id=organisation.id,
                payload={"name": contact["name"], "reference": reference,
                         "postal_address": contact["postal_address"],
                         "title": title[language.value],
                         "url": "", "closes_on": role.closes_on.isoformat(),
                         "contact_name": role.contact_name,
                         "contact_phone": role.contact_phone,
                         "contact_email": role.contact_email}))
        session.add(ApplicationEvent(application_id=application.id, kind="submitted"))
        if route == "informal_chat":
            session.add(InformalChat(application_id=application.id, mode=ChatMode.PHONE,
                                     best_times="Weekday mornings, not Mondays"))
