"""The child rule of the retention policy, supplied to `records` from identity.

Records never reads a date of birth; it asks the sources registered at start-up for a
"keep at least until" date. This one answers for clients under 18 at their last contact
(from the date of birth, or the age given when it is not known), and answers None ("age not
known") for a client with neither, so records holds that file until an admin confirms.
"""

from __future__ import annotations

from datetime import date

from clients.models import Client
from records.models import CaseFile
from records.retention import Policy, child_keep_until, child_keep_until_by_age


def child_rule(case_files: list[CaseFile], policy: Policy) -> dict[str, date | None]:
    last_contact = {cf.record_ref: cf.last_contact_on or cf.closed_on for cf in case_files}
    known = Client.objects.filter(record_ref__in=list(last_contact)).values_list(
        "record_ref", "date_of_birth", "age_if_no_birth_date"
    )
    result: dict[str, date | None] = {}
    for ref, born_on, age in known:
        if born_on is not None:
            until = child_keep_until(
                born_on=born_on, last_contact_on=last_contact[ref], policy=policy
            )
        elif age is not None:
            until = child_keep_until_by_age(
                age=age, last_contact_on=last_contact[ref], policy=policy
            )
        else:
            result[ref] = None  # age not known
            continue
        if until is not None:
            result[ref] = until
    return result
