"""A client who moves to another therapist needs a new agreement: the old one names the
therapist who left.

Registered with `clients.hooks` at start-up and run inside the caseload move's
transaction: acknowledged agreements go out of date (the caseload and the client's page
then ask for a new one), and documents prepared or sent but not yet accepted are replaced,
so a signing link naming the old therapist stops working.
"""

from __future__ import annotations

from datetime import datetime

from contracting.models import Agreement


def agreements_flag_for_new_therapist(*, record_refs: list[str], at: datetime) -> int:
    agreements = Agreement.objects.filter(case_file__record_ref__in=record_refs)
    outdated = agreements.filter(
        status=Agreement.Status.ACKNOWLEDGED, outdated_at__isnull=True
    ).update(outdated_at=at)
    replaced = agreements.filter(
        status__in=[Agreement.Status.PREPARED, Agreement.Status.SENT]
    ).update(status=Agreement.Status.REPLACED)
    return outdated + replaced
