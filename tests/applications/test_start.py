"""Starting an application without an account (R-SEL1, R-SEL2, R-RD4, R-AC1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal import publication
from portal.applications import services
from portal.errors import DomainError, NotFound
from portal.models import ApplicationEvent
from portal.models.base import today_in_wales
from portal.models.enums import ApplicationStatus
from tests import factories


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session)
    db_session.commit()
    return role


def test_only_the_routes_the_role_offers_or_asking_for_another__R_SEL1_R_SEL2(
        data_app, db_session, role):
    loaded = publication.get_published(db_session, role.id)
    assert services.routes_offered(loaded) == ["informal_chat", "application_form"]
    with data_app.test_request_context("/en/"):
        with pytest.raises(DomainError) as refused:
            services.start(db_session, role.id, "formal_interview", "en")
        assert refused.value.field == "route"
        application, _secret = services.start(db_session, role.id, services.OTHER_ROUTE, "cy")
        services.answer_eligibility(db_session, application, "yes")
        with pytest.raises(DomainError):
            services.save_words(db_session, application, "  ")
        services.save_words(db_session, application, "A walk and talk, as rooms make me anxious")
    assert application.other_route_request.startswith("A walk and talk")
    kinds = db_session.scalars(sa.select(ApplicationEvent.kind).order_by(
        ApplicationEvent.id)).all()
    assert kinds == ["started", "eligibility_answered", "other_route_requested"]


def test_nobody_applies_to_a_closed_or_unpublished_role(data_app, db_session, role):
    closed = factories.published_role(db_session, closes_on=today_in_wales() - timedelta(days=1))
    draft = factories.recruitment(db_session, factories.board(
        db_session, factories.organisation(db_session)))
    db_session.commit()
    with data_app.test_request_context("/en/"):
        with pytest.raises(DomainError):
            services.start(db_session, closed.id, "application_form", "en")
        with pytest.raises(NotFound):
            services.start(db_session, draft.id, "application_form", "en")


def test_a_draft_opens_only_with_its_own_secret__idor(data_app, db_session, role):
    with data_app.test_request_context("/en/"):
        mine, secret = services.start(db_session, role.id, "application_form", "en")
        theirs, other_secret = services.start(db_session, role.id, "application_form", "en")
    db_session.commit()
    assert mine.reference != theirs.reference
    assert len(mine.reference) == 9 and mine.reference[4] == "-"
    assert services.open_draft(db_session, mine.reference.lower(), secret).id == mine.id
    for reference, key in ((mine.reference, other_secret), (mine.reference, None),
                           (mine.reference, ""), ("ZZZZ-ZZZZ", secret)):
        with pytest.raises(NotFound):
            services.open_draft(db_session, reference, key)
    assert secret not in (mine.access_token_hash, theirs.access_token_hash)


def test_eligibility_uses_the_role_window_and_a_no_is_kind__R_RD4(data_app, db_session, role):
    publication.get_published(db_session, role.id).published_version.eligibility_years = 7
    # widened locally, never narrowed
    db_session.commit()
    with data_app.test_request_context("/en/"):
        application, _secret = services.start(db_session, role.id, "application_form", "en")
        assert services.eligibility_years(db_session, application) == 7
        with pytest.raises(DomainError):
            services.answer_eligibility(db_session, application, "maybe")
        assert services.answer_eligibility(db_session, application, "no") is False
        assert application.status == ApplicationStatus.NOT_ELIGIBLE
        assert services.answer_eligibility(db_session, application, "yes") is True
        assert application.status == ApplicationStatus.DRAFT
    event = db_session.scalars(sa.select(ApplicationEvent).where(
        ApplicationEvent.kind == "eligibility_answered").order_by(ApplicationEvent.id)).first()
    assert event.details == {"answer": "no", "years": 7}
