"""Sessions: read on every request, written only when something changed, and still ended
by the idle time-out to the minute (the clock is moved, never waited for)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice.middleware import IDLE_STAMP_REFRESH_SECONDS, IDLE_STAMP_SESSION_KEY
from tests.conftest import signed_in

IDLE = timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def _session_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "practice_sessions" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def _get(client, clock, *, after: timedelta):
    clock.shift(after)
    return client.get(reverse("therapist_dashboard"))


def test_sessions_live_in_a_cache_and_are_not_saved_on_every_request():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    assert settings.SESSION_CACHE_ALIAS in settings.CACHES
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_requests_within_a_minute_do_not_write_the_session(therapist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        assert _get(client, clock, after=timedelta(0)).status_code == 200
        with CaptureQueriesContext(connections["default"]) as queries:
            for _ in range(3):
                response = _get(client, clock, after=timedelta(seconds=15))
                assert response.status_code == 200
    assert _session_writes(queries) == []


def test_the_idle_stamp_is_refreshed_once_a_minute_has_passed(therapist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        first = client.session[IDLE_STAMP_SESSION_KEY]
        with CaptureQueriesContext(connections["default"]) as queries:
            _get(client, clock, after=timedelta(seconds=IDLE_STAMP_REFRESH_SECONDS))
        assert _session_writes(queries), "a minute on, the stamp is written"
        assert client.session[IDLE_STAMP_SESSION_KEY] == first + IDLE_STAMP_REFRESH_SECONDS


def test_a_session_used_just_under_the_idle_time_ago_stays_signed_in(therapist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        response = _get(client, clock, after=IDLE - timedelta(seconds=1))
    assert response.status_code == 200


def test_regular_use_keeps_a_session_alive_past_the_idle_time(therapist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        for _ in range(3):
            assert _get(client, clock, after=IDLE - timedelta(minutes=2)).status_code == 200


@pytest.mark.parametrize("extra", [timedelta(0), timedelta(seconds=1), timedelta(hours=5)])
def test_a_session_idle_for_the_idle_time_is_signed_out(therapist, extra):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        response = _get(client, clock, after=IDLE + extra)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "session ended after a period without activity" in (
        client.get(response["Location"]).content.decode()
    )


def test_the_time_out_is_exact_to_the_minute_never_late(therapist):
    """A request within a minute of the last stamp does not move it, so the session ends
    under a minute early at worst, and never a second after the idle time."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        assert _get(client, clock, after=timedelta(seconds=59)).status_code == 200
        response = _get(client, clock, after=IDLE - timedelta(seconds=59))
    assert response.status_code == 302


def test_a_signed_out_session_stays_signed_out(therapist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        _get(client, clock, after=IDLE)
        response = _get(client, clock, after=timedelta(seconds=1))
    assert response.status_code == 302


def test_a_signed_in_page_reads_the_session_in_one_query(therapist):
    """The session is one cache read; nothing else about it touches the database."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(therapist)
        _get(client, clock, after=timedelta(0))
        clock.shift(timedelta(seconds=10))
        with CaptureQueriesContext(connections["default"]) as queries:
            client.get(reverse("account"))
    session_reads = [q for q in queries.captured_queries if "practice_sessions" in q["sql"]]
    assert len(session_reads) == 1


def _caches_with(environment: dict) -> dict:
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json; from config import settings_test as s; "
        "print(json.dumps({k: v['BACKEND'] for k, v in s.CACHES.items()}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def test_sessions_use_the_database_cache_by_default_and_redis_when_configured():
    embedded = _caches_with({"REDIS_URL": ""})
    assert embedded["sessions"] == "django.core.cache.backends.db.DatabaseCache"
    redis = _caches_with({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert redis == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "sessions": "django.core.cache.backends.redis.RedisCache",
    }
