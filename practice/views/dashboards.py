"""Each role lands on its own dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from practice import admin_panels, permissions, selectors
from practice.models import PracticeProfile
from practice.permissions import require


@login_required
def home(request):
    dashboards = permissions.dashboards_for(request.user)
    if dashboards:
        return redirect(dashboards[0][1])
    return render(request, "practice/no_role.html")


@login_required
@require(permissions.is_practice_admin)
def admin_dashboard(request):
    counts = selectors.staff_counts()
    return render(
        request,
        "practice/admin_dashboard.html",
        {
            "active_staff": counts["active"],
            "inactive_staff": counts["inactive"],
            "profile": PracticeProfile.load(),
            "panels": admin_panels.read_all(request.user),
        },
    )
