"""Equality monitoring (R-AC3): optional, offered after sending, stored apart, answered once,
never seen by the group, the panel or engagement workers, reported only in totals with small
numbers hidden so that they cannot be worked out by subtraction."""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.applications import equality
from portal.models import Application, ApplicationEvent, EqualityResponse, GroupMember
from portal.models.enums import MemberKind, MemberStatus
from tests import factories
from tests.applications.test_my_applications import by_reference, post, role, send, start
from tests.test_access_matrix import MATRIX, world  # noqa: F401 - the fixture

__all__ = ["role", "world"]
ANSWERS = {"age": "35_44", "sex": "female", "gender_same": "prefer_not_to_say",
           "ethnic_group": "white_traveller", "welsh": "some", "carer": "yes"}


def test_answers_are_stored_apart_from_the_application__R_AC3(client, db_session, csrf, role):
    table = EqualityResponse.__table__
    assert set(table.columns.keys()) == {"id", "recruitment_id", "answers"}
    assert {fk.column.table.name for fk in table.foreign_keys} == {"recruitment"}
    reference = send(client, csrf, role)
    page = client.get(f"/en/my-applications/{reference}/equality")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Prefer not to say" in html
    assert html.count('value="prefer_not_to_say"') == len(equality.QUESTIONS)
    assert "never see" in html  # explained: kept from the group and the panel
    response = post(client, csrf, f"/en/my-applications/{reference}/equality", ANSWERS)
    assert response.status_code == 302
    stored = db_session.scalar(sa.select(EqualityResponse))
    assert stored.recruitment_id == role.id and stored.answers == ANSWERS
    application = by_reference(db_session, reference)
    assert application.equality_answered
    kinds = db_session.scalars(sa.select(ApplicationEvent.kind).where(
        ApplicationEvent.application_id == application.id)).all()
    assert not [k for k in kinds if "equality" in k], "nothing on the timeline links them"
    # Answered once: not offered again, and a second answer is not stored.
    again = client.get(f"/en/my-applications/{reference}/equality").get_data(as_text=True)
    assert "already answered" in again
    assert f"/my-applications/{reference}/equality" not in client.get(
        f"/en/apply/{reference}/sent").get_data(as_text=True)
    token = csrf(client.get("/en/apply/continue"))
    client.post(f"/en/my-applications/{reference}/equality",
                data={**ANSWERS, "csrf_token": token})
    assert db_session.scalar(sa.select(sa.func.count(EqualityResponse.id))) == 1


def test_offered_only_after_sending_and_bad_answers_save_nothing__R_AC3(
        client, db_session, csrf, role):
    draft = start(client, csrf, role).rsplit("/", 1)[1]
    page = client.get(f"/en/my-applications/{draft}/equality").get_data(as_text=True)
    assert "once an application has been sent" in page and "<form" not in page.split(
        'id="main-content"')[1]
    reference = send(client, csrf, role, lang="cy")
    refused = post(client, csrf, f"/cy/my-applications/{reference}/equality",
                   {**ANSWERS, "religion": "pastafarian"})
    assert refused.status_code == 400
    assert 'href="#religion"' in refused.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count(EqualityResponse.id))) == 0
    assert not by_reference(db_session, reference).equality_answered
    # Sending nothing at all is fine: nothing is stored, and it is not asked again.
    assert post(client, csrf, f"/cy/my-applications/{reference}/equality",
                {}).status_code == 302
    assert db_session.scalar(sa.select(sa.func.count(EqualityResponse.id))) == 0
    assert by_reference(db_session, reference).equality_answered


def _responses(db_session, recruitment_id, *answers):
    for a in answers:
        db_session.add(EqualityResponse(recruitment_id=recruitment_id, answers=a))
    db_session.commit()


def test_never_reachable_by_the_group_the_panel_or_workers__R_AC3(
        app, db_session, login, world):  # noqa: F811 - the access matrix's fixture
    """Through any endpoint: every page of the access matrix, fetched as each person who
    works on the recruitment but is not its organisation's administrator, never shows an
    answer; the report and the form refuse them. The organisation's administrator sees the
    totals (the control)."""
    published = world["published"]
    db_session.add(GroupMember(recruitment_id=published, person_id=world["people"][
        "representative"].id, kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    _responses(db_session, published, *[{"ethnic_group": "white_traveller"}] * 6)
    marker = "Gypsy, Irish Traveller or Roma"
    for role_name in ("representative", "engagement_worker", "person", "other_org_admin"):
        client = app.test_client()
        login(client, world["people"][role_name])
        for endpoint, (method, template, _expected) in MATRIX.items():
            if method != "GET":
                continue
            path = template.format(lang="en", **{k: v for k, v in world.items()
                                                 if k != "people"})
            response = client.get(path)
            assert marker not in response.get_data(as_text=True), (role_name, endpoint)
        overall = client.get("/en/equality")  # another organisation's: their own, empty
        assert overall.status_code == (200 if role_name == "other_org_admin" else 403)
        assert marker not in overall.get_data(as_text=True)
        assert client.get(f"/en/equality/{published}").status_code == 403, role_name
        assert client.get(f"/en/my-applications/{world['application']}/equality"
                          ).status_code == 404
    admin = app.test_client()
    login(admin, world["people"]["org_admin"])
    html = admin.get(f"/en/equality/{published}").get_data(as_text=True)
    assert marker in html and ">6<" in html.replace(" ", "").replace("\n", "")


def _possible_values(display, total):
    """Every count table consistent with what is shown: {cell: set of values it could be}."""
    ranges = []
    for shown, kind in display:
        if shown is not None:
            ranges.append([shown])
        elif kind == "low":
            ranges.append(range(0, equality.LOW))
        elif kind == "table":
            ranges.append(range(0, total + 1))
        else:
            ranges.append(range(equality.LOW, total + 1))
    seen = [set() for _ in display]
    for combo in itertools.product(*ranges):
        if sum(combo) == total:
            for i, v in enumerate(combo):
                seen[i].add(v)
    return seen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=3, max_size=5))
