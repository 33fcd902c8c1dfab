"""The subject access export of a client with 1,000 notes, against a plain-block floor.

`measure` adds a client with that many signed notes to a seed_scale practice (in bulk, with
real encryption and chained audit events), logs a request as the practice's admin, then
times the export the release builds: `compiling.gather` (every row the data map holds,
decrypted) and `archive.build` (the PDF, the JSON and the zip). Two references are timed in
the same run from the same gathered answer: WeasyPrint alone on the answer's own HTML and
stylesheet, and the floor, WeasyPrint laying out the same text the PDF shows as plain blocks
(each title and each "label: value" one paragraph, no layout of ours). The target is the
export within 1.5 times the floor; the page counts are reported beside it. Everything is
rolled back.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from bench import seeding
from practice.actions import rolled_back_trial
from practice.models import User
from practice.roles import Role

NOTES = 1000
TARGET_RATIO = 1.5  # the export within 1.5 times WeasyPrint's time for the plain-block floor
FLOOR_STYLESHEET = Path(__file__).resolve().parent / "floor.css"


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


def _weasyprint_alone(bundle: dict) -> tuple[float, bytes, int]:
    """The answer's PDF alone, its own HTML and stylesheet, through the same renderer."""
    from practice import documents
    from subject_access import reading
    from subject_access.archive import PRINT_STYLESHEET

    parts = reading.parts(bundle)
    context = {"answer": bundle, "parts": parts, "letter": reading.letter(bundle, parts)}
    html = render_to_string("subject_access/pdf/answer.html", context)
    started = time.perf_counter()
    pdf, pages = documents.render_counted(html, stylesheet=PRINT_STYLESHEET)
    return time.perf_counter() - started, pdf, pages


def _plain_blocks(bundle: dict) -> str:
    """The text the answer's PDF shows, as plain blocks: each part's title and sentence,
    each entry's title and each "label: value" one paragraph, each table row a paragraph."""
    from django.utils.html import escape

    from subject_access import reading

    lines = ["<!doctype html><html lang='en-GB'><head><meta charset='utf-8'></head><body>"]

    def entry_lines(entry) -> None:
        lines.append(f"<p>{escape(entry.title)}</p>")
        for row in entry.rows:
            value = "; ".join(row.value) if isinstance(row.value, list) else row.value
            lines.append(f"<p>{escape(row.label)}: {escape(value)}</p>")
        for child in entry.children:
            entry_lines(child)

    parts = reading.parts(bundle)
    letter = reading.letter(bundle, parts)
    lines.extend(f"<p>{escape(text)}</p>" for text in [*letter.paragraphs, *letter.enclosed])
    for part in parts:
        lines.append(f"<h2>{escape(part.title)}</h2><p>{escape(part.says)}</p>")
        if part.table:
            lines.extend(f"<p>{escape(' '.join(row))}</p>" for row in part.table.rows)
        for entry in part.entries:
            entry_lines(entry)
        for heading, text in part.paragraphs:
            lines.append(f"<h3>{escape(heading)}</h3><p>{escape(text)}</p>")
    lines.append("</body></html>")
    return "\n".join(lines)


def _floor(bundle: dict) -> tuple[float, int]:
    from practice import documents

    html = _plain_blocks(bundle)
    started = time.perf_counter()
    _, pages = documents.render_counted(html, stylesheet=FLOOR_STYLESHEET)
    return time.perf_counter() - started, pages


def measure(
    *,
    notes: int = NOTES,
    therapist: User | None = None,
    admin: User | None = None,
    keep_pdf: Path | None = None,
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
        alone, pdf, pages = _weasyprint_alone(draft.bundle)
        if keep_pdf is not None:  # to look at: pdftoppm -png (fictional data only)
            keep_pdf.write_bytes(pdf)
        floor, floor_pages = _floor(draft.bundle)
        result = {
            "notes": notes,
            "items": sum(len(section["items"]) for section in draft.bundle["sections"]),
            "export_s": round(export, 3),
            "gather_s": round(gathered - started, 3),
            "build_s": round(export - (gathered - started), 3),
            "weasyprint_s": round(alone, 3),
            "floor_s": round(floor, 3),
            # From the figures reported beside it, so the report agrees with itself.
            "ratio": round(round(export, 3) / round(floor, 3), 2) if floor else None,
            "target": f"<= {TARGET_RATIO} times the plain-block floor",
            "pages": pages,
            "floor_pages": floor_pages,
            "archive_bytes": len(built.content),
            "pdf_bytes": len(pdf),
        }
        result["target_met"] = result["ratio"] is not None and result["ratio"] <= TARGET_RATIO
    return result
