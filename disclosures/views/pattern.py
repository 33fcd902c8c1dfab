"""The admin's page of emergency disclosures: how their reviews came out, counted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from disclosures import emergency_verdicts
from practice.permissions import is_practice_admin, require


@login_required
@require(is_practice_admin)
def emergency_pattern(request):
    return render(
        request,
        "disclosures/emergency_pattern.html",
        {"pattern": emergency_verdicts.for_practice()},
    )
