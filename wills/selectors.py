"""Reads the professional will's pages need, scoped to the person asking. Reads only: the
access functions (`wills.access`) decide and audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from clients.models import Client
from practice import permissions as practice_permissions
from practice.models import AuditEvent, User
from records import selectors as record_selectors
from records.models import CaseFile, Session
from wills.audit_actions import READS
from wills.models import Activation, ChecklistStep, Nomination, WillLetter


def executors() -> QuerySet[User]:
    """Accounts a therapist may name: active, holding the executor role."""
    return User.objects.filter(is_active=True, groups__name="executor").order_by("username")


def nominations_of(therapist: User) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(therapist=therapist)
        .select_related("executor", "countersigned_by")
        .prefetch_related("activations")
    )


def nominations_naming(executor: User) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(executor=executor, withdrawn_at__isnull=True)
        .select_related("therapist")
        .prefetch_related("activations")
    )


def nominations_to_countersign() -> QuerySet[Nomination]:
    return Nomination.objects.filter(
        countersigned_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("therapist", "executor")


def invitations_waiting() -> QuerySet[Nomination]:
    """Countersigned namings by e-mail whose person has not yet made their account."""
    return (
        Nomination.objects.filter(
            countersigned_at__isnull=False,
            withdrawn_at__isnull=True,
            executor__isnull=True,
        )
        .exclude(invited_email="")
        .select_related("therapist")
    )


def activations_all() -> QuerySet[Activation]:
    return Activation.objects.select_related(
        "nomination__therapist", "nomination__executor", "approved_by", "records_kept_by"
    )


def activations_for_reviewer(user: User) -> list[Activation]:
    """Asked activations this person could approve: any for an admin, their supervisees'
    for a supervisor; never one where they are the executor or the therapist."""
    asked = activations_all().filter(approved_at__isnull=True, cancelled_at__isnull=True)
    if not practice_permissions.is_practice_admin(user):
        asked = asked.filter(nomination__therapist_id__in=practice_permissions.supervisee_ids(user))
    return [
        activation
        for activation in asked.exclude(nomination__executor=user).exclude(
            nomination__therapist=user
        )
    ]


def activation_by_ref(ref) -> Activation | None:
    return activations_all().filter(ref=ref).first()


def nomination_by_ref(ref) -> Nomination | None:
    return Nomination.objects.select_related("therapist", "executor").filter(ref=ref).first()


def clients_in(activation: Activation) -> QuerySet[Client]:
    """The therapist's active clients and those whose therapy ended recently; nobody else,
    and nobody whose records are being disposed of."""
    therapist_id = activation.nomination.therapist_id
    since = timezone.localdate() - timedelta(days=settings.WILL_RECENTLY_ENDED_DAYS)
    recently_ended = list(
        CaseFile.objects.filter(therapist_id=therapist_id, closed_on__gte=since).values_list(
            "record_ref", flat=True
        )
    )
    return (
        Client.objects.filter(therapist_id=therapist_id)
        .filter(
            Q(status=Client.Status.ACTIVE)
            | Q(status=Client.Status.ENDED, record_ref__in=recently_ended)
        )
        .exclude(record_ref__in=record_selectors.refs_being_disposed())
        .order_by("family_name", "given_name", "pk")
    )


@dataclass(frozen=True)
class Appointment:
    """An upcoming session as the executor sees it: when, nothing else."""

    date: date
    start_time: time


def upcoming_sessions(record_ref: str) -> list[Appointment]:
    """Sessions on the case file from today on that are not cancelled: dates and times only
    (the records app keeps no bookings yet, so this is often empty: README, known limits)."""
    rows = (
        Session.objects.filter(case_file__record_ref=record_ref, date__gte=timezone.localdate())
        .exclude(attendance=Session.Attendance.CANCELLED)
        .order_by("date", "start_time")
        .values_list("date", "start_time")
    )
    return [Appointment(day, start) for day, start in rows]


def steps_for(activation: Activation, record_ref: str) -> QuerySet[ChecklistStep]:
    return activation.steps.filter(record_ref=record_ref)


def steps_done(activation: Activation) -> dict[str, set[str]]:
    """record_ref -> the steps recorded for it under this activation."""
    done: dict[str, set[str]] = {}
    for record_ref, step in activation.steps.values_list("record_ref", "step"):
        done.setdefault(record_ref, set()).add(step)
    return done


def reads_of(activations) -> QuerySet[AuditEvent]:
    """The executor's reads under these activations, newest first (references only)."""
    refs = [str(activation.ref) for activation in activations]
    return AuditEvent.objects.filter(action__in=READS, details__activation__in=refs).order_by(
        "-seq"
    )


def letters_for(activation: Activation, record_ref: str) -> QuerySet[WillLetter]:
    return activation.letters.filter(record_ref=record_ref).select_related("issued_by")
