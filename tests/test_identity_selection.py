"""The identity CI job's selection: exactly the recorded tests, and never an empty job."""

from types import SimpleNamespace

import pytest

from tests import identity_selection


class _Hook:
    def __init__(self):
        self.deselected = []

    def pytest_deselected(self, items):
        self.deselected.extend(items)


def _items(*ids):
    return [SimpleNamespace(nodeid=nodeid) for nodeid in ids]


def test_only_the_recorded_tests_run(tmp_path, monkeypatch):
    (tmp_path / "identity-gw0.txt").write_text("tests/a.py::one\n")
    (tmp_path / "identity-gw1.txt").write_text("tests/b.py::two\n")
    monkeypatch.setattr(identity_selection, "SELECT", str(tmp_path))
    items = _items("tests/a.py::one", "tests/a.py::other", "tests/b.py::two")
    config = SimpleNamespace(hook=_Hook())
    identity_selection.selected(items, config)
    assert [item.nodeid for item in items] == ["tests/a.py::one", "tests/b.py::two"]
    assert [item.nodeid for item in config.hook.deselected] == ["tests/a.py::other"]


@pytest.mark.parametrize("files", [{}, {"identity-gw0.txt": ""}])
def test_an_empty_or_missing_record_is_an_error_not_an_empty_job(tmp_path, monkeypatch, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(
        identity_selection, "SELECT", str(tmp_path / "absent" if not files else tmp_path)
    )
    with pytest.raises(pytest.UsageError):
        identity_selection.selected(_items("tests/a.py::one"), SimpleNamespace(hook=_Hook()))


def test_a_test_that_builds_a_client_is_recorded(therapist, monkeypatch):
    """The recorder sees the identity database being chosen while a test runs."""
    from practice import routers
    from tests.conftest import make_client

    original = routers.identity_alias
    monkeypatch.setattr(identity_selection, "_touched", set())
    monkeypatch.setattr(identity_selection, "_current", ["tests/x.py::builds_a_client"])
    identity_selection.install_recorder()
    try:
        make_client(therapist)
    finally:
        routers.identity_alias = original
    assert identity_selection._touched == {"tests/x.py::builds_a_client"}
