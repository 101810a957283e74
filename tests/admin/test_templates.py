"""The role-profile template library: platform administrators add templates and save new
versions; nobody edits a version in place (R-RD1, R-RD2, R-RD3, R-SEL5)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from portal.admin import template_library
from portal.errors import DomainError, Forbidden
from portal.models import AuditEvent, GroupMember, Recruitment, RoleDescriptionVersion, RoleTemplate
from portal.recruitment import descriptions
from portal.role_templates_content import SECTION_KEYS, TEMPLATES
from tests import factories


@pytest.fixture
def people(db_session):
    descriptions.ensure_templates(db_session)
    org = factories.organisation(db_session)
    platform = factories.person(db_session, given_name="Siân", family_name="Morgan")
    factories.grant(db_session, platform, "platform_admin")
    org_admin = factories.person(db_session)
    factories.grant(db_session, org_admin, "org_admin", org)
    db_session.commit()
    for person in (platform, org_admin):
        person.session_token = "signed-in"  # as the user loader marks a signed-in person
    return {"platform": platform, "org_admin": org_admin, "org": org}


def _form(names=None, sections=None, note="Plainer words", based_on="", **fields):
    """The form as a browser sends it: every box, with CRLF line ends in the text boxes."""
    sections = sections if sections is not None else TEMPLATES["blank"]["sections"]
    data = {"name_en": (names or {}).get("en", ""), "name_cy": (names or {}).get("cy", ""),
            "note": note, "based_on": str(based_on)}
    for key in SECTION_KEYS:
        for lang in ("en", "cy"):
            data[f"{key}_{lang}"] = sections.get(key, {}).get(lang, "").replace("\n", "\r\n")
    data.update(fields)
    return data


def _version_form(template: RoleTemplate, sections=None, **fields):
    return _form({"en": template.name_en, "cy": template.name_cy},
                 template.sections if sections is None else sections,
                 based_on=template.version, **fields)


def _newest(db_session, key):
    db_session.expire_all()
    return db_session.scalar(sa.select(RoleTemplate).where(RoleTemplate.key == key)
                             .order_by(RoleTemplate.version.desc()).limit(1))


def _count(db_session, model=RoleTemplate):
    db_session.expire_all()
    return db_session.scalar(sa.select(sa.func.count(model.id)))


def _errors(html: str) -> list[str]:
    return re.findall(r'<a href="#([\w-]+)">', html.split('class="govuk-error-summary', 1)[-1])


def test_a_platform_administrator_adds_a_template_and_it_is_audited__R_RD1_R_SEL5(
        client, db_session, login, submit, people):
    login(client, people["platform"])
    response = submit(client, "/en/admin/templates/new", _form(
        {"en": "Peer supporter (Ceredigion)", "cy": "Cefnogwr cymheiriaid (Ceredigion)"},
        note="Ceredigion asked for a peer-support role"))
    assert response.status_code == 302
    assert response.location.endswith("/en/admin/templates/peer_supporter_ceredigion/")
    row = _newest(db_session, "peer_supporter_ceredigion")
    assert (row.version, row.created_by_id) == (1, people["platform"].id)
    assert row.sections["protection"] == TEMPLATES["blank"]["sections"]["protection"]
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "role_template_added"))
    assert (event.actor_id, event.object_id, event.reason) == (
        people["platform"].id, row.id, "Ceredigion asked for a peer-support role")
    page = client.get(response.location).get_data(as_text=True)
    assert "The template has been added to the library" in page
    assert "Ceredigion asked for a peer-support role" in page  # in the version history
    listing = client.get("/en/admin/templates/").get_data(as_text=True)
    assert "Peer supporter (Ceredigion)" in listing and "by Siân Morgan" in listing
    # Recruitments can start from it; the built-in templates come first.
    keys = [t.key for t in descriptions.current_templates(db_session)]
    assert keys == [*TEMPLATES, "peer_supporter_ceredigion"]


def test_added_templates_follow_the_built_in_ones_by_name(data_app, db_session, people):
    with data_app.test_request_context("/en/"):
        for name in ("Zonal lead", "Advocate"):
            template_library.add_template(
                db_session, people["platform"],
                {"name_en": name, "name_cy": name + " (cy)",
                 "sections": TEMPLATES["blank"]["sections"]}, "needed")
    keys = [t.key for t in descriptions.current_templates(db_session)]
    assert keys == [*TEMPLATES, "advocate", "zonal_lead"]


def test_a_new_version_is_a_new_row_and_recruitments_keep_theirs__R_RD3(
        data_app, client, db_session, login, submit, people):
    org = people["org"]
    board = factories.board(db_session, org, meetings=4)
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    recruitment = Recruitment(board_id=board.id, reason="new_seat", service_user_vacancies=1)
    db_session.add(recruitment)
    db_session.flush()
    db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                               kind="lived_experience", status="accepted"))
    db_session.commit()
    v1 = _newest(db_session, "board_member_carer")
    with data_app.test_request_context("/en/"):
        started = descriptions.start_from_template(db_session, rep, recruitment.id, v1.id)
    db_session.commit()

    login(client, people["platform"])
    url = "/en/admin/templates/board_member_carer/new-version"
    sections = {k: dict(v) for k, v in v1.sections.items()}
    sections["title"]["en"] = "Carer member, {board}"
    response = submit(client, url, _version_form(v1, sections=sections,
                                                 note="A shorter title"))
    assert response.status_code == 302, _errors(response.get_data(as_text=True))

    v2 = _newest(db_session, "board_member_carer")
    assert (v2.version, v2.id != v1.id) == (2, True)
    assert v2.sections["title"]["en"] == "Carer member, {board}"
    old = db_session.get(RoleTemplate, v1.id)
    assert old.version == 1 and old.sections == TEMPLATES["board_member_carer"]["sections"]
    assert db_session.get(RoleDescriptionVersion, started.id).template_id == v1.id
    assert [t.id for t in descriptions.current_templates(db_session)
            if t.key == "board_member_carer"] == [v2.id]
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "role_template_version_saved"))
    assert (event.actor_id, event.object_id, event.reason) == (
        people["platform"].id, v2.id, "A shorter title")
    assert event.details["sections"] == ["title"] and event.details["previous_id"] == v1.id

    page = client.get("/en/admin/templates/board_member_carer/").get_data(as_text=True)
    assert "The template has been saved as a new version" in page
    assert "Carer member, {board}" in page and "A shorter title" in page
    earlier = client.get("/en/admin/templates/board_member_carer/versions/1")
    assert earlier.status_code == 200
    assert "an earlier version" in earlier.get_data(as_text=True)
    assert client.get("/en/admin/templates/board_member_carer/versions/9").status_code == 404


def test_saving_an_unchanged_template_saves_nothing(client, db_session, login, submit, people):
    login(client, people["platform"])
    before = _newest(db_session, "deputy")
    rows, events = _count(db_session), _count(db_session, AuditEvent)
    response = submit(client, "/en/admin/templates/deputy/new-version", _version_form(before))
    assert response.status_code == 302
    assert (_count(db_session), _count(db_session, AuditEvent)) == (rows, events)
    assert _newest(db_session, "deputy").version == 1
    page = client.get(response.location).get_data(as_text=True)
    assert "Nothing has changed, so no new version was saved" in page


def test_a_duplicate_name_is_refused(client, db_session, login, submit, people):
    login(client, people["platform"])
    rows = _count(db_session)
    for name in ("Board member (carer)", "Board member: carer", "Blank template", "New"):
        response = submit(client, "/en/admin/templates/new",
                          _form({"en": name, "cy": "Enw newydd"}))
        assert response.status_code == 400, name
        html = response.get_data(as_text=True)
        assert "A template with this name already exists" in html, name
        assert _errors(html) == ["name_en"] and name in html  # what was typed is kept
    response = submit(client, "/en/admin/templates/new",
                      _form({"en": "Something new", "cy": "Templed gwag"}))
    assert response.status_code == 400
    assert "Another template already has this Welsh name" in response.get_data(as_text=True)
    assert _count(db_session) == rows


@pytest.mark.parametrize("text", [
    "Meetings of {borad}", "Meetings of {board", "Meetings of board}", "Meetings {0}",
    "Meetings {}", "Meetings of {board.name}", "Meetings of {board!r}", "Meetings of {board:>9}",
    "Meetings of {board:{term_years}}",
])
def test_an_unknown_placeholder_or_unmatched_bracket_is_refused(
        client, db_session, login, submit, people, text):
    login(client, people["platform"])
    current = _newest(db_session, "deputy")
    sections = {k: dict(v) for k, v in current.sections.items()}
    sections["time_commitment"]["cy"] = text
    response = submit(client, "/en/admin/templates/deputy/new-version",
                      _version_form(current, sections=sections))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _errors(html) == ["time_commitment_cy"]
    assert ("{board}, {organisation}, {hourly_rate}, {term_years}, {meetings_per_year}"
            in html), "the message names the allowed placeholders"
    assert str(escape(text)) in html, "what was typed is kept"
    assert _newest(db_session, "deputy").version == 1


def test_allowed_placeholders_and_doubled_brackets_pass(data_app):
    with data_app.test_request_context("/en/"):
        for text in ("", "No brackets", "{board}, {organisation}: £{hourly_rate}, "
                     "{term_years} years, {meetings_per_year} meetings", "{{literal}}"):
            assert template_library.placeholder_problem(text) is None, text
        assert "{borad}" in template_library.placeholder_problem("{borad}")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_protection_section_cannot_be_emptied__R_RD2(
        client, db_session, login, submit, people, lang):
    login(client, people["platform"])
    current = _newest(db_session, "panel_member")
    sections = {k: dict(v) for k, v in current.sections.items()}
    sections["protection"][lang] = "  \r\n "
    response = submit(client, "/en/admin/templates/panel_member/new-version",
                      _version_form(current, sections=sections))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _errors(html) == [f"protection_{lang}"]
    assert "protected from repercussions" in html
    assert _newest(db_session, "panel_member").version == 1
    # The same rule refuses a new template without it.
    blank = {k: dict(v) for k, v in TEMPLATES["blank"]["sections"].items()}
    blank["protection"] = {"en": "", "cy": ""}
    response = submit(client, "/en/admin/templates/new",
                      _form({"en": "Unprotected", "cy": "Heb ddiogelwch"}, blank))
    assert response.status_code == 400
    assert _errors(response.get_data(as_text=True)) == ["protection_en", "protection_cy"]
    assert _count(db_session, AuditEvent) == 0


def test_required_fields_and_the_error_pattern_in_welsh(client, db_session, login, submit,
                                                        people):
    """The Welsh catalog is filled in later: this checks the page's shape, not its words."""
    login(client, people["platform"])
    current = _newest(db_session, "deputy")
    url = "/cy/admin/templates/deputy/new-version"
    response = submit(client, url, _version_form(current, name_cy="", note="",
                                                 title_en="{bwrdd}"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="cy"' in html and "Mae problem wedi codi" in html
    assert re.search(r"<title>\s*Gwall:", html)
    assert _errors(html) == ["name_cy", "title_en", "note"]
    assert "{bwrdd}" in html  # what was typed is kept
    assert _newest(db_session, "deputy").version == 1


def test_a_version_saved_meanwhile_is_not_overwritten_unseen(
        data_app, client, db_session, login, csrf, people):
    login(client, people["platform"])
    url = "/en/admin/templates/deputy/new-version"
    page = client.get(url)
    v1 = _newest(db_session, "deputy")
    with data_app.test_request_context("/en/"):
        changed = {k: dict(v) for k, v in v1.sections.items()}
        changed["term"]["en"] = "Someone else's change"
        template_library.save_new_version(
            db_session, people["platform"], "deputy",
            {"name_en": v1.name_en, "name_cy": v1.name_cy, "sections": changed}, "theirs", 1)
    db_session.commit()
    mine = _version_form(v1, title_en="My change")
    response = client.post(url, data={**mine, "csrf_token": csrf(page)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Someone else saved version 2" in html and "My change" in html
    assert _errors(html) == ["note"]
    assert re.search(r'<input[^>]*name="based_on"[^>]*value="2"', html)
    again = client.post(url, data={**mine, "based_on": "2", "csrf_token": csrf(response)})
    assert again.status_code == 302
    assert _newest(db_session, "deputy").version == 3


def test_organisation_administrators_only_read_the_library(
        data_app, client, db_session, login, csrf, people):
    login(client, people["org_admin"])
    listing = client.get("/en/admin/templates/")
    assert listing.status_code == 200
    assert "/en/admin/templates/new" not in listing.get_data(as_text=True)
    page = client.get("/en/admin/templates/deputy/")
    assert page.status_code == 200 and "new-version" not in page.get_data(as_text=True)
    token = csrf(client.get("/en/account"))
    deputy = _newest(db_session, "deputy")
    for path, data in (("/en/admin/templates/new", _form({"en": "Mine", "cy": "Fy un i"})),
                       ("/en/admin/templates/deputy/new-version",
                        _version_form(deputy, title_en="Changed"))):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403
    assert _count(db_session) == len(TEMPLATES)
    with data_app.test_request_context("/en/"), pytest.raises(Forbidden):
        template_library.add_template(db_session, people["org_admin"],
                                      {"name_en": "X", "name_cy": "Y", "sections": {}}, "no")


def test_the_administration_home_links_to_the_library(client, db_session, login, people):
    login(client, people["org_admin"])
    html = client.get("/en/admin/").get_data(as_text=True)
    assert 'href="/en/admin/templates/"' in html
    assert client.get("/en/admin/templates/no_such_key/").status_code == 404
    login(client, people["platform"])
    assert client.get("/en/admin/templates/no_such_key/new-version").status_code == 404


def test_two_saves_of_the_same_version_at_once_do_not_fail(data_app, db_session, people):
    """The unique (key, version) constraint refuses the second with a message."""
    v1 = _newest(db_session, "deputy")
    db_session.add(RoleTemplate(key="deputy", version=2, name_en=v1.name_en,
                                name_cy=v1.name_cy, sections=v1.sections))
    with data_app.test_request_context("/en/"):
        changed = {k: dict(v) for k, v in v1.sections.items()}
        changed["term"]["en"] = "Changed"
        # Simulate the race: this session still believes version 1 is the newest.
        from unittest import mock

        with mock.patch.object(template_library, "newest", return_value=v1), \
                pytest.raises(DomainError, match="at the same time"):
            template_library.save_new_version(
                db_session, people["platform"], "deputy",
                {"name_en": v1.name_en, "name_cy": v1.name_cy, "sections": changed}, "race", 1)
    db_session.rollback()


def test_every_built_in_template_keeps_the_template_rules__R_RD2(data_app):
    """So a platform administrator can save a new version of any of them as it stands."""
    with data_app.test_request_context("/en/"):
        for key, template in TEMPLATES.items():
            assert template_library.template_problems(
                template["name"]["en"], template["name"]["cy"], template["sections"]) == [], key
