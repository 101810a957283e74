"""Keep me informed (R-AC4): register interest, confirm by email, stop in one step, and hear
about matching roles exactly once."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
import sqlalchemy as sa

from portal import interest, mail
from portal.errors import NotFound
from portal.models import InterestRegistration, OutboxMessage
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, Language, OutboxStatus
from tests import factories
from tests.conftest import csrf_from

FORM = "/{lang}/keep-me-informed"


@pytest.fixture(autouse=True)
def _no_old_emails(tmp_root):
    folder = tmp_root / "outbox"
    for pattern in ("interest-*.eml", "role-published-*.eml"):
        for path in folder.glob(pattern) if folder.exists() else []:
            path.unlink()


def _form(**fields) -> dict:
    data = {"name": "Nia Rees", "language": "en", "contact_channel": "email",
            "email": "nia@example.org"}
    data.update(fields)
    return data


def register(client, lang="en", **fields):
    page = client.get(FORM.format(lang=lang))
    return client.post(FORM.format(lang=lang),
                       data={**_form(**fields), "csrf_token": csrf_from(page)})


def _eml(app, key: str):
    path = app.config["OUTBOX_DIR"] / (key.replace(":", "-") + ".eml")
    return message_from_bytes(path.read_bytes(), policy=email_policy)


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _link(message, marker: str) -> str:
    return next(line.strip() for line in _text(message).splitlines() if marker in line)


def _rows(db_session) -> list[InterestRegistration]:
    db_session.expire_all()
    return list(db_session.scalars(sa.select(InterestRegistration).order_by(
        InterestRegistration.id)))


def _confirm_path(app, db_session, registration_id: int) -> str:
    link = _link(_eml(app, f"interest-confirm:{registration_id}"), "/keep-me-informed/confirm/")
    return link.replace(app.config["BASE_URL"], "")


def _active(db_session, **kw) -> InterestRegistration:
    """A confirmed registration made through the service (as after the email link)."""
    defaults = {"name": "Nia", "language": "en", "channel": "email",
                "email": f"r{utcnow().timestamp()}@example.org"}
    defaults.update(kw)
    registration = interest.register(db_session, **defaults)
    registration.confirmed_at = registration.confirmed_at or utcnow()
    db_session.flush()
    return registration


# Registering and confirming by email


def test_register_by_email_and_confirm_through_a_real_smtp_server__R_AC4(
        make_app, app, db_session, smtp_server):
    mailing = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    client = mailing.test_client()
    response = register(client, areas=["powys", "swansea-bay"], seat_types=["carer"],
                        email=" Nia@Example.org ")
    assert response.status_code == 302
    assert response.location.endswith("/en/keep-me-informed/check-email")
    page = client.get(response.location)
    assert "7 days" in page.get_data(as_text=True)
    [row] = _rows(db_session)
    assert row.email == "nia@example.org" and row.confirmed_at is None
    assert row.areas == ["powys", "swansea-bay"] and row.seat_types == ["carer"]
    assert row.confirm_token_hash and len(row.confirm_token_hash) == 64

    [message] = smtp_server.messages
    assert message["To"] == "nia@example.org"
    assert message["Subject"] == "Confirm you want to hear about new roles"
    stop_url = f"http://localhost/en/keep-me-informed/stop/{row.unsubscribe_token}"
    assert message["List-Unsubscribe"] == f"<{stop_url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = _text(message)
    assert "Powys, Swansea Bay" in text and "Carer representative" in text
    assert stop_url in text
    link = _link(message, "/keep-me-informed/confirm/")
    token = link.rsplit("/", 1)[1]
    assert interest.hash_token(token) == row.confirm_token_hash, "only the hash is stored"
    path = link.replace("http://localhost", "")

    # Opening the link (as a mail scanner does) changes nothing.
    page = client.get(path)
    assert page.status_code == 200 and "Confirm" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "strict-origin"
    assert _rows(db_session)[0].confirmed_at is None
    confirmed = client.post(path, data={"csrf_token": csrf_from(page)})
    assert confirmed.status_code == 302
    assert confirmed.location.endswith("/en/keep-me-informed/confirmed")
    assert client.get(confirmed.location).status_code == 200
    first = _rows(db_session)[0].confirmed_at
    assert first is not None
    # Idempotent: confirming again is fine and changes nothing.
    again = client.post(path, data={"csrf_token": csrf_from(client.get(path))})
    assert again.status_code == 302
    assert _rows(db_session)[0].confirmed_at == first
    sent = db_session.scalar(sa.select(OutboxMessage))
    assert sent.status == OutboxStatus.SENT and "url" not in sent.payload, "the link is forgotten"


def test_get_of_confirm_and_stop_pages_changes_nothing__R_AC4(app, client, db_session):
    register(client)
    [row] = _rows(db_session)
    for _ in range(3):
        assert client.get(_confirm_path(app, db_session, row.id)).status_code == 200
        assert client.get(f"/en/keep-me-informed/stop/{row.unsubscribe_token}").status_code == 200
    [row] = _rows(db_session)
    assert row.confirmed_at is None and row.unsubscribed_at is None


def test_confirm_link_works_for_7_days__R_AC4(app, client, db_session, csrf):
    register(client)
    [row] = _rows(db_session)
    path = _confirm_path(app, db_session, row.id)
    row.created_at = utcnow() - timedelta(days=6, hours=23)
    db_session.commit()
    token = csrf(client.get(path))
    row.created_at = utcnow() - timedelta(days=7, seconds=1)
    db_session.commit()
    expired = client.get(path)
    assert expired.status_code == 410
    assert "no longer in use" in expired.get_data(as_text=True)
    assert client.post(path, data={"csrf_token": token}).status_code == 410
    assert _rows(db_session)[0].confirmed_at is None
    welsh = client.get(path.replace("/en/", "/cy/", 1))
    assert welsh.status_code == 410  # the same page in Welsh (the lead translates it)


def test_unknown_confirm_link_is_gone_and_confirm_needs_csrf__R_AC4(client, db_session):
    assert client.get("/en/keep-me-informed/confirm/not-a-token").status_code == 410
    assert client.post("/en/keep-me-informed/confirm/not-a-token").status_code == 400  # CSRF


def test_an_ended_registration_cannot_be_confirmed__R_AC4(app, client, db_session, csrf):
    register(client)
    [row] = _rows(db_session)
    path = _confirm_path(app, db_session, row.id)
    client.post(f"/en/keep-me-informed/stop/{row.unsubscribe_token}")
    assert client.get(path).status_code == 410
    token = csrf(client.get("/en/keep-me-informed"))
    assert client.post(path, data={"csrf_token": token}).status_code == 410
    assert _rows(db_session)[0].confirmed_at is None


def test_same_email_again_reveals_nothing_and_the_newest_confirmed_choices_win__R_AC4(
        app, client, db_session, csrf):
    first = register(client, areas=["powys"])
    [row] = _rows(db_session)
    old_path = _confirm_path(app, db_session, row.id)
    client.post(old_path, data={"csrf_token": csrf(client.get(old_path))})
    second = register(client, areas=["hywel-dda"], email="NIA@example.org")
    assert first.status_code == second.status_code == 302
    assert first.location == second.location, "the answer does not say the address is known"
    old, new = _rows(db_session)
    assert old.confirmed_at and old.unsubscribed_at is None, "nothing changes before confirming"
    assert new.confirmed_at is None
    new_path = _confirm_path(app, db_session, new.id)
    client.post(new_path, data={"csrf_token": csrf(client.get(new_path))})
    old, new = _rows(db_session)
    assert old.unsubscribed_at is not None, "the older registration ends"
    assert new.confirmed_at and new.unsubscribed_at is None and new.areas == ["hywel-dda"]
    # An unconfirmed older registration ends too, so its link stops working.
    register(client, email="nia@example.org")
    register(client, email="nia@example.org")
    *_, pending, newest = _rows(db_session)
    newest_path = _confirm_path(app, db_session, newest.id)
    client.post(newest_path, data={"csrf_token": csrf(client.get(newest_path))})
    assert client.get(_confirm_path(app, db_session, pending.id)).status_code == 410
    active = [r for r in _rows(db_session) if r.confirmed_at and not r.unsubscribed_at]
    assert [r.id for r in active] == [newest.id]


def test_welsh_registration_gets_welsh_email__R_AC2_R_AC4(app, client, db_session):
    # The language chosen, not the page's, decides (here an English page, Welsh chosen).
    register(client, lang="en", language="cy", areas=["cardiff-and-vale"])
    [row] = _rows(db_session)
    assert row.language == Language.WELSH
    message = _eml(app, f"interest-confirm:{row.id}")
    assert message["Content-Language"] == "cy"
    assert '<html lang="cy">' in _html(message)
    assert "Caerdydd a'r Fro" in _text(message)
    assert _confirm_path(app, db_session, row.id).startswith("/cy/keep-me-informed/confirm/")
    assert message["List-Unsubscribe"] == (
        f"<http://localhost/cy/keep-me-informed/stop/{row.unsubscribe_token}>")


def test_language_defaults_to_the_page_language__R_AC2(client, db_session):
    html = client.get("/cy/keep-me-informed").get_data(as_text=True)
    assert 'value="cy" checked' in html
    html = client.get("/en/keep-me-informed").get_data(as_text=True)
    assert 'value="en" checked' in html


# Stopping in one step


def test_unsubscribe_in_one_step__R_AC4(app, client, db_session, csrf):
    register(client)
    [row] = _rows(db_session)
    path = f"/en/keep-me-informed/stop/{row.unsubscribe_token}"
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    done = client.post(path, data={"csrf_token": csrf(page)})
    assert done.status_code == 200
    assert "We will not contact you about new roles again" in done.get_data(as_text=True)
    stopped_at = _rows(db_session)[0].unsubscribed_at
    assert stopped_at is not None
    # Idempotent, and the page says so again.
    assert client.post(path, data={"csrf_token": csrf(page)}).status_code == 200
    assert _rows(db_session)[0].unsubscribed_at == stopped_at
    again = client.get(path)
    assert again.status_code == 200 and "not contact you" in again.get_data(as_text=True)


def test_one_click_unsubscribe_post_needs_no_csrf_token__R_AC4(app, db_session):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click with no form token."""
    registration = _active(db_session)
    db_session.commit()
    mail_client = app.test_client()  # no cookies, no token: like a mail provider's server
    response = mail_client.post(f"/en/keep-me-informed/stop/{registration.unsubscribe_token}",
                                data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _rows(db_session)[0].unsubscribed_at is not None
    # Only that endpoint is exempt: the rest still needs a token.
    assert mail_client.post("/en/keep-me-informed", data=_form()).status_code == 400
    assert mail_client.post("/en/keep-me-informed/stop/unknown-token",
                            data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert mail_client.get("/en/keep-me-informed/stop/unknown-token").status_code == 404


def test_rendered_emails_carry_one_click_headers_only_when_they_can_stop(app, db_session):
    registration = _active(db_session)
    message = db_session.scalar(sa.select(OutboxMessage))
    email = mail.render(message)
    assert email["List-Unsubscribe"] == f"<{interest.unsubscribe_link(registration)}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message.template, message.payload = "sign_in", {"url": "u", "minutes": 15, "name": "A"}
    assert mail.render(message)["List-Unsubscribe"] is None


# Phone and post (R-AC1: no email needed)


@pytest.mark.parametrize(("channel", "detail", "value"), [
    ("phone", "phone", "+44 29 2000 0000"),
    ("post", "postal_address", "1 Heol y Frenhines\nCaerdydd\nCF10 1AA"),
])
def test_phone_and_post_registrations_are_active_and_make_a_manual_message__R_AC4_R_AC1(
        app, client, db_session, channel, detail, value):
    response = register(client, lang="cy", contact_channel=channel, language="cy",
                        email="typed-but-not-chosen@example.org", **{detail: value})
    assert response.status_code == 302
    assert response.location.endswith("/cy/keep-me-informed/registered")
    assert client.get(response.location).status_code == 200
    [row] = _rows(db_session)
    assert row.confirmed_at is not None and row.confirm_token_hash is None
    assert row.email is None, "only the chosen channel's details are kept"
    assert getattr(row, detail) == value
    [message] = db_session.scalars(sa.select(OutboxMessage))
    assert message.status == OutboxStatus.MANUAL and message.channel == ContactChannel(channel)
    assert message.recipient is None and message.person_id is None
    assert message.key == f"interest-welcome:{row.id}" and message.template == "interest_welcome"
    assert message.language == Language.WELSH and message.payload[detail] == value
    letter = _text(mail.render(message))  # the worker's letter or call script
    assert "Nia Rees" in letter and value.splitlines()[0] in letter
    assert f"/cy/keep-me-informed/stop/{row.unsubscribe_token}" in letter


def test_queue_message_to_needs_an_address_for_email(db_session):
    from portal import outbox

    with pytest.raises(ValueError, match="recipient_email"):
        outbox.queue_message_to(db_session, key="k", template="interest_welcome",
                                channel=ContactChannel.EMAIL, language=Language.ENGLISH)


# Validation


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"name": "  "}, "name", "Enter your name"),
    ({"name": "x" * 201}, "name", "Name must be 200 characters or fewer"),
    ({"contact_channel": ""}, "contact_channel", "Choose how you would like us to contact you"),
    ({"contact_channel": "pigeon"}, "contact_channel",
     "Choose how you would like us to contact you"),
    ({"email": ""}, "email", "Enter your email address, or choose another way to contact you"),
    ({"email": "not-an-address"}, "email", "Enter an email address in the correct format"),
    ({"contact_channel": "phone", "phone": ""}, "phone",
     "Enter your phone number, or choose another way to contact you"),
    ({"contact_channel": "phone", "phone": "029 2000"}, "phone", "with 10 to 15 digits"),
    ({"contact_channel": "phone", "phone": "0800 CALL NOW"}, "phone", "with 10 to 15 digits"),
    ({"contact_channel": "phone", "phone": "1" * 16}, "phone", "with 10 to 15 digits"),
    ({"contact_channel": "post", "postal_address": " \n "}, "postal_address",
     "Enter your postal address, or choose another way to contact you"),
    ({"contact_channel": "post", "postal_address": "x" * 501}, "postal_address",
     "Postal address must be 500 characters or fewer"),
    ({"areas": ["atlantis"]}, "areas", "Choose areas from the list"),
    ({"seat_types": ["chair"]}, "seat_types", "Choose kinds of role from the list"),
    ({"language": "fr"}, "language", "Choose Welsh or English"),
])
def test_validation_errors_show_in_the_gov_uk_pattern__R_AC4(
        client, db_session, fields, field, message):
    response = register(client, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and f'href="#{field}' in html
    assert message in html
    assert response.headers["Cache-Control"] == "no-store"
    assert _rows(db_session) == []
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_typed_values_are_kept_after_an_error(client, db_session):
    response = register(client, name="", contact_channel="post",
                        postal_address="2 Stryd Fawr\nAberystwyth", areas=["powys"],
                        seat_types=["deputy"], email="kept@example.org")
    html = response.get_data(as_text=True)
    assert "2 Stryd Fawr\nAberystwyth</textarea>" in html
    assert 'value="kept@example.org"' in html
    assert 'value="powys" checked' in html and 'value="deputy" checked' in html
    assert 'value="post" checked' in html


def test_the_service_refuses_what_the_form_would__R_AC4(db_session):
    from portal.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        interest.register(db_session, name="", language="xx", channel="post",
                          areas=["atlantis"], seat_types=["chair"])
    assert {f for f, _ in refused.value.problems} == {
        "name", "language", "postal_address", "areas", "seat_types"}


def test_posts_are_rate_limited_per_ip_and_per_email(make_app, app, db_session):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                       INTEREST_RATE_LIMIT="3 per minute", INTEREST_EMAIL_RATE_LIMIT="2 per hour")
    client = limited.test_client()
    codes = [register(client, email=f"x{i}@example.org").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]

    def from_address(ip, **fields):
        other = limited.test_client()
        token = csrf_from(other.get("/en/keep-me-informed"))
        return other.post("/en/keep-me-informed", data={**_form(**fields), "csrf_token": token},
                          environ_base={"REMOTE_ADDR": ip}).status_code

    codes = [from_address(f"10.0.1.{i}", email=("Same" if i else "same") + "@example.org")
             for i in range(3)]
    assert codes == [302, 302, 429]
    # Phone registrations send nothing to that address, so they are not held back by it.
    assert from_address("10.0.1.9", email="same@example.org", contact_channel="phone",
                        phone="029 2000 0000") == 302


