"""Compiling as a background job: start it (one at a time), run it, record how it ended.

The web process only flips the request to "compiling" and queues the task after commit; a
worker (`manage.py db_worker`, or RQ) runs `compile_run`, which reports progress as it goes
and stores the sealed draft in one piece at the end. A worker that dies leaves the request
"compiling" with a heartbeat that stops; after SUBJECT_ACCESS_STALL_MINUTES an admin may
retry, and nothing half-made is ever shown or released.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from practice import sources
from practice.actors import system_actor
from practice.models import User
from subject_access import compiling
from subject_access.audit_actions import Action
from subject_access.models import Status, SubjectAccessRequest
from subject_access.services import event
from subject_access.workflow import SAR_MACHINE, compile_stalled

logger = logging.getLogger(__name__)

# The worker finishes a compile as the installation itself: the audit trail names it.
WORKER = system_actor("worker")


def _enqueue(sar: SubjectAccessRequest) -> None:
    result = compile_request.enqueue(str(sar.ref))
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(compile_job_id=str(result.id)[:64])


def sar_compile_start(*, actor: User, sar: SubjectAccessRequest):
    """Queue the compile. A second compile while one is running is refused."""
    with transaction.atomic():
        current = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
        if current.status == Status.COMPILING:
            if not compile_stalled(current):
                raise ValidationError(
                    "A compile is already running for this request; wait for it to finish."
                )
            action = "retry_compile"
        else:
            action = "recompile" if current.status == Status.IN_REVIEW else "compile"
        current.status = SAR_MACHINE.check(actor=actor, obj=current, action=action)
        current.compile_done = current.compile_total = 0
        current.compile_failed = False
        current.compile_heartbeat_at = timezone.now()
        current.save()
        event(Action.COMPILE_STARTED, actor=actor, sar=current)
        transaction.on_commit(lambda: _enqueue(current))
    return current


def compile_run(request_ref: str) -> str:
    """The task's body: gather, seal, store, then move to review in one transaction."""
    sar = SubjectAccessRequest.objects.prefetch_related("clock_events").get(ref=request_ref)
    if sar.status != Status.COMPILING:
        return "skipped"
    try:
        draft = compiling.gather(sar)
        name = compiling.store_draft(sar, draft)
    except Exception:
        logger.exception("Subject access compile failed for %s", sar.reference)
        _compile_failed(sar)
        raise
    with transaction.atomic():
        current = SAR_MACHINE.locked_move(sar, actor=WORKER, action="finish_compile")
        current.draft_name = name
        current.held_back_units = compiling.held_back_counts(draft)
        current.compiled_at = timezone.now()
        current.compile_heartbeat_at = current.compiled_at
        current.save()
        event(
            Action.COMPILED,
            actor=WORKER,
            sar=current,
            source="worker",
            item_count=sum(len(section["items"]) for section in draft.bundle["sections"]),
        )
    return "compiled"


@task()
def compile_request(request_ref: str) -> str:
    """The background task (Django's tasks API): the same code on the database queue or RQ.

    Everything it does is the worker's, whatever it records (`practice.sources`)."""
    with sources.acting_from("worker"):
        return compile_run(request_ref)


def _compile_failed(sar: SubjectAccessRequest) -> None:
    with transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=sar.pk).update(compile_failed=True)
        event(Action.COMPILE_FAILED, actor=WORKER, sar=sar, source="worker")
