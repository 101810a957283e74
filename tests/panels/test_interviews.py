"""Interviews (R-MT1): times, invitations with 14 days' notice, the applicant's own choice (one
person a time, even in a race), the .ics in their language, questions 7 days ahead, a reminder
2 days before, exactly once; letters for people without email; the schedule shows the support
plan, never equality data."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from portal.errors import DomainError, Forbidden, ValidationFailed
from portal.models import (
    ApplicationEvent,
    AuditEvent,
    Interview,
    InterviewSlot,
    OutboxMessage,
    PanelDecision,
)
from portal.models.base import utcnow
from portal.models.enums import (
    ChatMode,
    InterviewStatus,
    OutboxStatus,
    PanelOutcome,
    PanelStage,
)
from portal.panels import interviews
from tests.panels.builders import panel_world

SECRETS: list[str] = []


def signed_in(person):
    person.session_token = "test"
    return person


def link_for(secret: str, lang: str) -> str:
    SECRETS.append(secret)
    return f"http://localhost/{lang}/recruitment/interview/{secret}"


def shortlisted(db_session, world, count=3):
    """The panel decided to invite the first `count` applications to interview."""
    for application in world.applications[:count]:
        db_session.add(PanelDecision(recruitment_id=world.role.id, application_id=application.id,
                                     stage=PanelStage.SHORTLIST, outcome=PanelOutcome.INTERVIEW,
                                     reason="Strong answers", made_by_ids=[m.id for m in
                                                                           world.members]))
    db_session.commit()


def add_slot(db_session, role, days: float, *, mode=ChatMode.FACE_TO_FACE, hours=1,
             access=None) -> InterviewSlot:
    starts = (utcnow() + timedelta(days=days)).replace(microsecond=0)
    slot = InterviewSlot(recruitment_id=role.id, starts_at=starts,
                         ends_at=starts + timedelta(hours=hours), mode=mode,
                         place="Canolfan Gymuned, 1 Stryd Fawr, Aberystwyth",
                         video_link="https://video.example.org/room-1"
                         if mode == ChatMode.VIDEO else None,
                         access=access or {"en": "Step-free access and a hearing loop",
                                           "cy": "Mynediad heb risiau a dolen sain"})
    db_session.add(slot)
    db_session.commit()
    return slot


@pytest.fixture
def world(db_session):
    w = panel_world(db_session, applications=4)
    shortlisted(db_session, w)
    return w


def invite_one(db_session, world, index=0, reason=None) -> tuple[Interview, str]:
    SECRETS.clear()
    [interview] = interviews.invite(db_session, signed_in(world.members[0]), world.role.id,
                                    [world.applications[index].id], reason, link_for)
    db_session.commit()
    return interview, SECRETS[-1]


def messages(db_session, template):
    return list(db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == template).order_by(OutboxMessage.id)))


# ---- inviting --------------------------------------------------------------------------------

def test_invitation_under_14_days_warns_and_needs_a_reason_which_is_audited__R_MT1(
        db_session, world):
    add_slot(db_session, world.role, days=10)
    chair = signed_in(world.members[0])
    with pytest.raises(ValidationFailed) as refused:
        interviews.invite(db_session, chair, world.role.id, [world.applications[0].id], "",
                          link_for)
    assert refused.value.problems[0][0] == "short_notice_reason"
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count(Interview.id))) == 0
    interview, _secret = invite_one(db_session, world, reason="The board meets next week")
    assert interview.short_notice_reason == "The board meets next week"
    audited = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "interview_invited"))
    assert audited.reason == "The board meets next week" and audited.details["short_notice"]


def test_invitation_14_days_ahead_needs_no_reason__R_MT1(db_session, world):
    add_slot(db_session, world.role, days=14.5)
    add_slot(db_session, world.role, days=20)
    interview, secret = invite_one(db_session, world)
    assert interview.short_notice_reason is None
    assert interview.token_hash == interviews.hash_token(secret) and secret not in str(
        interview.token_hash)
    [message] = messages(db_session, "interview_invitation")
    # Sent at once (no Redis in this app), and the link forgotten once it has gone.
    assert message.status == OutboxStatus.SENT and "url" not in message.payload
    assert len(message.payload["slots"]) == 2
    from email import message_from_bytes
    from email.policy import default
    from pathlib import Path

    from flask import current_app

    eml = Path(current_app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
    email = message_from_bytes(eml.read_bytes(), policy=default)
    assert secret in email.get_body(("plain",)).get_content()
    assert [e.kind for e in db_session.scalars(sa.select(ApplicationEvent).where(
        ApplicationEvent.application_id == world.applications[0].id,
        ApplicationEvent.kind.like("interview%")))] == ["interview_invited"]


def test_only_people_the_panel_shortlisted_for_interview_are_invited_once(db_session, world):
    add_slot(db_session, world.role, days=20)
    chair = signed_in(world.members[0])
    with pytest.raises(DomainError):  # the fourth was not shortlisted for interview
        interviews.invite(db_session, chair, world.role.id, [world.applications[3].id], None,
                          link_for)
    db_session.rollback()
    invite_one(db_session, world)
    with pytest.raises(DomainError):  # a second invitation (a double submit)
        interviews.invite(db_session, chair, world.role.id, [world.applications[0].id], None,
                          link_for)
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count(Interview.id))) == 1
    with pytest.raises(Forbidden):  # another panel's member
        interviews.invite(db_session, signed_in(world.outsider_member), world.role.id,
                          [world.applications[1].id], None, link_for)


def test_letters_for_people_without_email_land_in_the_manual_queue__R_MT1(db_session, world):
    add_slot(db_session, world.role, days=20)
    application = world.applications[1]
    application.contact = {"name": "Siân Post", "channel": "post",
                           "postal_address": "2 Heol y Bont\nBangor"}
    application.language = "cy"
    db_session.commit()
    invite_one(db_session, world, index=1)
    [letter] = messages(db_session, "interview_invitation")
    assert letter.status == OutboxStatus.MANUAL and letter.recipient is None
    assert letter.language.value == "cy" and letter.channel.value == "post"
    assert letter.organisation_id is not None  # the engagement workers' print queue
    assert letter.payload["title"] == "Cynrychiolydd defnyddwyr gwasanaeth"
    from flask import current_app

    from portal.letters.content import paragraphs

    with current_app.test_request_context("/cy/letters"):
        text = "\n".join(paragraphs(letter))
    assert letter.payload["url"] in text and "Mynediad heb risiau" in text


# ---- choosing --------------------------------------------------------------------------------

def test_choosing_books_the_slot_and_sends_an_ics_in_english__R_MT1(db_session, world):
    slot = add_slot(db_session, world.role, days=20, mode=ChatMode.VIDEO)
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    assert interview.status == InterviewStatus.BOOKED and interview.slot_id == slot.id
    [confirmed] = messages(db_session, "interview_confirmed")
    ics = confirmed.payload["ics"]
    assert "\r\n" in ics and all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    calendar = Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"interview-{interview.id}@portal.local"
    assert event.decoded("DTSTART") == slot.starts_at.astimezone(UTC)
    assert f"DTSTART:{slot.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z" in ics
    assert str(event["SUMMARY"]) == "Interview: Service user representative"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(event["LOCATION"]) == "https://video.example.org/room-1"
    assert "Step-free access" in str(event["DESCRIPTION"])
    # Choosing again (a double submit) sends nothing more.
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    assert len(messages(db_session, "interview_confirmed")) == 1


def test_the_ics_is_in_welsh_for_a_welsh_speaker__R_MT1(db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    world.applications[0].language = "cy"
    db_session.commit()
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    [confirmed] = messages(db_session, "interview_confirmed")
    assert confirmed.language.value == "cy"
    [event] = Calendar.from_ical(confirmed.payload["ics"]).walk("VEVENT")
    assert "Cynrychiolydd defnyddwyr gwasanaeth" in str(event["SUMMARY"])
    assert event["SUMMARY"].params["LANGUAGE"] == "cy"
    description = str(event["DESCRIPTION"])
    assert "Mynediad heb risiau a dolen sain" in description
    from babel.dates import format_date

    from portal.models.base import WALES
    assert format_date(slot.starts_at.astimezone(WALES).date(), "EEEE", locale="cy") in (
        description)
    assert event.decoded("DTSTART") == slot.starts_at.astimezone(UTC)


def test_the_same_uid_with_a_higher_sequence_when_they_change_time__R_MT1(db_session, world):
    first, second = add_slot(db_session, world.role, days=20), add_slot(db_session,
                                                                        world.role, days=21)
    _interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, first.id)
    db_session.commit()
    interviews.choose(db_session, secret, second.id)
    db_session.commit()
    events = [Calendar.from_ical(m.payload["ics"]).walk("VEVENT")[0]
              for m in messages(db_session, "interview_confirmed")]
    assert events[0]["UID"] == events[1]["UID"]
    assert int(events[1]["SEQUENCE"]) > int(events[0]["SEQUENCE"])
    assert db_session.get(InterviewSlot, first.id) is not None
    assert interviews.holder_of(db_session, first.id) is None  # freed for someone else


def test_a_taken_slot_is_refused_kindly__R_MT1(db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    _a, first = invite_one(db_session, world, 0)
    _b, second = invite_one(db_session, world, 1)
    interviews.choose(db_session, first, slot.id)
    db_session.commit()
    with pytest.raises(interviews.SlotTaken):
        interviews.choose(db_session, second, slot.id)
    db_session.rollback()


def test_slot_race_two_sessions_one_wins__R_MT1(app, db_session, world):
    from sqlalchemy.orm import Session

    from portal.extensions import db

    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("the row lock race needs PostgreSQL")
    slot = add_slot(db_session, world.role, days=20)
    _a, first = invite_one(db_session, world, 0)
    _b, second = invite_one(db_session, world, 1)
    slot_id = slot.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(secret):
        with app.app_context(), Session(db.engine) as session:
            barrier.wait()
            try:
                interviews.choose(session, secret, slot_id)
                session.commit()
                outcomes.append("booked")
            except interviews.SlotTaken:
                session.rollback()
                outcomes.append("taken")

    threads = [threading.Thread(target=attempt, args=(s,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "taken"]
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(Interview.id)).where(
        Interview.slot_id == slot_id)) == 1
    assert len(messages(db_session, "interview_confirmed")) == 1


def test_asking_for_another_time_and_saying_no_free_the_slot(db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    with pytest.raises(DomainError):
        interviews.ask_other_time(db_session, secret, "   ")
    db_session.rollback()
    interviews.ask_other_time(db_session, secret, "Any Tuesday morning")
    db_session.commit()
    assert interview.status == InterviewStatus.OTHER_TIME and interview.slot_id is None
    interviews.decline(db_session, secret)
    db_session.commit()
    assert interview.status == InterviewStatus.DECLINED
    with pytest.raises(DomainError):
        interviews.choose(db_session, secret, slot.id)
    db_session.rollback()
    kinds = set(db_session.scalars(sa.select(ApplicationEvent.kind)))
    assert {"interview_invited", "interview_time_chosen", "interview_other_time_asked",
            "interview_declined"} <= kinds


def test_offering_other_times_gives_a_new_link_and_frees_the_time(db_session, world):
    first = add_slot(db_session, world.role, days=20)
    interview, old = invite_one(db_session, world)
    interviews.ask_other_time(db_session, old, "Evenings please")
    db_session.commit()
    add_slot(db_session, world.role, days=25)
    SECRETS.clear()
    interviews.offer_again(db_session, signed_in(world.members[0]), world.role.id, interview.id,
                           None, "We added an evening", link_for)
    db_session.commit()
    new = SECRETS[-1]
    assert interview.status == InterviewStatus.INVITED
    with pytest.raises(interviews.NotFound):
        interviews.by_token(db_session, old)
    assert interviews.by_token(db_session, new).interview.id == interview.id
    [offer] = messages(db_session, "interview_times")
    assert offer.payload["note"] == "We added an evening" and len(offer.payload["slots"]) == 2
    assert first.id in {s.id for s in interviews.free_slots(db_session, world.role.id)}


# ---- slots -----------------------------------------------------------------------------------

def slot_data(**kw):
    day = (utcnow() + timedelta(days=30)).date()
    return {"date": day, "starts": "10:00", "ends": "11:00", "mode": "face_to_face",
            "place": "Neuadd y Dref", "video_link": "", "access_en": "Lift",
            "access_cy": "Lifft", **kw}


def test_slots_are_typed_in_wales_time_and_stored_in_utc(db_session, world):
    worker_free = signed_in(world.members[1])
    slot = interviews.save_slot(db_session, worker_free, world.role.id,
                                slot_data(date=date(2099, 7, 1)))
    db_session.commit()
    assert slot.starts_at == datetime(2099, 7, 1, 9, 0, tzinfo=UTC)  # BST is UTC+1
    with pytest.raises(ValidationFailed) as bad:
        interviews.save_slot(db_session, worker_free, world.role.id,
                             slot_data(mode="video", video_link="javascript:alert(1)"))
    assert bad.value.problems[0][0] == "video_link"
    db_session.rollback()
    with pytest.raises(ValidationFailed):
        interviews.save_slot(db_session, worker_free, world.role.id,
                             slot_data(mode="phone", place=""))
    db_session.rollback()
    with pytest.raises(Forbidden):
        interviews.save_slot(db_session, signed_in(world.outsider_member), world.role.id,
                             slot_data())


def test_a_booked_slot_cannot_be_removed_or_moved_until_offered_again(db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    chair = signed_in(world.members[0])
    with pytest.raises(DomainError, match="cannot be removed"):
        interviews.remove_slot(db_session, chair, world.role.id, slot.id)
    db_session.rollback()
    with pytest.raises(DomainError, match="cannot change"):
        interviews.save_slot(db_session, chair, world.role.id, {
            **interviews.local_parts(slot), "date": (utcnow() + timedelta(days=40)).date(),
            "mode": "face_to_face"}, slot.id)
    db_session.rollback()
    interviews.offer_again(db_session, chair, world.role.id, interview.id, None, None,
                           link_for)
    db_session.commit()
    interviews.remove_slot(db_session, chair, world.role.id, slot.id)
    db_session.commit()
    assert db_session.get(InterviewSlot, slot.id) is None


# ---- questions in advance and reminders ------------------------------------------------------

def wants_questions(db_session, application):
    application.answers = {**application.answers, "support": {
        **application.answers["support"], "adjustments": ["questions_in_advance"]}}
    db_session.commit()


def test_questions_go_when_a_time_is_chosen_7_days_ahead__R_MT1(db_session, world):
    wants_questions(db_session, world.applications[0])
    world.applications[0].language = "cy"
    db_session.commit()
    slot = add_slot(db_session, world.role, days=15)
    interview, secret = invite_one(db_session, world)
    assert interview.questions_wanted
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    [sent] = messages(db_session, "interview_questions")
    assert sent.payload["questions"] == ["Pam yr hoffech chi'r rôl hon?",
                                         "Dywedwch wrthym am adeg pan wnaethoch siarad dros "
                                         "eraill."]
    assert interview.questions_sent_at is not None
    assert not interviews.questions_late(interview, slot)
    assert interviews.send_due(db_session) == {"questions": 0, "reminders": 0}


def test_the_panel_is_warned_when_questions_go_under_7_days__R_MT1(db_session, world):
    wants_questions(db_session, world.applications[0])
    slot = add_slot(db_session, world.role, days=5)
    interview, secret = invite_one(db_session, world, reason="Short timetable")
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    assert len(messages(db_session, "interview_questions")) == 1
    assert interviews.questions_late(interview, slot)


def test_the_sweep_sends_questions_not_yet_sent__R_MT1(db_session, world):
    slot = add_slot(db_session, world.role, days=15)
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    interview.questions_wanted = True  # e.g. asked for later, by phone
    db_session.commit()
    assert interviews.send_due(db_session)["questions"] == 1
    db_session.commit()
    assert interviews.send_due(db_session)["questions"] == 0
    assert len(messages(db_session, "interview_questions")) == 1


def test_reminder_2_days_before_exactly_once_across_sweeps__R_MT1(db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    early = slot.starts_at - timedelta(days=3)
    assert interviews.send_due(db_session, early)["reminders"] == 0
    due = slot.starts_at - timedelta(days=2) + timedelta(minutes=1)
    for _ in range(3):
        interviews.send_due(db_session, due)
        db_session.commit()
    [reminder] = messages(db_session, "interview_reminder")
    assert reminder.key == f"interview-reminder:{interview.id}:{slot.id}"
    assert interview.reminder_sent_at is not None
    assert db_session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.kind == "interview_reminder_sent")) == 1
    # Nothing for a past interview.
    assert interviews.send_due(db_session, slot.starts_at + timedelta(hours=1)) == {
        "questions": 0, "reminders": 0}


def test_the_sweep_runs_the_same_statements_for_1_or_3_due__R_MT1(db_session, world,
                                                                   statements):
    def sweep_count(indexes):
        db_session.execute(sa.delete(OutboxMessage).where(
            OutboxMessage.template.in_(["interview_reminder", "interview_questions"])))
        db_session.execute(sa.update(Interview).values(reminder_sent_at=None,
                                                       questions_sent_at=None,
                                                       questions_wanted=False))
        db_session.execute(sa.update(Interview).where(Interview.application_id.in_(
            [world.applications[i].id for i in indexes])).values(questions_wanted=True))
        db_session.commit()
        due = min(s.starts_at for s in slots) - timedelta(days=1)
        with statements() as seen:
            counts = interviews.send_due(db_session, due)
            db_session.commit()
        return counts, len(seen)

    slots = [add_slot(db_session, world.role, days=20 + i / 24) for i in range(3)]
    for i, slot in enumerate(slots):
        _interview, secret = invite_one(db_session, world, i)
        interviews.choose(db_session, secret, slot.id)
        db_session.commit()
    # One due: move the others far away.
    for slot in slots[1:]:
        slot.starts_at += timedelta(days=30)
        slot.ends_at += timedelta(days=30)
    db_session.commit()
    one, one_count = sweep_count([0])
    for slot in slots[1:]:
        slot.starts_at -= timedelta(days=30)
        slot.ends_at -= timedelta(days=30)
    db_session.commit()
    three, three_count = sweep_count([0, 1, 2])
    assert one == {"questions": 1, "reminders": 1}
    assert three == {"questions": 3, "reminders": 3}
    assert one_count == three_count


def test_flask_panels_send_due(app, db_session, world):
    slot = add_slot(db_session, world.role, days=1)
    _interview, secret = invite_one(db_session, world, reason="Urgent")
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["panels", "send-due"])
    assert result.exit_code == 0, result.output
    assert "1 reminder" in result.output
    assert app.test_cli_runner().invoke(args=["panels", "send-due"]).output.startswith(
        "0 question message(s), 0 reminder(s)")


# ---- the email with its attachment, through a real SMTP server --------------------------------

def test_the_confirmation_email_carries_the_ics_through_smtp__R_MT1(make_app, app, db_session,
                                                                     world, smtp_server):
    from workers.jobs.email import send_outbox_message

    slot = add_slot(db_session, world.role, days=20)
    _interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    [confirmed] = messages(db_session, "interview_confirmed")
    # It went at once to the files outbox (no MAIL_SERVER); send it again, by SMTP this time.
    db_session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == confirmed.id)
                       .values(status=OutboxStatus.PENDING, attempts=0))
    db_session.commit()
    sender = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with sender.app_context():
        assert send_outbox_message(confirmed.id) == "sent"
    [email] = smtp_server.messages
    assert email["Subject"] == "Your interview time is booked"
    [attachment] = list(email.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "interview.ics"
    calendar = Calendar.from_ical(attachment.get_content())
    assert calendar.walk("VEVENT")[0].decoded("DTSTART") == slot.starts_at.astimezone(UTC)
    body = email.get_body(("plain",)).get_content()
    assert "calendar file attached" in body and "Step-free access" in body


# ---- the pages -------------------------------------------------------------------------------

def test_the_applicant_page_is_private_and_lets_them_choose(app, db_session, world):
    slot = add_slot(db_session, world.role, days=20)
    _interview, secret = invite_one(db_session, world)
    client = app.test_client()
    page = client.get(f"/en/recruitment/interview/{secret}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert "Step-free access" in html and "Canolfan Gymuned" in html
    from tests.conftest import csrf_from

    token = csrf_from(page)
    chosen = client.post(f"/en/recruitment/interview/{secret}", data={
        "which": "choose", "choose-slot": str(slot.id), "csrf_token": token,
        "choose-csrf_token": token})
    assert chosen.status_code == 303
    booked = client.get(f"/en/recruitment/interview/{secret}").get_data(as_text=True)
    assert "Your interview is booked" in booked
    assert client.get("/en/recruitment/interview/not-a-real-link").status_code == 404


def test_the_applicant_page_error_states(app, db_session, world):
    from tests.conftest import csrf_from

    slot = add_slot(db_session, world.role, days=20)
    _a, first = invite_one(db_session, world, 0)
    _b, second = invite_one(db_session, world, 1)
    client = app.test_client()
    page = client.get(f"/cy/recruitment/interview/{second}")
    token = csrf_from(page)
    interviews.choose(db_session, first, slot.id)  # someone else gets there first
    db_session.commit()
    lost = client.post(f"/cy/recruitment/interview/{second}", data={
        "which": "choose", "choose-slot": str(slot.id), "csrf_token": token,
        "choose-csrf_token": token})
    assert lost.status_code == 400
    assert "govuk-error-summary" in lost.get_data(as_text=True)
    empty = client.post(f"/cy/recruitment/interview/{second}", data={
        "which": "other", "other-request": "", "csrf_token": token, "other-csrf_token": token})
    assert empty.status_code == 400


def test_the_schedule_shows_support_plans_never_equality_data(app, db_session, world, login,
                                                              statements):
    from portal.models import Board, Organisation
    from tests import factories

    slot = add_slot(db_session, world.role, days=20)
    _interview, secret = invite_one(db_session, world)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    client = app.test_client()
    login(client, world.members[1])
    page = client.get(f"/en/recruitment/{world.role.id}/panel/interviews")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Applicant 1" in html and "Breaks when I need them" in html
    assert "A phone call instead" in html
    assert "equality" not in html.lower().replace("equality monitoring is never shown", "")
    worker = factories.person(db_session)
    organisation = db_session.get(Organisation, db_session.get(
        Board, world.role.board_id).organisation_id)
    factories.grant(db_session, worker, "engagement_worker", organisation)
    db_session.commit()
    other = app.test_client()
    login(other, worker)
    assert other.get(f"/cy/recruitment/{world.role.id}/panel/interviews").status_code == 200
    outsider = app.test_client()
    login(outsider, world.outsider_member)
    assert outsider.get(f"/en/recruitment/{world.role.id}/panel/interviews").status_code == 403


def test_a_conflicted_member_does_not_see_that_support_plan__R_SEL4(app, db_session, login):
    w = panel_world(db_session, applications=2, conflicts={(2, 0)})
    shortlisted(db_session, w, 1)
    slot = add_slot(db_session, w.role, days=20)
    _interview, secret = invite_one(db_session, w)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    client = app.test_client()
    login(client, w.members[2])
    html = client.get(f"/en/recruitment/{w.role.id}/panel/interviews").get_data(as_text=True)
    assert "declared a conflict of interest with this person" in html
    assert "Breaks when I need them" not in html


def test_organiser_forms_through_the_pages(app, db_session, world, login, submit):
    client = app.test_client()
    login(client, world.members[0])
    base = f"/en/recruitment/{world.role.id}/panel/interviews"
    day = (utcnow() + timedelta(days=10)).date()
    bad = submit(client, f"{base}/times/new", {"date-day": "31", "date-month": "2",
                                               "date-year": "2030", "starts": "10",
                                               "ends": "", "mode": "video"})
    assert bad.status_code == 400
    saved = submit(client, f"{base}/times/new", {
        "date-day": str(day.day), "date-month": str(day.month), "date-year": str(day.year),
        "starts": "10:00", "ends": "11:30", "mode": "face_to_face", "place": "Neuadd",
        "access_en": "Lift", "access_cy": "Lifft"})
    assert saved.status_code == 302
    short = submit(client, f"{base}/invite", {"applications": [str(world.applications[0].id)]})
    assert short.status_code == 400 and "14 days" in short.get_data(as_text=True)
    assert "The earliest free time is less than 14 days away" in client.get(
        f"{base}/invite").get_data(as_text=True)  # the warning before anyone sends (R-MT1)
    sent = submit(client, f"{base}/invite", {"applications": [str(world.applications[0].id)],
                                             "short_notice_reason": "Board timetable"})
    assert sent.status_code == 302
    assert db_session.scalar(sa.select(Interview.short_notice_reason)) == "Board timetable"
    assert client.get(base).status_code == 200


def test_a_time_of_another_recruitment_is_not_found_here(app, db_session, world, login):
    other = add_slot(db_session, world.other_role, days=20)
    client = app.test_client()
    login(client, world.members[0])
    base = f"/en/recruitment/{world.role.id}/panel/interviews"
    assert client.get(f"{base}/times/{other.id}").status_code == 404
    assert client.get(f"{base}/times/{other.id}/remove").status_code == 404
    outside = Interview(application_id=world.other_applications[0].id)
    db_session.add(outside)
    db_session.commit()
    assert client.get(f"{base}/{outside.id}/offer").status_code == 404


def test_the_schedule_runs_the_same_statements_for_1_or_3_booked(app, db_session, world, login,
                                                                 statements):
    client = app.test_client()
    login(client, world.members[0])
    path = f"/en/recruitment/{world.role.id}/panel/interviews"

    def count():
        client.get(path)  # warm
        with statements() as seen:
            assert client.get(path).status_code == 200
        return len(seen)

    slot = add_slot(db_session, world.role, days=20)
    _i, secret = invite_one(db_session, world, 0)
    interviews.choose(db_session, secret, slot.id)
    db_session.commit()
    one = count()
    for i in (1, 2):
        slot = add_slot(db_session, world.role, days=20 + i)
        _i, secret = invite_one(db_session, world, i)
        interviews.choose(db_session, secret, slot.id)
        db_session.commit()
    add_slot(db_session, world.role, days=30)
    assert count() == one
