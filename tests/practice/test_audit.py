import importlib
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from practice import audit
from practice.audit_actions import Action
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
    """People read the trail: each action the app records has a plain-English label.

    The registry is the whole vocabulary (`record()` refuses anything else), so it is
    complete when every app's declared action is in it with words of its own."""
    from django.apps import apps

    from practice.audit import actions

    registered = actions.registered()
    found = set()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.audit_actions")
        except ModuleNotFoundError:
            continue
        for name in module.Action.names():
            found.add(name)
            assert name.split(".")[0] in AREAS, f"{name} is not in a known area"
    from practice.audit.trail_actions import TrailAction  # the trail's own, in its package

    for name in TrailAction.names():
        found.add(name)
        assert name.split(".")[0] == "audit", f"{name}: the trail's own actions are audit.*"
    assert found, "no action names found"
    assert sorted(found - set(registered)) == []
    assert sorted(name for name, label in registered.items() if not label.strip()) == []
    assert all(actions.label_for(name) != name for name in found)
    # What the regex over some files used to miss: contracting, and three of records'.
    for name in (
        "contracting.generated",
        "contracting.acknowledged",
        "records.retention_policy_changed",
        "records.legal_hold_placed",
        "records.disposed",
        "sar.compiled",
        "disclosures.approved",
        "audit.entry_replayed",
    ):
        assert name in found


AREAS = {
    "auth", "staff", "supervision", "practice", "keys", "records", "clients", "contracting",
    "security", "audit", "disclosures", "sar", "complaint", "rights", "breach", "bench",
    "will",
}  # fmt: skip


def test_every_app_declares_its_actions_in_one_module_and_nowhere_else():
    """No second vocabulary grows beside the registry: no `class Action` outside an app's
    `audit_actions.py`, and no action name built from pieces at the call."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    strays = []
    for app in (
        "practice",
        "records",
        "clients",
        "contracting",
        "disclosures",
        "subject_access",
        "wills",
        "rights",
    ):
        for path in (root / app).rglob("*.py"):
            if path.name == "audit_actions.py" or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.ClassDef) and node.name == "Action":
                    strays.append(f"{where} class Action")
                built = (ast.JoinedStr, ast.BinOp)
                if (
                    isinstance(node, ast.keyword)
                    and node.arg == "action"
                    and isinstance(node.value, built)
                ):
                    strays.append(f"{where} an action name built at the call")
    assert strays == []


def test_an_undeclared_action_is_refused(db):
    """As with free text: a careless caller fails in a test, and nothing is written."""
    with pytest.raises(audit.UnregisteredAction, match="not declared"):
        audit.record(action="records.note_burned")
    with pytest.raises(audit.UnregisteredAction):
        audit.record(action="")
    assert AuditEvent.objects.count() == 0
    assert audit.record(action=Action.PRACTICE_UPDATED).action == "practice.updated"


def test_an_action_is_declared_once_with_one_label():
    from practice.audit.actions import Vocabulary

    with pytest.raises(ValueError, match="different labels"):

        class Clash(Vocabulary):
            LOGIN = "auth.login", "Something else"

    with pytest.raises(ValueError, match="no label"):

        class Unlabelled(Vocabulary):
            NOTHING = "test.unlabelled", " "

    assert Action.LOGIN == "auth.login"
    assert Action.labels()["auth.login"] == "Signed in (password)"


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
        event = audit.record(action=Action.PRACTICE_UPDATED, target_ref="p1")
    assert event.source == "worker"
    assert audit.record(action=Action.PRACTICE_UPDATED, source="server").source == "server"
