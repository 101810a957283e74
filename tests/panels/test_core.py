"""panels.core: the checks every panel page starts from."""

import pytest

from portal.errors import Forbidden, NotFound
from portal.models import PanelMember, PanelScheme
from portal.models.base import utcnow
from portal.panels import core
from tests.panels.builders import panel_world


def signed_in(person):
    person.session_token = "test"
    return person


def test_a_conflicted_member_may_not_open_that_application__R_SEL4(db_session):
    world = panel_world(db_session, conflicts={(3, 0)})
    with pytest.raises(Forbidden):
        core.ensure_may_open(db_session, signed_in(world.members[3]), world.role.id,
                             world.applications[0].id)
    seat, application = core.ensure_may_open(db_session, signed_in(world.members[3]),
                                             world.role.id, world.applications[1].id)
    assert application.id == world.applications[1].id and not seat.is_chair


def test_nothing_opens_before_declaring__R_SEL4(db_session):
    world = panel_world(db_session, declared=False)
    with pytest.raises(core.MustDeclare):
        core.ensure_may_open(db_session, signed_in(world.members[0]), world.role.id,
                             world.applications[0].id)


def test_nothing_opens_before_training_and_confidentiality__R_SEL6(db_session):
    world = panel_world(db_session, ready=False)
    with pytest.raises(core.NotReady):
        core.ensure_may_open(db_session, signed_in(world.members[0]), world.role.id,
                             world.applications[0].id)
    world.seats[0].training_confirmed_at = utcnow()
    with pytest.raises(core.NotReady):  # confidentiality still missing
        core.ensure_ready(db_session, signed_in(world.members[0]), world.role.id)


def test_another_panel_and_another_recruitment_are_refused(db_session):
    world = panel_world(db_session)
    with pytest.raises(Forbidden):
        core.ensure_member(db_session, signed_in(world.outsider_member), world.role.id)
    with pytest.raises(NotFound):  # a member of this panel, another recruitment's application
        core.ensure_may_open(db_session, signed_in(world.members[0]), world.role.id,
                             world.other_applications[0].id)


def test_only_the_approved_scheme_counts__R_SEL3(db_session):
    world = panel_world(db_session)
    newcomer = signed_in(world.outsider_member)
    # A newer draft naming someone else changes nothing until it is approved.
    draft = PanelScheme(recruitment_id=world.role.id, number=2,
                        member_ids=[*world.scheme.member_ids, newcomer.id],
                        chair_id=world.members[0].id, scale=world.scheme.scale,
                        criteria=world.scheme.criteria, questions=world.scheme.questions)
    db_session.add(draft)
    db_session.add(PanelMember(recruitment_id=world.role.id, person_id=newcomer.id))
    db_session.flush()
    assert core.current_scheme(db_session, world.role.id).number == 1
    assert core.latest_scheme(db_session, world.role.id).number == 2
    with pytest.raises(Forbidden):
        core.ensure_member(db_session, newcomer, world.role.id)
    draft.approved_at = utcnow()
    assert core.ensure_member(db_session, newcomer, world.role.id).scheme.number == 2


def test_chats_are_not_scored(db_session):
    from tests.console.builders import make_application
    world = panel_world(db_session)
    chat = make_application(db_session, world.role, route="informal_chat", chat_mode="phone")
    ids = set(db_session.scalars(core.panel_applications(world.role.id)).all())
    assert chat not in ids and len(ids) == 6
