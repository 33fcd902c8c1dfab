"""The child rule of the retention policy, supplied to `records` from identity.

Records never reads a date of birth; it asks the sources registered at start-up for a
"keep at least until" date. This one answers for clients under 18 at their last contact.
"""

from __future__ import annotations

from datetime import date

from clients.models import Client
from records.models import CaseFile
from records.retention import Policy, child_keep_until


def child_rule(case_files: list[CaseFile], policy: Policy) -> dict[str, date]:
    last_contact = {cf.record_ref: cf.last_contact_on or cf.closed_on for cf in case_files}
    born = Client.objects.filter(
        record_ref__in=list(last_contact), date_of_birth__isnull=False
    ).values_list("record_ref", "date_of_birth")
    result = {}
    for ref, born_on in born:
        until = child_keep_until(born_on=born_on, last_contact_on=last_contact[ref], policy=policy)
        if until is not None:
            result[ref] = until
    return result
