"""The practice profile and the audit trail, for admins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from practice import permissions, selectors, services
from practice.forms import AuditFilterForm, PracticeProfileForm
from practice.jinja_environment import jinja_fragment
from practice.models import PracticeProfile
from practice.permissions import require


@login_required
@require(permissions.can_edit_practice)
def practice_profile(request):
    form = PracticeProfileForm(request.POST or None, instance=PracticeProfile.load())
    if request.method == "POST" and form.is_valid():
        services.practice_profile_update(actor=request.user, values=form.cleaned_data)
        messages.success(request, "Practice profile saved.")
        return redirect("practice_profile")
    return render(request, "practice/practice_profile.html", {"form": form})


@login_required
@require(permissions.can_view_audit_trail)
def audit_log(request):
    """Newest first, a page at a time by keyset (`before`), with no count of the table."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    before = request.GET.get("before", "")
    before = int(before) if before.isdigit() and len(before) < 19 else None
    events, next_before = selectors.audit_page(
        size=settings.AUDIT_PAGE_SIZE, before=before, **{k: v for k, v in filters.items() if v}
    )
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "practice/audit_log.html",
        {
            "form": form,
            "events_table": jinja_fragment("practice/audit_events.html", {"events": events}),
            "next_before": next_before,
            "is_first_page": before is None,
            "verification": selectors.audit_last_verification(),
            "query": query.urlencode(),
        },
    )
