"""Letters to post and calls to make (R-AC1, R-AC2): the queue for engagement workers of the
message's organisation, a printable letter in the recipient's language with the same words as
the email, a call script, and marking it done exactly once, on the application's timeline."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.errors import DomainError
from portal.letters import content, services
from portal.models import (
    Application,
    ApplicationEvent,
    Board,
    Organisation,
    OutboxMessage,
    RoleDescriptionVersion,
)
from portal.models.enums import ContactChannel, Language, OutboxStatus
from tests import factories
from tests.applications.test_my_applications import by_reference, role, send

__all__ = ["role"]


@pytest.fixture
def org(db_session, role):
    return db_session.get(Organisation, db_session.get(Board, role.board_id).organisation_id)


@pytest.fixture
def worker(db_session, org):
    person = factories.person(db_session, given_name="Gwen", family_name="Price")
    factories.grant(db_session, person, "engagement_worker", org)
    db_session.commit()
    return person


def letter_of(db_session, reference) -> OutboxMessage:
    application = by_reference(db_session, reference)
    return db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.application_id == application.id))


def test_a_letter_in_the_applicants_language_with_the_emails_words__R_AC2(
        app, client, db_session, csrf, login, role, org, worker):
    reference = send(client, csrf, role, lang="cy", channel="post", name="Rhian Morgan")
    message = letter_of(db_session, reference)
    assert message.status == OutboxStatus.MANUAL and message.organisation_id == org.id
    desk = app.test_client()
    login(desk, worker)
    queue = desk.get("/en/console/letters/").get_data(as_text=True)
    assert "Rhian Morgan" in queue and reference in queue and "Cymraeg" in queue
    page = desk.get(f"/en/console/letters/{message.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert '<article class="sheet" lang="cy">' in html
    for text in ("Rhian Morgan", "1 Stryd Fawr", "Aberystwyth", "SY23 1AA", reference,
                 org.name_cy, "Alex Jones", "029 2000 0000", "Mark as posted", "@page"):
        assert text in html, text
    # The same words as the email for the same template, in Welsh.
    from portal import mail

    with app.test_request_context("/cy/"):
        message.recipient = "nobody@example.org"
        email_text = mail.render(message).get_body(("plain",)).get_content()
        for paragraph in content.paragraphs(message):
            assert " ".join(paragraph.split()) in " ".join(email_text.split())
    db_session.rollback()
    assert desk.get(f"/cy/console/letters/{message.id}").status_code == 200


def test_marked_as_posted_once_and_on_the_timeline__R_AC1(
        app, client, db_session, csrf, login, role, org, worker):
    reference = send(client, csrf, role, channel="post")
    message = letter_of(db_session, reference)
    other = factories.person(db_session)
    factories.grant(db_session, other, "engagement_worker", org)
    db_session.commit()
    desk = app.test_client()
    login(desk, worker)
    token = csrf(desk.get(f"/en/console/letters/{message.id}"))
    done = desk.post(f"/en/console/letters/{message.id}/done", data={"csrf_token": token})
    assert done.status_code == 302 and done.location.endswith("/console/letters/")
    db_session.expire_all()
    message = db_session.get(OutboxMessage, message.id)
    assert (message.status, message.handled_by_id) == (OutboxStatus.SENT, worker.id)
    assert message.sent_at is not None
    event = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "letter_posted"))
    assert event.actor_id == worker.id and event.details == {"message_id": message.id}
    assert reference not in desk.get("/en/console/letters/").get_data(as_text=True)
    page = desk.get(f"/en/console/letters/{message.id}").get_data(as_text=True)
    assert "Posted on" in page and "Gwen Price" in page and "Mark as posted" not in page
    # A second worker with the page still open: told it is done, nothing changes.
    second = app.test_client()
    login(second, other)
    again = second.post(f"/en/console/letters/{message.id}/done",
                        data={"csrf_token": csrf(second.get("/en/account"))})
    assert again.status_code == 302
    assert "already marked" in second.get(again.location).get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(OutboxMessage, message.id).handled_by_id == worker.id
    assert db_session.scalar(sa.select(sa.func.count(ApplicationEvent.id)).where(
        ApplicationEvent.kind == "letter_posted")) == 1
    # The applicant sees when it was posted.
    assert "posted on" in client.get(f"/en/my-applications/{reference}").get_data(as_text=True)


def test_two_workers_cannot_both_mark_it(db_session, client, csrf, role, org, worker):
    reference = send(client, csrf, role, channel="post")
    message = letter_of(db_session, reference)
    other = factories.person(db_session)
    factories.grant(db_session, other, "engagement_worker", org)
    worker.session_token = other.session_token = "signed-in"
    services.mark_done(db_session, worker, message.id)
    with pytest.raises(DomainError):
        services.mark_done(db_session, other, message.id)


def test_a_call_script_for_someone_who_asked_for_a_phone_call__R_AC1(
        app, client, db_session, csrf, login, role, worker):
    reference = send(client, csrf, role, lang="en", language="cy", channel="phone",
                     name="Dewi Jones")
    message = letter_of(db_session, reference)
    assert message.channel == ContactChannel.PHONE
    desk = app.test_client()
    login(desk, worker)
    html = desk.get(f"/en/console/letters/{message.id}").get_data(as_text=True)
    assert "Phone Dewi Jones on 01970 123456" in html and "Mark as called" in html
    assert '<div class="call-message" lang="cy">' in html
    assert "voicemail" in html
    token = csrf(desk.get(f"/en/console/letters/{message.id}"))
    desk.post(f"/en/console/letters/{message.id}/done", data={"csrf_token": token})
    assert db_session.scalar(sa.select(ApplicationEvent.kind).where(
        ApplicationEvent.kind == "call_made")) == "call_made"


def test_workers_see_only_their_organisations_letters_idor(
        app, client, db_session, csrf, login, role, worker):
    reference = send(client, csrf, role, channel="post")
    message = letter_of(db_session, reference)
    stranger = factories.person(db_session)
    factories.grant(db_session, stranger, "engagement_worker", factories.organisation(db_session))
    group_member = factories.person(db_session)
    db_session.commit()
    for person, queue_status in ((stranger, 200), (group_member, 403)):
        desk = app.test_client()
        login(desk, person)
        queue = desk.get("/en/console/letters/")
        assert queue.status_code == queue_status
        assert reference not in queue.get_data(as_text=True)
        assert desk.get(f"/en/console/letters/{message.id}").status_code == 403
        token = csrf(desk.get("/en/account"))
        assert desk.post(f"/en/console/letters/{message.id}/done",
                         data={"csrf_token": token}).status_code == 403
    assert db_session.get(OutboxMessage, message.id).status == OutboxStatus.MANUAL
    desk = app.test_client()
    login(desk, worker)
    assert desk.get("/en/console/letters/999999").status_code == 404


def test_the_queue_filters_by_recruitment(app, client, db_session, csrf, login, role, worker):
    other_role = factories.published_role(db_session, db_session.get(Board, role.board_id),
                                          title="Deputy member")
    db_session.get(RoleDescriptionVersion, other_role.published_version_id).selection_methods = [
        "expression_of_interest"]
    db_session.commit()
    first = send(client, csrf, role, channel="post")
    second = send(client, csrf, other_role, channel="post")
    desk = app.test_client()
    login(desk, worker)
    both = desk.get("/en/console/letters/").get_data(as_text=True)
    assert first in both and second in both and "Deputy member" in both
    only = desk.get(f"/en/console/letters/?recruitment={other_role.id}").get_data(as_text=True)
    assert second in only and first not in only
    for junk in ("abc", "-1", "99999999999", "²"):
        response = desk.get(f"/en/console/letters/?recruitment={junk}")
        assert response.status_code == 200 and first in response.get_data(as_text=True)


def test_any_template_has_a_letter__R_AC2(app, db_session, login, role, org, worker):
    """A template with no email words yet still makes a kind letter with the reference."""
    message = OutboxMessage(key="odd", template="something_new", channel=ContactChannel.POST,
                            language=Language.ENGLISH, status=OutboxStatus.MANUAL,
                            organisation_id=org.id,
                            payload={"name": "Sam", "reference": "ABCD-2345",
                                     "postal_address": "2 High Street"})
    db_session.add(message)
    db_session.commit()
    desk = app.test_client()
    login(desk, worker)
    html = desk.get(f"/en/console/letters/{message.id}").get_data(as_text=True)
    assert "ABCD-2345" in html and "2 High Street" in html and "Hello Sam," in html
    assert "A message about your application" in html


def test_the_queue_runs_the_same_statements_with_many_letters(
        client, db_session, csrf, login, statements, role, org, worker):
    from portal.models import Application
    from portal.models.enums import ApplicationStatus

    login(client, worker)

    def add(n, offset):
        for i in range(n):
            application = Application(
                recruitment_id=role.id, reference=f"L{offset + i:03d}-AAAA",
                access_token_hash=f"{offset + i:064d}", route="expression_of_interest",
                language=Language.WELSH, status=ApplicationStatus.SUBMITTED,
                contact={"name": f"Person {i}", "channel": "post", "postal_address": "1 St"})
            db_session.add(application)
            db_session.flush()
            db_session.add(OutboxMessage(
                key=f"letter-{offset + i}", template="application_received",
                channel=ContactChannel.POST, language=Language.WELSH,
                status=OutboxStatus.MANUAL, application_id=application.id,
                organisation_id=org.id, payload={"name": f"Person {i}"}))
        db_session.commit()

    def measure():
        with statements() as seen:
            response = client.get("/en/console/letters/")
        assert response.status_code == 200
        return len(seen), response.get_data(as_text=True).count("/en/console/letters/")

    add(1, 0)
    one, _shown = measure()
    add(40, 1)
    many, shown = measure()
    assert shown >= 41
    assert many == one


def test_a_code_in_a_letter_is_forgotten_once_it_is_posted(
        app, db_session, login, csrf, role, org, worker):
    """The reference and code to carry on (an invitation by post, an application after a
    chat) are printed in the letter; once it is posted the outbox no longer keeps the code."""
    reference = "CODE-2345"
    application = Application(recruitment_id=role.id, reference=reference,
                              access_token_hash="9" * 64, route="formal_invitation",
                              status="invited", language=Language.WELSH,
                              contact={"name": "Dylan", "channel": "post",
                                       "postal_address": "1 Stryd"})
    db_session.add(application)
    db_session.flush()
    message = OutboxMessage(key="invite-by-post", template="formal_invitation",
                            channel=ContactChannel.POST, language=Language.WELSH,
                            status=OutboxStatus.MANUAL, application_id=application.id,
                            organisation_id=org.id,
                            payload={"name": "Dylan", "reference": reference, "code": "ABC234"})
    db_session.add(message)
    db_session.commit()
    desk = app.test_client()
    login(desk, worker)
    page = desk.get(f"/en/console/letters/{message.id}")
    assert "ABC234" in page.get_data(as_text=True)  # printed while it waits
    assert desk.post(f"/en/console/letters/{message.id}/done",
                     data={"csrf_token": csrf(page)}).status_code == 302
    db_session.expire_all()
    kept = db_session.get(OutboxMessage, message.id)
    assert kept.status == OutboxStatus.SENT and "code" not in kept.payload
    assert kept.payload["reference"] == reference
