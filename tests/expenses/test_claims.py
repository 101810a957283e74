"""Claiming expenses and fees on one short page (R-PAY1, R-PAY2, R-PAY3): panel members,
applicants through their interview link, and engagement workers recording for an applicant
(R-IV1); receipts checked by their content and served only to whom they belong."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.models import AuditEvent, ExpenseClaim, PanelMember, RoleDescriptionVersion
from portal.models.enums import ClaimStatus
from tests.expenses.builders import (
    FAKE_EXE,
    FAKE_HTML,
    JPEG,
    PDF,
    TOKEN,
    claim_data,
    claims,
    png_bytes,
    post_claim,
    yesterday,
)


def claim_path(world, lang="en"):
    return f"/{lang}/expenses/recruitment/{world.recruitment.id}/claim"


def upload_folder(app):
    from pathlib import Path

    return Path(app.config.get("UPLOAD_FOLDER") or Path(app.config["INSTANCE_DIR"]) / "uploads")


def test_a_panel_member_claims_travel_with_a_photo_of_the_receipt__R_PAY1_R_PAY3(
        app, client, login, csrf, world, db_session):
    member = world.panel.members[1]
    login(client, member)
    page = client.get(claim_path(world))
    text = page.get_data(as_text=True)
    assert "on the day where possible" in text
    for kind in ("Childcare", "Care for the person you look after", "Parking",
                 "Phone or internet", "Postage", "Stationery", "Printing"):
        assert kind in text
    response = post_claim(client, csrf, claim_path(world), claim_data(), (JPEG, "bus.jpg"))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    [claim] = claims(db_session)
    assert (claim.person_id, claim.amount, claim.category) == (member.id, Decimal("12.50"),
                                                               "travel")
    assert claim.status == ClaimStatus.SUBMITTED and claim.activity_on == yesterday()
    assert claim.receipt_media_type == "image/jpeg"
    assert re.fullmatch(r"[0-9a-f]{64}", claim.receipt_stored_name)  # a server-made name
    assert (upload_folder(app) / claim.receipt_stored_name).read_bytes() == JPEG
    # They see it under "your claims", with where it is.
    mine = client.get(response.location).get_data(as_text=True)
    assert "EXP-" in mine and "Sent, waiting for approval" in mine and "£12.50" in mine
    assert db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "expense_claimed")) is not None


@pytest.mark.parametrize(("content", "name", "media_type"), [
    (png_bytes(), "receipt.png", "image/png"),
    (PDF, "receipt.pdf", "application/pdf"),
    (JPEG, "RECEIPT.HEIC", "image/jpeg"),  # the name does not matter, the content does
])
def test_png_pdf_and_jpeg_receipts_are_accepted_by_their_content__R_PAY3(
        client, login, csrf, world, db_session, content, name, media_type):
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world), claim_data(), (content, name))
    assert response.status_code == 302
    assert claims(db_session)[0].receipt_media_type == media_type


@pytest.mark.parametrize(("content", "name"), [(FAKE_EXE, "receipt.jpg"), (FAKE_HTML, "receipt.png"),
                                          (b"\x89PNX\r\n", "receipt.png"), (b"", "empty.jpg")])
def test_a_fake_receipt_is_refused_and_nothing_is_kept__R_PAY3(app, client, login, csrf, world,
                                                               db_session, content, name):
    before = set(upload_folder(app).glob("*")) if upload_folder(app).exists() else set()
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world), claim_data(), (content, name))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in text
    assert "JPG or PNG" in text or "empty" in text
    assert 'value="12.50"' in text  # what was typed is kept
    assert claims(db_session) == []
    after = set(upload_folder(app).glob("*")) if upload_folder(app).exists() else set()
    assert after == before


def test_a_receipt_too_large_is_refused__R_PAY3(client, login, csrf, world, db_session):
    from portal.expenses.services import RECEIPT_MAX_BYTES

    login(client, world.panel.members[1])
    big = JPEG[:20] + b"\x00" * (RECEIPT_MAX_BYTES + 10)
    response = post_claim(client, csrf, claim_path(world), claim_data(), (big, "big.jpg"))
    assert response.status_code == 400
    assert "smaller than 5 MB" in response.get_data(as_text=True)
    assert claims(db_session) == []


@pytest.mark.parametrize(("typed", "ok", "amount"), [
    ("12.50", True, "12.50"), ("£7", True, "7.00"), (" 1,000 ", True, "1000.00"),
    ("0.01", True, "0.01"), ("1000.00", True, "1000.00"),
    ("", False, None), ("abc", False, None), ("0", False, None), ("-5", False, None),
    ("1000.01", False, None), ("12.345", False, None), ("NaN", False, None),
    ("Infinity", False, None), ("1e3", True, "1000.00"), ("1e9", False, None),
    ("9" * 40, False, None), ("12,50", False, None), ("£", False, None), ("١٢", True, "12.00"),
    ("0x10", False, None), ("\x00", False, None),
])
def test_the_amount_is_checked_with_a_clear_message__R_PAY1(client, login, csrf, world,
                                                            db_session, typed, ok, amount):
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world), claim_data(amount=typed))
    if ok:
        assert response.status_code == 302, typed
        assert claims(db_session)[0].amount == Decimal(amount)
    else:
        assert response.status_code == 400, typed
        text = response.get_data(as_text=True)
        assert "govuk-error-summary" in text and 'href="#amount"' in text
        assert claims(db_session) == []


def test_every_problem_is_shown_at_once_and_nothing_typed_is_lost__R_PAY3(
        client, login, csrf, world, db_session):
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world), {
        "activity": "", "category": "other", "amount": "12.5.0",
        "description": "A taxi because the bus was cancelled"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    for anchor in ("#activity", "#activity_on-day", "#amount"):
        assert f'href="{anchor}"' in text
    assert "A taxi because the bus was cancelled" in text and 'value="12.5.0"' in text


def test_something_else_needs_a_few_words_and_dates_are_checked__R_PAY3(
        client, login, csrf, world, db_session):
    from datetime import timedelta

    from portal.models.base import today_in_wales

    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world),
                          claim_data(category="other", description=""))
    assert response.status_code == 400 and "Say in a few words" in response.get_data(
        as_text=True)
    future = post_claim(client, csrf, claim_path(world),
                        claim_data(day=today_in_wales() + timedelta(days=3)))
    assert future.status_code == 400 and "today or in the past" in future.get_data(as_text=True)
    assert claims(db_session) == []


def test_a_double_submit_makes_one_claim__R_PAY3(client, login, csrf, world, db_session):
    login(client, world.panel.members[1])
    page = client.get(claim_path(world))
    body = {**claim_data(), "csrf_token": csrf(page)}
    first = client.post(claim_path(world), data=body)
    second = client.post(claim_path(world), data=body)
    assert first.status_code == second.status_code == 302
    assert len(claims(db_session)) == 1


def test_two_claims_at_once_lose_nothing_and_duplicate_nothing__R_PAY3(app, login, csrf, world,
                                                                       db_session):
    """Two browsers of the same member send the same claim at the same moment, and another
    claim besides: the claimant's row lock makes them one at a time."""
    import threading

    member = world.panel.members[1]
    clients = [app.test_client() for _ in range(3)]
    bodies = []
    for n, c in enumerate(clients):
        login(c, member)
        token = csrf(c.get(claim_path(world)))
        amount = "30.00" if n == 2 else "12.50"
        bodies.append({**claim_data(amount=amount), "csrf_token": token})
    barrier = threading.Barrier(3)
    results = []

    def send(c, body):
        barrier.wait()
        results.append(c.post(claim_path(world), data=body).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, bodies,
                                                                         strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302, 302, 302]
    assert sorted(c.amount for c in claims(db_session)) == [Decimal("12.50"), Decimal("30.00")]


