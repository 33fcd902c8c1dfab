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
        "DJANGO_SETTINGS_MODULE": "config.settings",
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
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "x" * 50,
        "ENCRYPTION_KEYS": "",
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
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
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "x" * 50,
        "AUDIT_KEY": value,
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "AUDIT_KEY" in result.stderr


def test_production_settings_do_not_install_the_benchmark(tmp_path):
    """`bench` (its seeding command and bare pages) is installed by bench/settings.py and
    the test settings only, never by the settings production runs with."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "x" * 50,
        "DATA_DIR": str(tmp_path),
    }
    code = "from config import settings; print('bench' in settings.INSTALLED_APPS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    code = "from bench import settings; print('bench' in settings.INSTALLED_APPS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "True"
