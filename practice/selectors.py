"""Reads the core pages need."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from practice.models import AuditEvent, AuditVerification, Supervision, User


def staff_list() -> QuerySet[User]:
    return User.objects.prefetch_related(
        "groups",
        Prefetch(
            "supervisions",
            queryset=Supervision.objects.current().select_related("supervisor"),
            to_attr="current_supervisions",
        ),
    ).order_by("-is_active", "username")


def staff_counts() -> dict[str, int]:
    """Active and deactivated accounts, counted in the database (the admin dashboard)."""
    return User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
    )


def staff_by_ref(ref) -> User:
    return User.objects.prefetch_related("groups").get(ref=ref)


def supervision_links_of(therapist: User) -> QuerySet[Supervision]:
    return Supervision.objects.filter(therapist=therapist).select_related("supervisor")


def audit_events(
    *,
    action: str = "",
    actor: str = "",
    target_ref: str = "",
    since: date | None = None,
    until: date | None = None,
    before: int | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, each filter served by an index; `before` is the keyset cursor."""
    events = AuditEvent.objects.all()
    if before:
        events = events.filter(seq__lt=before)
    if action:
        events = events.filter(action=action)
    if actor:
        # The label is the username as it was spelt at the time; accept any case.
        known = User.objects.filter(username__iexact=actor).values_list("username", flat=True)
        events = events.filter(actor_label=known.first() or actor)
    if target_ref:
        events = events.filter(target_ref=target_ref)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        events = events.filter(created_at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return events.order_by("-seq")


def active_holders_of(role: str, *, other_than: User) -> QuerySet[User]:
    """Active staff holding `role`, except one person: the choices for a supervisor or a
    colleague to take over a caseload."""
    return (
        User.objects.filter(is_active=True, groups__name=role)
        .exclude(pk=other_than.pk)
        .order_by("username")
    )


def audit_page(*, size: int, **filters) -> tuple[list[AuditEvent], int | None]:
    """One page of events (no count) and the cursor of the next, older page, if any."""
    rows = list(audit_events(**filters)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].seq if more else None)


def audit_last_verification() -> AuditVerification | None:
    return AuditVerification.latest()
