"""The subject access export of a client with 1,000 notes, against WeasyPrint alone.

`measure` adds a client with that many signed notes to a seed_scale practice (in bulk, with
real encryption and chained audit events), logs a request as the practice's admin, then
times the export the release builds: `compiling.gather` (every row the data map holds,
decrypted) and `archive.build` (the PDF, the JSON and the zip). WeasyPrint alone is timed
rendering the same HTML with the same stylesheet through the same renderer
(`practice.documents`). Everything is rolled back afterwards.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from bench import seeding
from practice.actions import rolled_back_trial
from practice.models import User
from practice.roles import Role

NOTES = 1000
TARGET_RATIO = 1.3  # the export within 1.3 times WeasyPrint's own time


def _client_with_notes(therapist: User, notes: int):
    """One client of `therapist` with `notes` signed notes, written as seed_scale writes."""
    from clients.models import Client

    scale = seeding.Scale(clients_per_therapist=1, notes_per_client=notes, busy_notes=notes)
    rng = random.Random(14)  # noqa: S311 - fictional data, not a secret
    chain = seeding.Chain(timezone.now() - timedelta(days=3), timedelta(minutes=1))
    tables, _clients, _notes = seeding.caseload(
        scale, therapist, chain, rng, seeding.bodies(rng), seeding.Keys()
    )
    record_ref = tables[0].rows[0]["record_ref"]
    for table in tables:
        table.prepare()
        table.write()
    chain.take()()
    return Client.objects.get(record_ref=record_ref)


def _weasyprint_alone(bundle: dict) -> tuple[float, int]:
    """The answer's PDF alone, through the same renderer the export uses."""
    from practice import documents
    from subject_access.archive import PRINT_STYLESHEET

    html = render_to_string("subject_access/pdf/answer.html", {"answer": bundle})
    started = time.perf_counter()
    pdf = documents.render(html, stylesheet=PRINT_STYLESHEET)
    return time.perf_counter() - started, len(pdf)


def measure(
    *, notes: int = NOTES, therapist: User | None = None, admin: User | None = None
) -> dict:
    """Seconds for the export and for WeasyPrint alone on the same HTML, and their ratio."""
    from subject_access import archive, compiling, services

    therapist = therapist or User.objects.filter(groups__name=Role.THERAPIST).order_by("pk")[0]
    admin = admin or User.objects.filter(groups__name=Role.ADMIN).order_by("pk")[0]
    result: dict = {}
    # One rolled-back transaction in each database (identity may live in its own), so the
    # client goes wherever it was written; the actions inside run as at the top level.
    with rolled_back_trial():
        client = _client_with_notes(therapist, notes)
        sar = services.sar_log(
            actor=admin,
            client=client,
            received_on=timezone.localdate(),
            channel="email",
            requester="client",
            identity_method="known",
        )
        started = time.perf_counter()
        draft = compiling.gather(sar, report=lambda *args: None)
        gathered = time.perf_counter()
        built = archive.build(draft, draft.bundle)
        export = time.perf_counter() - started
        alone, pdf_size = _weasyprint_alone(draft.bundle)
        result = {
            "notes": notes,
            "items": sum(len(section["items"]) for section in draft.bundle["sections"]),
            "export_s": round(export, 3),
            "gather_s": round(gathered - started, 3),
            "build_s": round(export - (gathered - started), 3),
            "weasyprint_s": round(alone, 3),
            # From the figures reported beside it, so the report agrees with itself.
            "ratio": round(round(export, 3) / round(alone, 3), 2) if alone else None,
            "target": f"<= {TARGET_RATIO} times WeasyPrint alone",
            "archive_bytes": len(built.content),
            "pdf_bytes": pdf_size,
        }
        result["target_met"] = result["ratio"] is not None and result["ratio"] <= TARGET_RATIO
    return result
