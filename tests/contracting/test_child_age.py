"""A child's agreement needs the client's date of birth, or their age when it is not known:
a child's records are kept until a set birthday (issue 24, item 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contracting.models import Agreement, Variant
from tests.conftest import make_client, signed_in


@pytest.mark.parametrize("variant", [Variant.YOUNG_PERSON, Variant.PARENTAL])
def test_a_childs_agreement_needs_a_date_of_birth_or_an_age(therapist, practice_profile, variant):
    client = make_client(therapist, consent=False, date_of_birth=None)
    response = signed_in(therapist).post(
        reverse("contracting_generate", args=[client.ref]),
        {"variant": variant, "competence_assessed": "on"},
    )
    assert "Give the client&#x27;s date of birth" in response.content.decode()
    assert not Agreement.objects.exists()
