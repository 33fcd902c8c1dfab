"""The client's record of disclosures: a section of the client page, and a printable page."""

from __future__ import annotations

from django.shortcuts import render

from clients.views.common import load, therapist_view
from disclosures import permissions, selectors
from disclosures.services import record_reads
from practice.models import PracticeProfile


def record_entries(case_file, *, client_facing: bool) -> list[tuple]:
    return [
        (
            record,
            record.get_recipient(),
            record.get_purpose(),
            record.get_legal_basis(),
            record.get_what_was_sent(),
        )
        for record in selectors.disclosures_of(case_file, client_facing=client_facing)
    ]


def client_page_section(*, actor, case_file) -> dict:
    """The hook the client page calls (registered in apps.py): the record, and the requests.

    One query: each request of this case file with its disclosure, if one was made."""
    rows = selectors.requests_with_disclosures(case_file)
    entries = [
        (record, record.get_recipient(), record.get_purpose())
        for record in (row.disclosure_or_none for row in rows)
        if record is not None
    ]
    entries.sort(key=lambda entry: entry[0].disclosed_on, reverse=True)
    record_reads.record_read_audit(
        actor=actor, case_file=case_file, records=[entry[0] for entry in entries]
    )
    return {
        "entries": entries,
        "requests": [row for row in rows if row.therapist_id == actor.pk],
        "may_start": permissions.may_start_disclosure(actor, case_file),
    }


@therapist_view
def client_disclosures(request, ref):
    """Printable. `?copy=client` leaves out every restricted disclosure (the client's copy)."""
    ctx = load(request, ref, for_write=False)
    client_copy = request.GET.get("copy") == "client"
    entries = record_entries(ctx.case_file, client_facing=client_copy)
    record_reads.record_read_audit(
        actor=request.user,
        case_file=ctx.case_file,
        records=[entry[0] for entry in entries],
        client_copy=client_copy,
    )
    return render(
        request,
        "disclosures/client_record.html",
        {
            "client": ctx.client,
            "case_file": ctx.case_file,
            "entries": entries,
            "client_copy": client_copy,
            "practice": PracticeProfile.load(),
        },
    )
