"""Two supervisors deciding on the same request at once: exactly one decision is made.

PostgreSQL, two real connections: the first holds the row lock while the second asks; the
second re-reads the state after the lock and is refused by the table."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection, connections

from disclosures import machine
from disclosures.models import DisclosureRequest, RequestEvent, Status
from disclosures.services import common as service_common
from disclosures.services import decisions
from practice import services as practice_services
from practice.transitions import TransitionRefused
from tests.conftest import TESTS, make_client, make_staff
from tests.disclosures.builders import at_state

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _wait_until_someone_waits_for_a_lock(tries: int = 200) -> bool:
    """Poll PostgreSQL until another session is blocked on a lock (the second decision)."""
    import time

    with connection.cursor() as cursor:
        for _ in range(tries):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view each time
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_two_supervisors_acting_at_once_cannot_both_win():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers instead")
    therapist = make_staff("therapist", "therapist")
    first = make_staff("supervisor", "supervisor")
    second = make_staff("supervisor2", "supervisor")
    for supervisor in (first, second):
        practice_services.supervision_start(actor=TESTS, therapist=therapist, supervisor=supervisor)
    row = at_state("submitted", therapist, first, make_client(therapist))
    stale = DisclosureRequest.objects.get(pk=row.pk)  # both start from "submitted"

    first_holds_lock = threading.Event()
    second_asked = threading.Event()
    real_history = service_common.history

    def slow_history(*args, **kwargs):
        # Runs inside the first decision's transaction, after the row is locked.
        if threading.current_thread().name == "first":
            first_holds_lock.set()
            second_asked.wait(timeout=10)
            blocked.append(_wait_until_someone_waits_for_a_lock())
        return real_history(*args, **kwargs)

    outcomes: dict[str, object] = {}
    blocked: list[bool] = []

    def decide(name, actor, decision):
        try:
            if name == "second":
                first_holds_lock.wait(timeout=10)
                second_asked.set()
            decisions.request_decide(
                actor=actor, disclosure=stale, decision=decision, reasons=f"{name} reasons"
            )
            outcomes[name] = "decided"
        except TransitionRefused as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    with mock.patch.object(service_common, "history", slow_history):
        threads = [
            threading.Thread(target=decide, name="first", args=("first", first, machine.APPROVE)),
            threading.Thread(
                target=decide, name="second", args=("second", second, machine.DECLINE)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert blocked == [True], "the second decision never waited on the row lock"
    assert outcomes["first"] == "decided"
    assert isinstance(outcomes["second"], TransitionRefused)
    assert "waiting for review" in outcomes["second"].messages[0]
    row.refresh_from_db()
    assert row.status == Status.APPROVED
    assert row.decided_by == first
    decided = RequestEvent.objects.filter(request=row, action__in=machine.DECISIONS)
    assert decided.count() == 1
