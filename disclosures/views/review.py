"""The supervisor's pages: the review queue, one request, decisions, whom they supervise.

A reviewer reaches a request only through `access_request(..., as_reviewer=True)`, and
sees what the request holds (its answers and quoted passages), never the client's page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from clients.views.common import form_errors_from
from disclosures import emergency_verdicts, restriction_selectors, selectors
from disclosures.access import access_request
from disclosures.forms.actions import DecisionForm, ReviewForm
from disclosures.machine import DECISIONS, REVIEW
from disclosures.models import Status
from disclosures.services import decisions
from disclosures.views.common import actions_for, content_of, refusal_text, supervisor_view
from disclosures.views.evidence import evidence_context
from disclosures.views.workflow import decision_record_response
from practice import sources
from practice.paging import page_of, page_read
from practice.transitions import TransitionRefused


@supervisor_view
def review_queue(request):
    return render(
        request,
        "disclosures/review_queue.html",
        {
            "page": page_read(
                selectors.review_queue(request.user),
                request.GET.get("page"),
                size=settings.LIST_PAGE_SIZE,
            ),
            "lifts_waiting": restriction_selectors.lifts_waiting_for(request.user),
            "restrictions_due": restriction_selectors.restriction_reviews_due_for_supervisor(
                request.user
            ),
            "verdicts": emergency_verdicts.for_reviewer(request.user),
        },
    )


@supervisor_view
def reviews_decided(request):
    page = page_of(selectors.decided_by(request.user), request.GET.get("page"))
    return render(request, "disclosures/reviews_decided.html", {"page": page})


@supervisor_view
def supervisees(request):
    return render(
        request,
        "disclosures/supervisees.html",
        {"links": list(selectors.supervision_links(request.user))},
    )


@supervisor_view
def disclosure_review(request, ref):
    row = access_request(request.user, ref, as_reviewer=True, reading=request.method == "GET")
    form_class = ReviewForm if row.status == Status.EMERGENCY_REVIEW else DecisionForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                decisions.request_decide(
                    actor=request.user,
                    disclosure=row,
                    decision=form.cleaned_data["decision"],
                    reasons=form.cleaned_data["reasons"],
                    verdict=form.cleaned_data.get("verdict", ""),
                    site_url=sources.site_of(request),
                )
            except TransitionRefused as error:
                messages.error(request, "Not recorded: " + refusal_text(error))
                return redirect("disclosure_review", ref=row.ref)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, "Decision recorded. The therapist has been told.")
                return redirect("disclosure_review", ref=row.ref)
        row = access_request(request.user, ref, as_reviewer=True, reading=True)
    allowed = actions_for(request.user, row)
    return render(
        request,
        "disclosures/review.html",
        {
            **content_of(row),
            "form": form,
            **evidence_context(row, reviewer=True),
            "may_decide": bool(allowed & set(DECISIONS)),
            "is_review": REVIEW in allowed,
        },
    )


@supervisor_view
def disclosure_review_pdf(request, ref):
    row = access_request(request.user, ref, as_reviewer=True, reading=False)
    return decision_record_response(request, row)
