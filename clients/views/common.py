"""Shared view helpers for a therapist's client pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest

from clients.access import ClientContext, access_client
from practice.permissions import is_therapist, require
from records.access import READ, WRITE, access_refused_record


def therapist_view(view):
    """Signed in and holding the therapist role (object checks follow in the view).

    Anyone else (a supervisor, an admin) is refused with 403, and an attempt at a client
    reference is audited first, like any other denied access.
    """
    guarded = require(is_therapist)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_therapist(request.user) and "ref" in kwargs:
            access_refused_record(request.user, str(kwargs["ref"]), purpose=READ)
        return guarded(request, *args, **kwargs)

    return login_required(wrapped)


def load(request: HttpRequest, ref, *, for_write: bool) -> ClientContext:
    """The client and case file of this page, through the one access function."""
    return access_client(request.user, ref, purpose=WRITE if for_write else READ)


def form_errors_from(form, error) -> None:
    """Attach a service's ValidationError to the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
