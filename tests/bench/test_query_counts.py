"""Queries per page stay the same as the practice grows tenfold (seeded in bulk by
seed_scale, so the large case is cheap to build)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from clients.models import Client
from practice.models import User
from records.models import CaseFile
from tests.conftest import signed_in

SIZES = {
    "small": {"clients_per_therapist": 3, "notes_per_client": 2, "busy_notes": 12},
    "tenfold": {"clients_per_therapist": 30, "notes_per_client": 20, "busy_notes": 120},
}


@pytest.fixture(params=sorted(SIZES))
def practice(request, db):
    from io import StringIO

    from bench import scenes

    call_command("seed_scale", therapists=2, stdout=StringIO(), **SIZES[request.param])
    therapist = User.objects.get(username="bench-t000")
    busy = CaseFile.objects.filter(therapist=therapist).order_by("pk").first()
    staff = {
        "therapist": therapist,
        "busy_client": Client.objects.get(record_ref=busy.record_ref),
        "supervisor": User.objects.get(username="bench-s00"),
        "admin": User.objects.get(username="bench-admin"),
    }
    made = scenes.ensure(
        therapist=therapist,
        supervisor=staff["supervisor"],
        admin=staff["admin"],
        busy_client=staff["busy_client"],
    )
    return {**staff, "disclosure": made.disclosure_ref, "sar": made.sar_ref}


def _page(practice, name: str) -> tuple[User, str]:
    if name == "client_detail":
        return practice["therapist"], reverse(name, kwargs={"ref": practice["busy_client"].ref})
    if name in ("disclosure_detail", "sar_review"):
        key = "disclosure" if name == "disclosure_detail" else "sar"
        return practice["therapist"], reverse(name, kwargs={"ref": practice[key]})
    if name == "disclosure_review":
        return practice["supervisor"], reverse(name, kwargs={"ref": practice["disclosure"]})
    role = {
        "therapist_dashboard": "therapist",
        "supervisor_dashboard": "supervisor",
        "admin_dashboard": "admin",
        "sar_dashboard": "admin",
        "audit_log": "admin",
    }[name]
    return practice[role], reverse(name)


# The most queries each page may make, the same for a practice ten times the size. Every
# signed-in page starts with two: the session and the person (their roles and verified
# device are held in the session under the person's access stamp, practice/session_access.py).
MOST_QUERIES = {
    "therapist_dashboard": 6,  # + the files being disposed of, a page of clients with
    # their count, their case files, contracting
    "client_detail": 16,  # + client and parents, case file, a page of notes with their
    # count, their addenda, the audited read (chain head, event, head update, the queue's
    # state; in a test, its savepoint and release), a page of sessions with their count,
    # access history, the contracting facts
    # and the record of disclosures
    "supervisor_dashboard": 6,  # a page of the review queue with its count, the
    # requests to lift a restriction waiting for them, the restriction reviews due, the
    # emergency verdicts counted in one query
    "admin_dashboard": 5,  # + the staff counted in one query, the practice profile, the
    # open breaches with their 72-hour clocks
    "sar_dashboard": 6,
    "audit_log": 4,
    "disclosure_detail": 13,
    "disclosure_review": 14,
    "sar_review": 25,  # (24 on PostgreSQL)
}


@pytest.mark.parametrize("name", sorted(MOST_QUERIES))
def test_queries_per_page_do_not_grow_with_the_practice(
    practice, name, django_assert_max_num_queries
):
    user, url = _page(practice, name)
    browser = signed_in(user)
    assert browser.get(url).status_code == 200  # warm: first-request stamps are written
    with django_assert_max_num_queries(MOST_QUERIES[name]):
        assert browser.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(MOST_QUERIES))
def test_templates_do_no_database_work(practice, name, templates_without_queries):
    user, url = _page(practice, name)
    response = signed_in(user).get(url)
    assert response.status_code == 200
    assert templates_without_queries == []


@pytest.fixture
def templates_without_queries(monkeypatch):
    """Fail any database query made while a template renders (context processors too)."""
    from django.db import connections
    from django.template.backends import django, jinja2

    seen: list[str] = []

    def refuse(execute, sql, params, many, context):
        seen.append(sql)
        raise AssertionError(f"a template ran a query: {sql[:120]}")

    for backend in (django, jinja2):  # the caseload's table is a Jinja2 fragment
        render = backend.Template.render

        def guarded(self, context=None, request=None, render=render):
            with connections["default"].execute_wrapper(refuse):
                return render(self, context, request)

        monkeypatch.setattr(backend.Template, "render", guarded)
    return seen