# Notifying when a role is published


def test_notify_matching_matches_by_area_and_seat_type_once__R_AC4(app, db_session):
    role = factories.published_role(db_session, vacancies=(1, 0, 0), title="Service user member",
                                    title_cy="Aelod defnyddiwr gwasanaeth")  # Cardiff and Vale
    match = {
        "exact": _active(db_session, areas=["cardiff-and-vale"], seat_types=["service_user"]),
        "anything": _active(db_session),
        "several": _active(db_session, areas=["powys", "cardiff-and-vale"],
                           seat_types=["carer", "service_user"]),
        "by_phone": _active(db_session, channel="phone", phone="029 2000 0000", email=None),
        "welsh": _active(db_session, language="cy", seat_types=["service_user"]),
    }
    no_match = {
        "other_area": _active(db_session, areas=["powys"]),
        "other_seat": _active(db_session, seat_types=["carer", "deputy"]),
        "unconfirmed": interest.register(db_session, name="U", language="en", channel="email",
                                         email="u@example.org"),
        "unsubscribed": _active(db_session),
    }
    no_match["unsubscribed"].unsubscribed_at = utcnow()
    db_session.commit()
    before = db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)))

    assert interest.notify_matching(db_session, role) == len(match)
    db_session.commit()
    told = {m.key: m for m in db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == "interest_role_published"))}
    assert set(told) == {f"role-published:{role.id}:{r.id}" for r in match.values()}
    phone = told[f"role-published:{role.id}:{match['by_phone'].id}"]
    assert phone.status == OutboxStatus.MANUAL and phone.payload["phone"] == "029 2000 0000"
    exact = told[f"role-published:{role.id}:{match['exact'].id}"]
    assert exact.status == OutboxStatus.SENT
    assert exact.payload["url"] == f"http://localhost/en/roles/{role.id}"
    assert exact.payload["closes_on"] == role.closes_on.isoformat()
    assert exact.payload["title_cy"] == "Aelod defnyddiwr gwasanaeth"

    # Exactly once: a second call (a retried publish) queues nothing new.
    assert interest.notify_matching(db_session, role) == 0
    db_session.commit()
    after = db_session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    assert after == before + len(match)


