"""Every write in contracting, one module per idea; reads live in `contracting.selectors`.

- `versions`: publishing template versions (and the shipped defaults);
- `documents`: preparing both documents for a client and keeping the PDFs given;
- `links`: signing-link tokens and the e-mail that carries them;
- `acknowledgement`: acknowledgement on paper or by link, and withdrawal of consent.

Each action runs in one transaction with its audit event; callers import from here.
"""

from contracting.audit_actions import Action
from contracting.services.acknowledgement import (
    agreement_accept_by_link,
    agreement_acknowledge_paper,
    agreement_consent_withdraw,
)
from contracting.services.documents import (
    Prepared,
    agreement_generate,
    document_read,
    documents_prepare,
)
from contracting.services.links import (
    LINK_MESSAGE,
    LINK_SUBJECT,
    LinkRefused,
    agreement_send,
    link_agreement,
    link_document,
    link_document_read,
    link_open,
    token_hash,
)
from contracting.services.versions import template_publish, templates_ensure_defaults

__all__ = [
    "LINK_MESSAGE",
    "LINK_SUBJECT",
    "Action",
    "LinkRefused",
    "Prepared",
    "agreement_accept_by_link",
    "agreement_acknowledge_paper",
    "agreement_consent_withdraw",
    "agreement_generate",
    "agreement_send",
    "document_read",
    "documents_prepare",
    "link_agreement",
    "link_document",
    "link_document_read",
    "link_open",
    "template_publish",
    "templates_ensure_defaults",
    "token_hash",
]
