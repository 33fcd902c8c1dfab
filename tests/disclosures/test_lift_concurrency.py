"""The supervisor agreeing while the therapist withdraws: exactly one of them wins.

PostgreSQL, two real connections: the first holds the locks on the disclosure and the
request to lift while the second asks; the second re-reads the lift after the lock and
is refused by the table, so the restriction is lifted only by an agreement that stood."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone

from disclosures import lifting
from disclosures.models import DisclosureRecord, LiftStatus, RestrictionLift
from disclosures.services import disclosing, restrictions
from practice import services as practice_services
from practice.transitions import TransitionRefused
from tests.conftest import TESTS, make_client, make_staff
from tests.disclosures.builders import at_state, facts
from tests.disclosures.test_concurrency import _wait_until_someone_waits_for_a_lock

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _asked_lift():
    therapist = make_staff("therapist", "therapist")
    supervisor = make_staff("supervisor", "supervisor")
    practice_services.supervision_start(actor=TESTS, therapist=therapist, supervisor=supervisor)
    row = at_state("approved", therapist, supervisor, make_client(therapist))
    later = timezone.localdate() + timedelta(days=30)
    disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(row, restricted=True, restricted_reason="risk", restricted_review_on=later),
    )
    record = DisclosureRecord.objects.get(request=row)
    lift = restrictions.restriction_lift_ask(actor=therapist, record=record, reason="Over")
    return therapist, supervisor, record, RestrictionLift.objects.get(pk=lift.pk)


@pytest.mark.parametrize("first_wins", ["withdraw", "agree"])
def test_agreeing_and_withdrawing_at_once_cannot_both_win(first_wins):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers instead")
    therapist, supervisor, record, stale = _asked_lift()
    first_holds_lock = threading.Event()
    second_asked = threading.Event()
    blocked: list[bool] = []
    real_locked = restrictions._locked_lift

    def slow_locked(lift):
        locked = real_locked(lift)
        if threading.current_thread().name == "first":
            first_holds_lock.set()
            second_asked.wait(timeout=10)
            blocked.append(_wait_until_someone_waits_for_a_lock())
        return locked

    outcomes: dict[str, object] = {}

    def act(name, action):
        try:
            if name == "second":
                first_holds_lock.wait(timeout=10)
                second_asked.set()
            if action == "withdraw":
                restrictions.restriction_lift_withdraw(actor=therapist, lift=stale)
            else:
                restrictions.restriction_lift_decide(
                    actor=supervisor, lift=stale, decision=lifting.AGREE, response="Yes"
                )
            outcomes[name] = "done"
        except TransitionRefused as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    second_action = "agree" if first_wins == "withdraw" else "withdraw"
    with mock.patch.object(restrictions, "_locked_lift", slow_locked):
        threads = [
            threading.Thread(target=act, name="first", args=("first", first_wins)),
            threading.Thread(target=act, name="second", args=("second", second_action)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert blocked == [True], "the second step never waited on the lock"
    assert outcomes["first"] == "done"
    assert isinstance(outcomes["second"], TransitionRefused)
    lift = RestrictionLift.objects.get(pk=stale.pk)
    fresh = DisclosureRecord.objects.get(pk=record.pk)
    if first_wins == "agree":
        assert lift.status == LiftStatus.AGREED and not fresh.restricted
    else:
        assert lift.status == LiftStatus.WITHDRAWN and fresh.restricted
