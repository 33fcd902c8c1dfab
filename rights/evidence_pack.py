"""An evidence pack a data-protection officer can hand to the ICO (issue 23, item 4): what the
practice holds and how it keeps it, shown from the app's own records, never from a
description of them.

One zip: `pack.pdf` (for people), `pack.json` (the same content, for machines) and
`manifest.json` (the SHA-256 of each), built from references only: record references,
request references, dates, counts, kinds and the law relied on. No client's name, no note,
no free text anyone typed goes in (the reasons, the Caldicott answers' words, the situation
of a disclosure stay in the app). `verify()` checks a copy against its own manifest and the
hash recorded on the audit trail when it was built (`manage.py evidence_pack_verify`).

The sections:
- the processing inventory, walked from the data map: each kind of record, the database it
  is kept in, which of its fields are encrypted, and the retention rule;
- the retention state: files due, held and coming due, and every disposal's tombstone;
- every subject access request, complaint and erasure request, with its dates and whether
  it was on time;
- every other rights request (rectification, objection, ...), with its dates, its outcome and
  whether it was on time, one generic section fed by `rights.evidence_requests`;
- every personal-data breach, with its 72-hour clock and whether it was reported in time;
- every disclosure made, with its kind, the law it relied on and which Caldicott principles
  were met (yes or no, never the words);
- the audit chain's last verification and a checkpoint of its head now;
- the history of key rotations.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import router
from django.utils import timezone

from practice import datamap, documents
from practice.models import PracticeProfile
from rights import evidence_requests

PRINT_STYLESHEET = Path(__file__).resolve().parent / "evidence_pack.css"
MANIFEST = "manifest.json"
FILES = ("pack.pdf", "pack.json")


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def retention_rule() -> str:
    profile = PracticeProfile.load()
    return (
        f"Adults: {profile.retention_years_adult} years after the last contact. Children: "
        f"until they are {profile.retention_until_age_child} at least. Kept longer only under "
        "a legal hold; then disposed of by destroying the case file's key (crypto-shredding) "
        "and deleting its rows, leaving a tombstone."
    )


def inventory() -> list[dict[str, Any]]:
    rows = []
    for entry in datamap.registered():
        meta = entry.model._meta
        rows.append(
            {
                "record": str(meta.verbose_name_plural),
                "model": meta.label,
                "category": entry.category,
                "database": router.db_for_read(entry.model),
                "encrypted_fields": sorted(entry.encrypted_fields),
                "plain_fields": sorted(
                    f.name
                    for f in meta.concrete_fields
                    if f.name not in entry.encrypted_fields and not f.primary_key
                ),
                "retention": "kept on disposal (a reference only)"
                if entry.kept_on_disposal
                else "the case file's",
            }
        )
    return sorted(rows, key=lambda row: row["model"])


def retention_state() -> dict[str, Any]:
    from records.report import retention_report

    report = retention_report()
    return {
        "today": _day(report.today),
        "due": [c.case_file.record_ref for c in report.due],
        "held": [
            {"record_ref": c.case_file.record_ref, "because": list(c.held_because)}
            for c in report.held
        ],
        "upcoming": [case_file.record_ref for case_file in report.upcoming],
        "disposed": [
            {
                "record_ref": t.record_ref,
                "reason": t.get_reason_display(),
                "started": _day(t.started_at),
                "completed": _day(t.completed_at),
            }
            for t in report.disposed
        ],
        "unfinished": [t.record_ref for t in report.unfinished],
    }


def _closed_on(sar) -> date | None:
    when = sar.released_at or sar.refused_at
    return timezone.localdate(when) if when else None


def _on_time(closed: date | None, due: date | None) -> bool | None:
    """Answered by the due day; an open request is late once the day has passed; None when
    there is nothing to judge yet (open and not yet due, or no clock)."""
    if due is None:
        return None
    if closed is not None:
        return closed <= due
    return False if timezone.localdate() > due else None


def subject_access_requests() -> list[dict[str, Any]]:
    from subject_access.models import SubjectAccessRequest

    rows = []
    requests = SubjectAccessRequest.objects.prefetch_related("clock_events").order_by(
        "received_on", "pk"
    )
    for sar in requests:
        clock = sar.clock()
        closed = _closed_on(sar)
        due = clock.due_on
        rows.append(
            {
                "reference": sar.reference,
                "record_ref": sar.record_ref,
                "received_on": _day(sar.received_on),
                "clock_started_on": _day(clock.started_on),
                "paused_days": clock.paused_days,
                "extension_months": clock.extension_months,
                "due_on": _day(due),
                "status": sar.get_status_display(),
                "closed_on": _day(closed),
                "on_time": _on_time(closed, due),
            }
        )
    return rows


def complaints() -> list[dict[str, Any]]:
    from rights.models import Complaint

    rows = []
    for complaint in Complaint.objects.order_by("received_on", "pk"):
        ack = complaint.acknowledgement()
        rows.append(
            {
                "reference": complaint.reference,
                "record_ref": complaint.record_ref,
                "received_on": _day(complaint.received_on),
                "acknowledgement_due": _day(ack.due_on),
                "acknowledged_on": _day(complaint.acknowledged_on),
                "acknowledged_on_time": None if not ack.done and not ack.late else not ack.late,
                "status": complaint.get_status_display(),
                "closed_on": _day(complaint.closed_on),
            }
        )
    return rows


def erasure_requests() -> list[dict[str, Any]]:
    """Every erasure request (UK GDPR Art. 17) with its clock and decision; an erased one
    is still listed (it outlives the record by design), by references and dates only."""
    from rights.models import ErasureRequest

    nation = PracticeProfile.load().nation
    rows = []
    for erasure in ErasureRequest.objects.order_by("received_on", "pk"):
        due = erasure.clock(nation=nation).due_on
        rows.append(
            {
                "reference": erasure.reference,
                "record_ref": erasure.record_ref,
                "received_on": _day(erasure.received_on),
                "extension_months": erasure.extension_months,
                "due_on": _day(due),
                "status": erasure.get_status_display(),
                "decision": ("refused" if erasure.ground else "granted")
                if erasure.decided_on
                else "",
                "ground": erasure.get_ground_display() if erasure.ground else "",
                "decided_on": _day(erasure.decided_on),
                "on_time": _on_time(erasure.decided_on, due),
                "erased_on": _day(erasure.erased_at),
            }
        )
    return rows


def breaches() -> list[dict[str, Any]]:
    from rights.models import Breach

    rows = []
    for breach in Breach.objects.prefetch_related("records").order_by("discovered_at", "pk"):
        clock = breach.ico_clock()
        rows.append(
            {
                "reference": breach.reference,
                "discovered_at": _day(breach.discovered_at),
                "people_affected": breach.people_affected,
                "record_refs": sorted(link.record_ref for link in breach.records.all()),
                "risk": breach.get_risk_display() if breach.risk else "",
                "report_to_ico": breach.notify_ico,
                "ico_due_at": _day(clock.due_at),
                "ico_notified_at": _day(breach.ico_notified_at),
                "ico_reference": breach.ico_reference,
                "reported_late": clock.late if breach.notify_ico else None,
                "tell_people": breach.notify_people,
                "people_notified_on": _day(breach.people_notified_on),
                "status": breach.get_status_display(),
                "closed_on": _day(breach.closed_on),
            }
        )
    return rows


def disclosures() -> list[dict[str, Any]]:
    from disclosures.models import CALDICOTT, DisclosureRecord

    rows = []
    records = DisclosureRecord.objects.select_related("request", "case_file").order_by(
        "disclosed_on", "pk"
    )
    for record in records:
        request = record.request
        request.case_file = record.case_file  # its key: no query per row
        kind = request.kind_info
        answers = request.caldicott_answers() if request.caldicott else []
        rows.append(
            {
                "reference": str(record.ref),
                "record_ref": record.case_file.record_ref,
                "disclosed_on": _day(record.disclosed_on),
                "kind": kind.label if kind else request.kind,
                "law": kind.law if kind else "",
                "emergency": record.emergency,
                "restricted": record.restricted,
                "approved_by_a_supervisor": record.approved_by_id is not None,
                "caldicott_met": {
                    principle: bool(answer.get("met"))
                    for principle, answer in zip(CALDICOTT, answers, strict=False)
                },
            }
        )
    return rows


def audit_chain() -> dict[str, Any]:
    from practice.audit.models import AuditChainHead, AuditEvent, AuditVerification
    from practice.audit.trail_actions import TrailAction

    last = AuditVerification.latest()
    head = AuditChainHead.objects.first()
    checkpoints = AuditEvent.objects.filter(action=TrailAction.CHECKPOINT_MADE).order_by("-seq")
    return {
        "events": AuditEvent.objects.count(),
        "head": {"seq": head.seq, "hash": head.hash} if head else None,
        "checkpoints": [
            {"seq": event.seq, "hash": event.hash, "made_at": _day(event.created_at)}
            for event in checkpoints[:20]
        ],
        "last_verification": None
        if last is None
        else {
            "ran_at": _day(last.ran_at),
            "ok": last.ok,
            "full": last.full,
            "checked": last.checked,
            "head_seq": last.head_seq,
            "head_hash": last.head_hash,
            "signature_valid": last.signature_valid(),
        },
    }


def key_rotations() -> list[dict[str, Any]]:
    from practice.audit.models import AuditEvent
    from records.audit_actions import Action as RecordAction

    events = AuditEvent.objects.filter(action=RecordAction.KEYS_ROTATED).order_by("seq")
    return [
        {
            "at": _day(event.created_at),
            "by": event.actor_label,
            "details": {k: v for k, v in event.details.items() if isinstance(v, (int, str))},
        }
        for event in events
    ]


def contents(*, built_by: str) -> dict[str, Any]:
    profile = PracticeProfile.load()
    return {
        "title": "Data-protection evidence pack",
        "practice": {
            "name": profile.name,
            "ico_registration_number": profile.ico_registration_number,
            "data_protection_contact": profile.data_protection_contact,
        },
        "built_at": _day(timezone.now()),
        "built_by": built_by,
        "retention_rule": retention_rule(),
        "inventory": inventory(),
        "retention": retention_state(),
        "subject_access_requests": subject_access_requests(),
        "complaints": complaints(),
        "rights_requests": evidence_requests.rights_requests(),
        "erasure_requests": erasure_requests(),
        "breaches": breaches(),
        "disclosures": disclosures(),
        "audit_chain": audit_chain(),
        "key_rotations": key_rotations(),
    }


@dataclass
class Pack:
    content: bytes
    sha256: str
    manifest: dict[str, str] = field(default_factory=dict)


def build(pack: dict[str, Any]) -> Pack:
    files = {
        "pack.pdf": documents.render_template(
            "rights/pdf/evidence_pack.html", {"pack": pack}, stylesheet=PRINT_STYLESHEET
        ),
        "pack.json": json.dumps(pack, indent=2, ensure_ascii=False).encode("utf-8"),
    }
    manifest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps({"sha256": manifest}, indent=2))
    content = buffer.getvalue()
    return Pack(content, hashlib.sha256(content).hexdigest(), manifest)


@dataclass
class Verdict:
    ok: bool
    problems: list[str]


def verify(content: bytes, *, recorded: set[str]) -> Verdict:
    """A copy checked against its own manifest, and its hash against those recorded when
    packs were built (`recorded`, from the audit trail)."""
    problems = []
    if hashlib.sha256(content).hexdigest() not in recorded:
        problems.append("The file's SHA-256 is not that of any pack this practice built.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            manifest = json.loads(archive.read(MANIFEST))["sha256"]
            for name in FILES:
                if hashlib.sha256(archive.read(name)).hexdigest() != manifest.get(name):
                    problems.append(f"{name} does not match the manifest.")
    except (zipfile.BadZipFile, KeyError, ValueError, zlib.error) as error:
        problems.append(f"The file is not a complete evidence pack ({type(error).__name__}).")
    return Verdict(not problems, problems)
