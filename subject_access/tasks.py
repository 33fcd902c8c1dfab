"""Background tasks (Django's tasks API): the same code on the database queue or on RQ."""

from __future__ import annotations

from django_tasks import task

from subject_access import jobs


@task()
def compile_request(request_ref: str) -> str:
    return jobs.compile_run(request_ref)
