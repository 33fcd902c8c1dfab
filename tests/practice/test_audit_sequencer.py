"""The audit queue: an action never waits on another's hold of the chain, every event is
still linked in order, and the queue cannot be used to slip in or drop events."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from practice import audit
from practice.audit import canonical
from practice.audit import sequencer as audit_sequencer
from practice.audit.trail_actions import TrailAction
from practice.audit.verify import verify_chain
from practice.models import AuditChainHead, AuditEntry, AuditEvent

pytestmark = pytest.mark.django_db


def _held_elsewhere(monkeypatch):
    """Make this process see the chain head as held by another writer."""
    real = audit_sequencer._head
    monkeypatch.setattr(audit_sequencer, "_head", lambda *, wait: real(wait=True) if wait else None)


def _forged(**overrides) -> AuditEntry:
    content = {
        "created_at": timezone.now(),
        "actor_id": None,
        "actor_label": "mallory",
        "action": "note.deleted",
        "target_ref": "note:1",
        "source": "",
        "details": {},
        "mac": "0" * 64,
    }
    return AuditEntry.objects.create(token=uuid.uuid4(), **{**content, **overrides})


def test_a_free_chain_links_the_event_at_once():
    event = audit.record(action="test.event", details={"n": 1})
    assert isinstance(event, AuditEvent)
    assert AuditEvent.objects.get(seq=event.seq).hash == event.hash
    assert event.entry is None
    assert not AuditEntry.objects.exists()


def test_a_held_chain_queues_a_signed_entry_that_the_next_drain_links_in_order(monkeypatch):
    first = audit.record(action="test.first")
    with monkeypatch.context() as patch:
        _held_elsewhere(patch)
        queued = [audit.record(action="test.queued", details={"n": n}) for n in range(3)]
    assert all(isinstance(entry, AuditEntry) for entry in queued)
    assert AuditEvent.objects.count() == 1  # nothing linked while the head was held
    entry = AuditEntry.objects.get(pk=queued[0].pk)
    content = {name: getattr(entry, name) for name in canonical.CONTENT}
    assert entry.mac == audit_sequencer.entry_mac(entry.token, content)

    assert audit_sequencer.drain() == 3
    linked = list(AuditEvent.objects.filter(action="test.queued").order_by("seq"))
    assert [event.details["n"] for event in linked] == [0, 1, 2]
    assert [event.seq for event in linked] == [first.seq + 1, first.seq + 2, first.seq + 3]
    assert [event.entry for event in linked] == [item.token for item in queued]
    assert not AuditEntry.objects.exists()
    assert verify_chain().ok


def test_a_queued_entry_rolls_back_with_its_action(monkeypatch):
    _held_elsewhere(monkeypatch)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="test.queued")
        raise RuntimeError("the action failed")
    assert not AuditEntry.objects.exists()


def test_one_drain_is_asked_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(3):
            audit.record(action="test.event", details={"n": n})
    assert callbacks == [audit_sequencer._drain_quietly]


def test_an_entry_without_a_valid_signature_is_rejected_not_linked():
    audit.record(action="test.event")
    forged = _forged()
    assert audit_sequencer.drain() == 0
    forged.refresh_from_db()
    assert forged.rejected
    assert not AuditEvent.objects.filter(action="note.deleted").exists()
    notice = AuditEvent.objects.get(action=TrailAction.ENTRY_REJECTED)
    assert notice.details == {"entries": [forged.pk]}
    assert audit_sequencer.waiting_count() == (0, 1)
    assert verify_chain().ok  # the chain itself is sound ...
    with pytest.raises(
        CommandError,
        match="1 alarm about the audit queue: queued entry [0-9]+ was rejected: its signature",
    ):
        call_command("verify_audit")  # ... but the run fails and says why


def test_an_entry_signed_for_other_content_is_rejected(monkeypatch):
    with monkeypatch.context() as patch:
        _held_elsewhere(patch)
        entry = audit.record(action="test.queued", target_ref="note:7")
    # Someone copies a real signature onto different content.
    _forged(mac=entry.mac, action="test.queued", target_ref="note:8")
    assert audit_sequencer.drain() == 1
    assert AuditEvent.objects.filter(target_ref="note:7").exists()
    assert not AuditEvent.objects.filter(target_ref="note:8").exists()
    assert audit_sequencer.waiting_count() == (0, 1)


def test_verify_audit_links_what_waits_before_checking(monkeypatch, capsys):
    with monkeypatch.context() as patch:
        _held_elsewhere(patch)
        audit.record(action="test.queued")
    call_command("verify_audit", "--full")
    assert AuditEvent.objects.filter(action="test.queued").exists()
    assert not AuditEntry.objects.exists()
    assert "Audit chain intact" in capsys.readouterr().out


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE practice_auditentry SET action = 'x'",
        "UPDATE practice_auditentry SET rejected = {false}, mac = 'x'",
        "DELETE FROM practice_auditentry",
    ],
)
def test_the_queue_refuses_changes_and_early_removal(monkeypatch, statement):
    with monkeypatch.context() as patch:
        _held_elsewhere(patch)
        audit.record(action="test.queued")
    false = "false" if connection.vendor == "postgresql" else "0"
    with (
        pytest.raises(DatabaseError, match="audit entr"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(false=false))
    assert AuditEntry.objects.get().action == "test.queued"


def test_the_queue_allows_only_marking_an_entry_rejected(monkeypatch):
    with monkeypatch.context() as patch:
        _held_elsewhere(patch)
        audit.record(action="test.queued")
    true = "true" if connection.vendor == "postgresql" else "1"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE practice_auditentry SET rejected = {true}")  # noqa: S608
    assert AuditEntry.objects.get().rejected


# -- two real connections (PostgreSQL) ---------------------------------------------------


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers instead")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("holder_outcome", ["commits", "rolls back"])
def test_an_action_does_not_wait_for_another_holding_the_chain(holder_outcome):
    _postgres_only()
    audit.record(action="test.genesis")
    holding, release, finished = threading.Event(), threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                audit.record(action="test.holder")  # links at once and holds the head
                holding.set()
                release.wait(10)
                if holder_outcome == "rolls back":
                    raise RuntimeError("the holder's action failed")
        except RuntimeError:
            pass
        finally:
            connections.close_all()
            finished.set()

    thread = threading.Thread(target=holder)
    thread.start()
    assert holding.wait(10)
    started = timezone.now()
    queued = audit.record(action="test.waiter")  # must not wait for the holder
    waited = (timezone.now() - started).total_seconds()
    assert isinstance(queued, AuditEntry)
    assert waited < 5
    release.set()
    assert finished.wait(10)
    thread.join()

    if holder_outcome == "rolls back":  # its after-commit drain never ran
        assert AuditEntry.objects.filter(pk=queued.pk).exists()
        audit.record(action="test.later")  # the next action anywhere links what waits
    assert not AuditEntry.objects.exists()
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    expected = {
        "commits": ["test.genesis", "test.holder", "test.waiter"],
        "rolls back": ["test.genesis", "test.later", "test.waiter"],
    }
    assert actions == expected[holder_outcome]
    assert verify_chain().ok
    assert AuditChainHead.objects.get().seq == AuditEvent.objects.count()
