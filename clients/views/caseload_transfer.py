"""An admin asks to move a departing therapist's caseload to a colleague; another admin
approves it under Account changes (numbers only on this page: no names)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from clients import selectors, services
from clients.forms import CaseloadTransferForm
from clients.views.common import form_errors_from
from practice import permissions
from practice import selectors as practice_selectors
from practice.models import User
from practice.permissions import require
from practice.views.two_factor import recent_second_factor
from records import selectors as record_selectors


@login_required
@require(permissions.can_manage_staff)
@recent_second_factor
def caseload_transfer(request, ref):
    try:
        leaver = practice_selectors.staff_by_ref(ref)
    except User.DoesNotExist as error:
        raise Http404 from error
    allowed, refusal = permissions.can_transfer_caseload(request.user, leaver)
    form = CaseloadTransferForm(request.POST or None, leaver=leaver)
    if request.method == "POST" and form.is_valid():
        successor = form.cleaned_data["successor"]
        try:
            services.caseload_transfer_request(
                actor=request.user, leaver=leaver, successor=successor
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                f"Asked. Moving {leaver.username}'s caseload to {successor.username} gives them "
                "every note, so another admin must approve it under Account changes; nothing "
                "moves until then.",
            )
            return redirect("staff_detail", ref=leaver.ref)
    return render(
        request,
        "clients/caseload_transfer.html",
        {
            "leaver": leaver,
            "form": form,
            "counts": record_selectors.case_file_counts(leaver),
            "clients_listed": selectors.clients_listed_under(leaver),
            "refusal": "" if allowed else refusal,
        },
    )
