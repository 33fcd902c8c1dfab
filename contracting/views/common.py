"""What the contracting pages share: document kinds and PDF responses."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from contracting.models import Kind

PDF_NAMES = {Kind.CONTRACT: "confidentiality-agreement", Kind.PRIVACY_NOTICE: "privacy-notice"}


def document_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404("No such document")
    return kind


def pdf_response(pdf: bytes, *, kind: str, version: int) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{PDF_NAMES[kind]}-v{version}.pdf"'
    return response