# ---- fee or volunteer (R-PAY2) --------------------------------------------------------------

def test_a_member_who_has_not_chosen_is_shown_the_choice_and_benefits_advice__R_PAY2(
        client, login, csrf, world, db_session):
    login(client, world.panel.members[1])
    page = client.get(claim_path(world))
    text = page.get_data(as_text=True)
    assert "welfare benefits adviser" in text and 'name="choice"' in text
    assert 'value="fee"' in text  # the choice's radio
    assert "Your fee for your time" not in text  # no fee until they choose one
    response = client.post(f"/en/expenses/recruitment/{world.recruitment.id}/payment",
                           data={"choice": "", "csrf_token": csrf(page)})
    assert response.status_code == 400
    assert "Choose whether you would like to be paid" in response.get_data(as_text=True)
    response = client.post(f"/en/expenses/recruitment/{world.recruitment.id}/payment",
                           data={"choice": "fee", "csrf_token": csrf(page)})
    assert response.status_code == 302
    db_session.expire_all()
    seat = world.panel.seats[1]
    assert db_session.get(PanelMember, seat.id).payment_choice == "fee"
    assert db_session.get(PanelMember, seat.id).payment_choice_at is not None
    assert "Your fee for your time" in client.get(claim_path(world)).get_data(as_text=True)


