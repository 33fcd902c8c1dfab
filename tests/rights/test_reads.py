"""Opening a page at the data-protection desk is an audited read (issue 23; design.md, the
audit trail): a complaint's, a breach's, a rectification request's and an objection's page
each append one event naming the item by reference, never the words on the page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from tests.conftest import make_client, signed_in
from tests.rights.builders import (
    acknowledged,
    breach_found,
    logged,
    objection_logged,
    rectification_logged,
)

MARKER = "Marigoldwhisperq"


def _items(admin, therapist):
    client = make_client(therapist)
    return {
        "complaint": (
            logged(admin, name=f"{MARKER} Person", about=f"{MARKER} my data"),
            "complaint_detail",
            "complaint.read",
        ),
        "breach": (breach_found(admin, what=f"{MARKER} lost"), "breach_detail", "breach.read"),
        "rectification": (
            rectification_logged(admin, client, asks=f"{MARKER} the May note"),
            "rectification_detail",
            "rights.rectification_read",
        ),
        "objection": (
            objection_logged(admin, client, asks=f"{MARKER} reminders"),
            "objection_detail",
            "rights.objection_read",
        ),
    }


@pytest.mark.parametrize("kind", ["complaint", "breach", "rectification", "objection"])
def test_opening_the_page_records_one_read_by_reference(admin_user, therapist, kind):
    item, url_name, action = _items(admin_user, therapist)[kind]
    browser = signed_in(admin_user)
    response = browser.get(reverse(url_name, kwargs={"ref": item.ref}))
    assert response.status_code == 200
    assert MARKER in response.content.decode()  # the page shows the words ...
    (event,) = AuditEvent.objects.filter(action=action)
    assert event.actor_id == admin_user.pk
    assert event.details == {kind: item.reference}
    assert event.target_ref == getattr(item, "record_ref", "")
    assert MARKER not in json.dumps(event.details) + event.target_ref  # ... the trail never
    browser.get(reverse(url_name, kwargs={"ref": item.ref}))
    assert AuditEvent.objects.filter(action=action).count() == 2  # every opening


@pytest.mark.parametrize("kind", ["complaint", "breach", "rectification", "objection"])
def test_a_page_refused_or_unknown_records_no_read(admin_user, therapist, kind):
    item, url_name, action = _items(admin_user, therapist)[kind]
    assert signed_in(therapist).get(reverse(url_name, kwargs={"ref": item.ref})).status_code in (
        403,
        404,
    )
    assert not AuditEvent.objects.filter(action=action).exists()


def test_a_refused_step_shown_again_is_a_read_too(admin_user):
    complaint = acknowledged(admin_user)
    response = signed_in(admin_user).post(
        reverse("complaint_close", kwargs={"ref": complaint.ref}),
        {"closed_on": timezone.localdate().isoformat(), "outcome": ""},
    )
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="complaint.read").count() == 1


def test_the_therapist_opening_the_request_to_respond_is_a_read_too(admin_user, therapist):
    rectification = rectification_logged(
        admin_user, make_client(therapist), asks=f"{MARKER} the May note"
    )
    url = reverse("rectification_respond", kwargs={"ref": rectification.ref})
    assert MARKER in signed_in(therapist).get(url).content.decode()
    (event,) = AuditEvent.objects.filter(action="rights.rectification_read")
    assert event.actor_id == therapist.pk and event.target_ref == rectification.record_ref
