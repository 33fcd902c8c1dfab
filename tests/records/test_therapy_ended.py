"""After therapy ends the file is still kept: a late session and a disclosure (a court
order, a safeguarding concern) may still be recorded, and the page offers both because
it asks the case file, which is the one record that therapy ended. A file whose key is
destroyed (a disposal under way) takes nothing, and counts as disposed everywhere."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from clients.models import Client
from disclosures.models import DisclosureRequest
from disclosures.permissions import may_start_disclosure
from disclosures.services import drafting
from records import services as record_services
from records.models import CaseFile, Session
from subject_access.models import SubjectAccessRequest
from tests.conftest import case_file_of, make_client, signed_in
from tests.subject_access.builders import log_request

pytestmark = pytest.mark.django_db(databases="__all__")


def _session_values(**extra):
    return {
        "date": timezone.localdate() - timedelta(days=3),
        "start_time": time(10),
        "duration_minutes": 50,
        "modality": "in_person",
        "attendance": "attended",
        **extra,
    }


def _ended(therapist) -> Client:
    client = make_client(therapist, given_name="Wilhelmina", family_name="Ended")
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=timezone.localdate() - timedelta(days=7)
    )
    return client


def test_the_client_page_offers_a_late_session_and_a_disclosure_after_therapy_ends(therapist):
    client = _ended(therapist)
    browser = signed_in(therapist)
    page = browser.get(reverse("client_detail", kwargs={"ref": client.ref})).content.decode()
    assert "Record a session" in page
    assert "Consider a disclosure" in page
    assert "End therapy" not in page

    response = browser.post(
        reverse("session_new", kwargs={"ref": client.ref}),
        {**_session_values(), "date": (timezone.localdate() - timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 302
    assert Session.objects.filter(case_file=case_file_of(client)).count() == 1
    case_file = case_file_of(client)
    assert case_file.last_contact_on == timezone.localdate() - timedelta(days=2)

    response = browser.post(reverse("disclosure_start", kwargs={"ref": client.ref}))
    assert response.status_code == 302
    assert DisclosureRequest.objects.filter(case_file=case_file).count() == 1


def test_the_client_status_mirrors_the_case_file_and_the_case_file_decides(therapist):
    client = _ended(therapist)
    case_file = case_file_of(client)
    assert case_file.therapy_ended and client.status == Client.Status.ENDED
    live = make_client(therapist)
    assert not case_file_of(live).therapy_ended and live.status == Client.Status.ACTIVE

    # Were the mirror ever out of step, the case file is what counts.
    Client.objects.filter(pk=client.pk).update(status=Client.Status.ACTIVE)
    client.refresh_from_db()
    with pytest.raises(ValidationError, match="already ended"):
        client_services.client_end_therapy(
            actor=therapist, client=client, last_contact_on=timezone.localdate()
        )
    page = signed_in(therapist).get(reverse("client_detail", kwargs={"ref": client.ref}))
    assert "End therapy" not in page.content.decode()
    assert case_file_of(client).closed_on == case_file.closed_on


def test_every_ended_client_in_the_database_has_a_closed_file_and_no_other(therapist):
    ended = [_ended(therapist) for _ in range(2)]
    make_client(therapist)
    ended_refs = set(
        Client.objects.filter(status=Client.Status.ENDED).values_list("record_ref", flat=True)
    )
    closed_refs = set(CaseFile.objects.therapy_ended().values_list("record_ref", flat=True))
    assert ended_refs == closed_refs == {client.record_ref for client in ended}


def test_a_file_whose_key_is_destroyed_takes_nothing_and_counts_as_disposed(therapist, admin_user):
    client = make_client(therapist, given_name="Half", family_name="Disposed")
    case_file = case_file_of(client)
    CaseFile.objects.filter(pk=case_file.pk).update(wrapped_key="")  # disposal interrupted
    case_file.refresh_from_db()

    assert not CaseFile.objects.live().filter(pk=case_file.pk).exists()
    assert not case_file.may_record_session
    with pytest.raises(ValidationError, match="disposed of"):
        record_services.session_save(actor=therapist, case_file=case_file, **_session_values())
    assert not Session.objects.exists()
    assert not may_start_disclosure(therapist, case_file)
    with pytest.raises(PermissionDenied):
        drafting.request_start(actor=therapist, case_file=case_file)
    # Subject access once treated only "no row" as disposed, so this logged a request.
    with pytest.raises(ValidationError, match="disposed of"):
        log_request(admin_user, client, received_on=date.today() - timedelta(days=1))
    assert not SubjectAccessRequest.objects.exists()
