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
from practice.actions import reads
from practice.models import PracticeProfile, User

NOT_APPROVED = (
    "The report has changed since your supervisor approved it, so no PDF is made: it "
    "waits for them to approve the new words."
)
NEVER_APPROVED = (
    "This request was approved before its report was part of what the supervisor approves. "
    "Write the report in its step: it goes to your supervisor, and the PDF can be made once "
    "they approve it."
)
SUPERSEDED = (
    "This PDF was made from words that are no longer the approved report, so it is not "
    "handed out. Make the PDF again once the current report is approved."
)
NO_REGISTRATION = (
    "The report carries your professional body and registration number: add them on your "
    "account page first."
)


@reads("why the approved report cannot be made into a PDF")
def report_problem(disclosure: DisclosureRequest) -> str:
    """Why the approved report cannot be made into a PDF now ("" when it can). The words
    must be, to the character, those the supervisor approved."""
    if not disclosure.is_client_request:
        return "A report is made only for a client's own request."
    if not disclosure.approved_sha256:
        return NEVER_APPROVED
    if not disclosure.text_is_approved:
        return NOT_APPROVED
    if not disclosure.share_body().strip():
        return "The approved report is empty: nothing to make into a PDF."
    return ""


NO_FULL_NAME = (
    "The report carries your full name, and your account has none: ask your practice admin "
    "to record it on your staff account."
)


@reads("why the report cannot name who wrote it")
def author_problem(actor: User) -> str:
    """Why the report cannot carry who wrote it ("" when it can)."""
    if not actor.get_full_name():
        return NO_FULL_NAME
    if not actor.registration_number:
        return NO_REGISTRATION
    return ""


def report_make(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    client_name: str,
) -> ClientReport:
    """The approved report as a PDF, kept exactly as made; refused, with nothing made or
    changed, while the report is not the text the supervisor approved."""
    machine.MACHINE.check(actor=actor, obj=disclosure, action=machine.MAKE_REPORT)
    problem = report_problem(disclosure) or author_problem(actor)
    if problem:
        raise ValidationError(problem)
    if client_facing.screen_for(disclosure.case_file.record_ref).hides(str(disclosure.ref)):
        raise ValidationError("This request is held back from the client: no report is made.")
    made_at = timezone.now()
    practice = PracticeProfile.load()
    pdf = printing.pdf_from_template(
        "disclosures/pdf/client_report.html",
        {
            "practice": practice,
            "client_name": client_name,
            "report_text": disclosure.share_body(),
            "recipient": disclosure.recipient_summary(),
            "author": actor,
            "author_body": actor.professional_body or practice.professional_body,
            "made_at": made_at,
            "quotes": list(disclosure.quotes.all()),
            "disclosure": disclosure,
        },
    )
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        machine.MACHINE.check(actor=actor, obj=row, action=machine.MAKE_REPORT)
        if row.approved_sha256 != disclosure.approved_sha256 or report_problem(row):
            raise ValidationError(report_problem(row) or NOT_APPROVED)
        report = ClientReport(
            request=row,
            sha256=documents.fingerprint(pdf),
            text_sha256=row.approved_sha256,
            size_bytes=len(pdf),
            made_by=actor,
            made_at=made_at,
        )
        report.set_report_text(row.text_to_share())
        report.set_pdf(documents.stored_form(pdf))
        report.save()
        audit.record(
            action=Action.REPORT_MADE,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={
                "request": str(row.ref),
                "sha256": report.sha256,
                "text_sha256": report.text_sha256,
            },
        )
    return report


@reads("why a stored report is not handed out")
def report_read_problem(report: ClientReport) -> str:
    """Why a stored report is not handed out ("" when it is): its words were changed after
    approval and wait for review, or a later approval superseded them."""
    request = report.request
    if report.text_sha256 and report.text_sha256 != request.approved_sha256:
        return SUPERSEDED
    if request.approved_sha256 and not request.text_is_approved:
        return NOT_APPROVED
    return ""


def report_read(*, actor: User, report: ClientReport) -> bytes:
    """The stored PDF, checked against its hash; the read is recorded first."""
    require_requester(actor, report.request)
    problem = report_read_problem(report)
    if problem:
        raise ValidationError(problem)
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
