"""Reviewing a restriction: kept until a later date, or lifted into the client's copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from disclosures.models import DisclosureRecord
from disclosures.services import disclosing
from disclosures.services.restrictions import restriction_review
from practice.models import AuditEvent
from tests.conftest import signed_in
from tests.disclosures.builders import at_state, facts


@pytest.fixture
def restricted(therapist, supervisor, supervision, client_a) -> DisclosureRecord:
    row = at_state("approved", therapist, supervisor, client_a)
    disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(
            row,
            restricted=True,
            restricted_reason="investigation",
            restricted_review_on=timezone.localdate() + timedelta(days=30),
        ),
    )
    return DisclosureRecord.objects.get()


def _url(client, record):
    return reverse("restriction_review", kwargs={"ref": client.ref, "record_ref": record.ref})


def test_a_restriction_is_flagged_once_its_review_date_comes(restricted):
    assert not restricted.restriction_review_due
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert restricted.restriction_review_due


def test_keeping_a_restriction_needs_a_future_date(therapist, client_a, restricted):
    browser = signed_in(therapist)
    yesterday = timezone.localdate() - timedelta(days=1)
    page = browser.post(_url(client_a, restricted), {"keep_until": yesterday}, follow=True)
    assert "Not changed: The next review date must be in the future." in page.content.decode()
    later = timezone.localdate() + timedelta(days=90)
    browser.post(_url(client_a, restricted), {"keep_until": later})
    restricted.refresh_from_db()
    assert restricted.restricted and restricted.restricted_review_on == later
    assert AuditEvent.objects.filter(action="disclosures.restriction_kept").exists()


def test_lifting_puts_the_disclosure_into_the_clients_copy(therapist, client_a, restricted):
    browser = signed_in(therapist)
    copy_url = reverse("client_disclosures", kwargs={"ref": client_a.ref}) + "?copy=client"
    assert "Pat Recipient" not in browser.get(copy_url).content.decode()
    browser.post(_url(client_a, restricted), {"keep_until": ""})
    restricted.refresh_from_db()
    assert not restricted.restricted and restricted.restricted_reason == ""
    assert "Pat Recipient" in browser.get(copy_url).content.decode()
    page = browser.post(_url(client_a, restricted), {"keep_until": ""}, follow=True)
    assert "This disclosure is not restricted." in page.content.decode()


def test_only_the_clients_own_therapist_reviews_a_restriction(therapist2, client_a, restricted):
    with pytest.raises(PermissionDenied):
        restriction_review(actor=therapist2, record=restricted, keep_until=None)
    assert signed_in(therapist2).post(_url(client_a, restricted)).status_code == 404
    restricted.refresh_from_db()
    assert restricted.restricted


def test_an_unrestricted_disclosure_has_nothing_to_review(
    therapist, supervisor, supervision, client_a
):
    at_state("disclosed", therapist, supervisor, client_a)
    record = DisclosureRecord.objects.get()
    with pytest.raises(ValidationError, match="not restricted"):
        restriction_review(actor=therapist, record=record, keep_until=None)


def test_the_data_map_keeps_a_restricted_disclosure_out_of_client_facing_rows(restricted):
    from practice import client_facing, datamap

    entry = datamap.entry_for(DisclosureRecord)
    ref = restricted.case_file.record_ref
    assert list(entry.rows_for(ref)) == [restricted]
    assert list(client_facing.screen_for(ref).rows(entry)) == []


def test_an_open_disclosure_request_holds_the_case_file(
    therapist, supervisor, supervision, client_a
):
    from records import holds

    row = at_state("submitted", therapist, supervisor, client_a)
    assert "an open disclosure request" in holds.automatic_reasons(row.case_file)
