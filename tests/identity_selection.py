"""The identity-database CI job runs the tests that touch identity, found by running them.

Identity (the `clients` app) may live in a second database. What a split can break is
code that reaches identity: a query routed there, or an action that opens its
transaction there too (`atomic_across_databases`). Both pass through
`practice.routers.identity_alias`, so a run with `IDENTITY_TESTS_RECORD=DIR` (the SQLite
job in `.ci/run`) writes, per worker, the id of every test during whose setup, call or
teardown it was called, and of every test that run skipped (the recording run cannot
tell what a skipped test touches). A later run with `IDENTITY_TESTS_FROM=DIR` (the
identity job) runs exactly those; an empty or missing record is an error, never an
empty job.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

RECORD = os.environ.get("IDENTITY_TESTS_RECORD", "")
SELECT = os.environ.get("IDENTITY_TESTS_FROM", "")

_current: list[str] = []
_touched: set[str] = set()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def install_recorder() -> None:
    from practice import routers

    original = routers.identity_alias

    def identity_alias() -> str:
        if _current:
            _touched.add(_current[-1])
        return original()

    routers.identity_alias = identity_alias


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current.append(item.nodeid)
    try:
        return (yield)
    finally:
        _current.pop()


def pytest_runtest_logreport(report):
    if report.skipped:
        _touched.add(report.nodeid)


def pytest_sessionfinish(session):
    if RECORD:
        folder = Path(RECORD)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"identity-{_worker()}.txt").write_text(
            "".join(f"{t}\n" for t in sorted(_touched))
        )


def selected(items, config) -> None:
    """Keep only the recorded tests (called from conftest's collection hook)."""
    files = sorted(Path(SELECT).glob("identity-*.txt")) if Path(SELECT).is_dir() else []
    wanted = {line for f in files for line in f.read_text().splitlines() if line}
    if not wanted:
        raise pytest.UsageError(f"IDENTITY_TESTS_FROM={SELECT}: no recorded tests there")
    keep, drop = [], []
    for item in items:
        (keep if item.nodeid in wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep
