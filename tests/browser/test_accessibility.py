"""WCAG 2.2 AA: every page of issue 1/5, in both languages and in its error states, has zero
axe-core violations in Chromium; the error summary takes focus; forms work without JavaScript."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

from portal.auth.services import hash_token
from portal.models import Board, SignInToken
from portal.models.base import utcnow
from tests import factories

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]}
axe = Axe()


def violations(page) -> list[str]:
    result = axe.run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in result.response["violations"]]


@pytest.fixture
def world(db_session):
    from datetime import timedelta

    from portal.models.base import today_in_wales

    org = factories.organisation(db_session, "Cardiff and Vale University Health Board")
    board = factories.board(db_session, org, kind="partnership", seats=(3, 3, 2),
                            name="Cardiff Partnership Board")
    for seat in ("service_user", "service_user", "carer", "deputy"):
        factories.appointment(db_session, board, seat=seat)
    admin = factories.person(db_session, given_name="Angharad", family_name="Pugh")
    factories.grant(db_session, admin, "org_admin", org)
    platform = factories.person(db_session, given_name="Siân", family_name="Morgan")
    factories.grant(db_session, platform, "platform_admin")
    newcomer = factories.person(db_session, recorded=False)
    token = "a-known-sign-in-token-for-the-browser-tests"
    db_session.add(SignInToken(person_id=newcomer.id, token_hash=hash_token(token),
                               expires_at=utcnow() + timedelta(minutes=15)))
    from portal.models import GroupMember, Recruitment

    recruitment = Recruitment(board_id=board.id, reason="term_ending", service_user_vacancies=1,
                              carer_vacancies=1)
    db_session.add(recruitment)
    db_session.flush()
    rep = factories.person(db_session, given_name="Rhys", family_name="Evans")
    factories.grant(db_session, rep, "representative", org, board)
    member = GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                         kind="lived_experience", status="invited")
    db_session.add(member)
    from portal.models import RoleDescriptionVersion
    from portal.recruitment.descriptions import ensure_templates
    from portal.role_templates_content import TEMPLATES

    ensure_templates(db_session)
    sections = TEMPLATES["board_member_carer"]["sections"]
    for number, title in ((1, "Carer representative"), (2, "Carer board member")):
        db_session.add(RoleDescriptionVersion(
            recruitment_id=recruitment.id, number=number, hourly_rate=14, term_months=36,
            eligibility_years=5, selection_methods=["informal_chat", "application_form"],
            sections={**sections, "title": {"en": title, "cy": "Aelod bwrdd sy'n ofalwr"}}))
    fresh = Recruitment(board_id=board.id, reason="new_seat", deputy_vacancies=1)
    db_session.add(fresh)
    # Approved by its group (Rhys), with a comment, ready to publish; and a published role.
    from portal.models import AdvertChannel, Approval, PublicInformation, SectionComment

    approved = factories.recruitment(db_session, board, vacancies=(1, 1, 0))
    db_session.add(GroupMember(recruitment_id=approved.id, person_id=rep.id,
                               kind="lived_experience", status="accepted"))
    version = factories.description(db_session, approved, title="Carer representative")
    db_session.add_all([
        Approval(recruitment_id=approved.id, version_id=version.id, person_id=rep.id,
                 decision="approve"),
        SectionComment(recruitment_id=approved.id, version_id=version.id, section="term",
                       author_id=rep.id, body="Say that the term can be renewed once."),
        PublicInformation(organisation_id=org.id, heading="values",
                          text_en="We plan mental health services.",
                          text_cy="Rydym yn cynllunio gwasanaethau iechyd meddwl."),
    ])
    published = factories.published_role(db_session, board, vacancies=(1, 1, 1),
                                         title="Carer board member, Cardiff Partnership Board",
                                         title_cy="Aelod bwrdd sy'n ofalwr, Bwrdd Partneriaeth "
                                                  "Caerdydd")
    closed = factories.published_role(db_session, board,
                                      closes_on=today_in_wales() - timedelta(days=2))
    channel = AdvertChannel(recruitment_id=published.id, channel="food_banks", code="FB2345")
    db_session.add(channel)
    from portal.models import InterestRegistration

    db_session.add(InterestRegistration(
        name="Nia Rees", email="nia@example.org", contact_channel="email", language="en",
        areas=["powys"], seat_types=["carer"], confirm_token_hash=hash_token(INTEREST_CONFIRM),
        unsubscribe_token=INTEREST_STOP))
    db_session.commit()
    return {"org": org.id, "board": board.id, "admin": admin, "platform": platform,
            "token": token, "rep": rep,
            "recruitment": recruitment.id, "member": member.id, "fresh": fresh.id,
            "approved": approved.id, "published": published.id, "channel": channel.id,
            "closed": closed.id}


INTEREST_CONFIRM = "a-known-interest-confirm-token-for-the-browser-tests"
INTEREST_STOP = "a-known-interest-stop-token-for-the-browser-tests"


PUBLIC = ["/{lang}/", "/{lang}/roles/", "/{lang}/accessibility", "/{lang}/privacy",
          "/{lang}/cookies", "/{lang}/sign-in", "/{lang}/sign-in/check-email",
          "/{lang}/sign-in/link/{token}", "/{lang}/sign-in/link/spent-or-unknown",
          "/{lang}/signed-out", "/{lang}/no-such-page", "/{lang}/roles/{published}",
          "/{lang}/roles/?q=representative&seat_type=carer", "/{lang}/roles/?area=atlantis",
          "/{lang}/embed", "/{lang}/embed/roles", "/{lang}/roles/{published}/poster",
          "/{lang}/roles/{published}/poster?both=1", "/{lang}/roles/{published}/flyer",
          "/{lang}/roles/{published}/flyer?both=1", "/{lang}/roles/{closed}/poster",
          "/{lang}/roles/{published}/poster?channel={channel}",
          "/{lang}/keep-me-informed", "/{lang}/keep-me-informed/check-email",
          "/{lang}/keep-me-informed/registered", "/{lang}/keep-me-informed/confirmed",
          "/{lang}/keep-me-informed/confirm/" + INTEREST_CONFIRM,
          "/{lang}/keep-me-informed/confirm/spent-or-unknown",
          "/{lang}/keep-me-informed/stop/" + INTEREST_STOP]
SIGNED_IN = ["/{lang}/account", "/{lang}/account/preferences", "/{lang}/recruitment/",
             "/{lang}/admin/", "/{lang}/admin/organisations/{org}/",
             "/{lang}/admin/organisations/{org}/boards/new", "/{lang}/admin/boards/{board}/",
             "/{lang}/admin/boards/{board}/edit", "/{lang}/admin/boards/{board}/appointments/new",
             "/{lang}/admin/organisations/{org}/public-information",
             "/{lang}/recruitment/new", "/{lang}/recruitment/{recruitment}/",
             "/{lang}/recruitment/{recruitment}/group/invite",
             "/{lang}/recruitment/{recruitment}/group/{member}/accepted-in-person",
             "/{lang}/recruitment/{recruitment}/group/{member}/remove",
             "/{lang}/recruitment/{fresh}/role", "/{lang}/recruitment/{recruitment}/role",
             "/{lang}/recruitment/{recruitment}/role/edit",
             "/{lang}/recruitment/{recruitment}/role/compare",
             "/{lang}/admin/templates/", "/{lang}/admin/templates/board_member_carer/",
             "/{lang}/recruitment/{approved}/publish", "/{lang}/recruitment/{recruitment}/publish",
             "/{lang}/recruitment/{published}/advertising",
             "/{lang}/recruitment/{published}/advertising/{channel}/done",
             "/{lang}/recruitment/{published}/"]
# Pages as a member of the group sees them: the decision and comment forms.
MEMBER = ["/{lang}/recruitment/{approved}/role", "/{lang}/recruitment/{approved}/"]
# Pages only a platform administrator sees (the template library is shared by every
# organisation, so only they change it).
PLATFORM = ["/{lang}/admin/templates/board_member_carer/new-version", "/{lang}/admin/templates/new"]
# Forms whose error state is checked: (page, button text in en, cy)
FORMS = ["/{lang}/sign-in", "/{lang}/account/preferences", "/{lang}/keep-me-informed",
         "/{lang}/admin/organisations/{org}/boards/new",
         "/{lang}/admin/boards/{board}/appointments/new",
         "/{lang}/admin/organisations/{org}/public-information",
         "/{lang}/recruitment/new", "/{lang}/recruitment/{recruitment}/group/invite",
         "/{lang}/recruitment/{recruitment}/group/{member}/accepted-in-person",
         "/{lang}/recruitment/{recruitment}/group/{member}/remove",
         "/{lang}/recruitment/{fresh}/role", "/{lang}/recruitment/{recruitment}/role/edit",
         "/{lang}/recruitment/{approved}/publish", "/{lang}/recruitment/{published}/advertising",
         "/{lang}/recruitment/{published}/advertising/{channel}/done"]
PLATFORM_FORMS = ["/{lang}/admin/templates/board_member_carer/new-version"]


def _fill(template, lang, world):
    return template.format(lang=lang, **{k: v for k, v in world.items()
                                         if isinstance(v, int | str)})


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_page_has_no_axe_violations(new_page, sign_in_browser, world, lang):
    found = {}
    page = new_page()
    for template in PUBLIC:
        path = _fill(template, lang, world)
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        found[path] = violations(page)
    sign_in_browser(page, world["admin"])
    for template in SIGNED_IN:
        path = _fill(template, lang, world)
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = violations(page)
    sign_in_browser(page, world["platform"])
    for template in PLATFORM:
        path = _fill(template, lang, world)
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = violations(page)
    sign_in_browser(page, world["rep"])
    for template in MEMBER:
        path = _fill(template, lang, world)
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert len(found) == len(PUBLIC) + len(SIGNED_IN) + len(PLATFORM) + len(MEMBER)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_error_states_have_no_violations_and_the_summary_takes_focus(
        new_page, sign_in_browser, db_session, world, lang):
    page = new_page()
    sign_in_browser(page, world["admin"])
    found = {}
    for template in FORMS:
        path = _fill(template, lang, world)
        if template.endswith("/sign-in"):
            page.context.clear_cookies()
        page.goto(path)
        if template.endswith("boards/new"):
            page.fill("#carer_seats", "1")  # below the R-BD1 minimum
        if template.endswith("role/edit"):
            page.fill("#hourly_rate", "1.00")  # below the Living Wage (R-PAY1)
        if template.endswith("public-information"):
            page.fill("#purpose_en", "Only in English")
        if template.endswith("preferences"):
            page.check("#contact_channel-2")  # phone, with no number given
            page.fill("#phone", "")
        if template.endswith("appointments/new"):
            page.fill("#term_months", "3")
        if template.endswith("/done"):
            page.fill("#done_on-day", "32")
        if template.endswith("keep-me-informed"):
            page.check("#contact_channel-3")  # post, with no address given
        page.locator("main form button.govuk-button").last.click()
        page.wait_for_load_state()
        summary = page.locator(".govuk-error-summary")
        assert summary.count() == 1, path
        page.wait_for_function(
            "document.activeElement && document.activeElement.classList.contains("
            "'govuk-error-summary')")
        assert page.title().startswith("Error:" if lang == "en" else "Gwall:")
        found[path] = violations(page)
        if template.endswith("/sign-in"):
            sign_in_browser(page, world["admin"])
    sign_in_browser(page, world["platform"])
    for template in PLATFORM_FORMS:
        path = _fill(template, lang, world)
        page.goto(path)
        page.fill("#protection_cy", "")  # R-RD2
        page.fill("#title_en", "Carer member, {borad}")  # not a placeholder
        page.locator("main form button.govuk-button").last.click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1, path
        page.wait_for_function(
            "document.activeElement && document.activeElement.classList.contains("
            "'govuk-error-summary')")
        assert page.title().startswith("Error:" if lang == "en" else "Gwall:")
        found[path] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert db_session.scalar(sa.select(sa.func.count(Board.id))) == 1


def test_forms_work_without_javascript(new_page, sign_in_browser, db_session, world):
    page = new_page(javascript=False)
    page.goto("/en/sign-in")
    page.fill("#email", "someone@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Email me a sign-in link").click()
    assert page.url.endswith("/en/sign-in/check-email")

    page.goto(f"/cy/sign-in/link/{world['token']}")
    with page.expect_navigation():
        page.get_by_role("button", name="Mewngofnodi").click()
    assert page.url.endswith("/cy/account/preferences")
    page.check("#contact_channel-2")  # phone
    page.fill("#phone", "01234 567890")
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    assert page.url.endswith("/cy/account")

    sign_in_browser(page, world["admin"])
    page.goto(f"/en/admin/organisations/{world['org']}/boards/new")
    page.fill("#name_en", "Powys Partnership Board")
    page.fill("#name_cy", "Bwrdd Partneriaeth Powys")
    page.check("#kind")
    page.select_option("#area", "powys")
    page.check("input[name=districts][value=powys]")
    page.fill("#meetings_per_year", "4")
    with page.expect_navigation():
        page.get_by_role("button", name="Save board").click()
    assert "/en/admin/boards/" in page.url, page.locator("main").inner_text()[:800]
    assert "Below the minimum" in page.content()
    assert db_session.scalar(sa.select(sa.func.count(Board.id))) == 2

    page.goto(f"/en/admin/boards/{world['board']}/appointments/new")
    page.fill("#given_name", "Nia")
    page.fill("#family_name", "Rees")
    page.check("#seat_type-2")  # carer
    page.fill("#start_date-day", "1")
    page.fill("#start_date-month", "9")
    page.fill("#start_date-year", "2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Record appointment").click()
    assert "Nia Rees" in page.content()

    page.goto("/en/account")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out on every device").click()
    assert page.url.endswith("/en/signed-out")
    page.goto("/en/account")
    assert "/en/sign-in" in page.url


def test_template_versions_are_saved_without_javascript(new_page, sign_in_browser, db_session,
                                                        world):
    """A real browser sends text boxes back with CRLF line ends: an untouched form is still
    recognised as unchanged, and a change makes version 2."""
    from portal.models import RoleTemplate

    page = new_page(javascript=False)
    sign_in_browser(page, world["platform"])
    page.goto("/en/admin/templates/board_member_carer/new-version")
    page.fill("#note", "Checking")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as a new version").click()
    assert "Nothing has changed" in page.content()
    page.goto("/en/admin/templates/board_member_carer/new-version")
    page.fill("#title_en", "Carer member, {board}")
    page.fill("#note", "A shorter title")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as a new version").click()
    assert page.url.endswith("/en/admin/templates/board_member_carer/")
    assert "A shorter title" in page.content()
    versions = db_session.scalars(sa.select(RoleTemplate.version).where(
        RoleTemplate.key == "board_member_carer").order_by(RoleTemplate.version)).all()
    assert versions == [1, 2]
def test_keep_me_informed_works_without_javascript__R_AC4(new_page, app, db_session, world):
    """Register in Welsh, confirm from the email, stop in one step, all without JavaScript;
    then the done page of a stopped registration has no axe violations (axe needs JS)."""
    from email import message_from_bytes
    from email.policy import default as email_policy

    from portal.models import InterestRegistration

    page = new_page(javascript=False)
    page.goto("/cy/keep-me-informed")
    page.fill("#name", "Rhian Morgan")
    page.check("input[name=areas][value=powys]")
    page.check("input[name=seat_types][value=carer]")
    page.check("#contact_channel")  # email
    page.fill("#email", "rhian@example.org")
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    assert page.url.endswith("/cy/keep-me-informed/check-email")
    row = db_session.scalar(sa.select(InterestRegistration).where(
        InterestRegistration.email == "rhian@example.org"))
    eml = app.config["OUTBOX_DIR"] / f"interest-confirm-{row.id}.eml"
    text = message_from_bytes(eml.read_bytes(), policy=email_policy).get_body(
        preferencelist=("plain",)).get_content()
    link = next(line.strip() for line in text.splitlines() if "/confirm/" in line)
    page.goto(link.replace(app.config["BASE_URL"], ""))
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    assert page.url.endswith("/cy/keep-me-informed/confirmed")
    page.goto(f"/cy/keep-me-informed/stop/{row.unsubscribe_token}")
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    db_session.refresh(row)
    assert row.confirmed_at is not None and row.unsubscribed_at is not None
    checked = new_page()
    checked.goto(f"/cy/keep-me-informed/stop/{row.unsubscribe_token}")  # the stopped page
    assert checked.locator("form").count() == 0
    assert violations(checked) == []


def test_decide_comment_publish_and_advertise_without_javascript(new_page, sign_in_browser,
                                                                 db_session, world):
    """The group's forms are plain HTML forms: all of them work with JavaScript off."""
    from datetime import timedelta

    from portal.models import AdvertChannel, Recruitment, SectionComment
    from portal.models.base import today_in_wales

    page = new_page(javascript=False)
    sign_in_browser(page, world["rep"])
    rid = world["approved"]
    page.goto(f"/en/recruitment/{rid}/role")
    page.select_option("#section", "payment")
    page.fill("#body", "Say people can choose to volunteer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add comment").click()
    assert db_session.scalar(sa.select(sa.func.count(SectionComment.id))) == 2
    page.check("input[name=decision][value=approve]")
    with page.expect_navigation():
        page.get_by_role("button", name="Record my decision").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Publish the role").click()
    closes = today_in_wales() + timedelta(days=20)
    page.fill("#closes_on-day", str(closes.day))
    page.fill("#closes_on-month", str(closes.month))
    page.fill("#closes_on-year", str(closes.year))
    page.fill("#contact_name", "Rhys Evans")
    page.fill("#contact_phone", "029 2000 0000")
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    assert page.url.endswith(f"/recruitment/{rid}/advertising")
    assert db_session.get(Recruitment, rid).stage.value == "published"
    page.select_option("#channel", "libraries")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the plan").click()
    assert db_session.scalar(sa.select(sa.func.count(AdvertChannel.id)).where(
        AdvertChannel.recruitment_id == rid)) == 1
