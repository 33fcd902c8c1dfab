"""The practice profile and the audit trail, for admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from practice import audit, permissions, selectors, services
from practice.forms import AuditFilterForm, PracticeProfileForm
from practice.models import PracticeProfile
from practice.permissions import require


@login_required
@require(permissions.can_edit_practice)
def practice_profile(request):
    form = PracticeProfileForm(request.POST or None, instance=PracticeProfile.load())
    if request.method == "POST" and form.is_valid():
        services.practice_profile_update(
            actor=request.user, values=form.cleaned_data, request=request
        )
        messages.success(request, "Practice profile saved.")
        return redirect("practice_profile")
    return render(request, "practice/practice_profile.html", {"form": form})


@login_required
@require(permissions.can_view_audit_trail)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/audit_log.html",
        {
            "form": form,
            "page": page,
            "chain": audit.verify_chain(),
        },
    )
