"""What every disclosure page shares: the decorators (the therapist's is the client
pages' own, which audits a refused attempt), and the request's content laid out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError

from disclosures import kinds, selectors, steps
from disclosures.machine import MACHINE
from disclosures.models import DisclosureRecord, DisclosureRequest
from disclosures.recipients import recipient_words
from practice.permissions import is_supervisor, require


def supervisor_view(view):
    return login_required(require(is_supervisor)(view))


def refusal_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def content_of(row: DisclosureRequest) -> dict:
    """The request's answers, decrypted once for a page or a PDF (the caller audited it)."""
    quotes = list(row.quotes.all())
    for quote in quotes:
        quote.request = row
    record = DisclosureRecord.objects.filter(request=row).select_related("approved_by").first()
    if record is not None:
        record.case_file = row.case_file
    return {
        "row": row,
        "kind": row.kind_info,
        "kinds_grouped": kinds.grouped(),
        "authority_body": dict(kinds.AUTHORITY_BODIES).get(row.authority_body, ""),
        "authority_route": dict(kinds.AUTHORITY_ROUTES).get(row.authority_route, ""),
        "authority_ground": dict(kinds.DISCRETIONARY_KINDS).get(row.authority_ground, ""),
        "text": {
            name: getattr(row, f"get_{name}")()
            for name in (
                "statute_named",
                "situation",
                "reason",
                "legal_basis",
                "recipient_name",
                "recipient_role",
                "recipient_organisation",
                "recipient_contact",
                "shared_text",
                "report_text",
                "consent_notes",
                "capacity_impairment",
                "capacity_decision",
                "conversation_notes",
                "legal_advice_reference",
                "advice_summary",
                "consequences_client",
                "consequences_others",
                "consequences_relationship",
            )
        },
        "recipient": recipient_words(
            row.get_recipient_name(), row.get_recipient_role(), row.get_recipient_organisation()
        ),
        "caldicott": row.caldicott_answers(),
        "quotes": [(quote, quote.get_text()) for quote in quotes],
        "history": [(event, event.get_reasons()) for event in selectors.history_of(row)],
        "progress": steps.progress(row),
        "record": record,
        "record_text": _record_text(record),
    }


def _record_text(record) -> dict:
    if record is None:
        return {}
    return {
        "recipient": record.get_recipient(),
        "what_was_sent": record.get_what_was_sent(),
    }


def actions_for(actor, row: DisclosureRequest) -> frozenset[str]:
    """What the page may offer this person now: the table decides, the template asks."""
    return MACHINE.actions_for(actor=actor, obj=row)
