"""Run a whole journey with marker strings, then search everywhere they must not be:
log lines, audit events, URLs and redirect targets, and the pages of people who must not
see them (supervisor, admin, a colleague)."""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from practice.models import AuditEvent
from records.models import Note
from tests.conftest import make_staff, signed_in

NAME = "Persephonequill"
NOTE = "Marmaladeorbit confided the secret about the greenhouse"
ADDENDUM = "Tangerinevault addendum words"
REASON = "Saffronledger emergency reason"
MARKERS = [NAME, "Marmaladeorbit", "greenhouse", "Tangerinevault", "Saffronledger"]


def test_client_content_reaches_no_log_url_audit_or_other_persons_page(db, caplog):
    caplog.set_level(logging.DEBUG)
    therapist = make_staff("therapist", "therapist")
    colleague = make_staff("therapist2", "therapist")
    supervisor = make_staff("supervisor", "supervisor")
    admin = make_staff("admin", "admin")
    browser = signed_in(therapist)
    visited: list[str] = []

    def post(url, data):
        visited.append(url)
        response = browser.post(url, data)
        visited.append(response.get("Location", ""))
        return response

    post(
        reverse("client_new"),
        {
            "given_name": NAME,
            "family_name": "Testperson",
            "preferred_contact": "email",
            "email": "persephonequill@example.invalid",
            "status": "active",
        },
    )
    client = Client.objects.get(given_name=NAME)
    ref = client.ref
    post(reverse("note_new", kwargs={"ref": ref}), {"body": NOTE, "override_reason": REASON})
    note = Note.objects.get()
    url = reverse("note_detail", kwargs={"ref": ref, "note_ref": note.ref})
    post(url, {"body": NOTE, "version": note.version, "sign": "1"})
    post(reverse("addendum_new", kwargs={"ref": ref, "note_ref": note.ref}), {"body": ADDENDUM})
    post(reverse("consent_record", kwargs={"ref": ref}), {"given_on": timezone.localdate()})
    page = browser.get(reverse("client_detail", kwargs={"ref": ref})).content.decode()
    assert NAME in page and "Marmaladeorbit" in page  # the therapist does see them

    # A bad submission and a 404 along the way, to exercise error paths too.
    post(reverse("note_new", kwargs={"ref": ref}), {"body": NOTE + "x" * 100_001})
    others = [signed_in(colleague), signed_in(supervisor), signed_in(admin)]
    bodies = []
    for other in others:
        for name in (
            "home",
            "therapist_dashboard",
            "supervisor_dashboard",
            "admin_dashboard",
            "audit_log",
            "staff_list",
        ):
            response = other.get(reverse(name), follow=True)
            bodies.append(response.content.decode())
        response = other.get(reverse("client_detail", kwargs={"ref": ref}))
        bodies.append(response.content.decode())

    trail = "\n".join(repr(row) for row in AuditEvent.objects.values_list())
    logs = caplog.text
    for marker in MARKERS:
        assert marker not in logs, f"{marker} in logs"
        assert marker not in trail, f"{marker} in the audit trail"
        assert all(marker not in url for url in visited), f"{marker} in a URL"
        assert all(marker not in body for body in bodies), f"{marker} shown to someone else"
    assert AuditEvent.objects.filter(action="records.notes_viewed").exists()
