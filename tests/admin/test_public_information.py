"""An organisation's public information: eight headings in both languages (R-PI1, R-AC2)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.models import AuditEvent, PublicInformation
from portal.models.information import HEADINGS
from tests import factories


def _form(**texts):
    data = {f"{key}_{lang}": "" for key in HEADINGS for lang in ("en", "cy")}
    data.update(texts)
    return data


def test_headings_are_saved_in_both_languages__R_PI1(client, db_session, login, csrf):
    org = factories.organisation(db_session)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.commit()
    login(client, admin)
    url = f"/en/admin/organisations/{org.id}/public-information"
    page = client.get(url)
    assert "0 of 8 headings" in page.get_data(as_text=True)
    response = client.post(url, data={**_form(
        purpose_en="We plan mental health services.", purpose_cy="Rydym yn cynllunio gwasanaethau."),
        "csrf_token": csrf(page)})
    assert response.status_code == 302
    row = db_session.scalar(sa.select(PublicInformation))
    assert (row.heading, row.text_cy) == ("purpose", "Rydym yn cynllunio gwasanaethau.")
    assert "1 of 8 headings" in client.get(url).get_data(as_text=True)
    event = db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "public_information_updated"))
    assert event.details["headings"] == ["purpose"]


def test_a_heading_in_one_language_only_is_refused__R_PI1_R_AC2(client, db_session, login, csrf):
    org = factories.organisation(db_session)
    admin = factories.person(db_session)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.commit()
    login(client, admin)
    url = f"/cy/admin/organisations/{org.id}/public-information"
    page = client.get(url)
    response = client.post(url, data={**_form(values_en="Kindness and honesty."),
                                      "csrf_token": csrf(page)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#values_cy"' in html and "Kindness and honesty." in html
    assert db_session.scalar(sa.select(sa.func.count(PublicInformation.id))) == 0
