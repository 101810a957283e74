"""Access control of every panel and expenses endpoint × every kind of person (ENGINEERING.md
security; R-SEL4: a conflicted member is refused; IDOR: a member of another panel is refused).

Rows live in tests/panels/matrix/rows_*.py, one module per journey.
"""

from __future__ import annotations

import pytest

from portal.models import Board, Organisation, PanelMember, Recruitment
from portal.models.enums import MemberKind, MemberStatus
from tests import factories
from tests.panels.builders import panel_world
from tests.panels.matrix import REDIRECT, ROLES, SIGN_IN, collect

ROWS, POST_DATA, HOOKS = collect()
BLUEPRINTS = ("panels.", "expenses.")


@pytest.fixture
def world(db_session):
    from portal.models import GroupMember

    w = panel_world(db_session, conflicts={(3, 0)}, commit=False)
    organisation = db_session.get(Organisation, db_session.get(
        Board, w.role.board_id).organisation_id)
    people = {"chair": w.members[0], "member": w.members[1], "conflicted": w.members[3],
              "outsider": w.outsider_member}
    for role in ("person", "engagement_worker", "org_admin", "platform_admin", "group_member",
                 "unready", "budget_holder"):
        people[role] = factories.person(db_session, given_name=role.title(), family_name="M")
    factories.grant(db_session, people["engagement_worker"], "engagement_worker", organisation)
    factories.grant(db_session, people["org_admin"], "org_admin", organisation)
    factories.grant(db_session, people["platform_admin"], "platform_admin")
    db_session.add(GroupMember(recruitment_id=w.role.id, person_id=people["group_member"].id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.add(GroupMember(recruitment_id=w.role.id, person_id=people["unready"].id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.add(PanelMember(recruitment_id=w.role.id, person_id=people["unready"].id))
    w.scheme.member_ids = [*w.scheme.member_ids, people["unready"].id]
    db_session.get(Recruitment, w.role.id).budget_holder_id = people["budget_holder"].id
    values = {"recruitment": w.role.id, "application": w.applications[0].id,
              "other_application": w.applications[1].id, "other_recruitment": w.other_role.id,
              "outside_application": w.other_applications[0].id}
    for extend in HOOKS:
        extend(db_session, values, people)
    db_session.commit()
    return {"people": people, "world": w, **values}


def test_every_panel_endpoint_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith(BLUEPRINTS)}
    assert endpoints == set(ROWS)


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("role", ROLES)
def test_panel_access_matrix(app, db_session, login, csrf, world, role, lang):
    if not ROWS:
        pytest.skip("no panel endpoints yet")
    client = app.test_client()
    if role != "anonymous":
        login(client, world["people"][role])
    values = {k: v for k, v in world.items() if k not in ("people", "world")}
    for endpoint, (method, template, expected) in ROWS.items():
        path = template.format(lang=lang, **values)
        if method == "POST":
            token = csrf(client.get(f"/{lang}/{'sign-in' if role == 'anonymous' else 'account'}"))
            response = client.post(path, data={**POST_DATA.get(endpoint, {}),
                                               "csrf_token": token})
        else:
            response = client.get(path)
        want = expected[role]
        where = f"{endpoint} as {role}"
        if want == SIGN_IN:
            assert response.status_code == 302 and "/sign-in" in response.location, where
        elif want == REDIRECT:
            assert response.status_code == 302 and "/sign-in" not in response.location, where
        else:
            assert response.status_code == want, f"{where}: {response.status_code}"
