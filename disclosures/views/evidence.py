"""Documents kept with a disclosure request (upload, open) and a court order's checks.
Thin: the door (`access_request`), one service call, a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from clients.views.common import therapist_view
from disclosures import court_orders, evidence, selectors
from disclosures.access import access_request
from disclosures.forms.evidence import CourtOrderChecksForm, EvidenceForm
from disclosures.models import Status
from disclosures.permissions import is_requester
from disclosures.services.evidence import (
    CLOSED,
    court_order_checks_record,
    evidence_add,
    evidence_open,
)
from practice.idempotency import once
from practice.permissions import is_supervisor, is_therapist


def evidence_context(row, *, reviewer: bool = False) -> dict:
    """What the evidence part of a request's page needs: the documents, and for the
    requester the forms (while the request is live)."""
    live = row.status not in CLOSED and not row.case_file.is_shredded
    before_disclosure = live and row.status != Status.DISCLOSED
    kept = list(row.evidence.all())
    for item in kept:
        item.request = row  # its key is the request's case file's: no query per row
    return {
        "evidence": kept,
        "evidence_form": EvidenceForm() if live and not reviewer else None,
        "court_order": court_orders.applies(row),
        "court_checks_form": CourtOrderChecksForm() if before_disclosure and not reviewer else None,
    }


def _too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > evidence.max_bytes() + 64 * 1024


@therapist_view
@require_POST
@once
def disclosure_evidence_add(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    if _too_big(request):
        messages.error(
            request,
            "Not kept: the file is too big. At most "
            f"{evidence.size_words(evidence.max_bytes())} is accepted.",
        )
        return redirect("disclosure_detail", ref=row.ref)
    form = EvidenceForm(request.POST, request.FILES)
    upload = request.FILES.get("file")
    if not form.is_valid() or upload is None:
        messages.error(request, "Not kept: choose what the document is and the file to keep.")
        return redirect("disclosure_detail", ref=row.ref)
    try:
        evidence_add(
            actor=request.user,
            disclosure=row,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            declared_type=upload.content_type or "",
            content=upload.read(),
        )
    except ValidationError as error:
        messages.error(request, "Not kept: " + " ".join(error.messages))
    else:
        messages.success(request, "Document kept with the request, encrypted.")
    return redirect("disclosure_detail", ref=row.ref)


@login_required
def disclosure_evidence_file(request, ref, evidence_ref):
    """The requester, or the supervisor reviewing the request; every opening audited."""
    user = request.user
    if not (is_therapist(user) or is_supervisor(user)):
        raise PermissionDenied
    own = is_therapist(user) and selectors.requests_of_therapist(user).filter(ref=ref).exists()
    row = access_request(user, ref, as_reviewer=not own, reading=False)
    try:
        kept, content = evidence_open(actor=user, disclosure=row, evidence_ref=evidence_ref)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(content, content_type=kept.content_type)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    name = f"evidence-{kept.ref}.{extension.get(kept.content_type, 'bin')}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@therapist_view
@require_POST
def disclosure_court_order_checks(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    form = CourtOrderChecksForm(request.POST)
    if not form.is_valid() or not is_requester(request.user, row):
        messages.error(request, "Not recorded: tick both checks once you have made them.")
        return redirect("disclosure_detail", ref=row.ref)
    try:
        court_order_checks_record(
            actor=request.user,
            disclosure=row,
            limit_considered=form.cleaned_data["court_limit_considered"],
            identity_called_back=form.cleaned_data["court_identity_called_back"],
        )
    except ValidationError as error:
        messages.error(request, "Not recorded: " + " ".join(error.messages))
    else:
        messages.success(request, "Court order checks recorded.")
    return redirect("disclosure_detail", ref=row.ref)
