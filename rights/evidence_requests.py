"""The rights requests in the evidence pack (issue 23, item 4): every request a client made
under UK GDPR Arts. 16-21, one row each, with its dates (received, acknowledged, extended,
due, closed), its outcome and whether it was answered on time (Art. 12(3): one month, plus
up to two more when the client was told in the first).

One generic section, fed by `REQUEST_KINDS`: a new kind of request is one line there. Each
request model keeps the shape rectification and objection share (`reference`,
`record_ref`, `received_on`, `extension_months`, `extended_on`, `clock()`, and `letters`
of kind acknowledgement / extension / outcome); a kind names only how to read its outcome
and the day it closed. References, dates and the outcome's label only: never the request's
words, the reasons or a letter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class RequestKind:
    label: str  # what the pack calls it, with the law
    rows: Callable[[], QuerySet]  # every request of the kind
    # The choice field holding the outcome (its label goes in the pack), or how to read it.
    outcome: str | Callable[[Model], str]
    closed: str = "closed_on"  # the date field of the day it was closed


def _rectifications() -> QuerySet:
    from rights.models import RectificationRequest

    return RectificationRequest.objects.all()


def _objections() -> QuerySet:
    from rights.models import ObjectionRequest

    return ObjectionRequest.objects.all()


def _restrictions() -> QuerySet:
    from rights.models import RestrictionRequest

    return RestrictionRequest.objects.all()


def _restriction_outcome(row: Model) -> str:
    """Answered when applied (or lifted since): its state then; nothing while it waits."""
    return "" if row.is_open else row.get_status_display()


REQUEST_KINDS: list[RequestKind] = [
    RequestKind("Rectification (UK GDPR Art. 16)", _rectifications, "response"),
    RequestKind("Restriction (UK GDPR Art. 18)", _restrictions, _restriction_outcome, "applied_on"),
    RequestKind("Objection (UK GDPR Art. 21)", _objections, "decision", closed="decided_on"),
]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _on_time(closed: date | None, due: date | None, today: date) -> bool | None:
    """Closed by the due day; an open request is late once the day has passed; None when
    there is nothing to judge yet."""
    if due is None:
        return None
    if closed is not None:
        return closed <= due
    return False if today > due else None


def _outcome(row: Model, field: str | Callable[[Model], str]) -> str:
    if callable(field):
        return field(row)
    return getattr(row, f"get_{field}_display")() if getattr(row, field) else ""


def _letter_day(row: Model, kind: str) -> date | None:
    for letter in row.letters.all():  # prefetched: no query per row
        if letter.kind == kind:
            return letter.dated
    return None


def rows(kind: RequestKind, *, nation: str, today: date) -> list[dict[str, Any]]:
    requests = kind.rows().prefetch_related("letters").order_by("received_on", "pk")
    table = []
    for request in requests:
        closed = getattr(request, kind.closed)
        due = request.clock(nation=nation, as_of=closed or today).due_on
        table.append(
            {
                "reference": request.reference,
                "record_ref": request.record_ref,
                "received_on": _day(request.received_on),
                "acknowledged_on": _day(_letter_day(request, "acknowledgement")),
                "extended_on": _day(request.extended_on),
                "extension_months": request.extension_months,
                "due_on": _day(due),
                "status": request.get_status_display(),
                "outcome": _outcome(request, kind.outcome),
                "closed_on": _day(closed),
                "on_time": _on_time(closed, due, today),
            }
        )
    return table


def rights_requests() -> list[dict[str, Any]]:
    """Each kind with its requests, in the order of `REQUEST_KINDS`."""
    from practice.models import PracticeProfile

    nation = PracticeProfile.load().nation
    today = timezone.localdate()
    return [
        {"kind": kind.label, "requests": rows(kind, nation=nation, today=today)}
        for kind in REQUEST_KINDS
    ]
