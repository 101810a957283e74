"""Access control as a matrix: every endpoint × every kind of person (ENGINEERING.md security).

A new endpoint fails `test_every_endpoint_is_in_the_matrix` until it is given a row here.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests import factories

ROLES = ["anonymous", "person", "engagement_worker", "representative", "other_org_admin",
         "org_admin", "platform_admin"]

OK, SIGN_IN, DENIED, GONE, TO_ACCOUNT = 200, "sign-in", 403, 410, "account"
REDIRECT = 302
NOT_FOUND = 404
EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": SIGN_IN}
THIS_ORG_ADMIN = {"anonymous": SIGN_IN, "person": DENIED, "engagement_worker": DENIED,
                  "representative": DENIED, "other_org_admin": DENIED, "org_admin": OK,
                  "platform_admin": OK}
ANY_ADMIN = {**THIS_ORG_ADMIN, "other_org_admin": OK}
PLATFORM_ADMIN = {**dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN, "platform_admin": OK}
# The recruitment's group and its organisation's engagement workers (applications.access).
HANDLERS = {**dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN, "engagement_worker": OK,
            "representative": OK}
WORKER_ONLY = {**dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN, "engagement_worker": OK}
CONSOLE = {**WORKER_ONLY, "representative": OK}
WORKER = WORKER_ONLY  # engagement workers of the organisation only

# endpoint: (method, path template, expectations)
MATRIX = {
    "public.home": ("GET", "/{lang}/", EVERYONE),
    "public.roles": ("GET", "/{lang}/roles/", EVERYONE),
    "public.accessibility": ("GET", "/{lang}/accessibility", EVERYONE),
    "public.privacy": ("GET", "/{lang}/privacy", EVERYONE),
    "public.cookies": ("GET", "/{lang}/cookies", EVERYONE),
    "public.role": ("GET", "/{lang}/roles/{published}", EVERYONE),
    "links.follow": ("GET", "/r/{code}", dict.fromkeys(ROLES, REDIRECT)),
    # Applying needs no account; a draft opens only in the browser that started it.
    "apply.start": ("GET", "/{lang}/roles/{published}/apply", EVERYONE),
    "apply.eligibility": ("GET", "/{lang}/apply/ABCD-2345/eligibility",
                          dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.not_eligible": ("GET", "/{lang}/apply/ABCD-2345/not-eligible",
                           dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.about_you": ("GET", "/{lang}/apply/ABCD-2345/about-you",
                        dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.your_words": ("GET", "/{lang}/apply/ABCD-2345/your-words",
                         dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.check": ("GET", "/{lang}/apply/ABCD-2345/check", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.sent": ("GET", "/{lang}/apply/ABCD-2345/sent", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.support": ("GET", "/{lang}/apply/ABCD-2345/support",
                      dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.save": ("GET", "/{lang}/apply/ABCD-2345/save", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.criteria": ("GET", "/{lang}/apply/ABCD-2345/criteria", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.cv": ("GET", "/{lang}/apply/ABCD-2345/cv", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.sharing": ("GET", "/{lang}/apply/ABCD-2345/sharing", dict.fromkeys(ROLES, NOT_FOUND)),
    # A sent application's CV: the applicant's browser, the recruitment's group and the
    # organisation's engagement workers; for everyone else it does not exist.
    "apply.download_file": ("GET", "/{lang}/apply/{cv_reference}/files/{cv_file}", {
        **dict.fromkeys(ROLES, NOT_FOUND), "engagement_worker": OK}),
    "apply.continue_application": ("GET", "/{lang}/apply/continue", EVERYONE),
    "apply.chat": ("GET", "/{lang}/apply/ABCD-2345/chat", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.event": ("GET", "/{lang}/apply/ABCD-2345/event", dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.invitation": ("GET", "/{lang}/apply/ABCD-2345/invitation",
                         dict.fromkeys(ROLES, NOT_FOUND)),
    "apply.invited": ("GET", "/{lang}/apply/invited/ABCD-2345/not-the-secret",
                      dict.fromkeys(ROLES, NOT_FOUND)),
    # Group events, formal invitations and answers to requests for another way (issue 4).
    "recruitment.events_list": ("GET", "/{lang}/recruitment/{recruitment}/events", HANDLERS),
    "recruitment.new_event": ("GET", "/{lang}/recruitment/{recruitment}/events/new", HANDLERS),
    "recruitment.edit_event": ("GET", "/{lang}/recruitment/{recruitment}/events/{event}/edit",
                               HANDLERS),
    "recruitment.cancel_event": (
        "GET", "/{lang}/recruitment/{recruitment}/events/{event}/cancel", HANDLERS),
    "recruitment.invitations_list": ("GET", "/{lang}/recruitment/{recruitment}/invitations",
                                     HANDLERS),
    "recruitment.invite_applicant": (
        "GET", "/{lang}/recruitment/{recruitment}/invitations/new", HANDLERS),
    "recruitment.invitation_in_person": (
        "GET", "/{lang}/recruitment/{recruitment}/invitations/{invitation}/accepted-in-person",
        HANDLERS),
    "recruitment.route_requests_list": (
        "GET", "/{lang}/recruitment/{recruitment}/route-requests", HANDLERS),
    "recruitment.answer_route_request": (
        "GET", "/{lang}/recruitment/{recruitment}/route-requests/{route_request}", HANDLERS),
    "apply.resume": ("GET", "/{lang}/apply/resume/ABCD-2345/not-the-secret",
                     dict.fromkeys(ROLES, NOT_FOUND)),
    # My applications: the list is each browser's own (empty here); an application opens only
    # for the browser that holds its secret or the person it belongs to: someone else's is
    # not found for everybody (tests/applications/test_my_applications.py).
    "mine.index": ("GET", "/{lang}/my-applications", EVERYONE),
    "mine.application": ("GET", "/{lang}/my-applications/{application}",
                         dict.fromkeys(ROLES, NOT_FOUND)),
    "mine.withdraw": ("GET", "/{lang}/my-applications/{application}/withdraw",
                      dict.fromkeys(ROLES, NOT_FOUND)),
    "mine.copy": ("GET", "/{lang}/my-applications/{application}/copy",
                  dict.fromkeys(ROLES, NOT_FOUND)),
    "mine.contact": ("GET", "/{lang}/my-applications/contact-details",
                     {**dict.fromkeys(ROLES, OK), "anonymous": REDIRECT}),
    "mine.keep_session": ("POST", "/{lang}/session/keep", EVERYONE),
    # Equality monitoring (R-AC3): answered only by the applicant; read only in totals by
    # administrators of the organisation (and of the platform).
    "equality.answer": ("GET", "/{lang}/my-applications/{application}/equality",
                        dict.fromkeys(ROLES, NOT_FOUND)),
    "equality.report": ("GET", "/{lang}/equality", ANY_ADMIN),
    "equality.recruitment_report": ("GET", "/{lang}/equality/{published}", THIS_ORG_ADMIN),
    # Letters and calls: the engagement workers of the message's organisation only.
    "letters.queue": ("GET", "/{lang}/console/letters/", WORKER),
    "letters.letter": ("GET", "/{lang}/console/letters/{letter}", WORKER),
    "letters.mark": ("POST", "/{lang}/console/letters/{letter}/done",
                     {**WORKER, "engagement_worker": REDIRECT}),
    "public.roles_feed": ("GET", "/{lang}/roles/feed.atom", EVERYONE),
    "public.organisation_feed": ("GET", "/{lang}/organisations/{org}/roles.atom", EVERYONE),
    "public.embed": ("GET", "/{lang}/embed", EVERYONE),
    "public.embed_roles": ("GET", "/{lang}/embed/roles", EVERYONE),
    "public.poster": ("GET", "/{lang}/roles/{published}/poster", EVERYONE),
    "public.flyer": ("GET", "/{lang}/roles/{published}/flyer", EVERYONE),
    # Keep me informed (R-AC4): public, the same answer for everyone; links that do not work
    # are gone (confirm) or not found (stop).
    "public.keep_me_informed": ("GET", "/{lang}/keep-me-informed", EVERYONE),
    "public.interest_check_email": ("GET", "/{lang}/keep-me-informed/check-email", EVERYONE),
    "public.interest_registered": ("GET", "/{lang}/keep-me-informed/registered", EVERYONE),
    "public.interest_confirm": ("GET", "/{lang}/keep-me-informed/confirm/not-a-real-token",
                                dict.fromkeys(ROLES, GONE)),
    "public.interest_confirmed": ("GET", "/{lang}/keep-me-informed/confirmed", EVERYONE),
    "public.interest_stop": ("GET", "/{lang}/keep-me-informed/stop/not-a-real-token",
                             dict.fromkeys(ROLES, NOT_FOUND)),
    "auth.sign_in": ("GET", "/{lang}/sign-in",
                     {**dict.fromkeys(ROLES, TO_ACCOUNT), "anonymous": OK}),
    "auth.check_email": ("GET", "/{lang}/sign-in/check-email", EVERYONE),
    "auth.confirm": ("GET", "/{lang}/sign-in/link/not-a-real-token", dict.fromkeys(ROLES, GONE)),
    "auth.sign_out": ("POST", "/{lang}/sign-out", {**dict.fromkeys(ROLES, "signed-out"),
                                                  "anonymous": SIGN_IN}),
    "auth.signed_out": ("GET", "/{lang}/signed-out", EVERYONE),
    "auth.account": ("GET", "/{lang}/account", SIGNED_IN),
    "auth.preferences": ("GET", "/{lang}/account/preferences", SIGNED_IN),
    "admin.home": ("GET", "/{lang}/admin/", ANY_ADMIN),
    "admin.organisation": ("GET", "/{lang}/admin/organisations/{org}/", THIS_ORG_ADMIN),
    "admin.new_board": ("GET", "/{lang}/admin/organisations/{org}/boards/new", THIS_ORG_ADMIN),
    "admin.board": ("GET", "/{lang}/admin/boards/{board}/", THIS_ORG_ADMIN),
    "admin.edit_board": ("GET", "/{lang}/admin/boards/{board}/edit", THIS_ORG_ADMIN),
    "admin.new_appointment": ("GET", "/{lang}/admin/boards/{board}/appointments/new",
                              THIS_ORG_ADMIN),
    "admin.public_information": ("GET", "/{lang}/admin/organisations/{org}/public-information",
                                 THIS_ORG_ADMIN),
    # The template library is shared: every administrator reads it, platform ones change it.
    "admin.templates": ("GET", "/{lang}/admin/templates/", ANY_ADMIN),
    "admin.template": ("GET", "/{lang}/admin/templates/{template}/", ANY_ADMIN),
    "admin.template_version": ("GET", "/{lang}/admin/templates/{template}/versions/1", ANY_ADMIN),
    "admin.new_template": ("GET", "/{lang}/admin/templates/new", PLATFORM_ADMIN),
    "admin.new_template_version": ("GET", "/{lang}/admin/templates/{template}/new-version",
                                   PLATFORM_ADMIN),
    "recruitment.index": ("GET", "/{lang}/recruitment/", SIGNED_IN),
    # The other organisation has no boards, so its administrator has nothing to start.
    "recruitment.start": ("GET", "/{lang}/recruitment/new", {
        **THIS_ORG_ADMIN, "representative": OK}),
    "recruitment.home": ("GET", "/{lang}/recruitment/{recruitment}/", {
        **THIS_ORG_ADMIN, "engagement_worker": OK, "representative": OK}),
    "recruitment.invite": ("GET", "/{lang}/recruitment/{recruitment}/group/invite", {
        **THIS_ORG_ADMIN, "representative": OK}),
    "recruitment.accepted_in_person": (
        "GET", "/{lang}/recruitment/{recruitment}/group/{invited}/accepted-in-person",
        {**THIS_ORG_ADMIN, "engagement_worker": OK}),
    "recruitment.remove": ("GET", "/{lang}/recruitment/{recruitment}/group/{invited}/remove", {
        **THIS_ORG_ADMIN, "representative": OK}),
    "recruitment.description": ("GET", "/{lang}/recruitment/{recruitment}/role", {
        **THIS_ORG_ADMIN, "engagement_worker": OK, "representative": OK}),
    "recruitment.edit_description": ("GET", "/{lang}/recruitment/{recruitment}/role/edit", {
        **THIS_ORG_ADMIN, "representative": OK}),
    "recruitment.compare": ("GET", "/{lang}/recruitment/{recruitment}/role/compare?a=1&b=2", {
        **THIS_ORG_ADMIN, "engagement_worker": OK, "representative": OK}),
    "recruitment.publish": ("GET", "/{lang}/recruitment/{recruitment}/publish", {
        **THIS_ORG_ADMIN, "representative": OK}),
    "recruitment.advertising": ("GET", "/{lang}/recruitment/{recruitment}/advertising", {
        **THIS_ORG_ADMIN, "engagement_worker": OK, "representative": OK}),
    "recruitment.channel_done": (
        "GET", "/{lang}/recruitment/{recruitment}/advertising/{channel}/done", {
            **THIS_ORG_ADMIN, "engagement_worker": OK, "representative": OK}),
    "recruitment.heard_about": ("POST", "/{lang}/recruitment/{recruitment}/advertising/heard", {
        **THIS_ORG_ADMIN, "org_admin": REDIRECT, "platform_admin": REDIRECT,
        "engagement_worker": REDIRECT, "representative": REDIRECT}),
    # Only accepted members of the group approve; administrators help write and comment.
    "recruitment.decide": ("POST", "/{lang}/recruitment/{recruitment}/role/decision", {
        **dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN, "representative": REDIRECT}),
    "recruitment.comment": ("POST", "/{lang}/recruitment/{recruitment}/role/comments", {
        **THIS_ORG_ADMIN, "org_admin": REDIRECT, "platform_admin": REDIRECT,
        "representative": REDIRECT}),
    # Only the invitee answers their own invitation.
    "recruitment.respond": ("POST", "/{lang}/recruitment/{recruitment}/group/{invited}/answer",
                            {**dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN}),
    # The console (R-IV1): group members see their recruitments' applications and engagement
    # workers their organisations'; administrators only if they also hold one of these. The
    # representative leads another recruitment, so this role's objects are refused (IDOR).
    "console.home": ("GET", "/{lang}/console/", CONSOLE),
    "console.application": ("GET", "/{lang}/console/applications/{sent}", WORKER_ONLY),
    "console.arrange_chat": ("GET", "/{lang}/console/chats/{chat}/arrange", WORKER_ONLY),
    "console.chat_outcome": ("GET", "/{lang}/console/chats/{chat}/outcome", WORKER_ONLY),
    "console.record": ("GET", "/{lang}/console/roles/{published}/record", WORKER_ONLY),
    "console.edit_recorded": ("GET", "/{lang}/console/applications/{spoken}/edit", WORKER_ONLY),
    "console.read_back": ("GET", "/{lang}/console/applications/{spoken}/read-back",
                          WORKER_ONLY),
    "console.correct": ("GET", "/{lang}/console/applications/{confirmed}/correct", WORKER_ONLY),
    "console.assist": ("GET", "/{lang}/console/assist", WORKER_ONLY),
}
POST_DATA = {"recruitment.respond": {"answer": "accept"},
             "recruitment.decide": {"decision": "approve", "version": "2"},
             "recruitment.comment": {"section": "title", "body": "Shorter, please"},
             "recruitment.heard_about": {"heard-channel_id": "other",
                                         "heard-other": "A friend"}}
NOT_IN_MATRIX = {"static", "root"}


@pytest.fixture
def world(db_session):
    org = factories.organisation(db_session)
    other_org = factories.organisation(db_session)
    board = factories.board(db_session, org)
    people = {role: factories.person(db_session) for role in ROLES if role != "anonymous"}
    factories.grant(db_session, people["engagement_worker"], "engagement_worker", org)
    factories.grant(db_session, people["representative"], "representative", org, board)
    factories.appointment(db_session, board, people["representative"])
    factories.grant(db_session, people["other_org_admin"], "org_admin", other_org)
    factories.grant(db_session, people["org_admin"], "org_admin", org)
    factories.grant(db_session, people["platform_admin"], "platform_admin")
    from portal.models import GroupMember, Recruitment
    from portal.models.enums import MemberKind, MemberStatus

    recruitment = Recruitment(board_id=board.id, reason="term_ending", service_user_vacancies=1)
    db_session.add(recruitment)
    db_session.flush()
    invitee = factories.person(db_session)
    factories.grant(db_session, invitee, "representative", other_org)
    db_session.add_all([
        GroupMember(recruitment_id=recruitment.id, person_id=people["representative"].id,
                    kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED),
        invited := GroupMember(recruitment_id=recruitment.id, person_id=invitee.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.INVITED),
    ])
    from portal.models import RoleDescriptionVersion
    from portal.recruitment.descriptions import ensure_templates
    from portal.role_templates_content import TEMPLATES

    ensure_templates(db_session)

    for number in (1, 2):
        db_session.add(RoleDescriptionVersion(
            recruitment_id=recruitment.id, number=number, hourly_rate=14, term_months=36,
            eligibility_years=5, selection_methods=["informal_chat"],
            sections=TEMPLATES["board_member_carer"]["sections"]))
    from portal.models import AdvertChannel

    published = factories.published_role(db_session, board)
    channel = AdvertChannel(recruitment_id=published.id, channel="food_banks", code="ABC234")
    draft_channel = AdvertChannel(recruitment_id=recruitment.id, channel="radio", code="DEF567")
    db_session.add_all([channel, draft_channel])
    from datetime import timedelta

    from portal.models import Application, GroupEvent
    from portal.models.base import utcnow

    starts = utcnow() + timedelta(days=10)
    event = GroupEvent(recruitment_id=recruitment.id, starts_at=starts,
                       ends_at=starts + timedelta(hours=2), place="Town hall")
    invitation = Application(recruitment_id=recruitment.id, reference="INVT-0001",
                             access_token_hash="1" * 64, route="formal_invitation",
                             status="invited", language="en",
                             contact={"name": "Dylan", "channel": "phone", "phone": "029"})
    route_request = Application(recruitment_id=recruitment.id, reference="OTHR-0001",
                                access_token_hash="2" * 64, route="other", status="submitted",
                                language="cy", other_route_request="A walk and talk",
                                contact={"name": "Rhian", "channel": "phone", "phone": "029"})
    db_session.add_all([event, invitation, route_request])
    from tests.console.builders import make_application

    sent = make_application(db_session, published)
    chat = make_application(db_session, published, route="informal_chat", chat_mode="phone")
    spoken = make_application(db_session, published, status="draft", channel="post")
    confirmed = make_application(db_session, published, channel="phone")
    for written in (spoken, confirmed):
        written.assisted_by_id = people["engagement_worker"].id
    confirmed.confirmed_at = utcnow()
    from portal.models import InformalChat

    chat_id = db_session.scalar(sa.select(InformalChat.id).where(
        InformalChat.application_id == chat.id))
    from portal.applications import documents
    from portal.models import Application, ApplicationFile

    applicant = Application(recruitment_id=published.id, reference="CVCV-2345",
                            access_token_hash="0" * 64, route="cv", language="en",
                            status="submitted", eligibility="yes")
    db_session.add(applicant)
    db_session.flush()
    cv_row = ApplicationFile(application_id=applicant.id, kind="cv", stored_name="ab" * 32,
                             original_name="cv.pdf", media_type="application/pdf", size=9,
                             sha256="0" * 64)
    db_session.add(cv_row)
    (documents.upload_folder() / cv_row.stored_name).write_bytes(b"%PDF-1.4\n")
    # Someone's sent application (held by their own browser), and its letter to post.
    from portal.models import OutboxMessage
    from portal.models.enums import ApplicationStatus, ContactChannel, Language, OutboxStatus

    application = Application(
        recruitment_id=published.id, reference="WXYZ-2345", access_token_hash="3" * 64,
        route="expression_of_interest", status=ApplicationStatus.SUBMITTED,
        language=Language.WELSH, eligibility="yes",
        contact={"name": "Someone Else", "channel": "post", "postal_address": "1 Stryd"})
    db_session.add(application)
    db_session.flush()
    letter = OutboxMessage(
        key="matrix-letter", template="application_received", channel=ContactChannel.POST,
        language=Language.WELSH, status=OutboxStatus.MANUAL, application_id=application.id,
        organisation_id=org.id, payload={"name": "Someone Else", "reference": "WXYZ-2345"})
    db_session.add(letter)
    db_session.commit()
    return {"cv_reference": applicant.reference, "cv_file": cv_row.id,
            "org": org.id, "board": board.id, "people": people, "recruitment": recruitment.id,
            "invited": invited.id, "published": published.id, "code": channel.code,
            "channel": draft_channel.id, "template": "deputy", "event": event.id,
            "invitation": invitation.id, "route_request": route_request.id,
            "sent": sent.reference, "chat": chat_id, "spoken": spoken.reference,
            "confirmed": confirmed.reference,
            "application": application.reference, "letter": letter.id}


def test_every_endpoint_is_in_the_matrix(app):
    # Panel and expenses endpoints have their own matrix (tests/panels/matrix/).
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if not rule.endpoint.startswith(("panels.", "expenses."))}
    assert endpoints - NOT_IN_MATRIX == set(MATRIX)


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, db_session, login, csrf, world, role, lang):
    client = app.test_client()
    if role != "anonymous":
        login(client, world["people"][role])
    for endpoint, (method, template, expected) in MATRIX.items():
        path = template.format(lang=lang, **{k: v for k, v in world.items() if k != "people"})
        if method == "POST":
            token = csrf(client.get(f"/{lang}/{'sign-in' if role == 'anonymous' else 'account'}"))
            response = client.post(path, data={**POST_DATA.get(endpoint, {}),
                                               "csrf_token": token})
        else:
            response = client.get(path)
        want = expected[role]
        where = f"{endpoint} as {role}"
        if want == SIGN_IN:
            assert response.status_code == 302 and "/sign-in" in response.location, where
        elif want == TO_ACCOUNT:
            assert response.status_code == 302 and response.location.endswith("/account"), where
        elif want == "signed-out":
            assert response.status_code == 302 and "/signed-out" in response.location, where
            login(client, world["people"][role])  # sign back in for the rest of the rows
        else:
            assert response.status_code == want, f"{where}: {response.status_code}"


def test_objects_of_another_organisation_are_refused_idor(app, db_session, login, world):
    """An administrator of another organisation cannot reach this one's boards by id."""
    client = app.test_client()
    login(client, world["people"]["other_org_admin"])
    for path in (f"/en/admin/boards/{world['board']}/", f"/en/admin/boards/{world['board']}/edit",
                 f"/en/admin/organisations/{world['org']}/"):
        assert client.get(path).status_code == 403


