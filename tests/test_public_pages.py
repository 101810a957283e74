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
