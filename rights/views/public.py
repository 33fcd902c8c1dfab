"""The public complaint form (DPA 2018 s.164A(2)): no account, rate limited, and the same
answer for everyone, so nothing here tells whether the person is a client. Nothing on the
page says what kind of service the practice gives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from clients.views.common import form_errors_from
from practice import audit, ratelimit
from practice.audit_actions import Action as PracticeAction
from practice.idempotency import once
from practice.models import PracticeProfile
from rights import deadlines, forms, services

# One address sends a complaint or two; a flood from one or from many is refused.
PER_ADDRESS_LIMIT = 5
PER_ADDRESS_WINDOW = 3600
OVERALL_LIMIT = 60
OVERALL_WINDOW = 3600
_RECEIVED = "rights_complaint_reference"


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    practice = PracticeProfile.load().name.strip() or "The practice"
    return _public(render(request, template, {"practice": practice, **context}, status=status))


def _flooded(request) -> HttpResponse | None:
    if ratelimit.hit(
        "complaint_form_all", "all", limit=OVERALL_LIMIT, window_seconds=OVERALL_WINDOW
    ):
        return None
    audit.record(
        action=PracticeAction.RATE_LIMITED,
        actor=request.user,
        details={"scope": "complaint_form_all"},
    )
    return _public(
        render(
            request,
            "errors/rate_limited.html",
            {"minutes": OVERALL_WINDOW // 60},
            status=429,
        )
    )


@ratelimit.rate_limited(
    "complaint_form", limit=PER_ADDRESS_LIMIT, window_seconds=PER_ADDRESS_WINDOW
)
@once
def complaint_form(request):
    form = forms.PublicComplaintForm(request.POST or None)
    if request.method == "POST":
        refused = _flooded(request)
        if refused is not None:
            return refused
        if form.is_valid():
            try:
                complaint = services.complaint_submit(**form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                request.session[_RECEIVED] = complaint.reference
                return redirect("complaint_received")
    return _page(
        request,
        "rights/complaint_form.html",
        {"form": form, "days": deadlines.ACKNOWLEDGE_WITHIN_DAYS},
        status=400 if form.errors else 200,
    )


def complaint_received(request):
    reference = request.session.get(_RECEIVED, "")
    return _page(
        request,
        "rights/complaint_received.html",
        {"reference": reference, "days": deadlines.ACKNOWLEDGE_WITHIN_DAYS},
    )
