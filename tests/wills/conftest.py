import pytest

from practice.services import supervision_start
from tests.conftest import TESTS, make_staff


@pytest.fixture
def executor(db):
    return make_staff("executor", "executor", first_name="Robin", last_name="Reyes")


@pytest.fixture
def supervised(therapist, supervisor):
    return supervision_start(actor=TESTS, therapist=therapist, supervisor=supervisor)
