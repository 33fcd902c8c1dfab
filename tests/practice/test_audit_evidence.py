"""The keyed chain, checkpoints and database guards: evidence that holds against someone
who can write the database but does not hold AUDIT_KEY."""

import hashlib
import hmac
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from practice import audit
from practice.audit import verify as audit_verify
from practice.audit.trail_actions import TrailAction
from practice.models import AuditChainHead, AuditEvent, AuditVerification

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="a PostgreSQL statement trigger"
)


def _events(n: int) -> list[AuditEvent]:
    return [audit.record(action="test.event", details={"n": i}) for i in range(n)]


def _lift_triggers():
    from practice.migrations import _audit_triggers

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _audit_triggers.drop(cursor, connection.vendor)


def _cut_tail(keep: int) -> None:
    """Delete the newest events and move the head back, as an attacker with SQL would."""
    _lift_triggers()
    kept = AuditEvent.objects.get(seq=keep)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM practice_auditevent WHERE seq > %s", [keep])
        cursor.execute("UPDATE practice_auditchainhead SET seq = %s, hash = %s", [keep, kept.hash])


def _rewrite_from(seq: int, key: bytes) -> None:
    """Re-link the chain from `seq` on under `key`, with that event's details changed."""
    _lift_triggers()
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS_HASH
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        details = {"n": 999} if event.seq == seq else event.details
        new = audit.compute_hash(
            seq=event.seq,
            created_at=event.created_at.isoformat(),
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            target_ref=event.target_ref,
            source=event.source,
            details=details,
            prev_hash=prev,
            key=key,
        )
        AuditEvent.objects.filter(seq=event.seq).update(details=details, prev_hash=prev, hash=new)
        prev = new
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def test_hash_is_an_hmac_under_the_audit_key(db):
    (event,) = _events(1)
    canonical = json.dumps(
        [1, event.created_at.isoformat(), None, "", "test.event", "", "", {"n": 0}, "0" * 64],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    from django.conf import settings

    expected = hmac.new(settings.AUDIT_KEY.encode(), canonical.encode(), hashlib.sha256)
    assert event.hash == expected.hexdigest()
    assert event.hash != hashlib.sha256(canonical.encode()).hexdigest()


def test_rewriting_the_chain_from_an_event_without_the_key_is_detected(db):
    _events(5)
    _rewrite_from(3, key=b"an attacker's guess at the key, long enough")
    report = audit_verify.verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    assert "keyed hash" in report.reason


def test_cut_tail_with_head_moved_back_is_caught_by_expect(db, capsys):
    _events(6)
    sixth = AuditEvent.objects.get(seq=6)
    _cut_tail(keep=4)
    assert audit_verify.verify_chain().ok  # without evidence from outside, it looks whole
    with pytest.raises(CommandError, match="names event 6 but the chain ends at 4"):
        call_command("verify_audit", "--full", "--expect", f"6:{sixth.hash}")


def test_cut_tail_below_the_last_verified_point_is_caught(db):
    _events(6)
    call_command("verify_audit")
    _cut_tail(keep=3)
    with pytest.raises(CommandError, match="event 6, verified on .* is missing or changed"):
        call_command("verify_audit")


def test_expect_catches_an_altered_checkpointed_event(db):
    _events(3)
    _rewrite_from(2, key=b"an attacker's guess at the key, long enough")
    with pytest.raises(CommandError, match="event 2"):
        call_command("verify_audit", "--full", "--expect", "2:" + "a" * 64)


def test_expect_must_be_seq_colon_hash(db):
    with pytest.raises(CommandError, match="not SEQ:HASH"):
        call_command("verify_audit", "--expect", "12:nothex")


def test_checkpoint_is_signed_and_verifies_from_a_file(db, tmp_path, capsys):
    _events(2)
    call_command("audit_checkpoint")
    line = capsys.readouterr().out.strip()
    point = json.loads(line)
    assert point["seq"] == 3 and len(point["hash"]) == 64 and point["sig"]
    assert AuditEvent.objects.get(seq=3).action == TrailAction.CHECKPOINT_MADE
    path = tmp_path / "checkpoints.txt"
    path.write_text("# kept by the DPO\n" + line + "\n")
    _events(2)
    call_command("verify_audit", "--checkpoints", str(path))
    assert "1 checkpoint still on the chain" in capsys.readouterr().out


def test_forged_checkpoint_signature_is_refused_and_nothing_recorded(db, tmp_path):
    _events(2)
    head = AuditChainHead.objects.get(pk=1)
    forged = {"seq": head.seq, "hash": head.hash, "time": "2026-01-01T00:00:00+00:00"}
    forged["sig"] = "0" * 64
    path = tmp_path / "checkpoints.txt"
    path.write_text(json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="line 1: its signature does not match"):
        call_command("verify_audit", "--checkpoints", str(path))
    assert not AuditVerification.objects.exists()


def test_checkpoint_of_a_cut_tail_is_caught(db, tmp_path, capsys):
    _events(2)
    call_command("audit_checkpoint")
    path = tmp_path / "checkpoints.txt"
    path.write_text(capsys.readouterr().out)
    _cut_tail(keep=2)
    with pytest.raises(CommandError, match="names event 3 but the chain ends at 2"):
        call_command("verify_audit", "--full", "--checkpoints", str(path))


def test_checkpoint_send_mails_the_line(db, mailoutbox, capsys):
    with override_settings(AUDIT_CHECKPOINT_EMAIL="dpo@example.invalid"):
        call_command("audit_checkpoint", "--send")
    line = capsys.readouterr().out.strip()
    assert mailoutbox[0].to == ["dpo@example.invalid"]
    assert line in mailoutbox[0].body


@pytest.mark.parametrize("command", ["verify_audit", "audit_checkpoint"])
def test_commands_without_audit_key_refuse_naming_it(db, command):
    _events(1)
    with override_settings(AUDIT_KEY=""), pytest.raises(CommandError, match="AUDIT_KEY is not set"):
        call_command(command)
    assert not AuditVerification.objects.exists()


def test_verification_is_incremental_from_the_last_verified_point(db, capsys):
    _events(5)
    call_command("verify_audit")
    assert "5 events verified" in capsys.readouterr().out
    _events(2)
    call_command("verify_audit")
    assert "2 events verified (from event 6)" in capsys.readouterr().out
    call_command("verify_audit", "--full")
    assert "7 events verified" in capsys.readouterr().out


def test_a_forged_verification_row_is_not_trusted(db):
    _events(3)
    AuditVerification.objects.create(
        ran_at="2026-01-01T00:00:00Z", ok=True, head_seq=3, head_hash="b" * 64, signature="x"
    )
    report = audit_verify.verify_chain(incremental=True)
    assert report.ok and report.checked == 3


def test_verification_reads_no_model_instances_and_few_queries(db, django_assert_max_num_queries):
    _events(30)
    with django_assert_max_num_queries(6):
        report = audit_verify.verify_chain(batch=10)
    assert report.ok and report.checked == 30


def test_head_cannot_move_backwards(db):
    _events(3)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditChainHead.objects.filter(pk=1).update(seq=1)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditChainHead.objects.filter(pk=1).delete()
    assert AuditChainHead.objects.get(pk=1).seq == 3


@postgres_only
@pytest.mark.parametrize("table", ["practice_auditevent", "practice_auditchainhead"])
def test_postgres_refuses_truncate(db, table):
    _events(2)
    with (
        pytest.raises(DatabaseError, match="append-only|only moves forward"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.count() == 2


def test_relink_carries_an_unkeyed_chain_over_and_records_the_switch(db):
    from django.apps import apps

    from practice.migrations import _audit_relink

    _lift_triggers()
    prev = audit.GENESIS_HASH
    from django.utils import timezone

    for seq in (1, 2, 3):
        row = {
            "seq": seq,
            "created_at": timezone.now(),
            "actor_id": None,
            "actor_label": "",
            "action": "test.event",
            "target_ref": "",
            "source": "",
            "details": {"n": seq},
            "prev_hash": prev,
        }
        row["hash"] = _audit_relink._legacy_hash(row)
        AuditEvent.objects.create(**row)
        prev = row["hash"]
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": 3, "hash": prev})
    assert not audit_verify.verify_chain().ok
    _audit_relink.relink(apps, SimpleNamespace(connection=connection))
    report = audit_verify.verify_chain()
    assert report.ok and report.checked == 4
    switch = AuditEvent.objects.get(seq=4)
    assert switch.action == TrailAction.CHAIN_KEYED
    assert switch.details == {"events": 3, "unkeyed_head": prev, "unkeyed_ok": True}
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="x")
