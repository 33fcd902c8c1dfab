"""The agreement and the privacy notice tell the client where the complaint form is, for
every audience, at the site's own address (SITE_URL)."""

import pytest
from django.conf import settings
from django.urls import reverse

from contracting import rendering
from contracting.defaults import CONTRACT_ADULT, CONTRACT_PARENTAL, CONTRACT_YOUNG_PERSON
from contracting.models import Variant
from contracting.services import documents_prepare
from tests.conftest import make_client
from tests.contracting.builders import complete_practice_profile

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_site_address_makes_the_link_absolute():
    address = rendering.complaint_form_address()
    assert settings.SITE_URL and address == settings.SITE_URL + reverse("complaint_form")


@pytest.mark.parametrize(
    ("body", "variant"),
    [
        (CONTRACT_ADULT, Variant.ADULT),
        (CONTRACT_YOUNG_PERSON, Variant.YOUNG_PERSON),
        (CONTRACT_PARENTAL, Variant.PARENTAL),
    ],
)
def test_every_agreement_names_the_complaint_form(body, variant):
    assert "{{ practice.complaint_form }}" in body
    assert not rendering.body_problems(body, variant=variant)


@pytest.mark.parametrize("variant", [Variant.ADULT, Variant.YOUNG_PERSON, Variant.PARENTAL])
def test_the_documents_given_to_a_client_carry_the_address(therapist, variant):
    complete_practice_profile()
    client = make_client(therapist)
    prepared = documents_prepare(therapist=therapist, client=client, variant=variant)
    for kind, document in prepared.documents.items():
        assert rendering.complaint_form_address() in str(document.body), kind
        assert not document.missing, (kind, document.missing)
