"""Public pages in both languages (R-AC2) and the language toggle."""

import pytest

PAGES = ["/{lang}/", "/{lang}/roles/", "/{lang}/accessibility", "/{lang}/privacy",
         "/{lang}/cookies", "/{lang}/sign-in", "/{lang}/sign-in/check-email",
         "/{lang}/signed-out"]


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("page", PAGES)
def test_public_page_renders_in_each_language__R_AC2(client, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.get_data(as_text=True)


def test_welsh_home_page_is_in_welsh__R_AC2(client):
    html = client.get("/cy/").get_data(as_text=True)
    assert "Recriwtio Cynrychiolwyr Cymru" in html
    assert "Representatives Recruitment Wales" not in html


def test_root_redirects_by_accept_language(client):
    assert client.get("/", headers={"Accept-Language": "cy"}).location.endswith("/cy/")
    assert client.get("/", headers={"Accept-Language": "en-GB"}).location.endswith("/en/")


def test_toggle_keeps_the_query_string(client):
    html = client.get("/en/roles/?page=2").get_data(as_text=True)
    assert 'href="/cy/roles/?page=2"' in html


def test_roles_page_explains_the_empty_state(client):
    html = client.get("/en/roles/").get_data(as_text=True)
    assert "There are no roles open at the moment." in html


def test_unknown_language_is_not_found(client):
    assert client.get("/fr/").status_code == 404


def test_not_found_page_is_translated(client):
    response = client.get("/cy/nothing-here")
    assert response.status_code == 404
    assert '<html lang="cy"' in response.get_data(as_text=True)


def test_not_a_gov_uk_service(client):
    """Generic header, Arial, no crown or GOV.UK logotype."""
    html = client.get("/en/").get_data(as_text=True)
    assert "govuk-generic-header" in html
    assert "govuk-logo" not in html and "crown" not in html.lower()
    assert "GOV.UK" not in html


@pytest.mark.parametrize("path", ["/en/sign-in", "/cy/sign-in"])
def test_forms_have_no_required_attributes_and_are_novalidate(client, path):
    """GOV.UK error pattern: the server validates; browsers must not show their own bubbles."""
    html = client.get(path).get_data(as_text=True)
    assert " required" not in html
    assert "novalidate" in html


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_public_page_weighs_under_100_kb_with_its_css_and_js(client, lang):
    """Performance budget (ENGINEERING.md): page + CSS + JS under 100 KB transferred."""
    import re

    headers = {"Accept-Encoding": "br, gzip"}
    page = client.get(f"/{lang}/", headers=headers)
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"', html)
    assert any(a.endswith(".css") for a in assets)
    assets.append("/static/govuk/govuk-frontend.min.js")  # imported by init.js
    total = len(page.get_data())
    for asset in set(assets):
        response = client.get(asset, headers=headers)
        assert response.status_code == 200, asset
        total += len(response.get_data())
    assert "Content-Encoding" not in page.headers  # HTML is never compressed (BREACH)
    assert total < 100 * 1024, total
