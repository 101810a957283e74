"""The named budget holder (R-PAY1): named by an administrator of the organisation, approves
or returns claims with a reason, never their own; every decision audited and told to the
claimant in their language by their channel; nobody else sees the claims (IDOR)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Forbidden
from portal.expenses import services
from portal.models import (
    ApplicationEvent,
    AuditEvent,
    ExpenseClaim,
    OutboxMessage,
    Person,
    Recruitment,
)
from portal.models.enums import ClaimActivity, ClaimStatus, Language, OutboxStatus
from tests import factories
from tests.expenses.builders import yesterday


def add_claim(db_session, world, *, person=None, application=None, amount="12.50",
              recruitment=None):
    claim = ExpenseClaim(recruitment_id=(recruitment or world.recruitment).id,
                         person_id=person.id if person else None,
                         application_id=application.id if application else None,
                         activity=ClaimActivity.PANEL if person else ClaimActivity.INTERVIEW,
                         activity_on=yesterday(), category="travel", amount=Decimal(amount),
                         description="Train")
    db_session.add(claim)
    db_session.commit()
    return claim


def review_path(world, claim, lang="en"):
    return f"/{lang}/expenses/recruitment/{world.recruitment.id}/claims/{claim.id}"


def decide(client, csrf, world, claim, **data):
    path = review_path(world, claim)
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


# ---- naming the budget holder ---------------------------------------------------------------

def test_an_administrator_names_the_budget_holder_from_their_organisation__R_PAY1(
        client, login, csrf, world, db_session):
    path = f"/en/expenses/recruitment/{world.recruitment.id}/budget-holder"
    login(client, world.admin)
    page = client.get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for person in (world.worker, world.admin, world.panel.members[0]):  # staff and group
        assert f'value="{person.id}"' in text
    for person in (world.other_worker, world.other_admin, world.panel.outsider_member):
        assert f'value="{person.id}"' not in text
    refused = client.post(path, data={"person": str(world.other_worker.id),
                                      "csrf_token": csrf(page)})
    assert refused.status_code == 400 and "Choose who will approve" in refused.get_data(
        as_text=True)
    assert client.post(path, data={"person": "abc", "csrf_token": csrf(page)}
                       ).status_code == 400
    done = client.post(path, data={"person": str(world.worker.id), "csrf_token": csrf(page)})
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(Recruitment, world.recruitment.id).budget_holder_id == world.worker.id
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "budget_holder_named"))
    assert event.actor_id == world.admin.id and event.details["person_id"] == world.worker.id


@pytest.mark.parametrize("who", ["worker", "holder", "other_admin"])
def test_only_the_organisations_administrators_name_the_budget_holder__R_PAY1(client, login,
                                                                               world, who):
    login(client, getattr(world, who))
    path = f"/en/expenses/recruitment/{world.recruitment.id}/budget-holder"
    assert client.get(path).status_code == 403


# ---- deciding -------------------------------------------------------------------------------

def test_the_budget_holder_approves_and_the_claimant_is_told_in_their_language__R_PAY1(
        client, login, csrf, world, db_session):
    member = db_session.get(Person, world.panel.members[1].id)
    member.preferred_language = Language.WELSH
    claim = add_claim(db_session, world, person=member)
    login(client, world.holder)
    listing = client.get(f"/en/expenses/recruitment/{world.recruitment.id}/approvals")
    assert listing.status_code == 200 and services.claim_reference(claim) in listing.get_data(
        as_text=True)
    response = decide(client, csrf, world, claim, decision="approve", note="")
    assert response.status_code == 302
    db_session.expire_all()
    claim = db_session.get(ExpenseClaim, claim.id)
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by_id == world.holder.id
    assert claim.decided_at is not None
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "expense_approved"))
    assert message.person_id == member.id and message.language == Language.WELSH
    assert message.key == f"expense_approved:{claim.id}"
    assert db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "expense_approved")).actor_id == world.holder.id
    # The claimant sees it approved.
    login(client, member)
    assert "Approved, to be paid" in client.get("/en/expenses/").get_data(as_text=True)


def test_the_approval_email_is_in_the_claimants_language__R_PAY1(app, db_session, world):
    from portal.mail import render

    member = db_session.get(Person, world.panel.members[1].id)
    member.preferred_language = Language.WELSH
    claim = add_claim(db_session, world, person=member)
    holder = db_session.get(Person, world.holder.id)
    holder.session_token = "x"
    services.decide(db_session, holder, world.recruitment.id, claim.id, "return",
                    "Please add the bus ticket")
    db_session.commit()
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "expense_returned"))
    email = render(message)
    body = email.get_body(("plain",)).get_content()
    assert email["Content-Language"] == "cy"
    assert "Please add the bus ticket" in body and "EXP-" in body and "£12.50" in body


def test_a_returned_claim_needs_a_reason_and_the_applicant_is_told_by_their_channel__R_PAY1(
        client, login, csrf, world, db_session):
    application = world.panel.applications[0]
    claim = add_claim(db_session, world, application=application)
    login(client, world.holder)
    refused = decide(client, csrf, world, claim, decision="return", note="  ")
    assert refused.status_code == 400
    assert "Say why the claim is returned" in refused.get_data(as_text=True)
    assert decide(client, csrf, world, claim, decision="", note="").status_code == 400
    done = decide(client, csrf, world, claim, decision="return",
                  note="The receipt is for another day. Send the one for the 3rd.")
    assert done.status_code == 302
    db_session.expire_all()
    claim = db_session.get(ExpenseClaim, claim.id)
    assert claim.status == ClaimStatus.RETURNED and "another day" in claim.decision_note
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "expense_returned"))
    assert message.application_id == application.id
    assert message.recipient == application.contact["email"]
    assert message.payload["note"].startswith("The receipt is for another day")
    assert db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.application_id == application.id,
        ApplicationEvent.kind == "expense_returned")) is not None


def test_an_applicant_without_email_gets_a_letter_from_the_organisation__R_PAY1(
        client, login, csrf, world, db_session):
    from tests.console.builders import make_application

    application = make_application(db_session, world.recruitment, channel="post",
                                   name="Elis Parry")
    claim = add_claim(db_session, world, application=application)
    login(client, world.holder)
    assert decide(client, csrf, world, claim, decision="approve").status_code == 302
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "expense_approved"))
    assert message.status == OutboxStatus.MANUAL
    assert message.organisation_id == world.organisation.id


def test_a_panel_member_without_email_gets_a_letter_from_the_organisation__R_PAY1(
        client, login, csrf, world, db_session):
    member = db_session.get(Person, world.panel.members[2].id)
    member.email = None
    member.postal_address = "2 Heol y Castell\nCaernarfon"
    claim = add_claim(db_session, world, person=member)
    login(client, world.holder)
    assert decide(client, csrf, world, claim, decision="approve").status_code == 302
    message = db_session.scalar(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.MANUAL and message.organisation_id == \
        world.organisation.id
    assert message.payload["postal_address"].startswith("2 Heol")


def test_nobody_approves_their_own_claim__R_PAY1(client, login, csrf, world, db_session):
    holder_member = world.panel.members[0]
    db_session.get(Recruitment, world.recruitment.id).budget_holder_id = holder_member.id
    claim = add_claim(db_session, world, person=holder_member)
    login(client, holder_member)
    page = client.get(review_path(world, claim))
    assert "your own claim" in page.get_data(as_text=True)
    response = client.post(review_path(world, claim), data={
        "decision": "approve", "csrf_token": csrf(client.get("/en/account"))})
    assert response.status_code == 400
    assert "cannot approve or return your own claim" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(ExpenseClaim, claim.id).status == ClaimStatus.SUBMITTED


def test_nobody_approves_a_claim_made_for_them_as_an_applicant__R_PAY1(db_session, world):
    application = world.panel.applications[1]
    application.person_id = world.holder.id
    claim = add_claim(db_session, world, application=application)
    holder = db_session.get(Person, world.holder.id)
    holder.session_token = "x"
    with pytest.raises(DomainError, match="own claim"):
        services.decide(db_session, holder, world.recruitment.id, claim.id, "approve", "")


def test_a_decided_claim_is_not_decided_twice__R_PAY1(db_session, world):
    claim = add_claim(db_session, world, person=world.panel.members[1])
    holder = db_session.get(Person, world.holder.id)
    holder.session_token = "x"
    services.decide(db_session, holder, world.recruitment.id, claim.id, "approve", "")
    db_session.commit()
    with pytest.raises(DomainError, match="already been decided"):
        services.decide(db_session, holder, world.recruitment.id, claim.id, "return", "No")
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_two_clicks_at_once_decide_once_and_tell_once__R_PAY1(app, login, csrf, world,
                                                              db_session):
    import threading

    claim = add_claim(db_session, world, person=world.panel.members[1])
    clients, tokens = [], []
    for _ in range(2):
        c = app.test_client()
        login(c, world.holder)
        tokens.append(csrf(c.get(review_path(world, claim))))
        clients.append(c)
    barrier = threading.Barrier(2)
    results = []

    def send(c, token):
        barrier.wait()
        results.append(c.post(review_path(world, claim), data={
            "decision": "approve", "csrf_token": token}).status_code)

    threads = [threading.Thread(target=send, args=p) for p in zip(clients, tokens,
                                                                   strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [302, 400]
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "expense_approved")) == 1


# ---- who sees what (IDOR) -------------------------------------------------------------------

@pytest.mark.parametrize("who", ["other_holder", "admin", "worker", "other_admin"])
def test_only_the_named_budget_holder_sees_and_decides_the_claims(client, login, csrf, world,
                                                                  db_session, who):
    claim = add_claim(db_session, world, person=world.panel.members[1])
    login(client, getattr(world, who))
    assert client.get(f"/en/expenses/recruitment/{world.recruitment.id}/approvals"
                      ).status_code == 403
    assert client.get(review_path(world, claim)).status_code == 403
    token = csrf(client.get("/en/account"))
    assert client.post(review_path(world, claim), data={
        "decision": "approve", "csrf_token": token}).status_code == 403
    db_session.expire_all()
    assert db_session.get(ExpenseClaim, claim.id).status == ClaimStatus.SUBMITTED


def test_a_claim_of_another_recruitment_is_not_found_through_this_one(client, login, csrf,
                                                                      world, db_session):
    other = add_claim(db_session, world, application=world.panel.other_applications[0],
                      recruitment=world.panel.other_role)
    login(client, world.holder)
    assert client.get(review_path(world, other)).status_code == 404
    token = csrf(client.get("/en/account"))
    assert client.post(review_path(world, other), data={
        "decision": "approve", "csrf_token": token}).status_code == 404
    holder = db_session.get(Person, world.holder.id)
    holder.session_token = "x"
    with pytest.raises(Forbidden):
        services.decide(db_session, holder, world.panel.other_role.id, other.id, "approve", "")


def test_a_claimant_sees_only_their_own_claims(client, login, world, db_session):
    add_claim(db_session, world, person=world.panel.members[1], amount="11.11")
    add_claim(db_session, world, person=world.panel.members[2], amount="22.22")
    login(client, world.panel.members[2])
    text = client.get("/en/expenses/").get_data(as_text=True)
    assert "£22.22" in text and "£11.11" not in text


def test_a_returned_claim_shows_the_reason_and_what_to_do__R_PAY1_R_PAY3(client, login, world,
                                                                         db_session):
    claim = add_claim(db_session, world, person=world.panel.members[1])
    claim.status = ClaimStatus.RETURNED
    claim.decision_note = "Please add the parking ticket"
    db_session.commit()
    login(client, world.panel.members[1])
    text = client.get("/cy/expenses/").get_data(as_text=True)
    assert "Please add the parking ticket" in text


def test_the_budget_holder_of_a_recruitment_is_only_a_person_who_was_chosen(db_session, world):
    stranger = factories.person(db_session, given_name="Sam", family_name="Stranger")
    admin = db_session.get(Person, world.admin.id)
    admin.session_token = "x"
    with pytest.raises(DomainError):
        services.name_budget_holder(db_session, admin, world.recruitment.id, stranger.id)


def test_the_letter_for_a_member_without_email_waits_in_the_organisations_queue__R_PAY1(
        client, login, csrf, world, db_session):
    member = db_session.get(Person, world.panel.members[2].id)
    member.email = None
    member.postal_address = "2 Heol y Castell\nCaernarfon"
    claim = add_claim(db_session, world, person=member)
    login(client, world.holder)
    decide(client, csrf, world, claim, decision="return", note="Add the ticket, please")
    message = db_session.scalar(sa.select(OutboxMessage))
    login(client, world.worker)
    queue = client.get("/en/console/letters/")
    assert queue.status_code == 200 and member.full_name in queue.get_data(as_text=True)
    letter = client.get(f"/en/console/letters/{message.id}")
    text = letter.get_data(as_text=True)
    assert letter.status_code == 200
    assert "Add the ticket, please" in text and "2 Heol y Castell" in text
