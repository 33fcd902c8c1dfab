"""Shared view helpers for a therapist's client pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest

from clients.models import Client
from clients.selectors import access_client
from practice.permissions import is_therapist, require
from records import selectors as record_selectors
from records import services as record_services
from records.models import CaseFile


def therapist_view(view):
    """Signed in and holding the therapist role (object checks follow in the view).

    Anyone else (a supervisor, an admin) is refused with 403, and an attempt at a client
    reference is audited first, like any other denied access.
    """
    guarded = require(is_therapist)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_therapist(request.user) and "ref" in kwargs:
            record_services.access_denied_record(
                actor=request.user, attempted_ref=str(kwargs["ref"]), request=request
            )
        return guarded(request, *args, **kwargs)

    return login_required(wrapped)


@dataclass
class ClientContext:
    client: Client
    case_file: CaseFile


def load(request: HttpRequest, ref, *, for_write: bool) -> ClientContext:
    client = access_client(request.user, ref, for_write=for_write, request=request)
    return ClientContext(client, record_selectors.case_file_by_ref(client.record_ref))


def form_errors_from(form, error) -> None:
    """Attach a service's ValidationError to the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
