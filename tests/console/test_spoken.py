"""A spoken expression of interest written down by an engagement worker, read back and
confirmed; afterwards the words change only with the person (R-IV1, R-AC1, R-AC2)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.models import Application, ApplicationEvent, OutboxMessage
from portal.models.enums import ApplicationStatus, OutboxStatus
from tests.console.builders import make_application

FORM = {"route": "expression_of_interest", "name": "Rhian Morgan", "language": "cy",
        "contact_channel": "post", "postal_address": "1 Stryd Fawr\nAberystwyth\nSY23 1AA",
        "eligibility": "yes", "words": "Rydw i'n gofalu am fy mrawd ers deng mlynedd.",
        "sharing": "full", "adjustments": ["welsh"], "payment": "volunteer"}


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def _record(client, csrf, role, data=None, lang="en"):
    response = _post(client, csrf, f"/{lang}/console/roles/{role.id}/record", data or FORM)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.location.endswith("/read-back")
    return response.location


def test_a_spoken_expression_of_interest_without_email_ends_with_a_letter__R_IV1_R_AC1(
        db_session, as_person, csrf, console_world):
    worker = console_world["worker"]
    client = as_person(worker)
    read_back = _record(client, csrf, console_world["role"])
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.DRAFT
    assert application.assisted_by_id == worker.id and application.confirmed_at is None
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0  # not yet sent
    page = client.get(read_back)
    html = page.get_data(as_text=True)
    # What will be sent, in their language (Welsh), inside the English page.
    assert '<div lang="cy" class="portal-read-back">' in html
    assert "Rydw i&#39;n gofalu am fy mrawd" in html and "Aberystwyth" in html
    assert "I read this back to Rhian Morgan and they confirmed it is what they want to say" in html
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html).group(1)
    token = csrf(page)
    refused = client.post(read_back, data={"digest": digest, "csrf_token": token})
    assert refused.status_code == 400 and 'href="#confirmed"' in refused.get_data(as_text=True)
    assert db_session.scalar(sa.select(Application.status)) == ApplicationStatus.DRAFT
    sent = client.post(read_back, data={"digest": digest, "confirmed": "y", "csrf_token": token})
    assert sent.status_code == 302 and sent.location.endswith(f"/console/applications/"
                                                              f"{application.reference}")
    db_session.expire_all()
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED and application.confirmed_at
    letter = db_session.scalar(sa.select(OutboxMessage))
    assert (letter.template, letter.status, letter.language.value, letter.recipient) == (
        "application_received", OutboxStatus.MANUAL, "cy", None)
    assert letter.payload["postal_address"].startswith("1 Stryd Fawr")
    assert letter.application_id == application.id
    assert letter.organisation_id == console_world["org"].id
    confirmed = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "read_back_confirmed"))
    assert confirmed.actor_id == worker.id and confirmed.details["words"] == FORM["words"]
    staff = client.get(sent.location).get_data(as_text=True)
    assert "Written down by Worker Test with Rhian Morgan, read back and confirmed on" in staff


def test_the_read_back_is_for_the_words_shown__R_IV1(db_session, as_person, csrf, console_world):
    """A change made in another tab after the read-back page was shown is not sent."""
    client = as_person(console_world["worker"])
    read_back = _record(client, csrf, console_world["role"])
    page = client.get(read_back)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    reference = read_back.split("/")[-2]
    changed = _post(client, csrf, f"/en/console/applications/{reference}/edit",
                    {**FORM, "words": "Different words"})
    assert changed.status_code == 302
    stale = client.post(read_back, data={"digest": digest, "confirmed": "y",
                                         "csrf_token": csrf(page)})
    assert stale.status_code == 400
    assert db_session.scalar(sa.select(Application.status)) == ApplicationStatus.DRAFT


def _confirmed(client, csrf, role, db_session):
    read_back = _record(client, csrf, role)
    page = client.get(read_back)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    client.post(read_back, data={"digest": digest, "confirmed": "y", "csrf_token": csrf(page)})
    return db_session.scalar(sa.select(Application.reference))


def test_after_confirmation_a_plain_edit_is_refused__R_IV1(db_session, as_person, csrf,
                                                            console_world):
    client = as_person(console_world["worker"])
    reference = _confirmed(client, csrf, console_world["role"], db_session)
    edit = f"/en/console/applications/{reference}/edit"
    assert client.get(edit).location.endswith(f"/applications/{reference}/correct")
    token = csrf(client.get("/en/account"))
    refused = client.post(edit, data={**FORM, "words": "Words they never said",
                                      "csrf_token": token})
    assert refused.status_code == 400
    assert "they cannot be changed now" in refused.get_data(as_text=True)
    db_session.expire_all()
    application = db_session.scalar(sa.select(Application))
    assert application.answers["expression"] == FORM["words"]
    # Nor through the applicant's own pages: a sent application goes to its confirmation.
    assert client.get(f"/en/apply/{reference}/your-words").status_code == 404


def test_a_correction_is_read_back_and_the_timeline_keeps_both_versions__R_IV1(
        db_session, as_person, csrf, console_world):
    worker = console_world["worker"]
    client = as_person(worker)
    reference = _confirmed(client, csrf, console_world["role"], db_session)
    correct = f"/en/console/applications/{reference}/correct"
    token = csrf(client.get(correct))
    new_words = "Rydw i'n gofalu am fy mrawd a fy mam."
    same = client.post(correct, data={"step": "words", "words": FORM["words"],
                                      "csrf_token": token})
    assert same.status_code == 400
    preview = client.post(correct, data={"step": "words", "words": new_words,
                                         "csrf_token": token})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and '<div lang="cy" class="portal-read-back">' in html
    assert "I read the new words back to Rhian Morgan" in html
    unticked = client.post(correct, data={"step": "confirm", "words": new_words,
                                          "csrf_token": token})
    assert unticked.status_code == 400 and 'href="#confirmed"' in unticked.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(sa.select(Application)).answers["expression"] == FORM["words"]
    saved = client.post(correct, data={"step": "confirm", "words": new_words, "confirmed": "y",
                                       "csrf_token": token})
    assert saved.status_code == 302
    db_session.expire_all()
    application = db_session.scalar(sa.select(Application))
    assert application.answers["expression"] == new_words
    corrected = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "words_corrected"))
    assert corrected.actor_id == worker.id
    assert corrected.details == {"version": 2, "previous": FORM["words"], "words": new_words}
    first = db_session.scalar(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "read_back_confirmed"))
    assert first.details["words"] == FORM["words"]
    staff = client.get(f"/en/console/applications/{reference}").get_data(as_text=True)
    assert "Earlier words:" in staff and "fy mrawd a fy mam" in staff


def test_only_a_worker_of_the_roles_organisation_writes_down_for_someone__R_IV1(
        db_session, as_person, csrf, console_world):
    role = console_world["role"]
    for who in ("member", "other_worker", "other_member", "org_admin", "platform_admin",
                "nobody"):
        client = as_person(console_world[who])
        assert client.get(f"/en/console/roles/{role.id}/record").status_code == 403, who
        token = csrf(client.get("/en/account"))
        response = client.post(f"/en/console/roles/{role.id}/record",
                               data={**FORM, "csrf_token": token})
        assert response.status_code == 403, who
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 0


def test_recording_needs_no_email_and_checks_what_was_typed__R_AC1(
        db_session, as_person, csrf, console_world):
    client = as_person(console_world["worker"])
    path = f"/cy/console/roles/{console_world['role'].id}/record"
    refused = _post(client, csrf, path, {**FORM, "contact_channel": "phone", "phone": "12",
                                         "words": ""})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#phone"' in html and 'href="#words"' in html and 'lang="cy"' in html
    assert 'value="Rhian Morgan"' in html  # what was typed is kept
    not_eligible = _post(client, csrf, path, {**FORM, "eligibility": "no"})
    assert not_eligible.status_code == 400 and 'href="#eligibility"' in (
        not_eligible.get_data(as_text=True))
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 0
    _record(client, csrf, console_world["role"], {**FORM, "contact_channel": "phone",
                                                  "phone": "01970 123456"}, lang="cy")
    assert db_session.scalar(sa.select(Application)).contact == {
        "name": "Rhian Morgan", "channel": "phone", "phone": "01970 123456"}


def test_the_applicant_sees_who_wrote_it_down_with_them__R_IV1(
        app, db_session, as_person, csrf, console_world):
    """With the reference and a code (as a worker would give them), the applicant's own
    confirmation page says who wrote it down and when they confirmed it."""
    from portal.applications import services

    client = as_person(console_world["worker"])
    reference = _confirmed(client, csrf, console_world["role"], db_session)
    application = db_session.scalar(sa.select(Application))
    code = services.new_resume_code(db_session, application)
    db_session.commit()
    applicant = app.test_client()
    form = applicant.get("/en/apply/continue")
    opened = applicant.post("/en/apply/continue", data={"reference": reference, "code": code,
                                                        "csrf_token": csrf(form)})
    assert opened.status_code == 302
    page = applicant.get(f"/en/apply/{reference}/sent").get_data(as_text=True)
    assert "Written down by Worker Test with Rhian Morgan, read back and confirmed on" in page


def test_a_recorded_draft_is_seen_by_the_group_but_changed_only_by_workers__R_IV1(
        db_session, as_person, csrf, console_world):
    client = as_person(console_world["worker"])
    read_back = _record(client, csrf, console_world["role"])
    reference = read_back.split("/")[-2]
    member = as_person(console_world["member"])
    assert member.get(f"/en/console/applications/{reference}").status_code == 200
    for page in ("edit", "read-back", "correct"):
        assert member.get(f"/en/console/applications/{reference}/{page}").status_code == 403
    other = make_application(db_session, console_world["role"], status="draft")
    db_session.commit()
    # A draft the applicant writes alone is theirs until they send it.
    assert member.get(f"/en/console/applications/{other.reference}").status_code == 404
