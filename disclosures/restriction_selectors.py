"""Reads for restrictions, scoped to the person asking: the reviews that are due, and the
requests to lift one. No side effects (the door to one lift is `disclosures.lift_access`).

A restriction whose review date has come stays in force: it is listed for the client's
therapist and for their supervisor until someone acts, never lifted by the date alone.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from clients.models import Client
from disclosures.models import DisclosureRecord, LiftStatus, RestrictionLift
from practice.models import User
from practice.permissions import is_supervisor, supervisee_ids
from records.permissions import caseload_owner


def _due() -> QuerySet[DisclosureRecord]:
    return DisclosureRecord.objects.filter(
        restricted=True, restricted_review_on__lte=timezone.localdate()
    ).select_related("case_file", "case_file__therapist", "request")


def restriction_reviews_due_for_therapist(user: User) -> list[tuple[DisclosureRecord, Client]]:
    """The therapist's own clients' restrictions whose review date has come, oldest first,
    each with its client (for the name and the link)."""
    owner = caseload_owner(user)
    if owner is None:
        return []
    records = list(_due().filter(case_file__therapist_id=owner).order_by("restricted_review_on"))
    clients = {
        client.record_ref: client
        for client in Client.objects.filter(
            record_ref__in=[record.case_file.record_ref for record in records]
        )
    }
    return [
        (record, clients[record.case_file.record_ref])
        for record in records
        if record.case_file.record_ref in clients
    ]


def restriction_reviews_due_for_supervisor(user: User) -> list[DisclosureRecord]:
    """Due restrictions on the clients of the therapists `user` supervises today."""
    if not is_supervisor(user):
        return []
    return list(
        _due()
        .filter(case_file__therapist_id__in=supervisee_ids(user))
        .order_by("restricted_review_on", "pk")
    )


def lifts_for_supervisor(user: User) -> QuerySet[RestrictionLift]:
    """Requests to lift asked by the therapists `user` supervises today (any state)."""
    if not is_supervisor(user):
        return RestrictionLift.objects.none()
    return RestrictionLift.objects.filter(asked_by_id__in=supervisee_ids(user)).select_related(
        "disclosure", "disclosure__case_file", "disclosure__request", "asked_by", "decided_by"
    )


def lifts_waiting_for(user: User) -> list[RestrictionLift]:
    """The supervisor's queue of requests to lift, longest waiting first."""
    return list(lifts_for_supervisor(user).filter(status=LiftStatus.ASKED).order_by("asked_at"))


def lifts_of(record: DisclosureRecord) -> list[RestrictionLift]:
    """The history of requests to lift this restriction, newest first (for its therapist)."""
    lifts = list(record.lifts.select_related("asked_by", "decided_by"))
    for lift in lifts:
        lift.disclosure = record  # share the case file's unwrapped key
    return lifts
