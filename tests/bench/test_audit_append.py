"""The audited-action throughput measurement runs, and proves the chain after it."""

import pytest
from django.db import connection

from bench import audit_append

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("mode", ["queue", "wait"])
def test_every_action_of_a_concurrent_run_is_linked_and_the_chain_verifies(mode):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server they can all reach")
    result = audit_append.measure(mode=mode, workers=3, seconds=0.5, hold_ms=1)
    assert result["actions"] > 0
    assert result["all_linked"] is True
    assert result["chain_verified"] is True
