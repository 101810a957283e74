"""Issue 4/5's "done when", tried in Chromium as new users would: a panel of four (one with a
conflict of interest with one applicant) gets ready, declares conflicts, scores six
applications anonymously, moderates, interviews three (one asks for another time first),
appoints two (a seat and a deputy) and sends the outcomes in each applicant's language and
channel; an applicant and a panel member claim expenses and the budget holder approves them.

Every step is a page and a form in the browser; only the starting point (a closed role with
an agreed scheme and six sent applications) is written directly. Screenshots of the key
pages go to $PANEL_SHOTS when it is set."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.models import (
    Appointment,
    ExpenseClaim,
    Interview,
    OutboxMessage,
    PanelDecision,
    RoleDescriptionVersion,
    ScoreSheet,
)
from portal.models.base import today_in_wales
from portal.models.enums import (
    ClaimStatus,
    InterviewStatus,
    Language,
    MemberKind,
    OutboxStatus,
)
from portal.panels import core
from tests import factories
from tests.panels.builders import CRITERIA, QUESTIONS, make_panel, make_panel_application

pytestmark = pytest.mark.browser

# (name, language, channel): two Welsh, one by post with no email.
APPLICANTS = [("Ffion Jenkins", "cy", "email"), ("Marcus Reid", "en", "email"),
              ("Sioned Harries", "cy", "post"), ("Tomasz Nowak", "en", "email"),
              ("Aisha Begum", "en", "email"), ("Gwyn Price", "en", "phone")]
CONFLICTED_MEMBER, CONFLICTED_WITH = 1, 0  # Dewi knows Ffion
SHOTS = os.environ.get("PANEL_SHOTS")


def press(page, selector="main form button.govuk-button"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def link_in(app, message: OutboxMessage) -> str:
    """The applicant's link as they received it: the email's text, or the letter's payload
    (a letter keeps its link until it is posted)."""
    if message.channel.value == "email":
        eml = Path(app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
        text = message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
            preferencelist=("plain",)).get_content()
    else:
        text = message.payload["url"]
    return re.search(r"/recruitment/interview/([\w-]+)", text).group(1)


@pytest.fixture
def world(db_session):
    org = factories.organisation(db_session, "Cardiff and Vale University Health Board")
    board = factories.board(db_session, org, kind="partnership", seats=(3, 3, 2), meetings=4,
                            name="Cardiff Partnership Board")
    role = factories.published_role(db_session, board, vacancies=(1, 0, 1),
                                    title="Service user representative",
                                    title_cy="Cynrychiolydd defnyddwyr gwasanaeth")
    role.closes_on = today_in_wales() - timedelta(days=2)
    members = [factories.person(db_session, given_name=name, family_name=family,
                                lang=lang)
               for name, family, lang in (("Rhiannon", "Prys", "cy"), ("Dewi", "Lloyd", "cy"),
                                          ("Mair", "Owen", "en"), ("Tom", "Hughes", "en"))]
    scheme, seats = make_panel(
        db_session, role, members, ready=False,
        kinds=[MemberKind.LIVED_EXPERIENCE] * 3 + [MemberKind.INDEPENDENT_ADVISER])
    applications = []
    for n, (name, lang, channel) in enumerate(APPLICANTS, start=1):
        contact = {"email": f"applicant{n}@example.org"} if channel == "email" else {}
        applications.append(make_panel_application(db_session, role, n, name=name,
                                                   language=lang, channel=channel, **contact))
    holder = factories.person(db_session, given_name="Angharad", family_name="Pugh")
    factories.grant(db_session, holder, "org_admin", org)
    role.budget_holder_id = holder.id
    worker = factories.person(db_session, given_name="Carys", family_name="Bowen")
    factories.grant(db_session, worker, "engagement_worker", org)
    db_session.commit()
    return {"role": role, "members": members, "seats": seats, "apps": applications,
            "holder": holder, "worker": worker, "scheme": scheme}


def test_a_panel_goes_from_shortlisting_to_appointment__R_SEL3_R_SEL4_R_SEL5_R_MT1_R_TM1(
        app, new_page, sign_in_browser, db_session, login, world):
    role, members, apps = world["role"], world["members"], world["apps"]
    base = f"/en/recruitment/{role.id}/panel"
    page = new_page()

    # 1. Readiness (R-SEL6) and conflicts (R-SEL4), each member on their own pages.
    for index, member in enumerate(members):
        sign_in_browser(page, member)
        page.goto(f"{base}/ready")
        page.check("input[name=basis][value=%s]" % ("experience" if index == 0 else "training"))
        press(page, "form[action$='/ready/training'] button")
        page.check("input[name=agree]")
        press(page, "form[action$='/ready/confidentiality'] button")
        if index == 2:  # Mair prefers application by application
            page.check("input[name=scoring_mode][value=by_application]")
        page.check("input[name=payment_choice][value=%s]" % ("fee" if index == 3
                                                            else "volunteer"))
        press(page, "form[action$='/ready/preferences'] button")
        page.goto(f"{base}/conflicts")
        groups = page.locator("main .govuk-radios")
        assert groups.count() == 6
        for name, _lang, _channel in APPLICANTS:
            conflicted = index == CONFLICTED_MEMBER and name == APPLICANTS[CONFLICTED_WITH][0]
            group = page.locator("main .govuk-form-group", has_text=name).first
            group.locator("input[value=%s]" % ("conflict" if conflicted else "none")).check()
            if conflicted:
                group.locator("textarea").fill("She is my neighbour")
        press(page)
        assert page.locator(".govuk-error-summary").count() == 0
        if index == CONFLICTED_MEMBER:
            shot(page, "1-conflicts")
    db_session.expire_all()
    assert all(core.is_ready(seat) for seat in world["seats"])

    # 2. Independent, anonymised scoring (R-SEL3): nobody sees another's scores first.
    def score_all(member, stage, keys, targets, points_for):
        sign_in_browser(page, member)
        if member is members[2]:
            for application in targets:
                page.goto(f"{base}/scoring/{stage}/applications/{application.id}")
                assert application.contact["name"] not in page.content()
                for index, _key in enumerate(keys):
                    page.check(f"input[name=points_{index}]"
                               f"[value='{points_for(application, index)}']")
                    page.fill(f"#reason_{index}", f"Reason {index} for this applicant")
                press(page, "main form button[value=submit]")
                assert "Your scores are submitted" in page.content()
            return
        for index, key in enumerate(keys):
            page.goto(f"{base}/scoring/{stage}/questions/{key}")
            if member is members[0] and index == 0:
                shot(page, f"2-scoring-{stage}")
            for application in targets:
                page.check(f"input[name=points_{application.id}]"
                           f"[value='{points_for(application, index)}']")
                page.fill(f"#reason_{application.id}", f"Because of what they wrote ({key})")
            press(page, "main form button[value=save]")
            assert page.locator(".govuk-error-summary").count() == 0
        for application in targets:
            page.goto(f"{base}/scoring/{stage}/applications/{application.id}")
            press(page, "main form button[value=submit]")
            assert "Your scores are submitted" in page.content()

    def targets_for(index, pool):
        return [a for a in pool
                if not (index == CONFLICTED_MEMBER and a is apps[CONFLICTED_WITH])]

    def shortlist_points(application, criterion):
        rank = apps.index(application)
        return min(4, max(0, 4 - rank + (criterion % 2)))

    # Before anyone submits, the chair's progress page shows counts, never points.
    sign_in_browser(page, members[0])
    page.goto(f"{base}/progress")
    assert "Reason" not in page.content()
    keys = [c["key"] for c in CRITERIA]
    for index, member in enumerate(members):
        score_all(member, "shortlist", keys, targets_for(index, apps), shortlist_points)
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count(ScoreSheet.id)).where(
        ScoreSheet.submitted_at.is_not(None))) == 4 * 6 - 1

    # 3. Moderation: totals, every score and reason, decisions with reasons (R-SEL5).
    sign_in_browser(page, members[0])
    page.goto(f"{base}/moderation/shortlist")
    shot(page, "3-moderation")
    shortlist = {0: "interview", 1: "interview", 2: "interview", 3: "reserve",
                 4: "informal_chat", 5: "not_this_time"}

    def decide(stage, application, outcome, seat_type=None):
        page.goto(f"{base}/moderation/{stage}/{application.id}")
        page.check(f"input[name=outcome][value={outcome}]")
        if seat_type:
            page.check(f"input[name=seat_type][value={seat_type}]")
        page.fill("#reason", f"The panel agreed: {outcome.replace('_', ' ')}")
        # The chair with a lived-experience member free of conflicts with this applicant.
        other = members[2] if application is apps[CONFLICTED_WITH] else members[1]
        for person in (members[0], other):
            page.check(f"input[name=made_by][value='{person.id}']")
        press(page)
        assert page.locator(".govuk-error-summary").count() == 0, page.content()

    for index, outcome in shortlist.items():
        decide("shortlist", apps[index], outcome)
    page.goto(f"{base}/outcomes/shortlist")
    press(page)

    # 4. Interviews (R-MT1): times at least 14 days ahead, invitations, each chooses.
    day = today_in_wales() + timedelta(days=20)
    for n, hour in enumerate((10, 11, 14, 15)):
        page.goto(f"{base}/interviews/times/new")
        page.fill("#date-day", str(day.day))
        page.fill("#date-month", str(day.month))
        page.fill("#date-year", str(day.year))
        page.fill("#starts", f"{hour}:00")
        page.fill("#ends", f"{hour}:45")
        page.check("input[name=mode][value=face_to_face]")
        page.fill("#place", "Ty Glas, Llanishen, Cardiff")
        page.fill("#access_en", "Step-free entrance, hearing loop, quiet room" + " " * n)
        page.fill("#access_cy", "Mynedfa heb risiau, dolen glyw, ystafell dawel")
        press(page)
        assert page.locator(".govuk-error-summary").count() == 0, page.content()
    invited = [apps[i] for i, outcome in shortlist.items() if outcome == "interview"]
    page.goto(f"{base}/interviews/invite")
    for application in invited:
        page.check(f"input[name=applications][value='{application.id}']")
    press(page)
    assert page.locator(".govuk-error-summary").count() == 0, page.content()

    def invitation(application, template):
        return db_session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.application_id == application.id,
            OutboxMessage.template == template).order_by(OutboxMessage.id.desc()).limit(1))

    db_session.expire_all()
    applicant = new_page()
    tokens = {}
    for n, application in enumerate(invited):
        tokens[application.id] = link_in(app, invitation(application, "interview_invitation"))
        lang = application.language.value
        applicant.goto(f"/{lang}/recruitment/interview/{tokens[application.id]}")
        if n == 0:  # Ffion asks for another time first
            applicant.fill("#other-request", "Mae'n well gen i brynhawn dydd Gwener")
            press(applicant, "form:has(input[name=which][value=other]) button")
            continue
        if lang == "cy":
            shot(applicant, "4-interview-choice-cy")
        applicant.check(f"input[name=choose-slot] >> nth={n}")
        press(applicant, "form:has(input[name=which][value=choose]) button")
    first = db_session.scalar(sa.select(Interview).where(
        Interview.application_id == invited[0].id))
    page.goto(f"{base}/interviews/{first.id}/offer")
    page.fill("#note", "We have added a Friday afternoon")
    press(page)
    db_session.expire_all()
    token = link_in(app, invitation(invited[0], "interview_times"))
    tokens[invited[0].id] = token
    applicant.goto(f"/cy/recruitment/interview/{token}")
    applicant.check("input[name=choose-slot] >> nth=0")
    press(applicant, "form:has(input[name=which][value=choose]) button")
    db_session.expire_all()
    booked = db_session.scalars(sa.select(Interview).order_by(Interview.id)).all()
    assert [i.status for i in booked] == [InterviewStatus.BOOKED] * 3
    assert len({i.slot_id for i in booked}) == 3
    # The reminder sweep (run by the scheduler) sends nothing twice.
    runner = app.test_cli_runner()
    assert runner.invoke(args=["panels", "send-due"]).exit_code == 0
    assert runner.invoke(args=["panels", "send-due"]).exit_code == 0
    page.goto(f"{base}/interviews")
    shot(page, "5-interview-schedule")

    # 5. Interview scores, moderation and appointments (R-TM1).
    qkeys = [q["key"] for q in QUESTIONS]
    for index, member in enumerate(members):
        score_all(member, "interview", qkeys, targets_for(index, invited),
                  lambda a, q: 4 - invited.index(a))
    sign_in_browser(page, members[0])
    decide("interview", invited[0], "appoint", seat_type="service_user")
    decide("interview", invited[1], "appoint_deputy")
    decide("interview", invited[2], "reserve")
    page.goto(f"{base}/outcomes/interview")
    shot(page, "6-outcomes")
    press(page)

    # 6. Everyone is told once, in their language and channel; two appointments.
    db_session.expire_all()
    decisions = db_session.scalars(sa.select(PanelDecision)).all()
    assert len(decisions) == 6 + 3 and all(d.told_at for d in decisions)
    for application in apps:
        told = db_session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.application_id == application.id,
            OutboxMessage.template.like("panel_outcome_%"))).all()
        assert told and {m.language for m in told} == {application.language}
        if application.contact["channel"] == "post":
            assert {m.status for m in told} == {OutboxStatus.MANUAL}
    welsh = invitation(apps[0], "panel_outcome_appoint")
    assert welsh.language == Language.WELSH
    appointments = db_session.scalars(sa.select(Appointment).where(
        Appointment.recruitment_id == role.id)).all()
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    assert sorted(a.seat_type.value for a in appointments) == ["deputy", "service_user"]
    assert all(a.term_months == version.term_months for a in appointments)
    sign_in_browser(page, world["worker"])
    page.goto("/cy/console/letters/")
    assert "Sioned Harries" in page.content()
    shot(page, "7-letters-cy")

    # 7. Expenses (R-PAY1–R-PAY3): an applicant and a panel member claim; approved.
    def fill_claim(target, activity, amount):
        target.check(f"input[name=activity][value={activity}]")
        today = today_in_wales()  # claimed on the day (the interview is a rehearsal here)
        target.fill("#activity_on-day", str(today.day))
        target.fill("#activity_on-month", str(today.month))
        target.fill("#activity_on-year", str(today.year))
        target.check("input[name=category][value=travel]")
        target.fill("#amount", amount)
        target.fill("#description", "Bws i Gaerdydd ac yn ôl")

    applicant.goto(f"/cy/expenses/interview/{tokens[invited[0].id]}/claim")
    fill_claim(applicant, "interview", "8.40")
    press(applicant, "main form[enctype] button.govuk-button")
    assert applicant.locator(".govuk-error-summary").count() == 0, applicant.content()
    sign_in_browser(page, members[2])
    page.goto(f"/en/expenses/recruitment/{role.id}/claim")
    fill_claim(page, "panel", "12.50")
    press(page, "main form[enctype] button.govuk-button")
    assert page.locator(".govuk-error-summary").count() == 0, page.content()
    sign_in_browser(page, world["holder"])
    db_session.expire_all()
    for claim in db_session.scalars(sa.select(ExpenseClaim).order_by(ExpenseClaim.id)):
        page.goto(f"/en/expenses/recruitment/{role.id}/claims/{claim.id}")
        shot(page, "8-expense-review")
        page.check("input[name=decision][value=approve]")
        press(page)
    db_session.expire_all()
    assert [c.status for c in db_session.scalars(sa.select(ExpenseClaim))] == [
        ClaimStatus.APPROVED] * 2
    client = app.test_client()
    login(client, world["holder"])
    token_page = client.get(f"/en/expenses/recruitment/{role.id}/export")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token_page.get_data(as_text=True))
    exported = client.post(f"/en/expenses/recruitment/{role.id}/export.csv",
                           data={"which": "new", "csrf_token": csrf.group(1)})
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 + 2 and {"8.40", "12.50"} <= {cell for row in rows for cell in row}