def test_missing_objects_are_not_found(app, db_session, login, world):
    client = app.test_client()
    login(client, world["people"]["org_admin"])
    assert client.get("/en/admin/boards/999999/").status_code == 404
    assert client.get("/en/admin/organisations/999999/").status_code == 404
    assert client.get("/en/admin/organisations/999999/boards/new").status_code == 404


def test_changes_by_other_organisations_admins_are_refused_and_save_nothing(
        app, db_session, login, csrf, world):
    import sqlalchemy as sa

    from portal.models import Appointment, Board

    for role in ("person", "engagement_worker", "representative", "other_org_admin"):
        client = app.test_client()
        login(client, world["people"][role])
        token = csrf(client.get("/en/account"))
        posts = {
            f"/en/admin/organisations/{world['org']}/boards/new": {"name_en": "X", "name_cy": "Y"},
            f"/en/admin/boards/{world['board']}/edit": {"name_en": "Changed"},
            f"/en/admin/boards/{world['board']}/appointments/new": {"given_name": "A"},
        }
        for path, data in posts.items():
            assert client.post(path, data={**data, "csrf_token": token}).status_code == 403, (
                path, role)
    assert db_session.scalar(sa.select(sa.func.count(Board.id))) == 1
    assert db_session.scalar(sa.select(sa.func.count(Appointment.id))) == 1


