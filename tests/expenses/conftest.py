import pytest

from tests.expenses.builders import expenses_world


@pytest.fixture
def world(db_session):
    return expenses_world(db_session)
