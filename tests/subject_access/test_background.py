"""Compiling runs in the background: a record with 1,000 notes compiles on the queue while the
web process keeps answering, in a bounded number of queries; and on the RQ backend."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections
from django.urls import reverse

from records.models import Note
from subject_access import jobs
from subject_access.models import Status, SubjectAccessRequest
from tests.conftest import case_file_of, make_client, signed_in
from tests.practice.test_audit import committed_audit  # noqa: F401 - a fixture
from tests.subject_access.builders import log_request


@pytest.fixture
def role_groups(transactional_db):
    """A flushed database (after another transactional test) has lost the role groups the
    migrations made; put them back before staff are created."""
    from django.contrib.auth.models import Group

    from practice.roles import Role

    for role in Role.values:
        Group.objects.get_or_create(name=role)


def _many_notes(therapist, client, count: int) -> None:
    case_file = case_file_of(client)
    notes = []
    for number in range(count):
        note = Note(case_file=case_file, author=therapist, status="draft")
        note.set_body(f"Note {number}: a line of fictional session text for the load test.")
        notes.append(note)
    Note.objects.bulk_create(notes, batch_size=250)


def test_compile_queries_do_not_grow_with_the_notes(
    admin_user, therapist, django_assert_max_num_queries
):
    client = make_client(therapist)
    _many_notes(therapist, client, 300)
    sar = log_request(admin_user, client)
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    # (61: one of them asks the client-facing rule which disclosure requests are held back;
    # 63: the requests to lift a restriction are one more model on the data map; 64: the
    # roles of the people in the access history, fetched once per chunk, not per event;
    # 68: the clock's dated facts are one more model, and the answer reads the clock once;
    # 70: the health-data basis is one more model, read in one query and counted in one;
    # 72: the letters kept with a request; 78: complaints, their notes and their letters
    # are three more, two queries each; 80: the documents kept with a disclosure request;
    # 82: the breaches that touched the record; 86: a professional will's checklist steps
    # and letters are two more, two queries each; 94: rectification requests, objections
    # and their letters are four more, two queries each; 96: the record of each complaint
    # letter e-mailed is one more, two queries; 100: erasure requests and their letters
    # are two more, two queries each; 104: restriction requests and their letters, the same)
    with django_assert_max_num_queries(104):
        jobs.compile_run(str(sar.ref))
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW and sar.compile_done >= 300


@pytest.mark.skipif(os.environ.get("TASKS_BACKEND") == "rq", reason="the database queue's test")
def test_a_thousand_notes_compile_on_the_queue_while_the_web_answers(
    committed_audit,  # noqa: F811 - the fixture
    role_groups,
    admin_user,
    therapist,
):
    from django_tasks_db.management.commands.db_worker import Worker

    client = make_client(therapist)
    _many_notes(therapist, client, 1000)
    sar = log_request(admin_user, client)
    jobs.sar_compile_start(actor=admin_user, sar=sar)  # queued after commit
    worker = Worker(
        queue_names=["default"],
        interval=0.05,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="background-test",
        excluded_queue_names=[],
    )

    def work():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    page = signed_in(admin_user)
    answered = 0
    while thread.is_alive() and answered < 200:
        assert page.get(reverse("sar_progress", args=[sar.ref])).status_code == 200
        assert page.get(reverse("sar_dashboard")).status_code == 200
        answered += 1
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert answered >= 1  # the web answered while the compile ran
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW
    assert sar.compile_done == sar.compile_total >= 1000


@pytest.mark.rq
@pytest.mark.skipif(
    os.environ.get("TASKS_BACKEND") != "rq", reason="runs with TASKS_BACKEND=rq and Redis (.ci/run)"
)
def test_the_same_compile_runs_on_the_rq_backend(
    committed_audit,  # noqa: F811 - the fixture
    role_groups,
    admin_user,
    therapist,
):
    """The task code unchanged, queued in Redis and run by an RQ worker (burst mode)."""
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    client = make_client(therapist)
    _many_notes(therapist, client, 50)
    sar = log_request(admin_user, client)
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    assert queue.count == 1
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    worker.work(burst=True)
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert sar.status == Status.IN_REVIEW and sar.compile_done >= 50
