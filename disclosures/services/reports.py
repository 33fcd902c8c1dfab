"""The client's report (kept encrypted with its SHA-256) and the decision record PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import machine, printing
from disclosures.audit_actions import Action
from disclosures.models import ClientReport, DisclosureRequest
from disclosures.services.common import locked, require_requester
from practice import audit, client_facing, documents
from practice.models import PracticeProfile, User

MAX_REPORT = 50_000


def report_make(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    report_text: str,
    client_name: str,
) -> ClientReport:
    """The report the client asked for, as a PDF kept exactly as made."""
    report_text = report_text.strip()
    if not disclosure.is_client_request:
        raise ValidationError("A report is made only for a client's own request.")
    if not report_text:
        raise ValidationError({"report_text": "Write the report first."})
    if len(report_text) > MAX_REPORT:
        raise ValidationError({"report_text": f"A report is limited to {MAX_REPORT} characters."})
    machine.MACHINE.check(actor=actor, obj=disclosure, action=machine.MAKE_REPORT)
    if client_facing.screen_for(disclosure.case_file.record_ref).hides(str(disclosure.ref)):
        raise ValidationError("This request is held back from the client: no report is made.")
    made_at = timezone.now()
    pdf = printing.pdf_from_template(
        "disclosures/pdf/client_report.html",
        {
            "practice": PracticeProfile.load(),
            "client_name": client_name,
            "report_text": report_text,
            "recipient": disclosure.recipient_summary(),
            "author": actor,
            "made_at": made_at,
            "quotes": list(disclosure.quotes.all()) if disclosure.report_choice == "notes" else [],
            "disclosure": disclosure,
        },
    )
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        machine.MACHINE.check(actor=actor, obj=row, action=machine.MAKE_REPORT)
        report = ClientReport(
            request=row,
            sha256=documents.fingerprint(pdf),
            size_bytes=len(pdf),
            made_by=actor,
            made_at=made_at,
        )
        report.set_report_text(report_text)
        report.set_pdf(documents.stored_form(pdf))
        report.save()
        audit.record(
            action=Action.REPORT_MADE,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={"request": str(row.ref), "sha256": report.sha256},
        )
    return report


def report_read(*, actor: User, report: ClientReport) -> bytes:
    """The stored PDF, checked against its hash; the read is recorded first."""
    require_requester(actor, report.request)
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.REPORT_READ,
            actor=actor,
            target_ref=report.request.case_file.record_ref,
            details={"request": str(report.request.ref), "report": str(report.ref)},
        )
    try:
        return documents.from_stored(report.get_pdf(), sha256=report.sha256)
    except documents.DocumentAltered:
        raise ValidationError("The stored report does not match its recorded hash.") from None


def decision_record_pdf(*, actor: User, disclosure: DisclosureRequest, context: dict) -> bytes:
    """The request's decision record for the file; printing is audited."""
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.DECISION_RECORD_PRINTED,
            actor=actor,
            target_ref=disclosure.case_file.record_ref,
            details={"request": str(disclosure.ref)},
        )
    return printing.pdf_from_template(
        "disclosures/pdf/decision_record.html",
        {**context, "practice": PracticeProfile.load(), "printed_at": timezone.now()},
    )
