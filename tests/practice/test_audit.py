import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from practice import audit
from practice.models import AuditEvent


def _events(n: int) -> list[AuditEvent]:
    return [audit.record(action="test.event", details={"n": i}) for i in range(n)]


def test_events_form_a_chain(db):
    first, second, third = _events(3)
    assert first.prev_hash == audit.GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit.verify_chain().ok
    assert audit.verify_chain().checked == 3


@pytest.mark.parametrize(
    "statement", ["UPDATE practice_auditevent SET action = 'x'", "DELETE FROM practice_auditevent"]
)
def test_database_refuses_update_and_delete(db, statement):
    _events(2)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.count() == 2


def test_orm_update_is_refused_too(db):
    (event,) = _events(1)
    event.action = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def _tamper(sql: str, params) -> None:
    """Alter a row behind the app's back, as an attacker with database access would."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DROP TRIGGER practice_auditevent_no_update")
            cursor.execute(sql, params)
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks first
            cursor.execute("ALTER TABLE practice_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE practice_auditevent ENABLE TRIGGER USER")


def test_altered_row_is_detected_and_named(db):
    _events(5)
    _tamper("UPDATE practice_auditevent SET action = %s WHERE seq = %s", ["auth.logout", 3])
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    with pytest.raises(CommandError, match="event 3"):
        call_command("verify_audit")


def test_rehashed_row_still_breaks_the_link_after_it(db):
    _events(4)
    _tamper("UPDATE practice_auditevent SET hash = %s WHERE seq = %s", ["f" * 64, 2])
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == 2


def test_removed_row_is_detected(db):
    _events(4)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER practice_auditevent_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE practice_auditevent DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM practice_auditevent WHERE seq = 4")
    report = audit.verify_chain()
    assert not report.ok
    assert "removed" in report.reason


def test_verify_audit_succeeds_on_an_intact_chain(db, capsys):
    _events(3)
    call_command("verify_audit")
    assert "3 events verified" in capsys.readouterr().out


@pytest.mark.parametrize(
    "details",
    [
        {"note": "Client said she felt hopeless"},
        {"name": "Jane Doe"},
        {"text": "x" * 200},
        {"free text": 1},
        {"nested": {"a": 1}},
    ],
)
def test_free_text_is_refused_in_details(db, details):
    with pytest.raises(audit.UnsafeAuditDetail):
        audit.record(action="test.event", details=details)
    assert AuditEvent.objects.count() == 0


def test_event_rolls_back_with_the_action(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="test.event")
        raise RuntimeError("action failed")
    assert AuditEvent.objects.count() == 0
    assert audit.verify_chain().ok


@pytest.fixture
def committed_audit(transactional_db):
    """Real commits from several threads (the flush afterwards lifts the triggers)."""
    return


def test_concurrent_appends_stay_one_linear_chain(committed_audit):
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                audit.record(action="test.concurrent", details={"worker": n, "i": i})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit.verify_chain()
    assert report.ok, str(report)
    assert report.checked == 40


def test_every_action_in_the_code_has_a_plain_label():
    """People read the trail: each action the app records has a plain-English label."""
    import re
    from pathlib import Path

    from practice.audit_labels import LABELS

    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in [*root.glob("*/services.py"), *root.glob("*/audit.py"), *root.glob("records/*.py")]:
        for match in re.finditer(r'^\s+[A-Z_]+ = "([a-z]+\.[a-z_0-9]+)"', path.read_text(), re.M):
            if match[1].split(".")[0] in {
                "auth",
                "staff",
                "supervision",
                "practice",
                "keys",
                "records",
                "clients",
                "contracting",
                "security",
                "audit",
            }:
                found.add(match[1])
    assert found, "no action names found"
    assert sorted(found - set(LABELS)) == []


def test_the_source_of_an_action_is_set_once_for_the_whole_request(client, django_user_model):
    """The middleware names the client address; services never pass the request on."""
    from practice import sources

    seen = []
    with sources.acting_from("command:tests"):
        seen.append(sources.current())
        with sources.acting_from("x" * 100):
            seen.append(sources.current())
        seen.append(sources.current())
    seen.append(sources.current())
    assert seen == ["command:tests", "x" * sources.MAX_LENGTH, "command:tests", ""]


@pytest.mark.django_db
def test_an_event_recorded_in_a_block_takes_its_source_from_it():
    from practice import sources

    with sources.acting_from("worker"):
        event = audit.record(action=audit.Action.PRACTICE_UPDATED, target_ref="p1")
    assert event.source == "worker"
    assert audit.record(action=audit.Action.PRACTICE_UPDATED, source="server").source == "server"
