"""The audit queue refuses replays and `verify_audit` never says "intact" over an alarm
(issue 19): a captured entry put back is removed as a replay without stalling the rest; a
genuine entry marked rejected is reported as withheld; the verdict is stored after every
check; each alarm says whether it is new."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from practice import audit
from practice.audit import sequencer as audit_sequencer
from practice.audit.trail_actions import TrailAction
from practice.models import AuditEntry, AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db

_FIELDS = ("token", "created_at", "actor_id", "actor_label", "action", "target_ref", "source")


def _held_elsewhere(monkeypatch):
    real = audit_sequencer._head
    monkeypatch.setattr(audit_sequencer, "_head", lambda *, wait: real(wait=True) if wait else None)


def _captured(monkeypatch) -> dict:
    """A genuine entry as someone with the database would copy it while it waits."""
    _held_elsewhere(monkeypatch)
    audit.record(action="test.captured", details={"n": 1})
    entry = AuditEntry.objects.get()
    monkeypatch.undo()
    return {
        **{name: getattr(entry, name) for name in _FIELDS},
        "details": entry.details,
        "mac": entry.mac,
    }


def test_a_replayed_entry_is_removed_and_the_queue_keeps_linking(monkeypatch, capsys):
    copy = _captured(monkeypatch)
    assert audit_sequencer.drain() == 1  # linked, and gone from the queue
    AuditEntry.objects.create(**copy)  # the replay, correctly signed
    _held_elsewhere(monkeypatch)
    audit.record(action="test.later")  # a genuine entry behind the replay
    monkeypatch.undo()

    assert audit_sequencer.drain() == 1

    assert not AuditEntry.objects.exists()
    assert AuditEvent.objects.filter(entry=copy["token"]).count() == 1
    assert AuditEvent.objects.filter(action="test.later").exists()
    notice = AuditEvent.objects.get(action=TrailAction.ENTRY_REPLAYED)
    assert notice.details == {"entries": [str(copy["token"])]}
    # verify_audit names the replay, as new, and the stored verdict is a failure ...
    with pytest.raises(CommandError, match="replay"):
        call_command("verify_audit")
    assert "(new)" in capsys.readouterr().err
    verdict = AuditVerification.latest()
    assert verdict.ok is False and verdict.signature_valid()
    assert verdict.alarms == [f"replay:{copy['token']}"]
    # ... once: the next run says it was already reported, and the chain is intact.
    call_command("verify_audit")
    assert "already reported" in capsys.readouterr().err
    assert AuditVerification.latest().ok


@pytest.mark.django_db(transaction=True)
def test_the_replay_on_postgresql_capture_link_reinsert(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the database triggers and row locks under test are PostgreSQL's here")
    copy = _captured(monkeypatch)
    audit_sequencer.drain()
    AuditEntry.objects.create(**copy)
    for n in range(3):  # actions go on, linked straight away or via the queue
        audit.record(action="test.after", details={"n": n})
    audit_sequencer.drain()
    assert not AuditEntry.objects.exists()
    assert AuditEvent.objects.filter(action="test.after").count() == 3
    with pytest.raises(CommandError, match="replay"):
        call_command("verify_audit")
    assert AuditVerification.latest().ok is False


def test_a_genuine_entry_marked_rejected_is_reported_withheld(monkeypatch, capsys):
    _held_elsewhere(monkeypatch)
    audit.record(action="test.withheld")
    monkeypatch.undo()
    AuditEntry.objects.update(rejected=True)  # someone with the database hides it

    with pytest.raises(CommandError, match="genuine .* withheld"):
        call_command("verify_audit")

    assert "(new)" in capsys.readouterr().err
    assert AuditVerification.latest().ok is False
    with pytest.raises(CommandError, match="withheld"):
        call_command("verify_audit")  # still there: it fails every run ...
    assert "already reported" in capsys.readouterr().err  # ... but is not new


def test_a_forged_entry_and_a_withheld_one_are_told_apart(monkeypatch, capsys):
    _held_elsewhere(monkeypatch)
    audit.record(action="test.withheld")
    monkeypatch.undo()
    AuditEntry.objects.update(rejected=True)
    AuditEntry.objects.create(
        token="00000000-0000-4000-8000-000000000001",
        created_at=AuditEntry.objects.get().created_at,
        action="note.deleted",
        mac="0" * 64,
    )
    audit_sequencer.drain()
    with pytest.raises(CommandError):
        call_command("verify_audit")
    said = capsys.readouterr().err
    assert "signature does not match" in said and "withheld it from the chain" in said


def test_the_stored_verdict_is_false_after_a_failed_run(monkeypatch):
    audit.record(action="test.event")
    call_command("verify_audit")
    assert AuditVerification.latest().ok
    AuditEntry.objects.create(
        token="00000000-0000-4000-8000-000000000002",
        created_at=AuditEvent.objects.first().created_at,
        action="note.deleted",
        mac="0" * 64,
    )
    with pytest.raises(CommandError):
        call_command("verify_audit")
    latest = AuditVerification.latest()
    assert latest.ok is False and latest.signature_valid()
    assert "signature does not match" in latest.reason


def test_a_drain_that_fails_records_a_failed_verdict(monkeypatch):
    call_command("verify_audit")
    assert AuditVerification.latest().ok

    def broken(**_):
        raise DatabaseError("the queue cannot be linked")

    monkeypatch.setattr(audit_sequencer, "drain", broken)
    audit_sequencer._drain_quietly()
    assert AuditVerification.latest().ok is False
    with pytest.raises(CommandError, match="could not be linked"):
        call_command("verify_audit")
    assert AuditVerification.latest().ok is False
