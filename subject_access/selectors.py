"""Reads for the subject access pages, scoped to the person asking; no side effects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils import timezone

from clients.models import Client
from practice.models import User
from practice.paging import page_of
from records import selectors as record_selectors
from records.models import Tombstone
from subject_access import deadlines, permissions
from subject_access.models import Status, SubjectAccessRequest

CLOSED = (Status.RELEASED, Status.REFUSED)


@dataclass(frozen=True)
class Row:
    sar: SubjectAccessRequest
    client: Client | None
    due_on: date | None
    days_left: int | None
    clock: deadlines.Clock | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_by(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def clock_stopped(self) -> bool:
        return self.due_on is None

    @property
    def paused(self) -> bool:
        return self.clock is not None and self.clock.paused


def requests_for(actor: User) -> QuerySet[SubjectAccessRequest]:
    if not permissions.may_manage_requests(actor):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.select_related("reviewer").prefetch_related("clock_events")


def _clients_by_ref(record_refs) -> dict[str, Client]:
    return {c.record_ref: c for c in Client.objects.filter(record_ref__in=list(record_refs))}


def dashboard(
    actor: User, *, closed_page=None, today: date | None = None
) -> tuple[list[Row], Page]:
    """Open requests by due date (overdue first, then the nearest; stopped clocks last),
    and one page of the closed ones, newest first (a page of `Row`s)."""
    today = today or timezone.localdate()
    requests = requests_for(actor)
    open_ = list(requests.exclude(status__in=CLOSED))
    page = page_of(requests.filter(status__in=CLOSED).order_by("-received_on", "-pk"), closed_page)
    closed = page.object_list
    clients = _clients_by_ref(sar.record_ref for sar in [*open_, *closed])

    def row(sar: SubjectAccessRequest) -> Row:
        clock = sar.clock(as_of=today)
        due = clock.due_on
        left = deadlines.days_left(due, today) if due else None
        return Row(sar, clients.get(sar.record_ref), due, left, clock)

    rows = sorted((row(sar) for sar in open_), key=lambda r: (r.due_on is None, r.due_on or today))
    page.object_list = [row(sar) for sar in closed]
    return rows, page


def request_row(sar: SubjectAccessRequest, *, today: date | None = None) -> Row:
    today = today or timezone.localdate()
    clock = sar.clock(as_of=today)
    due = clock.due_on
    client = Client.objects.filter(record_ref=sar.record_ref).first()
    return Row(sar, client, due, deadlines.days_left(due, today) if due else None, clock)


RECORD_REF = re.compile(r"R-[A-Z0-9]{12}")


def disposed_record(actor: User, query: str) -> Tombstone | None:
    """The tombstone of a disposed file, when an admin searches by the record reference it
    keeps (a request can then only be answered "nothing is held")."""
    ref = query.strip().upper()
    if not permissions.may_manage_requests(actor) or not RECORD_REF.fullmatch(ref):
        return None
    return record_selectors.tombstone_by_ref(ref)


def clients_matching(actor: User, query: str) -> list[Client]:
    """An admin looks a client up by name to log a request (names only, at most 20)."""
    words = query.split()[:5]
    if not permissions.may_manage_requests(actor) or not words:
        return []
    clients = Client.objects.all()
    for word in words:
        clients = clients.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return list(clients.order_by("family_name", "given_name", "pk")[:20])


def client_for_logging(actor: User, ref) -> Client | None:
    if not permissions.may_manage_requests(actor):
        return None
    return Client.objects.filter(ref=ref).first()


def reviews_for(actor: User) -> list[SubjectAccessRequest]:
    if not permissions.may_review_requests(actor):
        return []
    return list(
        SubjectAccessRequest.objects.filter(
            reviewer=actor, status__in=(Status.IN_REVIEW, Status.REVIEWED)
        ).order_by("received_on", "pk")
    )


def review_request(actor: User, ref) -> SubjectAccessRequest | None:
    """The request if `actor` is its reviewer; None otherwise (the view answers 404)."""
    if not permissions.may_review_requests(actor):
        return None
    return SubjectAccessRequest.objects.filter(ref=ref, reviewer=actor).first()


def reviewers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name="therapist").order_by(
        "first_name", "username"
    )


CLOSED = (Status.RELEASED, Status.REFUSED)


def open_request_holds(case_file) -> list[str]:
    """An open request holds its case file against disposal (registered with records.holds)."""
    open_requests = SubjectAccessRequest.objects.filter(record_ref=case_file.record_ref).exclude(
        status__in=CLOSED
    )
    return ["an open subject access request"] if open_requests.exists() else []


def open_request_holding() -> Q:
    """The case files `open_request_holds` holds, as a filter on CaseFile."""
    open_requests = SubjectAccessRequest.objects.exclude(status__in=CLOSED)
    return Q(record_ref__in=open_requests.values("record_ref"))