def test_no_hidden_count_can_be_worked_out_by_subtraction__R_AC3(counts):
    table = {f"c{i}": n for i, n in enumerate(counts)}
    decision = equality.suppress(table)
    for key, n in table.items():
        if 0 < n < equality.LOW:
            assert decision[key] in ("low", "table"), "every count from 1 to 4 is hidden"
        if decision[key] == "low":
            assert n < equality.LOW, "a cell shown as 'fewer than 5' is fewer than 5"
    display = [(None if decision[k] else n, decision[k]) for k, n in table.items()]
    possible = _possible_values(display, sum(counts))
    for (key, n), values in zip(table.items(), possible, strict=True):
        assert n in values
        if decision[key]:
            assert len(values) >= 2, f"{key}={n} can be worked out from {display}"


def test_suppression_examples__R_AC3():
    # One small cell: a shown zero is hidden with it, so that the total does not give it away.
    assert equality.suppress({"a": 10, "b": 3, "c": 0}) == {"a": None, "b": "low", "c": "low"}
    # Two 4s with nothing else hidden would be 8 − … = 4 and 4: a larger cell goes too.
    assert equality.suppress({"a": 10, "b": 4, "c": 4}) == {
        "a": "withheld", "b": "low", "c": "low"}
    assert equality.suppress({"a": 10, "b": 7, "c": 0}) == {"a": None, "b": None, "c": None}
    # Every cell hidden and still certain: the whole question is not shown.
    assert set(equality.suppress({"a": 4, "b": 4, "c": 4}).values()) == {"table"}


def test_report_in_totals_for_administrators__R_AC3(app, db_session, login, role):
    from portal.models import Board, Organisation

    org = db_session.get(Organisation, db_session.get(Board, role.board_id).organisation_id)
    admin, platform, stranger = (factories.person(db_session) for _ in range(3))
    factories.grant(db_session, admin, "org_admin", org)
    factories.grant(db_session, platform, "platform_admin")
    factories.grant(db_session, stranger, "org_admin", factories.organisation(db_session))
    small = factories.published_role(db_session, db_session.get(Board, role.board_id))
    db_session.commit()
    _responses(db_session, role.id, *[{"sex": "female", "welsh": "fluent"}] * 7,
               {"sex": "male", "welsh": "none"}, {"sex": "male"})
    _responses(db_session, small.id, {"sex": "female"}, {"sex": "male"})
    for person, status in ((admin, 200), (platform, 200), (stranger, 403)):
        client = app.test_client()
        login(client, person)
        assert client.get(f"/en/equality/{role.id}").status_code == status
        assert client.get(f"/cy/equality/{role.id}").status_code == status
    client = app.test_client()
    login(client, admin)
    html = client.get(f"/en/equality/{role.id}").get_data(as_text=True)
    assert "9 people answered" in html and "fewer than 5" in html
    small_page = client.get(f"/en/equality/{small.id}").get_data(as_text=True)
    assert "nothing to show yet" in small_page
    overall = client.get("/en/equality").get_data(as_text=True)
    assert "9 people answered" in overall  # the small recruitment waits until it has 5
    worker = factories.person(db_session)
    factories.grant(db_session, worker, "engagement_worker", org)
    db_session.commit()
    client = app.test_client()
    login(client, worker)
    assert client.get("/en/equality").status_code == 403


def test_overall_figures_hide_what_any_recruitment_hides__R_AC3(db_session, role):
    """Overall minus the other recruitments would give a hidden figure away."""
    from portal.models import Board

    other = factories.published_role(db_session, db_session.get(Board, role.board_id))
    platform = factories.person(db_session)
    factories.grant(db_session, platform, "platform_admin")
    db_session.commit()
    platform.session_token = "signed-in"
    _responses(db_session, role.id, *[{"carer": "yes"}] * 5, {"carer": "no"})
    _responses(db_session, other.id, *[{"carer": "yes"}] * 5, *[{"carer": "no"}] * 6)
    _lines, report = equality.overall_report(db_session, platform)
    carer = next(t for t in report.tables if t.key == "carer")
    cells = {c.key: c for c in carer.cells}
    assert cells["no"].count == 7 and cells["no"].shown is None
    assert cells["yes"].shown is None or cells["yes"].shown == 10
    _recruitment, one = equality.recruitment_report(db_session, platform, role.id)
    mine = {c.key: c for c in next(t for t in one.tables if t.key == "carer").cells}
    assert mine["no"].hidden_as == "low"


def test_application_status_is_not_changed_by_equality_answers(db_session, role):
    """Answering (or not) makes no difference to the application (R-AC3)."""
    columns = set(Application.__table__.columns.keys())
    assert not {c for c in columns if c.startswith("equality") and c != "equality_answered"}
