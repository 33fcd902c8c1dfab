"""The one door to a request to lift a restriction, for the supervisor who decides it.

A supervisor reaches the lifts asked by the therapists they supervise today; anyone else
gets the same "not found" as for a lift that does not exist, and the attempt is recorded.
"""

from __future__ import annotations

from django.http import Http404

from disclosures.audit_actions import Action
from disclosures.models import RestrictionLift
from disclosures.restriction_selectors import lifts_for_supervisor
from practice import audit
from practice.models import User
from records.access import access_refused_record


def access_lift(actor: User, ref, *, reading: bool) -> RestrictionLift:
    """The lift `ref`, or 404. `reading`: the page shows its reasons, so record the read."""
    lift = lifts_for_supervisor(actor).filter(ref=ref).first()
    if lift is None:
        access_refused_record(actor, str(ref), purpose="restriction_lift")
        raise Http404("No such request")
    if reading:
        record = lift.disclosure
        audit.record(
            action=Action.RESTRICTION_LIFT_READ,
            actor=actor,
            target_ref=record.case_file.record_ref,
            details={
                "request": str(record.request.ref),
                "disclosure": str(record.ref),
                "lift": str(lift.ref),
            },
        )
    return lift
