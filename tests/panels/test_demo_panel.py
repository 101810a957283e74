"""`make run` has a panel to try: a closed role with an agreed scheme, four panel members who
can sign in (one still to confirm training) and six applications in both languages."""

import sqlalchemy as sa

from portal.models import Application, PanelMember, PanelScheme, Person, Recruitment
from portal.panels import core


def test_the_demo_has_a_panel_ready_to_score(app, db_session):
    assert app.test_cli_runner().invoke(args=["seed", "templates"]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0 and "dewi@example.org" in result.output
    scheme = db_session.scalar(sa.select(PanelScheme))
    role = db_session.get(Recruitment, scheme.recruitment_id)
    assert core.current_scheme(db_session, role.id).id == scheme.id
    assert role.closes_on < role.target_start_date and role.budget_holder_id is not None
    assert len(scheme.member_ids) == 4 and scheme.chair_id in scheme.member_ids
    assert all(len(p["en"]) and len(p["cy"]) for p in scheme.scale)
    assert {c["key"] for c in scheme.criteria} >= {"essential-1", "desirable-1"}
    seats = db_session.scalars(sa.select(PanelMember)).all()
    assert sorted(core.is_ready(s) for s in seats) == [False, True, True, True]
    applications = db_session.scalars(core.panel_applications(role.id)).all()
    assert len(applications) == 6
    assert {a.language.value for a in applications} == {"en", "cy"}
    assert {a.contact["channel"] for a in applications} == {"email", "phone", "post"}
    first = applications[0]
    assert set(first.answers["criteria"]) == {c["key"] for c in scheme.criteria}
    chair = db_session.get(Person, scheme.chair_id)
    assert chair.email == "rep@example.org"
    assert db_session.scalar(sa.select(sa.func.count(Application.id))) >= 9
