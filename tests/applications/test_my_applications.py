"""My applications: status, timeline, messages, withdrawing, contact details once for
everything, a printable copy, and the time-out help (R-SEL5, R-AC2, WCAG 2.2.1, 3.3.7).
Nobody sees another person's application (IDOR)."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from portal.models import Application, ApplicationEvent, OutboxMessage, Person, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests import factories


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.selection_methods = ["informal_chat", "expression_of_interest"]
    db_session.commit()
    return role


def post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def start(client, csrf, role, lang="en") -> str:
    """A draft started in this browser; returns its base path /{lang}/apply/{reference}."""
    # ?another=1: this browser may already hold one (it is offered, and a new one is allowed)
    page = client.get(f"/{lang}/roles/{role.id}/apply?another=1")
    response = client.post(f"/{lang}/roles/{role.id}/apply", data={
        "route": "expression_of_interest", "csrf_token": csrf(page)})
    assert response.status_code == 302
    return response.location.rsplit("/", 1)[0]


def send(client, csrf, role, lang="en", channel="post", language=None, name="Rhian Morgan"
         ) -> str:
    """An application sent from this browser; returns its reference."""
    base = start(client, csrf, role, lang)
    post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    detail = {"post": {"postal_address": "1 Stryd Fawr\nAberystwyth\nSY23 1AA"},
              "email": {"email": "rhian@example.org"},
              "phone": {"phone": "01970 123456"}}[channel]
    assert post(client, csrf, f"{base}/about-you", {
        "name": name, "language": language or lang, "contact_channel": channel, **detail,
    }).status_code == 302
    post(client, csrf, f"{base}/your-words", {"words": "I care for my brother."})
    post(client, csrf, f"{base}/sharing", {"expression": "full"})
    post(client, csrf, f"{base}/support", {"payment": "volunteer"})
    assert post(client, csrf, f"{base}/check", {}).location.endswith("/sent")
    return base.rsplit("/", 1)[1]


def by_reference(db_session, reference) -> Application:
    db_session.expire_all()
    return db_session.scalar(sa.select(Application).where(Application.reference == reference))


def test_my_applications_lists_this_browsers_applications(client, db_session, csrf, role):
    sent = send(client, csrf, role, lang="cy")
    draft = start(client, csrf, role).rsplit("/", 1)[1]
    html = client.get("/en/my-applications").get_data(as_text=True)
    assert sent in html and draft in html
    assert "Carer representative" in html
    assert "Sent" in html and "Not sent yet" in html
    welsh = client.get("/cy/my-applications")
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.get_data(as_text=True)
    assert "Cynrychiolydd gofalwyr" in welsh.get_data(as_text=True)
    # A new browser holds nothing.
    other = client.application.test_client()
    assert sent not in other.get("/en/my-applications").get_data(as_text=True)


def test_timeline_in_plain_words_and_every_message_in_their_language__R_SEL5_R_AC2(
        client, db_session, csrf, role):
    reference = send(client, csrf, role, lang="en", language="cy", channel="post")
    application = by_reference(db_session, reference)
    db_session.add(ApplicationEvent(application_id=application.id, kind="something_new"))
    db_session.add(ApplicationEvent(application_id=application.id, kind="chat_arranged"))
    db_session.commit()
    html = client.get(f"/en/my-applications/{reference}").get_data(as_text=True)
    for words in ("You started your application", "We received your application",
                  "An informal chat was arranged", "Your application was updated"):
        assert words in html, words
    assert "something_new" not in html
    # The acknowledgement is a letter in Welsh, waiting to be posted.
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert letter.status == OutboxStatus.MANUAL and letter.application_id == application.id
    assert 'lang="cy"' in html and "waiting to be posted" in html
    assert reference in html  # the letter's own words, shown under "read this message"
    from portal.letters import services as letters

    worker = factories.person(db_session)
    from portal.models import Board, Organisation, Recruitment

    org = db_session.get(Organisation, db_session.scalar(sa.select(Board.organisation_id).join(
        Recruitment, Recruitment.board_id == Board.id).where(Recruitment.id == role.id)))
    factories.grant(db_session, worker, "engagement_worker", org)
    worker.session_token = "signed-in"
    letters.mark_done(db_session, worker, letter.id)
    db_session.commit()
    html = client.get(f"/en/my-applications/{reference}").get_data(as_text=True)
    assert "posted on" in html and "We posted you a letter" in html


def test_a_signed_in_persons_applications_follow_them__R_SEL5(
        client, db_session, csrf, login, role):
    person = factories.person(db_session)
    db_session.commit()
    login(client, person)
    reference = send(client, csrf, role, channel="email")
    assert by_reference(db_session, reference).person_id == person.id
    elsewhere = client.application.test_client()
    login(elsewhere, person)
    assert reference in elsewhere.get("/en/my-applications").get_data(as_text=True)
    assert elsewhere.get(f"/en/my-applications/{reference}").status_code == 200
    stranger = client.application.test_client()
    login(stranger, factories.person(db_session))
    assert reference not in stranger.get("/en/my-applications").get_data(as_text=True)


def test_nobody_else_can_open_an_application_idor(client, db_session, csrf, login, role):
    """A guessed reference, another browser, another signed-in person: not found, the same
    answer as for an application that does not exist, and nothing changes."""
    reference = send(client, csrf, role)
    other_browser = client.application.test_client()
    signed_in = client.application.test_client()
    login(signed_in, factories.person(db_session))
    paths = ["", "/withdraw", "/copy", "/equality"]
    for visitor in (other_browser, signed_in):
        token = csrf(visitor.get("/en/apply/continue"))
        for path in paths:
            for ref in (reference, "ABCD-2345", reference.lower()):
                response = visitor.get(f"/en/my-applications/{ref}{path}")
                assert response.status_code == 404, (ref, path)
            response = visitor.post(f"/en/my-applications/{reference}{path}",
                                    data={"reason": "x", "csrf_token": token})
            assert response.status_code in (404, 405), path
        response = visitor.post("/en/my-applications/contact-details", data={
            "name": "Mallory", "language": "en", "contact_channel": "email",
            "email": "m@example.org", "csrf_token": token})
        assert response.status_code in (302, 400)
    application = by_reference(db_session, reference)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.contact["name"] == "Rhian Morgan"
    assert not application.equality_answered


def test_withdraw_a_sent_application_with_a_reason(client, db_session, csrf, role):
    reference = send(client, csrf, role, lang="cy", channel="post")
    path = f"/cy/my-applications/{reference}/withdraw"
    refused = post(client, csrf, path, {"reason": "x" * 1001})
    assert refused.status_code == 400
    assert 'href="#reason"' in refused.get_data(as_text=True)
    assert by_reference(db_session, reference).status == ApplicationStatus.SUBMITTED
    done = post(client, csrf, path, {"reason": "I am not well enough just now"})
    assert done.status_code == 302 and done.location.endswith(f"/my-applications/{reference}")
    application = by_reference(db_session, reference)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    assert application.withdrawn_reason == "I am not well enough just now"
    kinds = db_session.scalars(sa.select(ApplicationEvent.kind).where(
        ApplicationEvent.application_id == application.id)).all()
    assert "withdrawn" in kinds
    note = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "application_withdrawn"))
    assert (note.language.value, note.status, note.application_id) == (
        "cy", OutboxStatus.MANUAL, application.id)
    assert note.organisation_id is not None
    # Closed for good: no second withdrawal, no changes to the answers.
    assert client.get(path).status_code == 302
    token = csrf(client.get("/cy/apply/continue"))
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    changed = client.post(f"/cy/apply/{reference}/your-words",
                          data={"words": "Changed", "csrf_token": token})
    assert changed.status_code == 302 and changed.location.endswith(
        f"/my-applications/{reference}")
    assert by_reference(db_session, reference).answers["expression"] == "I care for my brother."
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.template == "application_withdrawn")) == 1


def test_withdrawing_a_draft_deletes_what_was_written(client, db_session, csrf, role):
    base = start(client, csrf, role)
    post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    post(client, csrf, f"{base}/about-you", {"name": "Owen", "language": "en",
                                              "contact_channel": "phone",
                                              "phone": "01970 123456"})
    post(client, csrf, f"{base}/your-words", {"words": "Private thoughts"})
    reference = base.rsplit("/", 1)[1]
    assert post(client, csrf, f"/en/my-applications/{reference}/withdraw", {}).status_code == 302
    application = by_reference(db_session, reference)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.answers == {} and application.withdrawn_reason is None
    assert application.contact == {}  # nobody read it, nobody needs their phone number
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    # Opening it now leads to its own page, not to a "sent" confirmation.
    assert client.get(f"/en/apply/{reference}/sent").location.endswith(
        f"/my-applications/{reference}")


def test_a_draft_is_not_shown_as_sent(client, csrf, role):
    base = start(client, csrf, role)
    reference = base.rsplit("/", 1)[1]
    assert client.get(f"/en/apply/{reference}/sent").location.endswith(
        f"/apply/{reference}/eligibility")


def test_contact_details_once_for_every_application__R_AC2(
        client, db_session, csrf, login, role):
    person = factories.person(db_session, channel="email")
    db_session.commit()
    login(client, person)
    first = send(client, csrf, role, channel="email")
    second = send(client, csrf, role, channel="post")
    withdrawn = send(client, csrf, role, channel="email")
    post(client, csrf, f"/en/my-applications/{withdrawn}/withdraw", {})
    path = "/en/my-applications/contact-details"
    refused = post(client, csrf, path, {"name": "Rhian", "language": "cy",
                                        "contact_channel": "post", "postal_address": "",
                                        "email": "", "phone": ""})
    assert refused.status_code == 400, refused.location
    assert 'href="#postal_address"' in refused.get_data(as_text=True)
    assert 'value="Rhian"' in refused.get_data(as_text=True)
    done = post(client, csrf, path, {"name": "Rhian Morgan", "language": "cy",
                                     "contact_channel": "phone", "phone": "029 2000 1234"})
    assert done.status_code == 302
    for reference in (first, second):
        application = by_reference(db_session, reference)
        assert application.contact == {"name": "Rhian Morgan", "channel": "phone",
                                       "phone": "029 2000 1234"}
        assert application.language.value == "cy"
        kinds = db_session.scalars(sa.select(ApplicationEvent.kind).where(
            ApplicationEvent.application_id == application.id)).all()
        assert "contact_updated" in kinds
    assert by_reference(db_session, withdrawn).contact["channel"] == "email"
    db_session.expire_all()
    person = db_session.get(Person, person.id)
    assert (person.preferred_language.value, person.contact_channel.value, person.phone) == (
        "cy", "phone", "029 2000 1234")


def test_a_printable_copy_of_the_sent_application(client, db_session, csrf, role):
    reference = send(client, csrf, role)
    sent = client.get(f"/en/apply/{reference}/sent").get_data(as_text=True)
    assert f"/en/my-applications/{reference}/copy" in sent
    assert f"/en/my-applications/{reference}/equality" in sent
    copy = client.get(f"/en/my-applications/{reference}/copy")
    html = copy.get_data(as_text=True)
    assert copy.status_code == 200 and copy.headers["Cache-Control"] == "no-store"
    for text in (reference, "Rhian Morgan", "I care for my brother.", "Aberystwyth",
                 "I would like to volunteer", "Alex Jones"):
        assert text in html, text
    assert client.get(f"/cy/my-applications/{reference}/copy").status_code == 200


def test_my_applications_runs_the_same_statements_for_1_or_200(
        client, db_session, login, statements, role):
    person = factories.person(db_session)
    db_session.commit()
    login(client, person)

    def add(n, offset):
        for i in range(n):
            db_session.add(Application(
                recruitment_id=role.id, person_id=person.id, reference=f"T{offset + i:03d}-AAAA",
                access_token_hash=f"{offset + i:064d}", route="expression_of_interest",
                language="en", status=ApplicationStatus.SUBMITTED))
        db_session.commit()

    def measure():
        with statements() as seen:
            response = client.get("/en/my-applications")
        assert response.status_code == 200
        return len(seen), response.get_data(as_text=True).count("/en/my-applications/T")

    add(1, 0)
    one, shown = measure()
    assert shown == 1
    add(199, 1)
    many, shown = measure()
    assert shown == 200
    assert many == one


def test_the_time_out_warning_is_on_applicant_pages_only__WCAG_2_2_1(client, role):
    start_page = client.get(f"/en/roles/{role.id}/apply").get_data(as_text=True)
    assert 'id="session-timeout"' in start_page and 'role="alertdialog"' in start_page
    assert "timeout.js" in start_page and 'data-warn="120"' in start_page
    assert 'id="session-timeout"' not in client.get("/en/roles/").get_data(as_text=True)


def test_keeping_the_session_refreshes_it__WCAG_2_2_1(client, csrf, role):
    token = csrf(client.get(f"/en/roles/{role.id}/apply"))
    response = client.post("/en/session/keep", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.get_json() == {"expires_in": 12 * 3600}
    assert "Expires=" in response.headers["Set-Cookie"]
    assert client.post("/en/session/keep").status_code == 400  # no CSRF token


def test_a_form_sent_after_the_session_ended_gets_a_kind_page__WCAG_2_2_1(
        make_app, app, db_session, role):
    from tests.conftest import csrf_from

    short = make_app(PERMANENT_SESSION_LIFETIME=2)
    client = short.test_client()
    page = client.get(f"/cy/roles/{role.id}/apply")
    token = csrf_from(page)
    started = client.post(f"/cy/roles/{role.id}/apply",
                          data={"route": "expression_of_interest", "csrf_token": token})
    base = started.location.rsplit("/", 1)[0]
    time.sleep(3)
    response = client.post(f"{base}/eligibility", data={"eligibility": "yes",
                                                        "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'lang="cy"' in html and "/cy/apply/continue" in html
    assert "session-ended" not in html and "Sorry, this form has expired" not in html
    # Opening a page of the draft after that: help to carry on, not a bare "not found".
    response = client.get(f"{base}/about-you")
    assert response.status_code == 404 and "/cy/apply/continue" in response.get_data(
        as_text=True)
