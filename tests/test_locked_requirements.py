"""`make` installs from hash-locked requirement files; they must say what pyproject.toml pins.

A pin changed in pyproject.toml without `make lock` would otherwise install the old
version silently (the Makefile installs the lock with --no-deps for the project).
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} in pyproject.toml is not pinned with =="
        pins[_name(match[1])] = match[2]
    return pins


def _locked(filename: str) -> tuple[dict[str, str], list[str]]:
    """The versions a lock file pins, and the packages in it that carry no hash."""
    versions, unhashed = {}, []
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / filename).read_text())
    for entry in entries:
        match = PIN.match(entry)
        if not match:
            continue
        versions[_name(match[1])] = match[2]
        if "--hash=sha256:" not in entry:
            unhashed.append(match[1])
    return versions, unhashed


RUNTIME = _pins(PYPROJECT["dependencies"])
TEST = _pins(PYPROJECT["optional-dependencies"]["test"])


@pytest.mark.parametrize(
    ("filename", "pins"),
    [("requirements.lock", RUNTIME), ("requirements-test.lock", RUNTIME | TEST)],
)
def test_every_pin_is_locked_at_its_version_with_hashes(filename, pins):
    versions, unhashed = _locked(filename)
    assert unhashed == []
    drifted = {
        name: (version, versions.get(name))
        for name, version in pins.items()
        if versions.get(name) != version
    }
    assert drifted == {}, f"run `make lock`: {drifted} (pyproject, {filename})"


def test_the_test_lock_installs_the_same_runtime_versions():
    runtime, _ = _locked("requirements.lock")
    test, _ = _locked("requirements-test.lock")
    assert {name: test.get(name) for name in runtime} == runtime


def test_lock_files_name_no_machine_specific_index():
    for filename in ("requirements.lock", "requirements-test.lock"):
        text = (ROOT / filename).read_text()
        assert "file://" not in text
        assert "--find-links" not in text
