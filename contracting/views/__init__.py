"""Contracting pages, one module per audience: the therapist's, the client's signing link,
and the admin's documents. `contracting.urls` names each view from here."""

from contracting.views.documents_admin import template_edit, templates
from contracting.views.signing import sign, sign_document
from contracting.views.therapist import (
    acknowledge,
    client_contracting,
    document,
    generate,
    preview,
    send,
    withdraw,
)

__all__ = [
    "acknowledge",
    "client_contracting",
    "document",
    "generate",
    "preview",
    "send",
    "sign",
    "sign_document",
    "template_edit",
    "templates",
    "withdraw",
]
