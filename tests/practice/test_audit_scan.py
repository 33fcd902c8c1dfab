"""The fast chain check gives exactly the answers of one check in order: the canonical text
is `compute_hash`'s, and splitting the chain in two names the same first broken event."""

from __future__ import annotations

import pytest
from django.db import connection

from practice import audit
from practice.audit import canonical
from practice.audit import scan as audit_scan
from practice.audit.verify import verify_chain


def _events(n: int) -> None:
    for i in range(n):
        audit.record(action="test.event", details={"n": i, "ref": f"R-{i}"})


def _tamper(sql: str, params: list) -> None:
    from practice.migrations import _audit_triggers

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _audit_triggers.drop(cursor, connection.vendor)
        cursor.execute(sql, params)


def _answer(report) -> tuple:
    return report.ok, report.checked, report.broken_seq, report.reason, report.head_seq


TAMPERING = {
    "intact": None,
    "altered": ("UPDATE practice_auditevent SET action = %s WHERE seq = %s", ["auth.logout"]),
    "rehashed": ("UPDATE practice_auditevent SET hash = %s WHERE seq = %s", ["f" * 64]),
    "relinked": ("UPDATE practice_auditevent SET prev_hash = %s WHERE seq = %s", ["e" * 64]),
    "removed": ("DELETE FROM practice_auditevent WHERE seq = %s", []),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
@pytest.mark.parametrize("target", [1, 5, 6, 7, 12])
def test_two_halves_name_the_same_event_as_one_run(db, kind, target):
    _events(12)
    if TAMPERING[kind]:
        sql, params = TAMPERING[kind]
        _tamper(sql, [*params, target])
    whole = _answer(verify_chain())
    assert whole[0] is (kind == "intact")
    for split in range(1, 13):
        assert _answer(verify_chain(split=split)) == whole, f"split after {split}"


@pytest.mark.parametrize(
    "values",
    [
        (1, "2026-01-02T03:04:05+00:00", None, "", "a.b", "", "", {}, audit.GENESIS_HASH),
        (9, "2026-01-02T03:04:05.000001+00:00", 4, "Zoë", "x", "R-1", "::1",
         {"z": [1, None, True], "a": {"é": "q\"\\"}}, "a" * 64),
        (3, "2026-01-02T03:04:05+00:00", 2, "x\ty", "a", "t", "s", {"n": 1.5}, "not hex!"),
    ],
)  # fmt: skip
def test_fast_hash_is_compute_hash(values, settings):
    key = audit.audit_key()
    hasher = audit_scan._hasher(key)
    assert hasher.__name__ == "fast"
    names = ["seq", "created_at", "actor_id", "actor_label", "action", "target_ref", "source"]
    fields = dict(zip([*names, "details", "prev_hash"], values, strict=True))
    assert hasher(*values) == audit.compute_hash(**fields, key=key)


def test_a_changed_compute_hash_is_followed(db, monkeypatch):
    _events(3)
    original = canonical.compute_hash
    monkeypatch.setattr(canonical, "compute_hash", lambda **kw: original(**kw)[::-1])
    assert audit_scan._hasher(audit.audit_key()).__name__ == "exact"
    report = verify_chain()
    assert not report.ok and report.broken_seq == 1
