"""Checking the audit chain, and the signed checkpoints that leave the machine.

`verify_chain` recomputes each event's keyed hash and link, names the first event that
does not fit, and checks that every expected (checkpointed or previously verified) event
is still on the chain, so cutting the newest events is caught. Runs read plain values in
batches, never model instances, and may start from the last verified point.

`verify_and_record` is the whole run: link what waits, check the chain, raise the alarms
about the queue (a forged entry, a genuine one withheld by being marked rejected, a replay)
saying which are new, and store one signed verdict after every check, never before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from practice.audit import scan as audit_scan
from practice.audit import sequencer as audit_sequencer
from practice.audit.canonical import CONTENT, GENESIS_HASH, entry_mac
from practice.audit.keys import audit_key, keyed_digest
from practice.audit.models import AuditChainHead, AuditEntry, AuditEvent, AuditVerification
from practice.audit.recording import record
from practice.audit.trail_actions import TrailAction


@dataclass(frozen=True)
class Expectation:
    """An event that must still be on the chain, with this hash (a checkpoint)."""

    seq: int
    hash: str
    origin: str = "checkpoint"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    started_at_seq: int = 0
    expectations: int = 0

    def __str__(self) -> str:
        if self.ok:
            start = f" (from event {self.started_at_seq + 1})" if self.started_at_seq else ""
            matched = (
                f"; {self.expectations} checkpoint{'s' if self.expectations != 1 else ''} "
                "still on the chain"
                if self.expectations
                else ""
            )
            return (
                f"Audit chain intact: {self.checked} events verified{start}, "
                f"head {self.head_seq}:{self.head_hash}{matched}."
            )
        return f"Audit chain BROKEN at event {self.broken_seq}: {self.reason}"


def _start_point(last: AuditVerification | None) -> tuple[int, str, str]:
    """Where an incremental run may start: (seq, hash, problem). Problem '' when usable."""
    if last is None or not last.ok or not last.signature_valid():
        return 0, GENESIS_HASH, ""
    if last.head_seq == 0:
        return 0, GENESIS_HASH, ""
    stored = AuditEvent.objects.filter(seq=last.head_seq).values_list("hash", flat=True).first()
    if stored is None or not constant_time_compare(stored, last.head_hash):
        verified = timezone.localtime(last.ran_at).strftime("%d %b %Y %H:%M")
        return (
            last.head_seq,
            last.head_hash,
            (
                f"event {last.head_seq}, verified on {verified}, is missing or changed "
                "(the newest events were cut or replaced)"
            ),
        )
    return last.head_seq, last.head_hash, ""


def verify_chain(
    *,
    incremental: bool = False,
    expectations: Iterable[Expectation] = (),
    batch: int = 20000,
    split: int | None = None,
) -> ChainReport:
    """Recompute the chain (from the last verified point when `incremental`). `split`
    checks the events after it as a second half (by default: long chains on PostgreSQL,
    in a second process)."""
    expectations = sorted(expectations, key=lambda item: item.seq)
    key = audit_key()
    last = AuditVerification.latest()
    start_seq, start_hash, problem = 0, GENESIS_HASH, ""
    if last is not None and last.ok and last.signature_valid() and last.head_seq:
        # The last verified head is itself an expectation: it must still be on the chain.
        start_seq, start_hash, problem = _start_point(last)
        if problem:
            return ChainReport(False, 0, last.head_seq, problem)
        if not incremental:
            expectations.append(Expectation(start_seq, start_hash, "last verification"))
            start_seq, start_hash = 0, GENESIS_HASH
    found = audit_scan.scan(
        start_seq, start_hash, batch, key, split if split else audit_scan.auto_split(start_seq)
    )
    checked = found.checked
    if found.broken_seq is not None:
        return ChainReport(False, checked, found.broken_seq, found.reason)
    head_seq, head_hash = found.last_seq, found.last_hash
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if head is not None and (head[0], head[1]) != (head_seq, head_hash):
        return ChainReport(
            False,
            checked,
            head_seq + 1,
            f"the chain head records event {head[0]} but the chain ends at {head_seq} (removed)",
        )
    problem = _unmet(expectations, head_seq)
    if problem:
        return ChainReport(False, checked, problem[0], problem[1], head_seq, head_hash)
    return ChainReport(True, checked, None, "", head_seq, head_hash, start_seq, len(expectations))


def _unmet(expectations: list[Expectation], head_seq: int) -> tuple[int, str] | None:
    wanted = {item.seq for item in expectations if item.seq <= head_seq}
    stored = dict(AuditEvent.objects.filter(seq__in=wanted).values_list("seq", "hash"))
    for item in expectations:
        if item.seq > head_seq:
            return item.seq, (
                f"the {item.origin} names event {item.seq} but the chain ends at {head_seq} "
                "(the newest events were cut)"
            )
        if not constant_time_compare(stored.get(item.seq, ""), item.hash):
            return item.seq, (
                f"event {item.seq} does not match the {item.origin} (altered or replaced)"
            )
    return None


def verification_record(
    *, report: ChainReport, full: bool, alarms: list[Alarm] = ()
) -> AuditVerification:
    """Keep the result, signed, for the audit page and the next incremental run: a run with
    an alarm that fails it is stored as failed, whatever the chain said."""
    failing = [alarm for alarm in alarms if alarm.fails]
    ok = report.ok and not failing
    reason = report.reason if not report.ok else "; ".join(str(alarm) for alarm in failing)
    with transaction.atomic():
        return AuditVerification.signed(
            ran_at=timezone.now(),
            ok=ok,
            full=full,
            checked=report.checked,
            head_seq=report.head_seq if ok else 0,
            head_hash=report.head_hash if ok else "",
            broken_seq=report.broken_seq,
            reason=reason[:200],
            alarms=sorted(alarm.key for alarm in alarms),
        )


# -- alarms about the queue --------------------------------------------------------------


@dataclass(frozen=True)
class Alarm:
    key: str  # "forged:ENTRY", "withheld:ENTRY", "replay:TOKEN": the same on every run
    text: str
    new: bool
    fails: bool  # a forged or withheld entry fails every run; a refused replay, once

    def __str__(self) -> str:
        return f"{self.text} ({'new' if self.new else 'already reported'})"


def queue_alarms(*, previous: AuditVerification | None) -> list[Alarm]:
    """Every rejected entry still in the queue, its signature checked again (forged, or
    genuine and withheld from the chain), and every replay the linker refused."""
    known = set(previous.alarms) if previous is not None and previous.signature_valid() else set()
    alarms = []
    rejected = list(AuditEntry.objects.filter(rejected=True).order_by("id"))
    on_chain = set(
        AuditEvent.objects.filter(entry__in=[entry.token for entry in rejected]).values_list(
            "entry", flat=True
        )
    )
    for entry in rejected:
        content = {name: getattr(entry, name) for name in CONTENT}
        genuine = constant_time_compare(entry_mac(entry.token, content), entry.mac)
        if entry.token in on_chain:
            key, text = (
                f"replay:{entry.token}",
                (f"queued entry {entry.pk} is a replay of an event already on the chain"),
            )
        elif genuine:
            key, text = (
                f"withheld:{entry.pk}",
                (
                    f"queued entry {entry.pk} is genuine (its signature matches) but was marked "
                    "rejected: someone with the database withheld it from the chain"
                ),
            )
        else:
            key, text = (
                f"forged:{entry.pk}",
                (
                    f"queued entry {entry.pk} was rejected: its signature does not match, so "
                    "someone without AUDIT_KEY wrote to the queue"
                ),
            )
        alarms.append(Alarm(key, text, key not in known, True))
    replays = AuditEvent.objects.filter(action=TrailAction.ENTRY_REPLAYED).order_by("seq")
    for seq, details in replays.values_list("seq", "details"):
        for token in details.get("entries", []):
            key = f"replay:{token}"
            if any(alarm.key == key for alarm in alarms):
                continue
            text = (
                f"a replayed queue entry (token {token}) was refused and removed; event {seq} "
                "on the chain says so"
            )
            alarms.append(Alarm(key, text, key not in known, key not in known))
    return alarms


@dataclass(frozen=True)
class Run:
    report: ChainReport
    alarms: list[Alarm]
    verdict: AuditVerification

    @property
    def ok(self) -> bool:
        return self.verdict.ok


def verify_and_record(*, full: bool = False, expectations: Iterable[Expectation] = ()) -> Run:
    """One run of `verify_audit`; its verdict is stored whatever happens."""
    previous = AuditVerification.latest()
    try:
        audit_sequencer.drain()
    except Exception as error:  # noqa: BLE001 - the verdict below says so
        report = ChainReport(
            False, 0, None, f"queued audit entries could not be linked ({type(error).__name__})"
        )
        return Run(report, [], verification_record(report=report, full=full))
    report = verify_chain(incremental=not full, expectations=expectations)
    alarms = queue_alarms(previous=previous)
    return Run(report, alarms, verification_record(report=report, full=full, alarms=alarms))


# -- checkpoints -------------------------------------------------------------------------


class CheckpointError(ValueError):
    """A checkpoint line is malformed or its signature does not match (forged)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    time: str
    signature: str = field(default="")

    def _message(self) -> str:
        return f"{self.seq}:{self.hash}:{self.time}"

    def signed(self) -> Checkpoint:
        return Checkpoint(
            self.seq, self.hash, self.time, keyed_digest("checkpoint", self._message())
        )

    def line(self) -> str:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "time": self.time, "sig": self.signature},
            separators=(",", ":"),
        )

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        try:
            raw = json.loads(line)
            point = cls(int(raw["seq"]), str(raw["hash"]), str(raw["time"]), str(raw["sig"]))
        except (ValueError, KeyError, TypeError) as error:
            raise CheckpointError("it is not a checkpoint line from audit_checkpoint") from error
        expected = keyed_digest("checkpoint", point._message())
        if not constant_time_compare(expected, point.signature):
            raise CheckpointError(
                "its signature does not match (forged, altered, or made under another AUDIT_KEY)"
            )
        return point

    def expectation(self) -> Expectation:
        return Expectation(self.seq, self.hash, f"checkpoint of {self.time}")


def checkpoint_make() -> Checkpoint:
    """Append a checkpoint event and sign the chain head it creates."""
    with transaction.atomic(durable=True):
        event = record(action=TrailAction.CHECKPOINT_MADE, source="server", wait_for_chain=True)
    made_at = event.created_at.replace(microsecond=0).isoformat()
    return Checkpoint(event.seq, event.hash, made_at).signed()


def checkpoints_from(lines: Iterable[str]) -> list[Checkpoint]:
    """Parse a checkpoint file; blank lines and # comments are skipped."""
    points = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            points.append(Checkpoint.parse(text))
        except CheckpointError as error:
            raise CheckpointError(f"line {number}: {error}") from error
    return points


def parse_expectation(text: str) -> Expectation:
    """`SEQ:HASH` as given to `verify_audit --expect`."""
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise CheckpointError(f"{text!r} is not SEQ:HASH (a number, a colon, 64 hex digits)")
    return Expectation(int(seq), digest, "expected point")
