"""The public list of open roles, its filters and search, and the role page (R-AD1, R-PI1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal import publication
from portal.models import PublicInformation
from portal.models.base import today_in_wales
from tests import factories


@pytest.fixture
def roles(data_app, db_session):
    org = factories.organisation(db_session, "Hywel Dda University Health Board")
    west = factories.board(db_session, org, name="Ceredigion Partnership Board")
    west.area = "hywel-dda"
    cardiff = factories.board(db_session, factories.organisation(db_session),
                              name="Cardiff Mental Health Board")
    today = today_in_wales()
    carers = factories.published_role(db_session, west, vacancies=(0, 2, 0),
                                      title="Carer representative",
                                      title_cy="Cynrychiolydd gofalwyr",
                                      closes_on=today + timedelta(days=5))
    users = factories.published_role(db_session, cardiff, title="Service user representative",
                                     title_cy="Cynrychiolydd defnyddwyr gwasanaeth",
                                     closes_on=today + timedelta(days=40))
    closed = factories.published_role(db_session, cardiff, title="Last year's role",
                                      closes_on=today - timedelta(days=1))
    draft = factories.recruitment(db_session, cardiff)
    factories.description(db_session, draft, title="Not yet published")
    db_session.add(PublicInformation(organisation_id=org.id, heading="purpose",
                                     text_en="We plan health services in west Wales.",
                                     text_cy="Rydym yn cynllunio gwasanaethau iechyd."))
    db_session.commit()
    return {"carers": carers, "users": users, "closed": closed, "draft": draft, "west": west}


def _titles(response) -> set[str]:
    html = response.get_data(as_text=True)
    return {t for t in ("Carer representative", "Service user representative",
                        "Last year's role", "Not yet published",
                        "Cynrychiolydd gofalwyr", "Cynrychiolydd defnyddwyr gwasanaeth")
            if t in html}


def test_the_list_shows_open_roles_only__they_close_themselves__R_AD1(client, roles):
    assert _titles(client.get("/en/roles/")) == {"Carer representative",
                                                 "Service user representative"}
    assert _titles(client.get("/cy/roles/")) == {"Cynrychiolydd gofalwyr",
                                                 "Cynrychiolydd defnyddwyr gwasanaeth"}


def test_filters_and_search__R_AD1(client, roles):
    assert _titles(client.get("/en/roles/?area=hywel-dda")) == {"Carer representative"}
    assert _titles(client.get("/en/roles/?seat_type=service_user")) == {
        "Service user representative"}
    assert _titles(client.get("/en/roles/?closing_soon=y")) == {"Carer representative"}
    assert _titles(client.get(f"/en/roles/?board={roles['west'].id}")) == {
        "Carer representative"}
    assert _titles(client.get("/en/roles/?q=cardiff")) == {"Service user representative"}
    assert _titles(client.get("/cy/roles/?q=gofalwyr")) == {"Cynrychiolydd gofalwyr"}
    assert _titles(client.get("/en/roles/?q=100%25")) == set()  # LIKE wildcards are literal


def test_bad_filters_are_answered_with_a_message(client, roles):
    response = client.get("/cy/roles/?area=atlantis&board=abc")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#area"' in html and 'href="#board"' in html
    assert _titles(response) == set()


def test_the_role_page_has_what_an_applicant_needs__R_AD1_R_PI1(client, roles):
    html = client.get(f"/en/roles/{roles['carers'].id}").get_data(as_text=True)
    for expected in ("Carer representative", "£13.45 an hour", "Alex Jones", "029 2000 0000",
                     "engagement@example.org", "How to apply", "You do not need an email",
                     "We plan health services in west Wales.", "protection text"):
        assert expected in html, expected
    welsh = client.get(f"/cy/roles/{roles['carers'].id}").get_data(as_text=True)
    assert "Cynrychiolydd gofalwyr" in welsh and "Rydym yn cynllunio" in welsh


def test_a_closed_role_says_so_and_a_draft_is_not_public__R_AD1(client, roles):
    closed = client.get(f"/en/roles/{roles['closed'].id}")
    assert closed.status_code == 200
    html = closed.get_data(as_text=True)
    assert "This role closed on" in html and "How to apply" not in html
    assert client.get(f"/en/roles/{roles['draft'].id}").status_code == 404


def test_open_roles_query_count_does_not_grow_with_data(data_app, db_session, roles):
    """One SELECT for the list, however many roles are open."""
    import sqlalchemy as sa

    statements = []
    engine = db_session.get_bind()

    def count(*_args):
        statements.append(1)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        publication.open_roles(db_session)
        few = len(statements)
        for _ in range(5):
            factories.published_role(db_session)
        db_session.flush()
        statements.clear()
        found = publication.open_roles(db_session)
        many = len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(found) == 7 and many == few == 1


def test_odd_numbers_and_nul_bytes_are_answered_not_crashed_on(client, roles):
    role = roles["users"].id
    for path in ("/en/roles/99999999999999999999", "/en/roles/99999999999999999999/poster",
                 "/en/organisations/99999999999999999999/roles.atom",
                 f"/en/roles/{role}/poster?channel=%C2%B2",
                 "/en/embed/roles?organisation=%C2%B2",
                 "/en/embed/roles?organisation=99999999999999999999",
                 "/en/keep-me-informed/stop/abc%00", "/en/roles/?q=a%00b"):
        assert client.get(path).status_code in (200, 400, 404), path  # never a 500


def test_only_the_embeddable_list_itself_may_be_framed(client, roles):
    framed = client.get("/en/embed/roles")
    assert "frame-ancestors *" in framed.headers["Content-Security-Policy"]
    refused = client.get("/en/embed/roles?organisation=424242")
    assert refused.status_code == 404
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    assert refused.headers["X-Frame-Options"] == "DENY"
