import pytest

from tests.conftest import make_client
from tests.contracting.builders import complete_practice_profile


@pytest.fixture
def practice_profile(db):
    complete_practice_profile()


@pytest.fixture
def new_client(therapist, practice_profile):
    """A client with no records consent yet, whose name is easy to find in any output."""
    return make_client(
        therapist,
        consent=False,
        given_name="Wilhelmina",
        family_name="Xylophonesmith",
        email="wilhelmina.x@example.invalid",
    )
