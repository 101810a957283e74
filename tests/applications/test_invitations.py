"""Formal invitations: the group invites a named person, who accepts by a link, by a code, or
in person, or says no thanks (R-SEL1, R-AC1, R-AC2; WCAG 3.3.7)."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    GroupMember,
    Organisation,
    OutboxMessage,
    RoleDescriptionVersion,
)
from portal.models.enums import ApplicationStatus, MemberKind, MemberStatus, OutboxStatus
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "formal_invitation", "informal_chat"]
    member = factories.person(db_session, given_name="Gwen", family_name="Price")
    db_session.add(GroupMember(recruitment_id=role.id, person_id=member.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    return {"role": role, "member": member}


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def invite(client, csrf, role, **data):
    return _post(client, csrf, f"/en/recruitment/{role.id}/invitations/new", {
        "name": "Dylan Hughes", "language": "en", "contact_channel": "email",
        "email": "dylan@example.org", "message": "We loved your talk at the carers' forum.",
        **data})


def test_an_invitation_by_email_opens_by_its_link_and_is_accepted__R_SEL1_R_AC2(
        app, client, db_session, login, csrf, world):
    role = world["role"]
    login(client, world["member"])
    refused = invite(client, csrf, role, name="", contact_channel="email", email="")
    assert refused.status_code == 400
    assert 'href="#name"' in refused.get_data(as_text=True)
    sent = invite(client, csrf, role)
    assert sent.status_code == 302 and sent.location.endswith(f"/{role.id}/invitations")
    application = db_session.scalar(sa.select(Application))
    assert (application.status, application.route, application.invited_by_id) == (
        ApplicationStatus.INVITED, "formal_invitation", world["member"].id)
    assert application.contact == {"name": "Dylan Hughes", "channel": "email",
                                   "email": "dylan@example.org"}
    message = db_session.scalar(sa.select(OutboxMessage))
    assert (message.template, message.recipient, message.application_id) == (
        "formal_invitation", "dylan@example.org", application.id)
    assert message.organisation_id is not None
    assert "url" not in message.payload  # sent, so the secret link is no longer kept
    listing = client.get(f"/en/recruitment/{role.id}/invitations").get_data(as_text=True)
    assert "Dylan Hughes" in listing and "Waiting for their answer" in listing
    assert "Gwen Price" in listing

    eml = Path(app.config["OUTBOX_DIR"]) / (message.key.replace(":", "-") + ".eml")
    text = message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
        preferencelist=("plain",)).get_content()
    assert "We loved your talk" in text and "Carer representative" in text
    link = next(line.strip() for line in text.splitlines() if "/apply/invited/" in line)
    person = app.test_client()
    opened = person.get(link.replace(app.config["BASE_URL"], ""))
    assert opened.status_code == 302 and opened.location.endswith("/invitation")
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    page = person.get(opened.location)
    html = page.get_data(as_text=True)
    assert "You have been invited to apply for Carer representative" in html
    assert "We loved your talk" in html
    # Before answering, the questions lead back to the invitation.
    base = opened.location.rsplit("/", 1)[0]
    assert person.get(f"{base}/support").location.endswith("/invitation")
    accepted = person.post(opened.location, data={"which": "accept",
                                                  "csrf_token": csrf(page)})
    assert accepted.status_code == 302 and accepted.location.endswith("/eligibility")
    _post(person, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    # WCAG 3.3.7: their name and how to reach them are already known; not asked again.
    assert person.get(f"{base}/eligibility").status_code == 200
    assert _post(person, csrf, f"{base}/eligibility", {"eligibility": "yes"}
                 ).location.endswith("/support")
    about = person.get(f"{base}/about-you").get_data(as_text=True)
    assert 'value="Dylan Hughes"' in about and 'value="dylan@example.org"' in about
    _post(person, csrf, f"{base}/support", {"payment": "volunteer"})
    check = person.get(f"{base}/check").get_data(as_text=True)
    assert "Dylan Hughes" in check and "/your-words" not in check
    assert _post(person, csrf, f"{base}/check", {}).location.endswith("/sent")
    db_session.expire_all()
    assert application.status == ApplicationStatus.SUBMITTED
    kinds = list(db_session.scalars(sa.select(ApplicationEvent.kind).order_by(
        ApplicationEvent.id)))
    assert kinds[:2] == ["invited", "invitation_accepted"] and kinds[-1] == "submitted"
    assert "Accepted and applied" in client.get(
        f"/en/recruitment/{role.id}/invitations").get_data(as_text=True)


def test_an_invitation_by_post_carries_a_reference_and_code__R_AC1(
        app, client, db_session, login, csrf, world):
    role = world["role"]
    login(client, world["member"])
    assert invite(client, csrf, role, language="cy", contact_channel="post", email="",
                  postal_address="2 Heol y Castell\nCaernarfon").status_code == 302
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert (letter.status, letter.language.value, letter.recipient) == (
        OutboxStatus.MANUAL, "cy", None)
    reference, code = letter.payload["reference"], letter.payload["code"]
    assert letter.payload["continue_url"].endswith("/cy/apply/continue")
    from portal import mail

    with app.app_context():
        text = mail.render(db_session.merge(letter)).get_body(
            preferencelist=("plain",)).get_content()
    assert "Caernarfon" in text and reference in text and code in text
    person = app.test_client()
    form = person.get("/cy/apply/continue")
    opened = person.post("/cy/apply/continue", data={"reference": reference, "code": code,
                                                      "csrf_token": csrf(form)})
    assert opened.status_code == 302 and opened.location.endswith("/invitation")
    page = person.get(opened.location)
    assert page.status_code == 200 and 'lang="cy"' in page.get_data(as_text=True)


def test_saying_no_thanks_with_a_reason_is_shown_to_the_group(
        app, client, db_session, login, csrf, world):
    from portal.applications import invitations

    role = world["role"]
    login(client, world["member"])
    invite(client, csrf, role, contact_channel="phone", email="", phone="01970 123456")
    application = db_session.scalar(sa.select(Application))
    code = db_session.scalar(sa.select(OutboxMessage)).payload["code"]
    person = app.test_client()
    form = person.get("/en/apply/continue")
    page_url = person.post("/en/apply/continue", data={
        "reference": application.reference, "code": code, "csrf_token": csrf(form)}).location
    page = person.get(page_url)
    too_long = person.post(page_url, data={"which": "decline", "decline-reason": "x" * 1001,
                                           "csrf_token": csrf(page)})
    assert too_long.status_code == 400
    assert 'href="#decline-reason"' in too_long.get_data(as_text=True)
    declined = person.post(page_url, data={"which": "decline",
                                           "decline-reason": "Not the right time for me",
                                           "csrf_token": csrf(page)})
    assert declined.status_code == 302
    assert "You said no thanks" in person.get(page_url).get_data(as_text=True)
    db_session.expire_all()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_reason == "Not the right time for me"
    listing = client.get(f"/en/recruitment/{role.id}/invitations").get_data(as_text=True)
    assert "No thanks" in listing and "Not the right time for me" in listing
    with pytest.raises(invitations.DomainError):
        invitations.accept(db_session, application)  # answered already


def test_a_yes_given_in_person_is_recorded_with_a_code_to_carry_on(
        app, client, db_session, login, csrf, world):
    role = world["role"]
    worker = factories.person(db_session)
    board = db_session.get(Board, role.board_id)
    factories.grant(db_session, worker, "engagement_worker",
                    db_session.get(Organisation, board.organisation_id))
    db_session.commit()
    login(client, world["member"])
    invite(client, csrf, role, contact_channel="phone", email="", phone="01970 123456")
    application = db_session.scalar(sa.select(Application))
    staff = app.test_client()
    login(staff, worker)
    url = f"/en/recruitment/{role.id}/invitations/{application.id}/accepted-in-person"
    shown = _post(staff, csrf, url, {})
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    code = re.search(r'<strong class="portal-code">([A-Z2-9]{6})</strong>', html).group(1)
    db_session.expire_all()
    assert application.status == ApplicationStatus.DRAFT
    step = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "invitation_accepted_in_person"))
    assert step.actor_id == worker.id
    together = app.test_client()
    form = together.get("/en/apply/continue")
    carried_on = together.post("/en/apply/continue", data={
        "reference": application.reference, "code": code, "csrf_token": csrf(form)})
    assert carried_on.location.endswith("/eligibility")
    assert _post(staff, csrf, url, {}).status_code == 400  # answered already


def test_invitations_need_an_open_role_that_offers_them__R_SEL1(
        client, db_session, login, csrf, world):
    role = world["role"]
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "informal_chat"]
    db_session.commit()
    login(client, world["member"])
    refused = invite(client, csrf, role)
    assert refused.status_code == 400
    assert "does not offer formal invitations" in refused.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 0
    page = client.get(f"/en/roles/{role.id}/apply")
    started = client.post(f"/en/roles/{role.id}/apply", data={
        "route": "formal_invitation", "csrf_token": csrf(page)})
    assert started.status_code == 400  # nobody starts one on the role's page


def test_invitations_belong_to_their_recruitment_idor(app, client, db_session, login, csrf,
                                                      world):
    role = world["role"]
    login(client, world["member"])
    invite(client, csrf, role)
    application = db_session.scalar(sa.select(Application))
    other = factories.published_role(db_session)
    rep = factories.person(db_session)
    db_session.add(GroupMember(recruitment_id=other.id, person_id=rep.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    stranger = app.test_client()
    login(stranger, rep)
    for path in ("/invitations", "/invitations/new",
                 f"/invitations/{application.id}/accepted-in-person"):
        assert stranger.get(f"/en/recruitment/{role.id}{path}").status_code == 403, path
    # Their own recruitment's address with this invitation's id: not found.
    assert stranger.get(f"/en/recruitment/{other.id}/invitations/{application.id}/"
                        "accepted-in-person").status_code == 404
    token = csrf(stranger.get(f"/en/recruitment/{other.id}/invitations/new"))
    assert stranger.post(f"/en/recruitment/{other.id}/invitations/{application.id}/"
                         "accepted-in-person", data={"csrf_token": token}).status_code == 404
    db_session.expire_all()
    assert application.status == ApplicationStatus.INVITED
    # Nobody opens an invitation without its secret.
    assert app.test_client().get(f"/en/apply/{application.reference}/invitation"
                                 ).status_code == 404
    assert app.test_client().get(f"/en/apply/invited/{application.reference}/guess"
                                 ).status_code == 404
