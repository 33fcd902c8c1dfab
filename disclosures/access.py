"""The one door to a disclosure request: found only inside what the actor may see.

A therapist reaches their own requests; a supervisor reaches the requests of therapists
they supervise today, once sent, and nothing else of the record. Anything else gets the
same "not found" as a request that does not exist, and the attempt is recorded.
"""

from __future__ import annotations

from django.http import Http404

from disclosures import selectors
from disclosures.audit_actions import Action
from disclosures.models import DisclosureRequest
from practice import audit
from practice.models import User
from records.access import access_refused_record


def access_request(
    actor: User,
    ref,
    *,
    as_reviewer: bool,
    reading: bool,
) -> DisclosureRequest:
    """The request `ref`, or 404. `reading`: the page shows its content, so record the read."""
    if as_reviewer:
        rows = selectors.requests_for_reviewer(actor)
    else:
        rows = selectors.requests_of_therapist(actor).select_related("decided_by")
    row = rows.filter(ref=ref).first()
    if row is None:
        access_refused_record(actor, str(ref), purpose="disclosure")
        raise Http404("No such request")
    if reading:
        audit.record(
            action=Action.VIEWED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={"request": str(row.ref), "as": "reviewer" if as_reviewer else "therapist"},
        )
    return row
