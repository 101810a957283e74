"""The application form against the person specification (R-SEL1), what the panel may read of
each written answer (lived-experience disclosure), and applying twice to one role."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.applications import documents, services
from portal.models import Application, OutboxMessage, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus
from tests import factories

ESSENTIAL_EN = "- You have cared for someone who used mental health services\n\n*   You listen well\n"
DESIRABLE_EN = "1. You speak Welsh\n2) You have sat on a committee\n   \n"
ESSENTIAL_CY = "• Rydych chi wedi gofalu am rywun\n• Rydych chi'n gwrando'n dda"
DESIRABLE_CY = "1. Rydych chi'n siarad Cymraeg\n2. Rydych chi wedi bod ar bwyllgor"


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.selection_methods = ["informal_chat", "expression_of_interest", "cv",
                                 "application_form"]
    version.sections = {**version.sections,
                        "essential_criteria": {"en": ESSENTIAL_EN, "cy": ESSENTIAL_CY},
                        "desirable_criteria": {"en": DESIRABLE_EN, "cy": DESIRABLE_CY}}
    db_session.commit()
    return role


def _post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf(client.get(path))})


def begin(client, csrf, role, route="application_form", lang="en", email="nia@example.org"):
    """Start, answer yes, say who they are: the address of the application's pages."""
    page = client.get(f"/{lang}/roles/{role.id}/apply?another=1")
    started = client.post(f"/{lang}/roles/{role.id}/apply",
                          data={"route": route, "csrf_token": csrf(page)})
    assert started.status_code == 302, started.get_data(as_text=True)[:400]
    base = started.location.rsplit("/", 1)[0]
    _post(client, csrf, f"{base}/eligibility", {"eligibility": "yes"})
    about = _post(client, csrf, f"{base}/about-you", {
        "name": "Nia Rees", "language": lang, "contact_channel": "email", "email": email})
    assert about.status_code == 302, about.get_data(as_text=True)[:400]
    return base


ANSWERS = {"essential-1": "I have looked after my brother for ten years.",
           "essential-2": "People tell me I am a good listener.",
           "desirable-1": "Dw i'n dysgu."}


# ---- the application form (R-SEL1) ----------------------------------------------------------

def test_criteria_are_read_line_by_line_without_markers__R_SEL1(data_app, db_session, role):
    from portal import publication

    loaded = publication.get_published(db_session, role.id)
    shown = documents.criteria(loaded, "en")
    assert [(c.key, c.text, c.essential) for c in shown] == [
        ("essential-1", "You have cared for someone who used mental health services", True),
        ("essential-2", "You listen well", True),
        ("desirable-1", "You speak Welsh", False),
        ("desirable-2", "You have sat on a committee", False)]
    assert [c.text for c in documents.criteria(loaded, "cy")][:2] == [
        "Rydych chi wedi gofalu am rywun", "Rydych chi'n gwrando'n dda"]


def test_each_criterion_is_the_label_of_its_answer__R_SEL1(client, db_session, csrf, role):
    base = begin(client, csrf, role)
    assert client.get(f"{base}/about-you").status_code == 200
    page = client.get(f"{base}/criteria")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for key, text in (("essential-1", "You have cared for someone who used mental health "
                                      "services"),
                      ("essential-2", "You listen well"), ("desirable-1", "You speak Welsh"),
                      ("desirable-2", "You have sat on a committee")):
        assert re.search(rf'<label class="govuk-label govuk-label--s" for="{key}">\s*{text}\s*'
                         r'</label>', html), key
        assert f'<textarea class="govuk-textarea" id="{key}" name="{key}"' in html
    assert "- You have" not in html and "1. You speak" not in html
    assert html.index("essential-2") < html.index("desirable-1")


