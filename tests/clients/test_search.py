"""Name search ignores case and accents, the same on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from clients import selectors, services
from tests.conftest import make_client, signed_in


@pytest.mark.parametrize("typed", ["zoe", "ZOE", "Zoë", "zoë", "zoe lefevre", "LEFÈVRE"])
def test_search_finds_zoe_however_it_is_typed(therapist, typed):
    make_client(therapist, given_name="Zoë", family_name="Lefèvre")
    make_client(therapist, given_name="Zola", family_name="Other")
    found = selectors.clients_for(therapist, query=typed)
    assert [client.given_name for client in found] == ["Zoë"]


def test_an_unaccented_name_is_found_by_an_accented_search(therapist):
    make_client(therapist, given_name="Zoe", family_name="Plain")
    assert selectors.clients_for(therapist, query="Zoë").count() == 1


def test_search_follows_a_change_of_name(therapist):
    client = make_client(therapist, given_name="Anna", family_name="Before")
    services.client_update(
        actor=therapist, client=client, values={"family_name": "Åström", "preferred_name": "Ani"}
    )
    assert selectors.clients_for(therapist, query="astrom").get() == client
    assert selectors.clients_for(therapist, query="ani").get() == client
    assert not selectors.clients_for(therapist, query="before").exists()


def test_caseload_page_finds_zoe_from_zoe(therapist):
    make_client(therapist, given_name="Zoë", family_name="Lefèvre")
    page = signed_in(therapist).get(reverse("therapist_dashboard"), {"q": "zoe"})
    assert "Zoë Lefèvre" in page.content.decode()


def test_search_never_reaches_another_therapists_clients(therapist, therapist2):
    make_client(therapist2, given_name="Zoë", family_name="Elsewhere")
    assert not selectors.clients_for(therapist, query="zoe").exists()
