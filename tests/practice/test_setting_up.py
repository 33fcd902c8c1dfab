"""Setting up: `make run` on any port, the demo's keys at every start, a fresh demo on
request, a favicon, quiet logs for refused requests, a modern package licence."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_serves_on_the_chosen_port_and_prints_a_localhost_address():
    """Passkeys need a host name, not an IP address: the address printed is localhost."""
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "Serving on http://localhost:8123/" in plan
    assert "--bind 127.0.0.1:8123" in plan
    assert "HOST=0.0.0.0" not in plan


def test_make_demo_reset_wipes_then_runs():
    plan = subprocess.run(
        ["make", "-n", "demo-reset", "PORT=8124"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert "manage.py demo_reset" in plan
    assert "Serving on http://localhost:8124/" in plan


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _keys(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\w+)\s+authenticator key \(TOTP\): (\S+)", output, re.M))


def test_demo_keys_are_printed_at_every_start_and_demo_reset_starts_afresh(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "IDENTITY_DATABASE_URL", "DEMO_PASSWORD"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings_test", "DATA_DIR": str(tmp_path)}
    env |= {"SECRET_KEY": "x" * 50, "ENCRYPTION_KEYS": "kt:" + "A" * 43 + "="}
    nothing_yet = _manage(env, "demo_reset")
    assert nothing_yet.returncode == 0 and "no demo database yet" in nothing_yet.stdout
    assert _manage(env, "migrate_all").returncode == 0

    first = _manage(env, "seed_demo").stdout
    again = _manage(env, "seed_demo").stdout
    assert "Demo practice created" in first and "Demo practice created" not in again
    assert set(_keys(first)) == {"therapist", "therapist2", "supervisor", "admin", "executor"}
    assert _keys(again) == _keys(first)
    assert "'demo-practice-2026'" in again
    assert ".venv/bin/python manage.py demo_code USER" in again
    assert "make demo-reset" in again

    reset = _manage(env, "demo_reset")
    assert reset.returncode == 0, reset.stderr
    assert not (tmp_path / "practice.sqlite3").exists()
    assert _manage(env, "migrate_all").returncode == 0
    fresh = _manage(env, "seed_demo").stdout
    assert "Demo practice created" in fresh
    assert _keys(fresh)["therapist"] != _keys(first)["therapist"]


def test_demo_reset_refuses_a_database_with_real_accounts(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IDENTITY_DATABASE_URL"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings_test", "DATA_DIR": str(tmp_path)}
    env |= {"SECRET_KEY": "x" * 50, "ENCRYPTION_KEYS": "kt:" + "A" * 43 + "="}
    assert _manage(env, "migrate_all").returncode == 0
    _manage(env, "seed_demo")
    _manage(
        env,
        "shell",
        "-c",
        "from practice import services; from practice.actors import system_actor; "
        "services.staff_create(actor=system_actor('tests'), username='real', "
        "password='a-real-long-password-1', roles=['therapist'])",
    )
    refused = _manage(env, "demo_reset")
    assert refused.returncode != 0
    assert "not demo accounts" in refused.stderr
    assert (tmp_path / "practice.sqlite3").exists()
    assert "No demo accounts" not in _manage(env, "seed_demo").stdout


def test_every_page_finds_its_favicon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.fixture
def console_log():
    """What the console handler (the one LOGGING configures) writes."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_request_logs_one_line_not_a_traceback(therapist, console_log):
    assert signed_in(therapist).get(reverse("admin_dashboard")).status_code == 403
    assert signed_in(therapist).get("/clients/not-a-client/").status_code == 404
    lines = console_log.getvalue().strip().splitlines()
    assert any(line.startswith("Forbidden (Permission denied): /manage/") for line in lines)
    assert any(line.startswith("Not Found: /clients/not-a-client/") for line in lines)
    assert "Traceback" not in console_log.getvalue()


def test_the_package_licence_is_an_spdx_expression():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "AGPL-3.0-or-later"
    assert "setuptools>=77" in pyproject["build-system"]["requires"]
