"""Start-up refuses to run without valid keys, naming the variable and the fix."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["", "broken"])
def test_check_fails_naming_the_key_variable(value, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "practice.settings",
        "SECRET_KEY": "x" * 50,
        "ENCRYPTION_KEYS": value,
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ENCRYPTION_KEYS" in result.stderr
    assert "generate_key" in result.stderr


def test_wsgi_start_up_fails_naming_the_key_variable(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "practice.settings",
        "SECRET_KEY": "x" * 50,
        "ENCRYPTION_KEYS": "",
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import practice.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ENCRYPTION_KEYS is not set" in result.stderr


@pytest.mark.parametrize("value", ["", "too-short"])
def test_check_fails_naming_the_audit_key(value, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "practice.settings",
        "SECRET_KEY": "x" * 50,
        "AUDIT_KEY": value,
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "AUDIT_KEY" in result.stderr