def test_every_essential_criterion_needs_an_answer_named_in_its_error__R_SEL1(
        client, db_session, csrf, role):
    base = begin(client, csrf, role)
    refused = _post(client, csrf, f"{base}/criteria", {"desirable-1": "Ychydig"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert ('<a href="#essential-1">Tell us how you meet this criterion: You have cared for '
            'someone who used mental health services</a>') in html
    assert '<a href="#essential-2">Tell us how you meet this criterion: You listen well</a>' in html
    assert 'href="#desirable-1"' not in html  # desirable answers are optional
    assert ">Ychydig</textarea>" in html  # what was typed is kept
    assert "criteria" not in db_session.scalar(sa.select(Application)).answers  # nothing saved
    too_long = _post(client, csrf, f"{base}/criteria", {
        **ANSWERS, "essential-2": "x" * (documents.CRITERION_ANSWER_MAX + 1)})
    assert too_long.status_code == 400
    assert 'href="#essential-2"' in too_long.get_data(as_text=True)
    saved = _post(client, csrf, f"{base}/criteria", ANSWERS)
    assert saved.status_code == 302 and saved.location.endswith("/cv")  # a CV, if they like
    kept = db_session.scalar(sa.select(Application)).answers["criteria"]
    assert kept == {
        "essential-1": {"criterion": "You have cared for someone who used mental health "
                                     "services", "answer": ANSWERS["essential-1"],
                        "essential": True},
        "essential-2": {"criterion": "You listen well", "answer": ANSWERS["essential-2"],
                        "essential": True},
        "desirable-1": {"criterion": "You speak Welsh", "answer": "Dw i'n dysgu.",
                        "essential": False}}
    again = client.get(f"{base}/criteria").get_data(as_text=True)
    assert ">I have looked after my brother for ten years.</textarea>" in again


def test_the_application_form_route_in_welsh_from_start_to_sent__R_SEL1_R_AC2(
        client, db_session, csrf, role):
    start = client.get(f"/cy/roles/{role.id}/apply").get_data(as_text=True)
    assert 'value="application_form"' in start and 'value="cv"' in start
    base = begin(client, csrf, role, lang="cy")
    page = client.get(f"{base}/criteria")
    assert page.status_code == 200 and '<html lang="cy"' in page.get_data(as_text=True)
    assert "Rydych chi'n gwrando'n dda" in page.get_data(as_text=True).replace("&#39;", "'")
    assert _post(client, csrf, f"{base}/criteria", ANSWERS).location.endswith("/cv")
    cv_page = client.get(f"{base}/cv").get_data(as_text=True)
    assert 'name="note"' not in cv_page  # the answers say it all; no covering note here
    assert _post(client, csrf, f"{base}/cv", {}).location.endswith("/sharing")  # no CV: fine
    assert _post(client, csrf, f"{base}/sharing", {
        "essential-1": "summary", "essential-2": "full", "desirable-1": "full",
    }).location.endswith("/support")
    assert _post(client, csrf, f"{base}/support", {}).location.endswith("/check")
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert "I have looked after my brother for ten years." in check
    assert f'href="{base}/criteria#essential-1"' in check
    assert f'href="{base}/sharing#essential-1"' in check
    assert f'href="{base}/your-words"' not in check  # not a page of this route
    assert client.get(f"{base}/support").get_data(as_text=True).count(
        f'href="{base}/sharing"') >= 1  # the back link follows the route
    sent = _post(client, csrf, f"{base}/check", {})
    assert sent.location.endswith("/sent")
    application = db_session.scalar(sa.select(Application))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.route == "application_form"


def test_a_role_without_criteria_asks_nothing_it_cannot_name(data_app, db_session, role):
    from portal import publication

    version = db_session.get(RoleDescriptionVersion, role.published_version_id)
    version.sections = {**version.sections, "essential_criteria": {"en": "", "cy": " \n"},
                        "desirable_criteria": {"en": "", "cy": "• Cymraeg"}}
    db_session.commit()
    shown = documents.criteria(publication.get_published(db_session, role.id), "en")
    assert [(c.key, c.text) for c in shown] == [("desirable-1", "Cymraeg")]  # the other language


# ---- what the panel may read (lived-experience disclosure) ----------------------------------

def test_sharing_has_no_default_and_every_answer_needs_a_choice(client, db_session, csrf, role):
    base = begin(client, csrf, role)
    _post(client, csrf, f"{base}/criteria", ANSWERS)
    page = client.get(f"{base}/sharing").get_data(as_text=True)
    assert "checked" not in page  # they choose; nothing is chosen for them
    assert "I have looked after my brother for ten years." in page  # each answer is shown
    refused = _post(client, csrf, f"{base}/sharing", {"essential-1": "full",
                                                      "desirable-1": "everyone"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#essential-2"' in html and 'href="#desirable-1"' in html
    assert 'href="#essential-1"' not in html
    assert "disclosure" not in db_session.scalar(sa.select(Application)).answers
    assert "sharing" in services.missing(db_session.scalar(sa.select(Application)))


def test_the_panel_reads_in_full_only_what_the_applicant_chose__R_SEL2(
        client, db_session, csrf, role):
    base = begin(client, csrf, role)
    _post(client, csrf, f"{base}/criteria", ANSWERS)
    _post(client, csrf, f"{base}/sharing", {"essential-1": "summary", "essential-2": "full",
                                            "desirable-1": "summary"})
    application = db_session.scalar(sa.select(Application))
    assert documents.panel_view(application) == [
        ("You have cared for someone who used mental health services", None, False),
        ("You listen well", ANSWERS["essential-2"], True),
        ("You speak Welsh", None, False)]
    # A new answer has no choice yet: the panel does not read it, and they are asked again.
    _post(client, csrf, f"{base}/criteria", {**ANSWERS, "desirable-2": "Pwyllgor y capel"})
    db_session.expire_all()
    application = db_session.scalar(sa.select(Application))
    assert documents.panel_view(application)[-1] == ("You have sat on a committee", None, False)
    assert "sharing" in services.missing(application)


def test_the_applicants_own_check_page_shows_every_answer_in_full(client, db_session, csrf,
                                                                  role):
    base = begin(client, csrf, role)
    _post(client, csrf, f"{base}/criteria", ANSWERS)
    _post(client, csrf, f"{base}/sharing", dict.fromkeys(ANSWERS, "summary"))
    check = client.get(f"{base}/check").get_data(as_text=True).replace("&#39;", "'")
    for text in ANSWERS.values():
        assert text in check
    assert check.count("Only that you have relevant experience") == 3


def test_a_written_expression_of_interest_is_shared_as_chosen__R_SEL2(
        client, db_session, csrf, role):
    base = begin(client, csrf, role, route="expression_of_interest")
    assert _post(client, csrf, f"{base}/your-words", {
        "words": "I know how lonely caring can be."}).location.endswith("/sharing")
    _post(client, csrf, f"{base}/sharing", {"expression": "full"})
    application = db_session.scalar(sa.select(Application))
    with client.application.test_request_context("/en/"):
        assert documents.panel_view(application) == [
            ("Why you are interested", "I know how lonely caring can be.", True)]


# ---- applying twice -------------------------------------------------------------------------------

def test_this_browser_is_offered_the_application_it_already_has(client, db_session, csrf, role):
    base = begin(client, csrf, role)
    reference = base.rsplit("/", 1)[1]
    again = client.get(f"/en/roles/{role.id}/apply")
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "You already have an application for this role" in html and reference in html
    assert f'href="{base}/criteria"' in html  # carry on where they were
    assert f'href="/en/roles/{role.id}/apply?another=1"' in html  # or, knowingly, start again
    assert 'name="route"' not in html
    _post(client, csrf, f"{base}/criteria", ANSWERS)
    _post(client, csrf, f"{base}/cv", {})
    _post(client, csrf, f"{base}/sharing", dict.fromkeys(ANSWERS, "full"))
    _post(client, csrf, f"{base}/support", {})
    _post(client, csrf, f"{base}/check", {})
    sent = client.get(f"/en/roles/{role.id}/apply").get_data(as_text=True)
    assert f'href="{base}/sent"' in sent and "View your application" in sent
    # Starting again is still possible, on purpose.
    second = begin(client, csrf, role, route="cv", email="other@example.org")
    assert second != base
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 2


def test_a_signed_in_person_is_offered_their_application(app, data_app, db_session, login,
                                                         role):
    person = factories.person(db_session)
    with data_app.test_request_context("/en/"):
        application, _secret = services.start(db_session, role.id, "application_form", "en")
    application.person_id = person.id
    db_session.commit()
    browser = app.test_client()
    login(browser, person)
    html = browser.get(f"/en/roles/{role.id}/apply").get_data(as_text=True)
    assert application.reference in html
    assert 'href="/en/apply/continue"' in html  # this browser has no secret: by reference
    stranger = factories.person(db_session)
    db_session.commit()
    other = app.test_client()
    login(other, stranger)
    assert application.reference not in other.get(f"/en/roles/{role.id}/apply").get_data(
        as_text=True)


def test_an_email_address_already_used_is_never_confirmed_on_screen(app, client, db_session,
                                                                     csrf, role):
    """Someone typing another person's address learns nothing and changes nothing; the owner
    is told how to carry on."""
    first = begin(client, csrf, role, email="nia@example.org")
    owner = db_session.scalar(sa.select(Application))
    stranger = app.test_client()
    base = begin(stranger, csrf, role, email="other@example.org")
    unmatched = _post(stranger, csrf, f"{base}/about-you", {
        "name": "A N Other", "language": "en", "contact_channel": "email",
        "email": "someone@example.org"})
    matched = _post(stranger, csrf, f"{base}/about-you", {
        "name": "A N Other", "language": "en", "contact_channel": "email",
        "email": " NIA@example.org "})
    assert (matched.status_code, matched.location) == (unmatched.status_code,
                                                         unmatched.location)
    assert first.rsplit("/", 1)[1] not in stranger.get(matched.location).get_data(as_text=True)
    hint = "If you have applied for this role before with this email address"
    assert hint in stranger.get(f"{base}/about-you").get_data(as_text=True)
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.template == "application_existing"))
    assert message.recipient == "nia@example.org" and message.application_id == owner.id
    assert message.payload["reference"] == owner.reference
    # Once per pair of applications, however often the page is sent.
    _post(stranger, csrf, f"{base}/about-you", {
        "name": "A N Other", "language": "en", "contact_channel": "email",
        "email": "nia@example.org"})
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.template == "application_existing")) == 1
    # The email gives the reference and where to get help, never a key to the application;
    # and the owner's own browser still opens it (typing their address locks nobody out).
    assert "url" in message.payload and "/apply/" not in message.payload["url"]
    assert client.get(f"{first}/criteria").status_code == 200
