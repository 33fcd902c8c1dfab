"""One-time form tokens: a form that creates something is acted on once.

Every such form carries `{% form_token %}` (a random hidden value); its view is wrapped in
`@once`. The first POST with a token claims it (a unique row, committed before the view
runs), so a second POST of the same form, even one arriving at the same moment on
another connection, cannot claim it again: it waits for the first to finish and is sent
to the same result, and nothing is created twice. A submission that does not succeed
(the form comes back with errors) releases its token, so the corrected form can be sent.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from practice.models import FormSubmission

FIELD = "form_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
WAIT_SECONDS = 15.0
KEEP = timedelta(days=2)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _claim(token: str, *, user_id: int | None, form: str) -> FormSubmission | None:
    """Claim `token` for this submission; the earlier claim when it was already used."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user_id=user_id, form=form)
    except IntegrityError:
        return FormSubmission.objects.filter(token=token).first()
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return None


def _first_result(claim: FormSubmission) -> str:
    """The first submission's result, waiting a little while it is still being processed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not claim.result_url and time.monotonic() < deadline:
        time.sleep(0.05)
        claim = FormSubmission.objects.filter(pk=claim.pk).first() or claim
    return claim.result_url


def once(view):
    """View decorator: a POST carrying a form token is acted on at most once."""
    form = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.match(token):
            return view(request, *args, **kwargs)
        user_id = request.user.pk if request.user.is_authenticated else None
        earlier = _claim(token, user_id=user_id, form=form)
        if earlier is not None:
            result = _first_result(earlier)
            if result and earlier.user_id == user_id and earlier.form == form:
                messages.info(request, "That form was already sent, so nothing was added twice.")
                return redirect(result)
            return render(request, "errors/already_sent.html", status=409)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(token=token).delete()
            raise
        location = response.get("Location", "") if response.status_code in (302, 303) else ""
        if location:
            FormSubmission.objects.filter(token=token).update(result_url=location[:500])
        else:
            FormSubmission.objects.filter(token=token).delete()
        return response

    # How the create-once test knows the view was decided (functools.wraps carries it out
    # through the decorators outside this one).
    wrapped.creates_once = True
    return wrapped
