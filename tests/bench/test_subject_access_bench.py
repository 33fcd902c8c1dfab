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
    assert result["export_s"] > 0 and result["weasyprint_s"] > 0 and result["floor_s"] > 0
    assert result["ratio"] == round(result["export_s"] / result["floor_s"], 2)
    assert result["pages"] >= 1 and result["floor_pages"] >= 1
    assert result["pdf_bytes"] > 0 and result["archive_bytes"] > result["pdf_bytes"] // 2
    assert not Client.objects.exists() and not Note.objects.exists()  # rolled back


def test_the_report_states_the_export_against_weasyprint_and_the_target():
    from bench import report

    export = {
        "notes": 1000, "items": 5008, "export_s": 13.0, "gather_s": 1.0, "build_s": 12.0,
        "weasyprint_s": 11.0, "floor_s": 10.0, "ratio": 1.3, "pages": 212, "floor_pages": 340,
        "target": "<= 1.5 times the plain-block floor", "target_met": True,
    }  # fmt: skip
    line = report.export_line({"subject_access_export": export})
    assert "1,000 notes" in line and "10.00 s for the same text as plain blocks" in line
    assert "1.30 times" in line and ": met" in line and "212 pages" in line
    missed = report.export_line({"subject_access_export": {**export, "target_met": False}})
    assert "**missed**" in missed
    assert "not measured" in report.export_line({"subject_access_export": None})
