"""Account changes that need a second person: the list to decide, and the decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from practice import account_changes
from practice.paging import page_of
from practice.views.two_factor import recent_second_factor

_DECISIONS = {
    "approve": (
        account_changes.account_change_approve,
        "Approved and applied. The owner has been told.",
    ),
    "refuse": (account_changes.account_change_refuse, "Refused. Nothing was changed."),
    "cancel": (account_changes.account_change_cancel, "Withdrawn. Nothing was changed."),
}


@login_required
def account_change_list(request):
    page = page_of(account_changes.pending_for(request.user), request.GET.get("page"))
    rows = [
        (change, account_changes.MACHINE.actions_for(actor=request.user, obj=change))
        for change in account_changes.with_supervisors(page.object_list)
    ]
    return render(request, "practice/account_changes.html", {"page": page, "rows": rows})


@login_required
@require_POST
@recent_second_factor
def account_change_decide(request, ref, decision):
    change = account_changes.change_for(request.user, ref)
    if change is None or decision not in _DECISIONS:
        raise Http404
    service, done = _DECISIONS[decision]
    try:
        service(actor=request.user, change=change)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("account_change_list")
