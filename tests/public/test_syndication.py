"""Published roles beyond the portal (R-AD1): JobPosting JSON-LD, Atom feeds, the embeddable
list for partner websites, and print-ready posters and flyers with a QR code."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.models import AdvertChannel
from portal.models.base import WALES, today_in_wales
from portal.public import syndication
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def roles(db_session):
    """Two organisations: an open role each (the first closing sooner, so listed first), plus
    a closed and an unpublished one."""
    first = factories.organisation(db_session, "Cardiff and Vale University Health Board")
    second = factories.organisation(db_session, "Powys Teaching Health Board")
    first_board = factories.board(db_session, first, name="Cardiff Partnership Board")
    second_board = factories.board(db_session, second, name="Powys Partnership Board")
    second_board.area = "powys"
    second_board.districts = ["powys"]
    open_first = factories.published_role(db_session, first_board, vacancies=(1, 1, 0),
                                          title="Carer member", title_cy="Aelod sy'n ofalwr",
                                          closes_on=today_in_wales() + timedelta(days=10))
    open_second = factories.published_role(db_session, second_board, title="Deputy member",
                                           title_cy="Aelod dirprwy", vacancies=(0, 0, 1))
    closed = factories.published_role(db_session, first_board, title="Closed member",
                                      title_cy="Aelod wedi cau",
                                      closes_on=today_in_wales() - timedelta(days=1))
    drafting = factories.recruitment(db_session, first_board)
    factories.description(db_session, drafting, title="Draft member", title_cy="Aelod drafft")
    db_session.commit()
    return {"first": first.id, "second": second.id, "open_first": open_first.id,
            "open_second": open_second.id, "closed": closed.id, "drafting": drafting.id}


def _recruitment(db_session, recruitment_id):
    from portal.publication import get_published

    return get_published(db_session, recruitment_id)


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>',
                        html, re.S)
    return [json.loads(block) for block in blocks]


# --- JobPosting JSON-LD -------------------------------------------------------------------

def test_job_posting_carries_title_salary_closing_and_organisation__R_AD1(
        data_app, db_session, roles):
    recruitment = _recruitment(db_session, roles["open_first"])
    with data_app.test_request_context("/cy/"):
        script = str(syndication.job_posting_script(recruitment, "cy"))
    [data] = _json_ld(script)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Aelod sy'n ofalwr"
    assert data["hiringOrganization"]["name"].startswith("Bwrdd Iechyd")
    assert data["baseSalary"] == {"@type": "MonetaryAmount", "currency": "GBP", "value": {
        "@type": "QuantitativeValue", "value": 13.45, "unitText": "HOUR"}}
    assert data["employmentType"] == ["PART_TIME", "VOLUNTEER"]
    assert data["directApply"] is False and data["inLanguage"] == "cy"
    assert data["identifier"]["value"] == str(recruitment.id)
    assert data["url"] == f"http://localhost/cy/roles/{recruitment.id}"
    assert data["datePosted"] == recruitment.published_at.astimezone(WALES).date().isoformat()
    address = data["jobLocation"][0]["address"]
    assert address["addressRegion"] == "Caerdydd a'r Fro" and address["addressCountry"] == "GB"
    assert address["addressLocality"] == "Caerdydd"
    valid = datetime.fromisoformat(data["validThrough"])
    assert valid.tzinfo is not None
    assert valid.astimezone(WALES).date() == recruitment.closes_on
    assert valid.astimezone(WALES).time().isoformat() == "23:59:59"
    assert "<" not in data["description"]
    assert "introduction text" in syndication.job_posting(recruitment, "en", "u")["description"]


def test_job_posting_valid_through_follows_british_summer_time():
    from datetime import date

    assert syndication.valid_through(date(2026, 7, 1)) == "2026-07-01T23:59:59+01:00"
    assert syndication.valid_through(date(2026, 12, 1)) == "2026-12-01T23:59:59+00:00"


def test_job_posting_script_cannot_be_closed_early_by_a_title(data_app, db_session, roles):
    recruitment = _recruitment(db_session, roles["open_first"])
    evil = "</script><script>alert(1)</script> & more"
    recruitment.published_version.sections = {
        **recruitment.published_version.sections, "title": {"en": evil, "cy": evil}}
    with data_app.test_request_context("/en/"):
        script = str(syndication.job_posting_script(recruitment, "en"))
    assert script.count("</script") == 1 and "<script>" not in script
    assert _json_ld(script)[0]["title"] == evil
    db_session.rollback()


def test_closed_role_has_no_job_posting(data_app, db_session, roles):
    with data_app.test_request_context("/en/"):
        assert str(syndication.job_posting_script(
            _recruitment(db_session, roles["closed"]), "en")) == ""


def test_role_page_carries_the_job_posting_with_the_csp_nonce__R_AD1(client, roles):
    response = client.get(f"/en/roles/{roles['open_first']}")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.get_data(as_text=True)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in html
    assert _json_ld(html)[0]["title"] == "Carer member"


# --- Atom feeds ---------------------------------------------------------------------------

def _feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response, ET.fromstring(response.get_data())  # noqa: S314 - our own feed


def test_feed_lists_only_open_roles_in_rfc4287_shape__R_AD1(client, db_session, roles):
    response, feed = _feed(client, "/en/roles/feed.atom")
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == "en"
    assert feed.findtext(f"{ATOM}id") == "http://localhost/en/roles/feed.atom"
    assert feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Representatives Recruitment Wales"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "http://localhost/en/roles/feed.atom",
                     "alternate": "http://localhost/en/roles/"}
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert ids == [f"http://localhost/en/roles/{roles['open_first']}",
                   f"http://localhost/en/roles/{roles['open_second']}"]
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href") == entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Carer member"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Cardiff and Vale University Health Board"
    terms = {c.get("term"): c.get("label") for c in first.findall(f"{ATOM}category")}
    assert terms == {"service_user": "Service user", "carer": "Carer",
                     "cardiff-and-vale": "Cardiff and Vale"}
    assert "£13.45 an hour" in first.findtext(f"{ATOM}summary")
    newest = max(datetime.fromisoformat(e.findtext(f"{ATOM}updated")) for e in entries)
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")) == newest
    body = response.get_data(as_text=True)
    assert "Closed member" not in body and "Draft member" not in body


def test_welsh_feed_has_welsh_titles__R_AD1_R_AC2(client, roles):
    _, feed = _feed(client, "/cy/roles/feed.atom")
    assert feed.get(XML_LANG) == "cy"
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Aelod sy'n ofalwr", "Aelod dirprwy"]
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("http://localhost/cy/")


def test_organisation_feed_has_only_that_organisations_roles__R_AD1(client, roles):
    _, feed = _feed(client, f"/en/organisations/{roles['second']}/roles.atom")
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Deputy member"]
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Powys Teaching Health Board"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"http://localhost/en/organisations/{roles['second']}/roles.atom"
    assert links["alternate"] == f"http://localhost/en/roles/?organisation={roles['second']}"


def test_feed_for_unknown_organisation_is_not_found(client, roles):
    assert client.get("/en/organisations/999999/roles.atom").status_code == 404


def test_empty_feed_is_still_valid(client):
    _, feed = _feed(client, "/en/roles/feed.atom")
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}author/{ATOM}name") and feed.findtext(f"{ATOM}updated")


def test_feed_answers_conditional_requests(client, roles):
    first = client.get("/en/roles/feed.atom")
    assert "max-age=300" in first.headers["Cache-Control"]
    again = client.get("/en/roles/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_feed_link_macro_for_the_list_page_head(data_app, roles):
    with data_app.test_request_context("/en/roles/"):
        from flask import g, render_template_string

        g.lang = "en"
        html = render_template_string(
            '{% from "public/_syndication.html" import feed_link %}'
            "{{ feed_link() }}{{ feed_link(organisation_id=7) }}")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/en/roles/feed.atom"' in html
    assert 'href="/en/organisations/7/roles.atom"' in html


# --- The embeddable list ------------------------------------------------------------------

def test_embed_is_frameable_by_any_site_and_other_pages_are_not__R_AD1(client, roles):
    embed = client.get("/en/embed/roles")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed.headers
    csp = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "'unsafe-inline'" not in csp
    for path in ("/en/", "/en/embed", "/en/roles/feed.atom",
                 f"/en/roles/{roles['open_first']}/poster"):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_embed_lists_open_roles_with_links_to_the_top_window__R_AD1(client, roles):
    response = client.get("/en/embed/roles")
    html = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert "Carer member" in html and "Deputy member" in html
    assert "Closed member" not in html and "Draft member" not in html
    assert (f'<a href="/en/roles/{roles["open_first"]}" target="_top" rel="noopener">'
            "Carer member</a>") in html
    assert "Cardiff Partnership Board, Cardiff and Vale University Health Board" in html
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in html
    assert "<script" not in html


def test_embed_filters_by_organisation_and_area(client, roles):
    by_org = client.get(f"/cy/embed/roles?organisation={roles['second']}").get_data(as_text=True)
    assert "Aelod dirprwy" in by_org and "Aelod sy'n ofalwr" not in by_org
    by_area = client.get("/en/embed/roles?area=cardiff-and-vale").get_data(as_text=True)
    assert "Carer member" in by_area and "Deputy member" not in by_area
    for bad in ("organisation=999999", "organisation=x", "area=atlantis"):
        assert client.get(f"/en/embed/roles?{bad}").status_code == 404, bad


def test_embed_page_shows_the_code_to_copy_and_the_feeds(client, roles):
    html = client.get(f"/en/embed?organisation={roles['first']}").get_data(as_text=True)
    assert '<pre class="portal-code" lang="en"><code>&lt;iframe src=&#34;' in html
    assert f"http://localhost/en/embed/roles?organisation={roles['first']}" in html
    assert f"http://localhost/cy/embed/roles?organisation={roles['first']}" in html
    assert "http://localhost/en/roles/feed.atom" in html
    assert f"http://localhost/en/organisations/{roles['first']}/roles.atom" in html
    assert f'src="/en/embed/roles?organisation={roles["first"]}"' in html  # the preview


# --- Posters and flyers -------------------------------------------------------------------

def _qr_path_of(html: str) -> str:
    return syndication.qr_path(re.search(r'<svg role="img".*?</svg>', html, re.S).group(0))


def _expected_qr_path(data_app, url: str) -> str:
    with data_app.test_request_context("/"):
        return syndication.qr_path(str(syndication.qr_svg(url, "x")))


def test_poster_has_the_key_facts_and_a_qr_code_to_the_role__R_AD1_R_AC1(
        client, data_app, roles):
    role_id = roles["open_first"]
    response = client.get(f"/en/roles/{role_id}/poster")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("Carer member", "£13.45 an hour",
                 'Call Alex Jones on <span class="nowrap">029 2000 0000</span>.',
                 "meet in person", "You do not need an email address or a CV.",
                 "People who have used mental health services, or cared for someone who has, in "
                 "the last 5 years",
                 "@page { size: A4 portrait"):
        assert text in html, text
    closes = today_in_wales() + timedelta(days=10)
    with data_app.test_request_context("/"), force_locale("en"):
        from flask_babel import format_date

        assert format_date(closes, "d MMMM yyyy") in html
    url = f"http://localhost/en/roles/{role_id}"
    assert f'<span class="url">{url}</span>' in html
    assert _qr_path_of(html) == _expected_qr_path(data_app, url)
    assert _qr_path_of(html) != _expected_qr_path(data_app, url + "0")


def test_poster_without_informal_routes_does_not_promise_no_email(client, db_session, roles):
    from portal.models import Recruitment

    recruitment = db_session.get(Recruitment, roles["open_second"])
    from portal.models import RoleDescriptionVersion

    version = db_session.get(RoleDescriptionVersion, recruitment.published_version_id)
    version.selection_methods = ["application_form", "formal_interview"]
    db_session.commit()
    html = client.get(f"/en/roles/{recruitment.id}/poster").get_data(as_text=True)
    assert "You do not need an email address" not in html
    assert "or cared for someone who has" in html  # deputies: service users or carers
    flyer = client.get(f"/en/roles/{recruitment.id}/flyer").get_data(as_text=True)
    assert "Deputies learn alongside a member" in flyer


def test_poster_qr_uses_the_channels_tracked_link_only_for_its_own_role__R_AD1(
        client, data_app, db_session, roles):
    own = AdvertChannel(recruitment_id=roles["open_first"], channel="pharmacies_gp_opticians",
                        code="gp7x2")
    other = AdvertChannel(recruitment_id=roles["open_second"], channel="food_banks",
                          code="fb9k1")
    db_session.add_all([own, other])
    db_session.commit()
    html = client.get(f"/en/roles/{roles['open_first']}/poster?channel={own.id}").get_data(
        as_text=True)
    assert '<span class="url">http://localhost/r/gp7x2</span>' in html
    assert _qr_path_of(html) == _expected_qr_path(data_app, "http://localhost/r/gp7x2")
    html = client.get(f"/en/roles/{roles['open_first']}/poster?channel={other.id}").get_data(
        as_text=True)
    assert "/r/fb9k1" not in html
    assert f'<span class="url">http://localhost/en/roles/{roles["open_first"]}</span>' in html


def test_bilingual_poster_puts_welsh_first__R_AC2(client, data_app, roles):
    role_id = roles["open_first"]
    response = client.get(f"/en/roles/{role_id}/poster?both=1")
    html = response.get_data(as_text=True)
    welsh = html.index('lang="cy" aria-labelledby="poster-title-cy"')
    english = html.index('lang="en" aria-labelledby="poster-title-en"')
    assert welsh < english
    with data_app.test_request_context("/"), force_locale("cy"):
        strap = _("Have your say in mental health services")
    assert strap != "Have your say in mental health services"
    assert html.index(strap) < english < html.index("Have your say in mental health services")
    assert html.index("Aelod sy&#39;n ofalwr") < english < html.index("Carer member", english)
    assert f"http://localhost/cy/roles/{role_id}" in html[welsh:english]


def test_flyer_is_two_halves_with_a_summary__R_AD1(client, roles):
    html = client.get(f"/en/roles/{roles['open_first']}/flyer").get_data(as_text=True)
    assert html.count('<div class="flyer" lang="en"') == 2
    assert html.count('aria-hidden="true"') == 1  # the second half is a copy to cut off
    assert "introduction text" in html and "Ways to apply" in html
    assert "Informal chat, face to face or online; Application form" in html
    both = client.get(f"/en/roles/{roles['open_first']}/flyer?both=1").get_data(as_text=True)
    assert both.index('<div class="flyer" lang="cy"') < both.index('<div class="flyer" lang="en"')
    assert 'aria-hidden="true"' not in both


@pytest.mark.parametrize("kind", ["poster", "flyer"])
def test_posters_of_unpublished_roles_are_not_found_and_closed_ones_gone(client, roles, kind):
    assert client.get(f"/en/roles/{roles['drafting']}/{kind}").status_code == 404
    assert client.get(f"/en/roles/999999/{kind}").status_code == 404
    closed = client.get(f"/cy/roles/{roles['closed']}/{kind}")
    assert closed.status_code == 410
    assert "Aelod wedi cau" in closed.get_data(as_text=True)


def test_print_links_macro_for_the_role_page(data_app, roles):
    from flask import g, render_template_string

    with data_app.test_request_context("/en/"):
        g.lang = "en"
        html = render_template_string(
            '{% from "public/_syndication.html" import print_links %}{{ print_links(r) }}',
            r=type("R", (), {"id": 5})())
    assert 'href="/en/roles/5/poster"' in html and 'href="/en/roles/5/flyer"' in html
    assert 'href="/en/roles/5/poster?both=1"' in html
