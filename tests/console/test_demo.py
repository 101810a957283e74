"""`make run` shows a console with something in it: the demo engagement worker's."""

from __future__ import annotations

import sqlalchemy as sa

from portal.models import Person


def test_the_demo_worker_has_applications_a_chat_and_a_letter(app, db_session, login):
    assert app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"]).exit_code == 0
    worker = db_session.scalar(sa.select(Person).where(Person.email == "worker@example.org"))
    client = app.test_client()
    login(client, worker)
    html = client.get("/en/console/").get_data(as_text=True)
    # Two in Powys, six in Cardiff and Vale waiting for its panel (portal/demo_panels.py).
    assert "Applications sent: 8" in html and "Informal chats to arrange: 1" in html
    assert "Spoken and assisted applications: 1" in html
    assert "1 letter or call waiting" in html
    for reference in ("DEMO-ON1N", "DEMO-SP0K", "DEMO-CHAT"):
        assert client.get(f"/cy/console/applications/{reference}").status_code == 200
    assert "Written down by Carys Bowen with Elis Parry" in client.get(
        "/en/console/applications/DEMO-SP0K").get_data(as_text=True)
