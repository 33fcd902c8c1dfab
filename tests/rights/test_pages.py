"""The admin's complaint pages: logging from a letter, the list by nearest deadline with
late acknowledgements flagged, linking a client, and refusals shown on the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.idempotency import new_token
from practice.models import AuditEvent
from rights.models import Complaint
from tests.conftest import make_client, signed_in
from tests.rights.builders import acknowledged, logged

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_admin_logs_a_complaint_from_a_letter(admin_user):
    browser = signed_in(admin_user)
    response = browser.post(
        reverse("complaint_new"),
        {
            "channel": "letter",
            "received_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "name": "Gil Letterwriter",
            "contact": "1 Post Road",
            "about": "You told my employer about me.",
            "form_token": new_token(),
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaint_detail", kwargs={"ref": complaint.ref})
    assert "Gil" not in response["Location"]
    page = browser.get(response["Location"]).content.decode()
    assert "Gil Letterwriter" in page and "You told my employer about me." in page
    assert "28 days left" in page


def test_the_list_puts_the_nearest_deadline_first_and_flags_a_late_one(admin_user):
    today = timezone.localdate()
    later = logged(admin_user, received_on=today - timedelta(days=1))
    overdue = logged(admin_user, received_on=today - timedelta(days=33))
    late_done = acknowledged(admin_user, received_on=today - timedelta(days=40))
    page = signed_in(admin_user).get(reverse("complaint_desk")).content.decode()
    assert page.index(overdue.reference) < page.index(later.reference)
    assert page.index(later.reference) < page.index(late_done.reference)
    assert "Acknowledgement overdue by 3 days" in page
    assert "Acknowledged 10 days late" in page
    assert "29 days" in page


def test_the_complaint_page_flags_a_late_acknowledgement(admin_user):
    overdue = logged(admin_user, received_on=timezone.localdate() - timedelta(days=31))
    page = (
        signed_in(admin_user)
        .get(reverse("complaint_detail", kwargs={"ref": overdue.ref}))
        .content.decode()
    )
    assert "Acknowledgement overdue" in page and "1 day overdue" in page


def test_a_refused_step_is_explained_on_the_page_and_changes_nothing(admin_user):
    complaint = acknowledged(admin_user)
    response = signed_in(admin_user).post(
        reverse("complaint_close", kwargs={"ref": complaint.ref}),
        {"closed_on": timezone.localdate().isoformat(), "outcome": ""},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


def test_the_admin_links_a_client_found_by_name(admin_user, therapist):
    client = make_client(therapist, given_name="Hester", family_name="Linkable")
    complaint = logged(admin_user)
    browser = signed_in(admin_user)
    url = reverse("complaint_link", kwargs={"ref": complaint.ref})
    found = browser.get(url, {"q": "Hester"}).content.decode()
    assert "Hester Linkable" in found
    response = browser.post(url + "?q=Hester", {"client": str(client.ref), "made_by": "client"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.record_ref == client.record_ref
    event = AuditEvent.objects.get(action="complaint.linked")
    assert "Hester" not in repr(event.details)
    page = browser.get(reverse("complaint_detail", kwargs={"ref": complaint.ref}))
    assert "Hester Linkable" in page.content.decode()


def test_a_letter_downloads_as_issued(admin_user):
    complaint = acknowledged(admin_user)
    letter = complaint.letters.get()
    response = signed_in(admin_user).get(
        reverse("complaint_letter", kwargs={"ref": complaint.ref, "letter_ref": letter.ref})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert complaint.reference in response["Content-Disposition"]
