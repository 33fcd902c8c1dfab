"""The admin's evidence pack: a page saying what it holds, and a button that builds it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from practice.permissions import is_practice_admin, require
from rights.services.evidence_pack import evidence_pack_build


@login_required
@require(is_practice_admin)
@require_http_methods(["GET", "POST"])
def evidence_pack(request):
    if request.method == "POST":
        pack = evidence_pack_build(actor=request.user)
        response = HttpResponse(pack.content, content_type="application/zip")
        name = f"evidence-pack-{timezone.localdate().isoformat()}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "rights/evidence_pack.html")
