"""Time the pages that grow with a practice: caseload, client page, key rotation."""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--notes", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="practice-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="practice.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ENCRYPTION_KEYS="kbench:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        IDENTITY_DATABASE_URL="",
        DATA_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        HTTPS="off",
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from datetime import time as clock
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate_all", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from clients import services as client_services
    from practice import services as staff_services
    from practice import two_factor
    from practice.actors import system_actor
    from records import selectors, services

    therapist = staff_services.staff_create(
        actor=system_actor("bench"),
        username="bench",
        password="bench-password-123",  # noqa: S106 - a throwaway benchmark database
        roles=["therapist"],
    )
    device = two_factor.demo_device(therapist)
    today = timezone.localdate()
    print(f"Building {args.clients} clients; the last has {args.notes} signed notes…")
    for n in range(args.clients):
        client = client_services.client_create(
            actor=therapist,
            values={
                "given_name": f"Bench{n}",
                "family_name": "Client",
                "email": "b@example.invalid",
                "preferred_contact": "email",
                "status": "active",
            },
        )
    case_file = selectors.case_file_by_ref(client.record_ref)
    services.records_consent_record(actor=therapist, case_file=case_file, given_on=today)
    for k in range(args.notes):
        session = services.session_save(
            actor=therapist,
            case_file=case_file,
            date=today - timedelta(days=k),
            start_time=clock(9),
            duration_minutes=50,
            modality="video",
            attendance="attended",
        )
        note = services.note_create(
            actor=therapist, case_file=case_file, session=session, body="Benchmark note. " * 40
        )
        services.note_sign(actor=therapist, note=note, expected_version=note.version)

    browser = Client()
    browser.force_login(therapist)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def measure(label: str, url: str) -> None:
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = browser.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        print(
            f"{label:<14} median {statistics.median(timings) * 1000:7.1f} ms  "
            f"({len(queries)} queries)"
        )

    measure("caseload", reverse("therapist_dashboard"))
    measure("client page", reverse("client_detail", kwargs={"ref": client.ref}))
    from django.conf import settings

    settings.ENCRYPTION_KEYS = (
        "knew:"
        + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        + ","
        + settings.ENCRYPTION_KEYS
    )
    started = time.perf_counter()
    counts = services.data_keys_rotate(actor=system_actor("bench"))
    elapsed = (time.perf_counter() - started) * 1000
    print(f"rotate_keys    {elapsed:7.1f} ms  ({counts['rewrapped']} keys)")


if __name__ == "__main__":
    main()