def test_role_email_is_in_the_registrants_language_with_a_stop_link__R_AC2_R_AC4(
        app, db_session):
    role = factories.published_role(db_session, title="Carer member",
                                    title_cy="Aelod sy'n ofalwr", vacancies=(0, 1, 0))
    welsh = _active(db_session, language="cy")
    english = _active(db_session, language="en")
    db_session.commit()
    interest.notify_matching(db_session, role)
    db_session.commit()
    message = _eml(app, f"role-published:{role.id}:{welsh.id}")
    assert message["Content-Language"] == "cy" and '<html lang="cy">' in _html(message)
    text = _text(message)
    assert "Aelod sy'n ofalwr" in text and "Carer member" not in text
    assert f"http://localhost/cy/roles/{role.id}" in text
    assert "Bwrdd " in text, "the board's Welsh name"
    assert message["List-Unsubscribe"] == (
        f"<http://localhost/cy/keep-me-informed/stop/{welsh.unsubscribe_token}>")
    assert "Alex Jones" in text, "who to contact (000 §2.9)"
    english_text = _text(_eml(app, f"role-published:{role.id}:{english.id}"))
    assert "Carer member" in english_text and f"/en/roles/{role.id}" in english_text


def test_notify_matching_loads_registrations_with_one_select(app, db_session):
    role = factories.published_role(db_session)
    for _ in range(12):
        _active(db_session, areas=["powys"])  # none match: only the reads are counted
    db_session.commit()
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if "interest_registration" in statement and statement.lstrip().upper().startswith(
                "SELECT"):
            statements.append(statement)

    engine = db_session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert interest.notify_matching(db_session, role) == 0
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_notify_matching_refuses_an_unpublished_role(db_session):
    board = factories.board(db_session, factories.organisation(db_session))
    with pytest.raises(NotFound):
        interest.notify_matching(db_session, factories.recruitment(db_session, board))


def test_keep_me_informed_is_linked_from_the_home_and_roles_pages(client, db_session):
    for path in ("/en/", "/en/roles/", "/cy/", "/cy/roles/"):
        lang = path[1:3]
        assert f'href="/{lang}/keep-me-informed"' in client.get(path).get_data(as_text=True)
