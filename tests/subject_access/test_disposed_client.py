"""A request about a client whose records were disposed of: the page says so, by date."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from records import disposal
from records.models import Tombstone
from subject_access.models import SubjectAccessRequest
from tests.conftest import make_client, signed_in


def _disposed(therapist, admin_user):
    client = make_client(therapist, given_name="Ottoline", family_name="Quarrendon")
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=date(2015, 3, 1)
    )
    disposal.dispose_due(actor=admin_user, record_refs=[client.record_ref])
    return client.record_ref


def test_searching_by_a_disposed_files_reference_says_when_without_identity(therapist, admin_user):
    ref = _disposed(therapist, admin_user)
    tombstone = Tombstone.objects.get(record_ref=ref)
    url = reverse("sar_new")
    page = signed_in(admin_user).get(url, {"q": f" {ref.lower()} "}).content.decode()
    assert f"The records kept under reference {ref} were disposed of on" in page
    assert timezone.localtime(tombstone.completed_at).strftime("%-d %B %Y") in page
    assert "Retention period ended".lower() in page
    assert "no personal data about them is held" in page
    assert "Ottoline" not in page and "Quarrendon" not in page
    assert not SubjectAccessRequest.objects.exists()


def test_a_name_or_an_unknown_reference_says_nothing_about_disposal(therapist, admin_user):
    _disposed(therapist, admin_user)
    browser = signed_in(admin_user)
    for query in ("Ottoline", "R-AAAAAAAAAAAA", "R-"):
        page = browser.get(reverse("sar_new"), {"q": query}).content.decode()
        assert 'id="disposed"' not in page
        assert "No client has that name" in page


def test_only_an_admin_is_told(therapist, admin_user):
    from subject_access import selectors

    ref = _disposed(therapist, admin_user)
    assert selectors.disposed_record(admin_user, ref).record_ref == ref
    assert selectors.disposed_record(therapist, ref) is None
