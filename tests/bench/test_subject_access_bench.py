"""The benchmark's subject access measurement runs end to end on a small case."""

from __future__ import annotations

import pytest

from bench import subject_access
from clients.models import Client
from records.models import Note
from tests.conftest import make_staff
from tests.contracting.builders import complete_practice_profile


@pytest.mark.django_db(databases="__all__")
def test_measure_times_the_export_and_weasyprint_on_the_same_pages_and_leaves_nothing():
    complete_practice_profile()
    therapist = make_staff("bench-t000", "therapist")
    admin = make_staff("bench-admin", "admin")
    result = subject_access.measure(notes=3, therapist=therapist, admin=admin)
    assert result["notes"] == 3
    assert result["items"] >= 3  # the notes, their sessions, the client and the case file
    assert result["export_s"] > 0 and result["weasyprint_s"] > 0
    assert result["ratio"] == round(result["export_s"] / result["weasyprint_s"], 2)
    assert result["pdf_bytes"] > 0 and result["archive_bytes"] > result["pdf_bytes"] // 2
    assert not Client.objects.exists() and not Note.objects.exists()  # rolled back