def test_only_platform_administrators_change_the_template_library(
        app, db_session, login, csrf, world):
    import sqlalchemy as sa

    from portal.models import AuditEvent, RoleTemplate

    before = db_session.scalar(sa.select(sa.func.count(RoleTemplate.id)))
    posts = {"/en/admin/templates/new": {"name_en": "Mine", "name_cy": "Fy un i", "note": "x"},
             "/en/admin/templates/deputy/new-version": {"name_en": "Changed", "note": "x",
                                                        "based_on": "1"}}
    for role in ROLES:
        if role == "platform_admin":
            continue
        client = app.test_client()
        if role != "anonymous":
            login(client, world["people"][role])
        token = csrf(client.get(f"/en/{'sign-in' if role == 'anonymous' else 'account'}"))
        for path, data in posts.items():
            response = client.post(path, data={**data, "csrf_token": token})
            if role == "anonymous":
                assert response.status_code == 302 and "/sign-in" in response.location, path
            else:
                assert response.status_code == 403, (path, role)
    assert db_session.scalar(sa.select(sa.func.count(RoleTemplate.id))) == before
    assert db_session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action.like("role_template%"))) == 0


def test_sign_in_keeps_where_the_person_was_going(app, db_session, csrf):
    client = app.test_client()
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "next=" in response.location
    page = client.get(response.location)
    assert 'action="/en/sign-in?next=' in page.get_data(as_text=True)


