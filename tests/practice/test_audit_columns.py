"""Every place that lists an audit event's columns lists the model's: the trigger guarding
the queue, the canonical text, the scanner and the benchmark's COPY. A field added to the
model and forgotten in one of them fails here, not in production."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from practice.audit import canonical, scan
from practice.audit.models import AuditContent, AuditEntry, AuditEvent
from practice.migrations import _audit_triggers


def _columns(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def test_the_content_fields_are_written_once_and_both_tables_hold_them():
    content = [field.attname for field in AuditContent._meta.local_fields]
    assert list(canonical.CONTENT) == content == [
        "created_at", "actor_id", "actor_label", "action", "target_ref", "source", "details",
    ]  # fmt: skip
    for model, own in ((AuditEvent, {"seq", "prev_hash", "hash", "entry"}),
                       (AuditEntry, {"id", "token", "mac", "rejected"})):  # fmt: skip
        assert set(_columns(model)) - own == set(content), model.__name__


def test_the_queue_trigger_lists_every_column_but_the_rejected_flag():
    """The trigger lets an entry change only by being marked rejected: it must compare every
    other column, or a change to the one it forgot would slip through."""
    listed = _audit_triggers._ENTRY_COLUMNS
    assert len(listed) == len(set(listed))
    assert set(listed) == set(_columns(AuditEntry)) - {"rejected"}


@pytest.mark.django_db
def test_the_trigger_columns_are_the_table_columns_in_the_database():
    with connection.cursor() as cursor:
        entry = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, AuditEntry._meta.db_table
            )
        }
        event = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, AuditEvent._meta.db_table
            )
        }
    assert entry == set(_columns(AuditEntry))
    assert set(_audit_triggers._ENTRY_COLUMNS) == entry - {"rejected"}
    assert event == set(_columns(AuditEvent))


def test_the_scanner_and_the_bench_copy_read_and_write_the_hashed_columns():
    from bench import seeding

    hashed = set(_columns(AuditEvent)) - {"entry"}  # the queue token is outside the hash
    assert set(scan._FIELDS) == {
        AuditEvent._meta.get_field(name).column for name in canonical.EVENT_COLUMNS
    } == hashed  # fmt: skip
    copied = re.search(r"\((.*)\)", seeding._EVENT_COPY)[1].split(", ")
    assert copied == [AuditEvent._meta.get_field(n).column for n in canonical.EVENT_COLUMNS]
