"""Complaints in a given state, made through the same services the pages call."""

from __future__ import annotations

from datetime import date

from rights import services


def logged(admin, *, received_on: date | None = None, name="Ada Complainer", about="My data"):
    from django.utils import timezone

    return services.complaint_log(
        actor=admin,
        channel="letter",
        received_on=received_on or timezone.localdate(),
        name=name,
        contact="ada@example.invalid",
        about=about,
    )


def acknowledged(admin, **kwargs):
    complaint = logged(admin, **kwargs)
    services.complaint_acknowledge(actor=admin, complaint=complaint)
    complaint.refresh_from_db()
    return complaint


def closed(admin, **kwargs):
    complaint = acknowledged(admin, **kwargs)
    services.complaint_close(actor=admin, complaint=complaint, outcome="We fixed it.")
    complaint.refresh_from_db()
    return complaint


def matrix_objects(admin) -> dict:
    """A complaint with both letters, for the permission matrix."""
    complaint = closed(admin)
    return {
        "complaint_ref": complaint.ref,
        "complaint_letter_ref": complaint.letters.first().ref,
    }
