import pytest

from tests.conftest import make_client, make_staff


@pytest.fixture
def client_a(therapist):
    return make_client(therapist, given_name="Quentin", family_name="Oddname")


@pytest.fixture
def supervisor2(db):
    return make_staff("supervisor2", "supervisor", first_name="Robin")
