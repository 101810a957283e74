"""Role descriptions from templates, saved as versions, never below a minimum
(R-RD1, R-RD2, R-RD3, R-RD4, R-TM1, R-TM2, R-PAY1, R-SEL1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.errors import DomainError, Forbidden, ValidationFailed
from portal.models import AuditEvent, GroupMember, Recruitment, RoleDescriptionVersion
from portal.recruitment import descriptions
from portal.role_templates_content import SECTION_KEYS, TEMPLATES
from tests import factories


@pytest.fixture
def world(data_app, db_session):
    org = factories.organisation(db_session, "Cwm Taf Morgannwg University Health Board")
    board = factories.board(db_session, org, meetings=4, name="Merthyr Partnership Board")
    rep = factories.person(db_session)
    factories.grant(db_session, rep, "representative", org, board)
    recruitment = Recruitment(board_id=board.id, reason="new_seat", service_user_vacancies=1)
    db_session.add(recruitment)
    db_session.flush()
    db_session.add(GroupMember(recruitment_id=recruitment.id, person_id=rep.id,
                               kind="lived_experience", status="accepted"))
    descriptions.ensure_templates(db_session)
    db_session.commit()
    template = next(t for t in descriptions.current_templates(db_session)
                    if t.key == "board_member_carer")
    return {"recruitment": recruitment, "rep": rep, "template": template, "org": org}


def _data(version, **changes):
    data = {"sections": {k: dict(v) for k, v in version.sections.items()},
            "hourly_rate": version.hourly_rate, "term_months": version.term_months,
            "eligibility_years": version.eligibility_years,
            "selection_methods": list(version.selection_methods)}
    data.update(changes)
    return data


def test_every_template_has_every_section_and_the_protection_statement__R_RD1_R_RD2():
    assert set(TEMPLATES) == {"board_member_service_user", "board_member_carer", "deputy",
                              "panel_member", "blank"}
    for template in TEMPLATES.values():
        assert tuple(template["sections"]) == SECTION_KEYS
        assert template["sections"]["protection"]["en"].strip()
        assert template["sections"]["protection"]["cy"].strip()


def test_starting_fills_the_facts_and_the_minimums__R_RD1_R_TM1_R_RD4_R_PAY1(
        data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        version = descriptions.start_from_template(
            db_session, world["rep"], world["recruitment"].id, world["template"].id)
    assert version.number == 1
    assert version.term_months == 36  # 4 meetings a year
    assert version.eligibility_years == 5
    assert version.hourly_rate == Decimal(data_app.config["LIVING_WAGE_HOURLY"])
    text = " ".join(v["en"] + v["cy"] for v in version.sections.values())
    assert "{" not in text, "every placeholder was filled"
    assert "Merthyr Partnership Board" in text


def test_each_save_is_a_version_and_is_audited__R_RD3(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        first = descriptions.start_from_template(
            db_session, world["rep"], world["recruitment"].id, world["template"].id)
        sections = {k: dict(v) for k, v in first.sections.items()}
        sections["title"]["en"] = "Carer representative"
        second = descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                           _data(first, sections=sections), "shorter title")
        same = descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                         _data(second), "nothing changed")
    db_session.commit()
    assert (second.number, same.number) == (2, 2)
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "role_description_saved"))
    assert event.reason == "shorter title" and event.details["sections"] == ["title"]
    diff = descriptions.compare(first, second)
    changed = [d for d in diff if d.changed]
    assert [d.key for d in changed] == ["title"]
    assert ("added", "Carer representative") in changed[0].en


@pytest.mark.parametrize(("change", "field"), [
    ({"term_months": 24}, "term_months"),  # R-TM1: 36 for a board meeting 4 times a year
    ({"eligibility_years": 2}, "eligibility_years"),  # R-RD4: never narrowed
    ({"hourly_rate": Decimal("10.00")}, "hourly_rate"),  # R-PAY1
    ({"selection_methods": []}, "selection_methods"),  # R-SEL1
])
def test_a_change_below_a_minimum_is_refused__R_TM2_R_RD4_R_PAY1_R_SEL1(
        data_app, db_session, world, change, field):
    with data_app.test_request_context("/en/"):
        first = descriptions.start_from_template(
            db_session, world["rep"], world["recruitment"].id, world["template"].id)
        with pytest.raises(ValidationFailed) as refused:
            descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                      _data(first, **change), None)
    assert [f for f, _ in refused.value.problems] == [field]


def test_the_protection_statement_cannot_be_removed__R_RD2(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        first = descriptions.start_from_template(
            db_session, world["rep"], world["recruitment"].id, world["template"].id)
        sections = {k: dict(v) for k, v in first.sections.items()}
        sections["protection"]["cy"] = " "
        with pytest.raises(ValidationFailed, match="protected from repercussions"):
            descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                      _data(first, sections=sections), None)


def test_only_the_group_and_administrators_write(data_app, db_session, world):
    outsider = factories.person(db_session)
    worker = factories.person(db_session)
    factories.grant(db_session, worker, "engagement_worker", world["org"])
    db_session.commit()
    with data_app.test_request_context("/en/"):
        for person in (outsider, worker):
            with pytest.raises(Forbidden):
                descriptions.start_from_template(db_session, person, world["recruitment"].id,
                                                 world["template"].id)


def test_a_second_start_is_refused(data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        descriptions.start_from_template(db_session, world["rep"], world["recruitment"].id,
                                         world["template"].id)
        with pytest.raises(DomainError):
            descriptions.start_from_template(db_session, world["rep"], world["recruitment"].id,
                                             world["template"].id)
    assert db_session.scalar(sa.select(sa.func.count(RoleDescriptionVersion.id))) == 1


def test_pages_start_edit_and_compare(app, client, db_session, login, csrf, world):
    rid = world["recruitment"].id
    login(client, world["rep"])
    page = client.get(f"/en/recruitment/{rid}/role")
    assert "Board member (carer)" in page.get_data(as_text=True)
    response = client.post(f"/en/recruitment/{rid}/role", data={
        "template_id": str(world["template"].id), "csrf_token": csrf(page)})
    assert response.status_code == 302
    edit = client.get(response.location)
    form_data = {}
    version = db_session.scalar(sa.select(RoleDescriptionVersion))
    for key in SECTION_KEYS:
        for lang in ("en", "cy"):
            form_data[f"{key}_{lang}"] = version.sections[key][lang]
    form_data.update(hourly_rate="9.99", term_months="36", eligibility_years="5",
                     selection_methods=["informal_chat"], csrf_token=csrf(edit))
    refused = client.post(f"/cy/recruitment/{rid}/role/edit", data=form_data)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'href="#hourly_rate"' in html and 'value="9.99"' in html
    form_data.update(hourly_rate="14.00", title_en="Carer board member")
    assert client.post(f"/en/recruitment/{rid}/role/edit", data=form_data).status_code == 302
    compare = client.get(f"/en/recruitment/{rid}/role/compare")
    assert compare.status_code == 200
    assert '<ins class="portal-diff-added">' in compare.get_data(as_text=True)


def test_edit_page_gives_plain_language_advice_but_never_blocks(
        data_app, client, db_session, login, csrf, world):
    with data_app.test_request_context("/en/"):
        descriptions.start_from_template(db_session, world["rep"], world["recruitment"].id,
                                         world["template"].id)
    db_session.commit()
    rid = world["recruitment"].id
    login(client, world["rep"])
    edit = client.get(f"/en/recruitment/{rid}/role/edit")
    version = db_session.scalar(sa.select(RoleDescriptionVersion))
    form_data = {f"{key}_{lang}": version.sections[key][lang]
                 for key in SECTION_KEYS for lang in ("en", "cy")}
    form_data.update(hourly_rate="14.00", term_months="36", eligibility_years="5",
                     selection_methods=["informal_chat"], csrf_token=csrf(edit),
                     payment_en="Remuneration is provided in accordance with the policy.")
    saved = client.post(f"/en/recruitment/{rid}/role/edit", data=form_data)
    assert saved.status_code == 302  # advice never stops a save
    html = client.get(f"/en/recruitment/{rid}/role/edit").get_data(as_text=True)
    assert "Suggestions for plainer language: Payment" in html
    assert "remuneration" in html.lower() and "you could write" in html


def test_windows_line_endings_from_the_browser_make_no_new_version__R_RD3(
        data_app, db_session, world):
    with data_app.test_request_context("/en/"):
        first = descriptions.start_from_template(db_session, world["rep"],
                                                 world["recruitment"].id, world["template"].id)
        data = _data(first)
        data["sections"]["introduction"] = {
            lang: "Line one\nLine two" for lang in ("en", "cy")}
        second = descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                           data, None)
        data["sections"]["introduction"] = {
            lang: "Line one\r\nLine two" for lang in ("en", "cy")}
        again = descriptions.save_version(db_session, world["rep"], world["recruitment"].id,
                                          data, None)
    assert second.number == 2 and again.number == 2
