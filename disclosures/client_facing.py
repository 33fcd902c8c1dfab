"""Which disclosure requests of a case file are held back from the client, and why.

Registered with `practice.client_facing` as the source of one kind of withholding unit:
the disclosure request. Restricted: its disclosure was recorded as one the client must not
be told about. Undecided: nothing has been disclosed yet and it is still being weighed
(draft, with the supervisor, changes asked for, approved but not yet made), or it ended
without a disclosure after the client was deliberately not told; the reviewer of an answer
decides on each. Reads plaintext columns only: nothing is decrypted to decide.
"""

from __future__ import annotations

from django.urls import reverse

from disclosures.models import DisclosureRequest, NotSoughtReason, RestrictionReason, Status
from practice.client_facing import RESTRICTED, UNDECIDED, HeldBack
from practice.permissions import is_therapist

WEIGHING = {
    Status.DRAFT: "still being drafted by the therapist",
    Status.SUBMITTED: "waiting for the supervisor's decision",
    Status.CHANGES_REQUESTED: "sent back to the therapist for changes",
    Status.APPROVED: "approved, but the disclosure has not been made yet",
}
# Ended without a disclosure, but the client was not told because telling could be
# unlawful, raise a risk or compromise an investigation: still a decision for the reviewer.
ENDED = {Status.DECLINED, Status.WITHDRAWN, Status.CLOSED}
NOT_TOLD = {NotSoughtReason.UNLAWFUL, NotSoughtReason.RAISES_RISK, NotSoughtReason.INVESTIGATION}


def _may_view(therapist_id: int):
    """Only the request's own therapist follows the link (its page is theirs alone)."""
    return lambda actor: actor is not None and is_therapist(actor) and actor.pk == therapist_id


def held_back(record_ref: str) -> list[HeldBack]:
    rows = DisclosureRequest.objects.filter(case_file__record_ref=record_ref).values(
        "ref",
        "status",
        "kind",
        "not_sought_reason",
        "therapist_id",
        "disclosure__restricted",
        "disclosure__restricted_reason",
        "disclosure__restricted_review_on",
    )
    found = []
    for row in rows:
        unit = str(row["ref"])
        common = {
            "unit": unit,
            "path": reverse("disclosure_detail", args=[unit]),
            "may_view": _may_view(row["therapist_id"]),
        }
        if row["disclosure__restricted"]:
            reason = row["disclosure__restricted_reason"]
            found.append(
                HeldBack(
                    state=RESTRICTED,
                    why="Restricted: " + RestrictionReason(reason).label.lower(),
                    reason=reason,
                    review_on=row["disclosure__restricted_review_on"],
                    **common,
                )
            )
        elif row["kind"] == "client_request":
            continue  # the client asked for it: nothing to keep from them
        elif row["status"] in WEIGHING:
            found.append(
                HeldBack(
                    state=UNDECIDED,
                    why="Undecided: " + WEIGHING[row["status"]],
                    reason=UNDECIDED,
                    **common,
                )
            )
        elif row["status"] in ENDED and row["not_sought_reason"] in NOT_TOLD:
            found.append(
                HeldBack(
                    state=UNDECIDED,
                    why="Ended without a disclosure; the client was not told because "
                    + NotSoughtReason(row["not_sought_reason"]).label[0].lower()
                    + NotSoughtReason(row["not_sought_reason"]).label[1:],
                    reason=UNDECIDED,
                    **common,
                )
            )
    return found