def test_a_fee_is_the_hours_at_the_published_rate_never_typed__R_PAY2(client, login, csrf,
                                                                      world, db_session):
    seat = db_session.get(PanelMember, world.panel.seats[1].id)
    seat.payment_choice = "fee"
    rate = db_session.get(RoleDescriptionVersion, world.recruitment.published_version_id
                          ).hourly_rate
    db_session.commit()
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world),
                          claim_data(category="fee", hours="3.5", amount="999"))
    assert response.status_code == 302
    [claim] = claims(db_session)
    assert claim.category == "fee" and claim.hours == Decimal("3.50")
    assert claim.amount == (Decimal("3.5") * rate).quantize(Decimal("0.01"))
    for hours in ("", "0", "25", "1.3", "lots"):
        refused = post_claim(client, csrf, claim_path(world),
                             claim_data(category="fee", hours=hours))
        assert refused.status_code == 400, hours
        assert 'href="#hours"' in refused.get_data(as_text=True)


@pytest.mark.parametrize("choice", [None, "volunteer"])
def test_no_fee_for_a_volunteer_or_before_choosing__R_PAY2(client, login, csrf, world,
                                                          db_session, choice):
    db_session.get(PanelMember, world.panel.seats[1].id).payment_choice = choice
    db_session.commit()
    login(client, world.panel.members[1])
    response = post_claim(client, csrf, claim_path(world), claim_data(category="fee",
                                                                      hours="2"))
    assert response.status_code == 400 and claims(db_session) == []


def test_people_not_on_the_panel_cannot_claim_there(client, login, world):
    login(client, world.panel.outsider_member)
    assert client.get(claim_path(world)).status_code == 403
    login(client, world.admin)
    assert client.get(claim_path(world)).status_code == 403


# ---- applicants through their interview link ----------------------------------------------

def test_an_applicant_claims_through_their_interview_link__R_PAY1_R_PAY3(client, csrf, world,
                                                                         db_session):
    path = f"/cy/expenses/interview/{TOKEN}/claim"
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="panel"' not in page.get_data(as_text=True)  # not a panel session
    response = post_claim(client, csrf, path, claim_data(activity="interview",
                                                         category="childcare",
                                                         amount="25"), (png_bytes(), "a.png"))
    assert response.status_code == 302
    [claim] = claims(db_session)
    assert claim.application_id == world.panel.applications[0].id and claim.person_id is None
    listing = client.get(response.location)
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "£25.00" in text
    receipt = client.get(f"/cy/expenses/interview/{TOKEN}/claims/{claim.id}/receipt")
    assert receipt.status_code == 200 and receipt.data.startswith(b"\x89PNG")
    assert receipt.headers["Content-Disposition"].startswith("attachment")
    assert receipt.headers["Cache-Control"] == "no-store"
    from portal.models import ApplicationEvent

    assert db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "expense_claimed")) is not None


def test_an_applicant_cannot_claim_a_panel_session(client, csrf, world, db_session):
    path = f"/en/expenses/interview/{TOKEN}/claim"
    response = post_claim(client, csrf, path, claim_data(activity="panel"))
    assert response.status_code == 400 and claims(db_session) == []


@pytest.mark.parametrize("token", ["nope", TOKEN + "x", TOKEN.upper(), "a" * 500, "%00"])
def test_an_unknown_interview_link_is_not_found(client, world, token):
    assert client.get(f"/en/expenses/interview/{token}/claim").status_code in (404, 400)
    assert client.get(f"/en/expenses/interview/{token}/claims").status_code in (404, 400)


# ---- an engagement worker records a claim for an applicant (R-IV1) --------------------------

