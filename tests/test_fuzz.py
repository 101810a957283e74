"""Bad input: hypothesis fuzzes the sign-in and board forms. Never a 500, always a translated
message in the GOV.UK pattern, nothing saved half-way."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import AuditEvent, Board, OutboxMessage
from tests import factories

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
NUMBERISH = st.one_of(TEXT, st.integers(-10**6, 10**6).map(str), st.just(""))
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

ERROR_TITLES = {"en": "There is a problem", "cy": "Mae problem wedi codi"}
ERROR_PREFIX = {"en": "Error:", "cy": "Gwall:"}


ENGLISH_ONLY = ("Not a valid", "not a valid choice", "This field is required", "Invalid",
                "There is a problem", "Enter ")


def assert_error_pattern(response, lang):
    html = response.get_data(as_text=True)
    if lang == "cy":
        main = html.split('id="main-content"', 1)[1]
        # What the person typed comes back in the boxes, and may well say "Enter ".
        main = re.sub(r'value="[^"]*"', "", main)
        main = re.sub(r"(<textarea[^>]*>)[^<]*(</textarea>)", r"\1\2", main)
        for phrase in ENGLISH_ONLY:
            assert phrase not in main, f"untranslated: {phrase!r}"
    assert ERROR_TITLES[lang] in html
    assert f'<span class="govuk-visually-hidden">{ERROR_PREFIX[lang]}</span>' in html
    assert re.search(r'<a href="#[\w-]+">', html), "the summary links to the fields"
    assert "<title>" + ERROR_PREFIX[lang] in html.replace("\n", "")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_sign_in_form_never_fails(client, db_session, csrf, lang):
    token = csrf(client.get(f"/{lang}/sign-in"))

    @FUZZ
    @given(email=TEXT)
    def run(email):
        response = client.post(f"/{lang}/sign-in", data={"email": email, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    run()
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_board_form_never_fails(client, db_session, login, csrf, lang):
    org = factories.organisation(db_session)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.commit()
    login(client, admin)
    url = f"/{lang}/admin/organisations/{org.id}/boards/new"
    token = csrf(client.get(url))

    @FUZZ
    @given(name_en=TEXT, name_cy=TEXT, kind=st.sampled_from(["partnership", "decision", "", "x"]),
           area=st.sampled_from(["cardiff-and-vale", "powys", "", "atlantis"]),
           districts=st.lists(st.sampled_from(["cardiff", "powys", "gwynedd", "nowhere"]),
                              max_size=3),
           meetings=NUMBERISH, su=NUMBERISH, carers=NUMBERISH, deputies=NUMBERISH)
    def run(name_en, name_cy, kind, area, districts, meetings, su, carers, deputies):
        before = db_session.scalar(sa.select(sa.func.count(Board.id)))
        response = client.post(url, data={
            "name_en": name_en, "name_cy": name_cy, "kind": kind, "area": area,
            "districts": districts, "meetings_per_year": meetings, "service_user_seats": su,
            "carer_seats": carers, "deputy_seats": deputies, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        after = db_session.scalar(sa.select(sa.func.count(Board.id)))
        events = db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "board_created"))
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert after == before, "a refused form saved something"
        else:
            assert after == before + 1
        assert events == after, "every saved board is audited, nothing else"

    run()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_appointment_form_never_fails(client, db_session, login, csrf, lang):
    from portal.models import Appointment

    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.commit()
    login(client, admin)
    url = f"/{lang}/admin/boards/{board.id}/appointments/new"
    token = csrf(client.get(url))

    @FUZZ
    @given(given_name=TEXT, family_name=TEXT, email=TEXT,
           seat=st.sampled_from(["service_user", "carer", "deputy", "", "chair"]),
           day=NUMBERISH, month=NUMBERISH, year=NUMBERISH, months=NUMBERISH, term=NUMBERISH)
    def run(given_name, family_name, email, seat, day, month, year, months, term):
        before = db_session.scalar(sa.select(sa.func.count(Appointment.id)))
        response = client.post(url, data={
            "given_name": given_name, "family_name": family_name, "email": email,
            "seat_type": seat, "start_date-day": day, "start_date-month": month,
            "start_date-year": year, "term_months": months, "term_number": term,
            "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        after = db_session.scalar(sa.select(sa.func.count(Appointment.id)))
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert after == before
        else:
            assert after == before + 1

    run()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_preferences_form_never_fails__R_AC2(client, db_session, login, csrf, lang):
    person = factories.person(db_session)
    db_session.commit()
    login(client, person)
    url = f"/{lang}/account/preferences"
    token = csrf(client.get(url))

    @FUZZ
    @given(language=st.sampled_from(["cy", "en", "", "fr"]),
           channel=st.sampled_from(["email", "phone", "post", "", "pigeon"]),
           phone=TEXT, address=TEXT)
    def run(language, channel, phone, address):
        response = client.post(url, data={"preferred_language": language,
                                          "contact_channel": channel, "phone": phone,
                                          "postal_address": address, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    run()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_start_recruitment_and_adviser_forms_never_fail(client, db_session, login, csrf, lang):
    from portal.models import GroupMember, Recruitment

    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    db_session.commit()
    login(client, rep)
    token = csrf(client.get(f"/{lang}/recruitment/new"))

    @FUZZ
    @given(board_id=st.one_of(st.just(str(board.id)), NUMBERISH),
           reason=st.sampled_from(["term_ending", "new_seat", "resignation", "", "whim"]),
           su=NUMBERISH, carers=NUMBERISH, deputies=NUMBERISH, day=NUMBERISH, month=NUMBERISH,
           year=NUMBERISH)
    def run_start(board_id, reason, su, carers, deputies, day, month, year):
        before = db_session.scalar(sa.select(sa.func.count(Recruitment.id)))
        response = client.post(f"/{lang}/recruitment/new", data={
            "board_id": board_id, "reason": reason, "service_user_vacancies": su,
            "carer_vacancies": carers, "deputy_vacancies": deputies,
            "target_publish_date-day": day, "target_publish_date-month": month,
            "target_publish_date-year": year, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        after = db_session.scalar(sa.select(sa.func.count(Recruitment.id)))
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert after == before
        else:
            assert after == before + 1

    run_start()
    recruitment = db_session.scalar(sa.select(Recruitment).limit(1))
    if recruitment is None:  # hypothesis found no valid start: make one for the second form
        recruitment = Recruitment(board_id=board.id, reason="new_seat", service_user_vacancies=1)
        db_session.add(recruitment)
        db_session.flush()
        db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                                   kind="lived_experience", status="accepted"))
        db_session.commit()
    url = f"/{lang}/recruitment/{recruitment.id}/group/invite"
    token = csrf(client.get(url))

    @FUZZ
    @given(given_name=TEXT, family_name=TEXT, email=TEXT)
    def run_adviser(given_name, family_name, email):
        response = client.post(url, data={
            "which": "adviser", "adviser-given_name": given_name,
            "adviser-family_name": family_name, "adviser-email": email, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    run_adviser()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_decision_comment_publish_and_advertising_forms_never_fail(
        client, db_session, login, csrf, lang):
    from portal.models import AdvertChannel, Approval, GroupMember, SectionComment

    org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    recruitment = factories.recruitment(db_session, board)
    db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                               kind="lived_experience", status="accepted"))
    version = factories.description(db_session, recruitment)
    db_session.commit()
    login(client, rep)
    base = f"/{lang}/recruitment/{recruitment.id}"
    token = csrf(client.get(f"{base}/role"))

    def check(response, model, before):
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert db_session.scalar(sa.select(sa.func.count(model.id))) == before

    @FUZZ
    @given(decision=st.sampled_from(["approve", "changes", "", "maybe"]), note=TEXT,
           version=st.sampled_from(["1", "2", "", "x"]))
    def run_decision(decision, note, version):
        before = db_session.scalar(sa.select(sa.func.count(Approval.id)))
        check(client.post(f"{base}/role/decision", data={
            "decision": decision, "note": note, "version": version, "csrf_token": token}),
            Approval, before)

    @FUZZ
    @given(section=st.sampled_from(["title", "protection", "", "nope"]), body=TEXT)
    def run_comment(section, body):
        before = db_session.scalar(sa.select(sa.func.count(SectionComment.id)))
        check(client.post(f"{base}/role/comments", data={
            "section": section, "body": body, "csrf_token": token}), SectionComment, before)

    @FUZZ
    @given(day=NUMBERISH, month=NUMBERISH, year=NUMBERISH, name=TEXT, phone=TEXT, email=TEXT)
    def run_publish(day, month, year, name, phone, email):
        response = client.post(f"{base}/publish", data={
            "closes_on-day": day, "closes_on-month": month, "closes_on-year": year,
            "contact_name": name, "contact_phone": phone, "contact_email": email,
            "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    @FUZZ
    @given(channel=st.sampled_from(["radio", "custom", "", "carrier_pigeon"]), name=TEXT,
           day=NUMBERISH, month=NUMBERISH, year=NUMBERISH)
    def run_channel(channel, name, day, month, year):
        before = db_session.scalar(sa.select(sa.func.count(AdvertChannel.id)))
        response = client.post(f"{base}/advertising", data={
            "channel": channel, "custom_name": name, "planned_on-day": day,
            "planned_on-month": month, "planned_on-year": year, "csrf_token": token})
        check(response, AdvertChannel, before) if response.status_code == 400 else None
        assert response.status_code in (302, 400), response.status_code

    @FUZZ
    @given(channel=st.one_of(st.sampled_from(["other", "", "999"]), NUMBERISH), other=TEXT)
    def run_heard(channel, other):
        from portal.models import HeardAbout

        before = db_session.scalar(sa.select(sa.func.count(HeardAbout.id)))
        check(client.post(f"{base}/advertising/heard", data={
            "heard-channel_id": channel, "heard-other": other, "csrf_token": token}),
            HeardAbout, before)

    run_decision()
    run_comment()
    run_heard()
    # Approved by the group (its one member), so that publishing checks the form itself.
    db_session.query(Approval).delete()
    db_session.add(Approval(recruitment_id=recruitment.id, version_id=version.id,
                            person_id=rep.id, decision="approve"))
    db_session.commit()
    run_publish()
    run_channel()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_role_filters_never_fail(client, db_session, lang):
    factories.published_role(db_session)
    db_session.commit()

    @FUZZ
    @given(q=TEXT, area=st.one_of(st.sampled_from(["powys", "", "atlantis"]), TEXT),
           board=NUMBERISH, seat=st.sampled_from(["carer", "", "dragon"]),
           soon=st.sampled_from(["y", "", "no"]))
    def run(q, area, board, seat, soon):
        response = client.get(f"/{lang}/roles/", query_string={
            "q": q, "area": area, "board": board, "seat_type": seat, "closing_soon": soon})
        assert response.status_code in (200, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    run()


BRACES = st.lists(st.sampled_from(["{board}", "{organisation}", "{", "}", "{{", "}}", "{borad}",
                                   "{0}", "{}", "{board!r}", "Cymru ", "\r\n", " "]),
                  max_size=6).map("".join)
SECTION_TEXT = st.one_of(TEXT, BRACES)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_template_library_forms_never_fail(client, db_session, login, csrf, lang):
    """Adding a template and saving a new version: never a 500; a refused form saves nothing;
    every saved version keeps the rules (placeholders, R-RD2) and is audited."""
    from portal.admin.template_library import template_problems
    from portal.models import RoleTemplate
    from portal.recruitment.descriptions import ensure_templates
    from portal.role_templates_content import SECTION_KEYS, TEMPLATES
    from portal.roles import fill

    ensure_templates(db_session)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "platform_admin")
    db_session.commit()
    login(client, admin)

    def counts():
        db_session.expire_all()
        return (db_session.scalar(sa.select(sa.func.count(RoleTemplate.id))),
                db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
                    AuditEvent.action.like("role_template%"))))

    def sections_form(overrides):
        data = {f"{key}_{lg}": TEMPLATES["deputy"]["sections"][key][lg]
                for key in SECTION_KEYS for lg in ("en", "cy")}
        data.update(overrides)
        return data

    def check(response, before):
        assert response.status_code in (302, 400), response.status_code
        rows, events = counts()
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert (rows, events) == before, "a refused form saved something"
        else:
            assert rows - before[0] == events - before[1] in (0, 1), "every save is audited"

    url = f"/{lang}/admin/templates/deputy/new-version"
    token = csrf(client.get(url))

    @FUZZ
    @given(name_en=TEXT, name_cy=TEXT, title_en=SECTION_TEXT, time_cy=SECTION_TEXT,
           protection_cy=st.one_of(st.just(TEMPLATES["deputy"]["sections"]["protection"]["cy"]),
                                   TEXT),
           note=TEXT, based_on=st.one_of(st.just("newest"), NUMBERISH))
    def run_version(name_en, name_cy, title_en, time_cy, protection_cy, note, based_on):
        before = counts()
        newest = db_session.scalar(sa.select(sa.func.max(RoleTemplate.version)).where(
            RoleTemplate.key == "deputy"))
        response = client.post(url, data={**sections_form({
            "title_en": title_en, "time_commitment_cy": time_cy,
            "protection_cy": protection_cy}), "name_en": name_en, "name_cy": name_cy,
            "note": note, "based_on": str(newest) if based_on == "newest" else based_on,
            "csrf_token": token})
        check(response, before)

    run_version()

    url = f"/{lang}/admin/templates/new"
    token = csrf(client.get(url))

    @FUZZ
    @given(name_en=TEXT, name_cy=TEXT, title_en=SECTION_TEXT, protection_en=TEXT, note=TEXT)
    def run_add(name_en, name_cy, title_en, protection_en, note):
        before = counts()
        response = client.post(url, data={**sections_form({
            "title_en": title_en, "protection_en": protection_en}), "name_en": name_en,
            "name_cy": name_cy, "note": note, "csrf_token": token})
        check(response, before)

    run_add()
    facts = {"board": "B", "organisation": "O", "hourly_rate": "1", "term_years": "2",
             "meetings_per_year": "3"}
    with client.application.test_request_context(f"/{lang}/"):
        for row in db_session.scalars(sa.select(RoleTemplate)):
            assert template_problems(row.name_en, row.name_cy, row.sections) == [], row.key
            for texts in row.sections.values():
                for text in texts.values():
                    fill(text, facts)  # never raises


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_keep_me_informed_form_never_fails__R_AC4(client, db_session, csrf, lang):
    from portal.models import InterestRegistration

    url = f"/{lang}/keep-me-informed"
    token = csrf(client.get(url))

    @FUZZ
    @given(name=TEXT, email=st.one_of(TEXT, st.just("nia@example.org")),
           phone=st.one_of(TEXT, st.just("+44 29 2000 0000"), st.just("(029) 2000-0000")),
           address=TEXT, language=st.sampled_from(["cy", "en", "", "fr"]),
           channel=st.sampled_from(["email", "phone", "post", "", "pigeon"]),
           areas=st.lists(st.sampled_from(["powys", "cardiff-and-vale", "atlantis", ""]),
                          max_size=3),
           seats=st.lists(st.sampled_from(["service_user", "carer", "deputy", "chair"]),
                          max_size=3))
    def run(name, email, phone, address, language, channel, areas, seats):
        before = db_session.scalar(sa.select(sa.func.count(InterestRegistration.id)))
        response = client.post(url, data={
            "name": name, "email": email, "phone": phone, "postal_address": address,
            "language": language, "contact_channel": channel, "areas": areas,
            "seat_types": seats, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        after = db_session.scalar(sa.select(sa.func.count(InterestRegistration.id)))
        messages = db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert after == before, "a refused form saved something"
        else:
            assert after == before + 1
        assert messages == after, "one confirmation or welcome message per registration"

    run()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_application_forms_never_fail__R_AC1(client, db_session, csrf, lang):
    from portal.models import Application, RoleDescriptionVersion

    role = factories.published_role(db_session)
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "expression_of_interest"]
    db_session.commit()
    page = client.get(f"/{lang}/roles/{role.id}/apply")
    token = csrf(page)
    started = client.post(f"/{lang}/roles/{role.id}/apply",
                          data={"route": "expression_of_interest", "csrf_token": token})
    base = started.location.rsplit("/", 1)[0]
    client.post(f"{base}/eligibility", data={"eligibility": "yes", "csrf_token": token})

    @FUZZ
    @given(route=st.sampled_from(["expression_of_interest", "other", "", "cv", "x"]))
    def run_start(route):
        before = db_session.scalar(sa.select(sa.func.count(Application.id)))
        response = client.post(f"/{lang}/roles/{role.id}/apply",
                               data={"route": route, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert db_session.scalar(sa.select(sa.func.count(Application.id))) == before

    @FUZZ
    @given(name=TEXT, language=st.sampled_from(["cy", "en", "", "fr"]),
           channel=st.sampled_from(["email", "phone", "post", "", "fax"]),
           email=st.one_of(TEXT, st.just("a@example.org")),
           phone=st.one_of(TEXT, st.just("029 2000 0000")), address=TEXT)
    def run_about(name, language, channel, email, phone, address):
        response = client.post(f"{base}/about-you", data={
            "name": name, "language": language, "contact_channel": channel, "email": email,
            "phone": phone, "postal_address": address, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    @FUZZ
    @given(words=TEXT, eligibility=st.sampled_from(["yes", "", "maybe"]))
    def run_words(words, eligibility):
        response = client.post(f"{base}/your-words", data={"words": words,
                                                           "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
        response = client.post(f"{base}/eligibility", data={"eligibility": eligibility,
                                                            "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
        if eligibility != "yes":  # put it back for the next example
            client.post(f"{base}/eligibility", data={"eligibility": "yes",
                                                     "csrf_token": token})

    @FUZZ
    @given(reference=st.one_of(TEXT, st.just(base.rsplit("/", 1)[1])), code=TEXT,
           which=st.sampled_from(["email", "code", "", "x"]), email=TEXT)
    def run_resume(reference, code, which, email):
        response = client.post(f"/{lang}/apply/continue", data={
            "reference": reference, "code": code, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
        if which != "code":  # a new code each time would be noise; the form is the same
            response = client.post(f"{base}/save", data={
                "which": which, "email-email": email, "csrf_token": token})
            assert response.status_code in (200, 400), response.status_code
            if response.status_code == 400 and which == "email":
                assert_error_pattern(response, lang)

    @FUZZ
    @given(adjustments=st.lists(st.sampled_from(["welsh", "breaks", "x", ""]), max_size=3),
           formats=st.lists(st.sampled_from(["video", "phone", "fax"]), max_size=2),
           expenses=st.lists(st.sampled_from(["travel", "other", "yacht"]), max_size=2),
           payment=st.sampled_from(["paid", "volunteer", "not_sure", "", "lots"]),
           best=TEXT, access=TEXT, bad=st.one_of(TEXT, st.just("x" * 1001)))
    def run_support(adjustments, formats, expenses, payment, best, access, bad):
        response = client.post(f"{base}/support", data={
            "adjustments": adjustments, "formats": formats, "expenses": expenses,
            "payment": payment, "best_times": best, "access_needs": access, "bad_day": bad,
            "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)

    run_start()
    run_about()
    run_words()
    run_support()
    run_resume()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_my_applications_and_equality_forms_never_fail__R_AC3(client, db_session, csrf, lang):
    """Withdraw, contact details for every application, and the equality questions."""
    from portal.applications import equality
    from portal.models import Application, EqualityResponse, RoleDescriptionVersion
    from portal.models.enums import ApplicationStatus
    from tests.applications.test_my_applications import by_reference, send, start

    role = factories.published_role(db_session)
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "expression_of_interest"]
    db_session.commit()
    reference = send(client, csrf, role, lang=lang)
    token = csrf(client.get(f"/{lang}/apply/continue"))

    @FUZZ
    @given(reason=st.one_of(TEXT, st.just("x" * 1001)))
    def run_withdraw(reason):
        draft = start(client, csrf, role, lang).rsplit("/", 1)[1]
        response = client.post(f"/{lang}/my-applications/{draft}/withdraw",
                               data={"reason": reason, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        status = by_reference(db_session, draft).status
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert status == ApplicationStatus.DRAFT, "a refused form saved something"
        else:
            assert status == ApplicationStatus.WITHDRAWN

    @FUZZ
    @given(name=TEXT, language=st.sampled_from(["cy", "en", "", "fr"]),
           channel=st.sampled_from(["email", "phone", "post", "", "fax"]),
           email=st.one_of(TEXT, st.just("a@example.org")),
           phone=st.one_of(TEXT, st.just("029 2000 0000")), address=TEXT)
    def run_contact(name, language, channel, email, phone, address):
        before = by_reference(db_session, reference).contact
        response = client.post(f"/{lang}/my-applications/contact-details", data={
            "name": name, "language": language, "contact_channel": channel, "email": email,
            "phone": phone, "postal_address": address, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert by_reference(db_session, reference).contact == before

    options = {q["key"]: st.sampled_from([*equality.OPTION_KEYS[q["key"]], "", "x", "yes "])
               for q in equality.QUESTIONS}

    @FUZZ
    @given(answers=st.fixed_dictionaries(options))
    def run_equality(answers):
        response = client.post(f"/{lang}/my-applications/{reference}/equality",
                               data={**answers, "csrf_token": token})
        assert response.status_code in (302, 400), response.status_code
        stored = db_session.scalar(sa.select(sa.func.count(EqualityResponse.id)))
        if response.status_code == 400:
            assert_error_pattern(response, lang)
            assert stored == 0 and not by_reference(db_session, reference).equality_answered
        else:  # answered: put it back for the next example
            assert by_reference(db_session, reference).equality_answered
            db_session.execute(sa.delete(EqualityResponse))
            db_session.execute(sa.update(Application).where(
                Application.reference == reference).values(equality_answered=False))
            db_session.commit()

    run_withdraw()
    run_contact()
    run_equality()