def test_navigation_offers_administration_only_to_administrators(app, db_session, login, world):
    for role, shown in (("representative", False), ("org_admin", True)):
        client = app.test_client()
        login(client, world["people"][role])
        html = client.get("/en/recruitment/").get_data(as_text=True)
        assert ('href="/en/admin/"' in html) is shown, role


def test_a_representative_of_another_recruitment_is_refused(app, db_session, login, csrf, world):
    """A representative leading a different recruitment of the same organisation sees nothing
    of this one and changes nothing in it."""
    import sqlalchemy as sa

    from portal.models import Board, GroupMember, Organisation, Recruitment
    from portal.models.enums import MemberKind, MemberStatus

    other_rep = factories.person(db_session)
    org = db_session.get(Organisation, world["org"])
    factories.grant(db_session, other_rep, "representative", org)
    theirs = factories.recruitment(db_session, db_session.get(Board, world["board"]))
    db_session.add(GroupMember(recruitment_id=theirs.id, person_id=other_rep.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    from portal.models import Application, GroupEvent, OutboxMessage

    def counts():
        return [db_session.scalar(sa.select(sa.func.count(model.id)))
                for model in (GroupEvent, Application, OutboxMessage)]

    before = counts()
    client = app.test_client()
    login(client, other_rep)
    rid = world["recruitment"]
    for path in ("/", "/role", "/role/edit", "/role/compare?a=1&b=2", "/publish", "/advertising",
                 f"/advertising/{world['channel']}/done", "/group/invite", "/events",
                 "/events/new", f"/events/{world['event']}/edit",
                 f"/events/{world['event']}/cancel", "/invitations", "/invitations/new",
                 f"/invitations/{world['invitation']}/accepted-in-person", "/route-requests",
                 f"/route-requests/{world['route_request']}"):
        assert client.get(f"/en/recruitment/{rid}{path}").status_code == 403, path
    token = csrf(client.get(f"/en/recruitment/{theirs.id}/role"))
    for path, data in (("/role/decision", {"decision": "approve", "version": "2"}),
                       ("/role/comments", {"section": "title", "body": "Mine now"}),
                       ("/advertising/heard", {"heard-channel_id": "other",
                                               "heard-other": "x"}),
                       ("/publish", {"contact_name": "x"}),
                       ("/events/new", {"place": "Mine"}),
                       (f"/events/{world['event']}/cancel", {}),
                       ("/invitations/new", {"name": "x", "language": "en",
                                             "contact_channel": "phone", "phone": "029 2000 0000"}),
                       (f"/invitations/{world['invitation']}/accepted-in-person", {}),
                       (f"/route-requests/{world['route_request']}", {"answer": "agreed"})):
        response = client.post(f"/en/recruitment/{rid}{path}", data={**data, "csrf_token": token})
        assert response.status_code == 403, path
    assert db_session.scalar(sa.select(sa.func.count(Recruitment.id))) == 3
    assert counts() == before
    db_session.expire_all()
    assert db_session.get(Application, world["route_request"]).route_answer is None
    assert db_session.get(Application, world["invitation"]).status.value == "invited"


def test_console_objects_are_refused_to_a_worker_of_another_organisation_idor(
        app, db_session, login, csrf, world):
    """An engagement worker of another organisation reaches none of this organisation's
    applications, chats or roles, and changes nothing by posting to them (R-IV1)."""
    from portal.models import Application, InformalChat

    stranger = factories.person(db_session)
    factories.grant(db_session, stranger, "engagement_worker",
                    factories.organisation(db_session))
    db_session.commit()
    client = app.test_client()
    login(client, stranger)
    assert client.get("/en/console/").status_code == 200  # their own, empty console
    paths = [f"/en/console/applications/{world['sent']}",
             f"/en/console/chats/{world['chat']}/arrange",
             f"/en/console/chats/{world['chat']}/outcome",
             f"/en/console/roles/{world['published']}/record",
             f"/en/console/applications/{world['spoken']}/edit",
             f"/en/console/applications/{world['spoken']}/read-back",
             f"/en/console/applications/{world['confirmed']}/correct"]
    token = csrf(client.get("/en/account"))
    for path in paths:
        assert client.get(path).status_code == 403, path
        if path.endswith(world["sent"]):
            continue  # a page only
        assert client.post(path, data={"csrf_token": token, "outcome": "not_now",
                                       "words": "Not theirs", "confirmed": "y"}
                           ).status_code == 403, path
    assert db_session.scalar(sa.select(sa.func.count(InformalChat.id)).where(
        InformalChat.outcome.is_not(None))) == 0
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) == 8