def test_a_worker_records_a_claim_for_an_applicant__R_IV1_R_PAY1(client, login, csrf, world,
                                                                 db_session):
    application = world.panel.applications[2]
    login(client, world.worker)
    found = client.get(f"/en/expenses/on-behalf?reference={application.reference.lower()}")
    assert found.status_code == 302
    path = found.location
    response = post_claim(client, csrf, path, claim_data(activity="event", category="parking",
                                                         amount="4.20"))
    assert response.status_code == 302
    [claim] = claims(db_session)
    assert claim.application_id == application.id and claim.person_id is None
    assert claim.status == ClaimStatus.SUBMITTED  # recorded, never decided (R-IV1)
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "expense_claimed"))
    assert event.actor_id == world.worker.id and event.details["on_behalf"] is True
    assert "£4.20" in client.get(path).get_data(as_text=True)


def test_only_workers_of_the_organisation_record_for_an_applicant__R_IV1(client, login, world):
    reference = world.panel.applications[2].reference
    login(client, world.other_worker)
    assert client.get(f"/en/expenses/application/{reference}/claim").status_code == 403
    missing = client.get(f"/en/expenses/on-behalf?reference={reference}")
    assert missing.status_code == 400 and "No application with that reference" in \
        missing.get_data(as_text=True)
    assert client.get("/en/expenses/application/ZZZZ-ZZZZ/claim").status_code == 404
    login(client, world.panel.members[0])
    assert client.get(f"/en/expenses/application/{reference}/claim").status_code == 403
    assert client.get("/en/expenses/on-behalf").status_code == 403


# ---- receipts: only the claimant and the budget holder (IDOR) -------------------------------

def test_a_receipt_goes_only_to_its_claimant_and_the_budget_holder(client, login, csrf, world,
                                                                   db_session):
    login(client, world.panel.members[1])
    post_claim(client, csrf, claim_path(world), claim_data(), (JPEG, "r.jpg"))
    [claim] = claims(db_session)
    path = f"/en/expenses/claims/{claim.id}/receipt"
    for person, status in ((world.panel.members[1], 200), (world.holder, 200),
                           (world.panel.members[2], 404), (world.other_holder, 404),
                           (world.admin, 404), (world.worker, 404)):
        login(client, person)
        response = client.get(path)
        assert response.status_code == status, person.given_name
        if status == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Content-Type"] == "image/jpeg"
            assert response.data == JPEG
    # Another applicant's link does not reach it either.
    assert client.get(f"/en/expenses/interview/{TOKEN}/claims/{claim.id}/receipt"
                      ).status_code == 404


def test_pages_with_claims_are_not_cached(client, login, world):
    login(client, world.panel.members[1])
    for path in ("/en/expenses/", claim_path(world), f"/en/expenses/interview/{TOKEN}/claims"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_the_claims_list_uses_a_constant_number_of_statements(client, login, world, db_session,
                                                              statements):
    from portal.models.enums import ClaimActivity

    member = world.panel.members[1]
    login(client, member)

    def count(n):
        for _ in range(n):
            db_session.add(ExpenseClaim(recruitment_id=world.recruitment.id,
                                        person_id=member.id, activity=ClaimActivity.PANEL,
                                        activity_on=yesterday(), category="travel",
                                        amount=Decimal("1.00")))
        db_session.commit()
        with statements() as seen:
            assert client.get("/en/expenses/").status_code == 200
        return len(seen)

    assert count(1) == count(30)


def test_the_panel_home_partial_links_to_claims_and_approvals__R_PAY2(app, world, db_session):
    from flask import render_template
    from flask_login import login_user

    from portal.models import Person, Recruitment
    from portal.panels import core

    with app.test_request_context("/en/recruitment/"):
        from flask import g

        g.lang = "en"
        person = db_session.get(Person, world.panel.members[1].id)
        person.session_token = "x"
        login_user(person)
        seat = core.ensure_member(db_session, person, world.recruitment.id)
        recruitment = db_session.get(Recruitment, world.recruitment.id)
        html = render_template("panels/_home_expenses.html", recruitment=recruitment,
                               seat=seat, lang="en")
        assert f"/en/expenses/recruitment/{recruitment.id}/claim" in html
        assert "paid a fee or to volunteer" in html and "/approvals" not in html
        recruitment.budget_holder_id = person.id
        html = render_template("panels/_home_expenses.html", recruitment=recruitment,
                               seat=None, lang="en")
        assert f"/en/expenses/recruitment/{recruitment.id}/approvals" in html
