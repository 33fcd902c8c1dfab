"""Reads for the complaint pages, scoped to the person asking; no side effects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from clients.models import Client
from practice.models import User
from practice.permissions import is_practice_admin
from rights import deadlines, permissions
from rights.models import Complaint, ComplaintLetter, Status


def complaints_for(actor: User) -> QuerySet[Complaint]:
    if not permissions.may_handle_complaints(actor):
        return Complaint.objects.none()
    return Complaint.objects.select_related("assigned_to")


def complaint_for(actor: User, ref) -> Complaint | None:
    return complaints_for(actor).filter(ref=ref).first()


def letter_for(actor: User, complaint: Complaint, ref) -> ComplaintLetter | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return complaint.letters.filter(ref=ref).first()


@dataclass(frozen=True)
class DeskRow:
    complaint: Complaint
    acknowledgement: deadlines.Acknowledgement

    @property
    def next_step(self) -> str:
        status = self.complaint.status
        if status == Status.RECEIVED:
            return "Acknowledge it"
        if status == Status.ACKNOWLEDGED:
            return "Look into it and keep the person told"
        return "Finish the investigation and send the outcome"

    @property
    def sort_key(self) -> tuple:
        # Those still to acknowledge first, nearest due day first; then the rest by age.
        ack = self.acknowledgement
        return (ack.done, ack.due_on if not ack.done else self.complaint.received_on)


def desk(actor: User, *, today: date | None = None) -> tuple[list[DeskRow], QuerySet[Complaint]]:
    """Open complaints by the nearest deadline, and the closed ones, newest first: a
    queryset, unread, for the page to read one page of (`practice.paging.page_of`)."""
    today = today or timezone.localdate()
    rows = [
        DeskRow(complaint, complaint.acknowledgement(as_of=today))
        for complaint in complaints_for(actor).exclude(status=Status.CLOSED)
    ]
    rows.sort(key=lambda row: row.sort_key)
    closed = complaints_for(actor).filter(status=Status.CLOSED).order_by("-closed_on", "-pk")
    return rows, closed


def assignable(actor: User) -> QuerySet[User]:
    if not permissions.may_handle_complaints(actor):
        return User.objects.none()
    admins = [user.pk for user in User.objects.filter(is_active=True) if is_practice_admin(user)]
    return User.objects.filter(pk__in=admins).order_by("username")


def linked_client(actor: User, complaint: Complaint) -> Client | None:
    if not permissions.may_handle_complaints(actor) or not complaint.record_ref:
        return None
    return Client.objects.filter(record_ref=complaint.record_ref).first()
