"""Compile a client's data for a subject access request by walking the data map.

Every registered model's rows are exported by the model's own exporter, grouped into the
answer's sections in the order the law's checklist reads, with the supplementary
information the law requires. What the client may see is asked of the one rule
(`practice.client_facing`): rows of a restricted disclosure are never read; rows of an
undecided one are kept apart in the sealed draft, outside the answer, until the reviewer
decides, and `release.answer_for` asks the rule again before anything leaves. The draft is
sealed with the case file's key and written to file storage in one piece at the end, so a
compile that dies leaves no partial draft, only a request that can be retried.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from practice import client_facing, datamap, keyring
from practice.models import PracticeProfile
from subject_access import supplementary
from subject_access.models import SubjectAccessRequest

SCHEMA_VERSION = 1
PROGRESS_EVERY = 50
CHUNK = 200

# (section key, title, categories it gathers), in the order the answer reads.
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("identity", "Your identity and contact details", ("identity",)),
    ("agreements", "Agreements and consents", ("agreements",)),
    (
        "case_file",
        "Your case file: dates, sessions and attendance",
        ("case file", "sessions", "legal holds"),
    ),
    ("notes", "Session notes and addenda", ("session notes",)),
    ("disclosures", "Information shared with others (record of disclosures)", ("disclosures",)),
    ("requests", "Your requests to see your data", ("subject access requests",)),
]
ACCESS_HISTORY = ("access_history", "Who has accessed your record", ("access history",))


def section_for(category: str) -> tuple[str, str]:
    """The section a data-map category belongs to; an unknown category gets its own."""
    for key, title, categories in [*SECTIONS, ACCESS_HISTORY]:
        if category in categories or (key == "disclosures" and "disclos" in category):
            return key, title
    return category.replace(" ", "_"), category[:1].upper() + category[1:]


def section_order() -> list[tuple[str, str]]:
    known = [(key, title) for key, title, _ in SECTIONS]
    extra = []
    for entry in datamap.registered():
        key, title = section_for(entry.category)
        if (key, title) not in known and (key, title) not in extra and key != ACCESS_HISTORY[0]:
            extra.append((key, title))
    return [*known, *extra, ACCESS_HISTORY[:2]]


def item_key(entry: datamap.ClientDataModel, row) -> str:
    return f"{entry.label}:{getattr(row, 'ref', None) or row.pk}"


def _label(entry: datamap.ClientDataModel, name: str) -> str:
    try:
        label = str(entry.model._meta.get_field(name).verbose_name)
    except Exception:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


@dataclass
class Draft:
    bundle: dict[str, Any]
    attachments: dict[str, bytes]
    # item key -> the withholding unit it belongs to, for every item that belongs to one
    units: dict[str, str] = field(default_factory=dict)
    # Items of undecided units, outside the answer: [section key, position, item] each
    held_back: list[list[Any]] = field(default_factory=list)
    restricted_counts: dict[str, int] = field(default_factory=dict)


def _rows(entry: datamap.ClientDataModel, screen: client_facing.Screen):
    """The rows with their foreign keys joined, so exporting costs no query per row."""
    related = [f.name for f in entry.model._meta.concrete_fields if f.is_relation]
    if entry.via_case_file:
        related.append(entry.reaches_client_by)
    return (
        screen.rows_unless_restricted(entry)
        .select_related(*related)
        .prefetch_related(*entry.prefetch)
    )


def _chunks(rows, size: int = CHUNK):
    """Whole chunks by primary key: no read cursor stays open while progress is written."""
    last = None
    while True:
        chunk = list((rows.filter(pk__gt=last) if last is not None else rows).order_by("pk")[:size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


def _report(sar: SubjectAccessRequest, done: int, total: int) -> None:
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        compile_done=done, compile_total=total, compile_heartbeat_at=timezone.now()
    )


def gather(sar: SubjectAccessRequest, *, report=_report) -> Draft:
    """Everything the map holds for the request's case file, as the answer's sections."""
    record_ref = sar.record_ref
    entries = datamap.registered()
    screen = client_facing.screen_for(record_ref)
    total = sum(_rows(entry, screen).count() for entry in entries)
    report(sar, 0, total)
    items: dict[str, list[dict[str, Any]]] = {key: [] for key, _ in section_order()}
    attachments: dict[str, bytes] = {}
    units: dict[str, str] = {}
    held_back: list[list[Any]] = []
    held_in: dict[str, int] = {}
    done = 0
    for entry in entries:
        key, _ = section_for(entry.category)
        for row in _chunks(_rows(entry, screen)):
            values = entry.export_row(row)
            item = {
                "key": item_key(entry, row),
                "kind": str(entry.model._meta.verbose_name),
                "fields": [
                    {"name": name, "label": _label(entry, name), "value": value}
                    for name, value in values.items()
                ],
                "files": [],
            }
            for name, content in entry.attachments(row) if entry.attachments else []:
                path = f"files/{len(attachments) + 1:03d}-{name}"
                attachments[path] = content
                item["files"].append(path)
            unit = client_facing.unit_of(entry, row)
            if unit:
                units[item["key"]] = unit
            section = items.setdefault(key, [])
            if screen.hides(unit):
                held_back.append([key, len(section) + held_in.get(key, 0), item])
                held_in[key] = held_in.get(key, 0) + 1
            else:
                section.append(item)
            done += 1
            if done % PROGRESS_EVERY == 0:
                report(sar, done, total)
    report(sar, done, total)
    profile = PracticeProfile.load()
    bundle = {
        "schema_version": SCHEMA_VERSION,
        "reference": sar.reference,
        "practice": {
            "name": profile.name,
            "ico_registration_number": profile.ico_registration_number,
            "data_protection_contact": profile.data_protection_contact,
        },
        "request": {
            "received_on": sar.received_on.isoformat(),
            "clock_started_on": sar.clock_start.isoformat() if sar.clock_start else None,
            "due_on": sar.due_on.isoformat() if sar.due_on else None,
            "requested_by": sar.get_requester_display(),
        },
        "compiled_at": timezone.now().isoformat(),
        "released_at": None,
        "sections": [
            {"key": key, "title": title, "items": items.get(key, [])}
            for key, title in section_order()
        ],
        "supplementary": supplementary.sections(profile, categories=categories(items)),
        "withheld": [],
        "partial_refusal": None,
    }
    return Draft(bundle, attachments, units, held_back, _restricted_counts(entries, screen))


def held_back_counts(draft: Draft) -> dict[str, int]:
    """Each unit held back from the draft, with how many of its items were kept apart
    (restricted units' items are counted, never read)."""
    counts = dict(draft.restricted_counts)
    for _, _, item in draft.held_back:
        unit = draft.units[item["key"]]
        counts[unit] = counts.get(unit, 0) + 1
    return counts


def _restricted_counts(entries, screen: client_facing.Screen) -> dict[str, int]:
    counts: dict[str, int] = {}
    if not screen.restricted:
        return counts
    for entry in entries:
        if entry.withheld_with is None:
            continue
        rows = entry.rows_for(screen.record_ref).filter(
            **{f"{entry.withheld_with}__in": screen.restricted}
        )
        for unit in rows.values_list(entry.withheld_with, flat=True):
            counts[str(unit)] = counts.get(str(unit), 0) + 1
    return counts


def categories(items: dict[str, list]) -> list[str]:
    """The answer's categories: only those it holds something of, so a category held back
    whole is indistinguishable from one the practice never held."""
    return [title for key, title in section_order() if items.get(key)]


# -- sealed storage ---------------------------------------------------------------------


def _aad(sar: SubjectAccessRequest, what: str) -> str:
    return f"{sar.record_ref}|subject_access|{sar.ref}|{what}"


def seal(sar: SubjectAccessRequest, what: str, content: bytes) -> str:
    """Encrypt with the case file's key and store; returns the storage name."""
    sealed = keyring.encrypt_bytes(
        content, data_key=sar.encryption_owner().data_key(), aad=_aad(sar, what)
    )
    name = f"subject_access/{sar.ref}/{what}-{secrets.token_hex(8)}.bin"
    return default_storage.save(name, ContentFile(sealed))


def unseal(sar: SubjectAccessRequest, what: str, name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        sealed = handle.read()
    return keyring.decrypt_bytes(
        sealed, data_key=sar.encryption_owner().data_key(), aad=_aad(sar, what)
    )


def store_draft(sar: SubjectAccessRequest, draft: Draft) -> str:
    payload = {
        "bundle": draft.bundle,
        "units": draft.units,
        "held_back": draft.held_back,
        "restricted_counts": draft.restricted_counts,
        "attachments": {
            name: base64.b64encode(content).decode("ascii")
            for name, content in draft.attachments.items()
        },
    }
    return seal(sar, "draft", json.dumps(payload).encode("utf-8"))


def load_draft(sar: SubjectAccessRequest) -> Draft:
    payload = json.loads(unseal(sar, "draft", sar.draft_name))
    return Draft(
        payload["bundle"],
        {name: base64.b64decode(data) for name, data in payload["attachments"].items()},
        payload.get("units", {}),
        payload.get("held_back", []),
        payload.get("restricted_counts", {}),
    )
