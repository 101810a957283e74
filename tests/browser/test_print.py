"""Posters and flyers print on A4 in real Chromium, with JavaScript off (R-AD1): a poster is one
page per language with a title of at least 48pt, flyers are two halves of one page, and the
site's toolbar does not print."""

from __future__ import annotations

import re

import pytest

from portal.role_templates_content import TEMPLATES
from portal.roles import fill
from tests import factories

pytestmark = pytest.mark.browser
PT = 96 / 72  # CSS pixels per point


@pytest.fixture
def role(db_session):
    """A role with the real board-member template's text and a long title: the worst case
    for fitting on one page."""
    org = factories.organisation(db_session, "Cardiff and Vale University Health Board")
    board = factories.board(db_session, org, name="Cardiff and Vale Mental Health Partnership Board")
    board.name_cy = "Bwrdd Partneriaeth Iechyd Meddwl Caerdydd a'r Fro"
    recruitment = factories.published_role(db_session, board, vacancies=(1, 1, 1))
    from portal.models import RoleDescriptionVersion

    version = db_session.get(RoleDescriptionVersion, recruitment.published_version_id)
    version.sections = {key: {lang: fill(text, {"board": board.name(lang)})
                              for lang, text in texts.items()}
                        for key, texts in TEMPLATES["board_member_carer"]["sections"].items()}
    version.selection_methods = ["informal_chat", "expression_of_interest", "group_event",
                                 "application_form", "informal_interview"]
    recruitment.contact_name = "Angharad Llewellyn-Pritchard"
    recruitment.contact_email = "ymgysylltu.engagement@caerdyddafro.example.org"
    db_session.commit()
    return recruitment.id


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF written by Chromium (Skia keeps them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_poster_prints_on_one_a4_page_with_a_large_title__R_AD1(new_page, role, lang):
    page = new_page(javascript=False)
    response = page.goto(f"/{lang}/roles/{role}/poster")
    assert response.status == 200
    size = page.eval_on_selector(".poster-title", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 48 * PT
    assert page.locator("svg.qr title").count() == 1
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    assert page.locator(".poster").is_visible()


def test_bilingual_poster_prints_welsh_page_then_english_page__R_AC2(new_page, role):
    page = new_page(javascript=False)
    page.goto(f"/en/roles/{role}/poster?both=1")
    assert pdf_pages(page.pdf(format="A4")) == 2
    assert page.locator(".poster").evaluate_all("s => s.map(e => e.lang)") == ["cy", "en"]


@pytest.mark.parametrize("query", ["", "?both=1"])
def test_flyers_print_two_to_one_a4_page__R_AD1(new_page, role, query):
    page = new_page(javascript=False)
    page.goto(f"/en/roles/{role}/flyer{query}")
    assert pdf_pages(page.pdf(format="A4")) == 1
    halves = page.locator(".flyer")
    assert halves.count() == 2
    page.emulate_media(media="print")
    for index in range(2):  # nothing in a half runs past its cut line
        overflow = halves.nth(index).evaluate("e => e.scrollHeight - e.clientHeight")
        assert overflow <= 1, f"half {index} overflows by {overflow}px"
