"""The therapist's pages after drafting: the request, sending it, disclosing, closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, therapist_view
from disclosures import restriction_selectors, selectors
from disclosures.access import access_request
from disclosures.forms.actions import DiscloseForm, EmergencyForm, WithdrawForm
from disclosures.forms.submitting import IdentifiersCheckedForm
from disclosures.identifiers import IdentifiersFound
from disclosures.models import NotSoughtReason, RestrictionReason
from disclosures.services import decisions, disclosing, reports
from disclosures.views.common import actions_for, content_of, refusal_text
from disclosures.views.evidence import evidence_context
from practice import sources
from practice.idempotency import once
from practice.paging import page_of

RESTRICT_FOR = {
    NotSoughtReason.UNLAWFUL: RestrictionReason.TIPPING_OFF,
    NotSoughtReason.RAISES_RISK: RestrictionReason.RISK,
    NotSoughtReason.INVESTIGATION: RestrictionReason.INVESTIGATION,
}


@therapist_view
def disclosure_list(request):
    page = page_of(selectors.own_requests(request.user), request.GET.get("page"))
    names = selectors.client_names([row.case_file.record_ref for row in page])
    return render(
        request,
        "disclosures/list.html",
        {
            "page": page,
            "rows": [(row, names.get(row.case_file.record_ref, "")) for row in page],
            "restrictions_due": restriction_selectors.restriction_reviews_due_for_therapist(
                request.user
            ),
        },
    )


def _reports_of(row) -> list:
    made = list(row.reports.all())
    for report in made:
        report.request = row
    return made


def _client_name(row) -> str:
    return selectors.client_names([row.case_file.record_ref]).get(row.case_file.record_ref, "")


@therapist_view
def disclosure_detail(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=True)
    return render(
        request,
        "disclosures/detail.html",
        {
            **content_of(row),
            "client": selectors.client_for(row.case_file),
            "actions": actions_for(request.user, row),
            "problems": decisions.submission_problems(row) if row.is_open else [],
            "reports": [
                (report, reports.report_read_problem(report)) for report in _reports_of(row)
            ],
            "withdraw_form": WithdrawForm(),
            **evidence_context(row),
        },
    )


@therapist_view
@require_POST
def disclosure_submit(request, ref):
    """Send for review; if the text names the client, first ask the therapist to check."""
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    form = IdentifiersCheckedForm(request.POST) if "checked_version" in request.POST else None
    checked = form.cleaned_data["checked_version"] if form and form.is_valid() else None
    try:
        decisions.request_submit(
            actor=request.user,
            disclosure=row,
            identifiers_checked_version=checked,
            site_url=sources.site_of(request),
        )
    except IdentifiersFound as warning:
        changed = checked is not None  # confirmed, but for a version that is no longer there
        if form is None or changed:
            form = IdentifiersCheckedForm(initial={"checked_version": warning.version})
        return render(
            request,
            "disclosures/submit_check.html",
            {
                "row": row,
                "matches": warning.matches,
                "form": form,
                "changed": changed,
                "client_name": _client_name(row),
            },
        )
    except ValidationError as error:
        messages.error(request, "Not sent: " + refusal_text(error))
    else:
        messages.success(request, "Sent to your supervisor for review.")
    return redirect("disclosure_detail", ref=row.ref)


@therapist_view
@require_POST
def disclosure_withdraw(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("The reason is too long.")
        decisions.request_withdraw(
            actor=request.user,
            disclosure=row,
            reasons=form.cleaned_data["reasons"],
        )
    except ValidationError as error:
        messages.error(request, "Not withdrawn: " + refusal_text(error))
    else:
        messages.success(request, "Request withdrawn. Nothing was disclosed.")
    return redirect("disclosure_detail", ref=row.ref)


@therapist_view
@require_POST
def disclosure_close(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    try:
        decisions.request_close(actor=request.user, disclosure=row)
    except ValidationError as error:
        messages.error(request, "Not closed: " + refusal_text(error))
    else:
        messages.success(request, "Request closed.")
    return redirect("disclosure_detail", ref=row.ref)


def _disclose_initial(row) -> dict:
    reason = RESTRICT_FOR.get(row.not_sought_reason, "")
    return {
        "disclosed_on": timezone.localdate(),
        "recipient": row.recipient_summary(),
        "what_was_sent": row.text_to_share(),
        "restricted": bool(reason),
        "restricted_reason": reason,
    }


def _disclose_page(request, ref, *, emergency: bool):
    row = access_request(request.user, ref, as_reviewer=False, reading=True)
    action = "disclose_emergency" if emergency else "disclose"
    if action not in actions_for(request.user, row):
        messages.error(
            request,
            "An emergency disclosure is recorded only before a decision."
            if emergency
            else "Only an approved request can be disclosed. Send it for review first, or use "
            "the emergency path if there is an immediate risk.",
        )
        return redirect("disclosure_detail", ref=row.ref)
    form_class = EmergencyForm if emergency else DiscloseForm
    form = form_class(request.POST or None, initial=_disclose_initial(row))
    if request.method == "POST" and form.is_valid():
        try:
            if emergency:
                disclosing.request_disclose_emergency(
                    actor=request.user,
                    disclosure=row,
                    facts=form.facts(),
                    why_urgent=form.cleaned_data["why_urgent"],
                    site_url=sources.site_of(request),
                )
            else:
                disclosing.request_disclose(actor=request.user, disclosure=row, facts=form.facts())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                "Emergency disclosure recorded. Your supervisor has been asked to review it."
                if emergency
                else "Disclosure recorded in the client's record of disclosures.",
            )
            return redirect("disclosure_detail", ref=row.ref)
    return render(
        request,
        "disclosures/disclose.html",
        {"row": row, "form": form, "emergency": emergency, "client_name": _client_name(row)},
    )


@therapist_view
def disclosure_disclose(request, ref):
    return _disclose_page(request, ref, emergency=False)


@therapist_view
def disclosure_emergency(request, ref):
    return _disclose_page(request, ref, emergency=True)


@therapist_view
@once
def disclosure_report(request, ref):
    """The approved report, made into a PDF: the words were written and approved in the
    request, so nothing is typed here."""
    row = access_request(request.user, ref, as_reviewer=False, reading=True)
    if request.method == "POST":
        try:
            reports.report_make(actor=request.user, disclosure=row, client_name=_client_name(row))
        except ValidationError as error:
            messages.error(request, "No PDF made: " + refusal_text(error))
            return redirect("disclosure_report", ref=row.ref)
        messages.success(request, "Report made and kept with its fingerprint (SHA-256).")
        return redirect("disclosure_detail", ref=row.ref)
    content = content_of(row)
    return render(
        request,
        "disclosures/report.html",
        {
            **content,
            "may_make": "make_report" in actions_for(request.user, row),
            "problem": reports.report_problem(row) or reports.author_problem(request.user),
            "client_name": _client_name(row),
        },
    )


@therapist_view
def disclosure_report_pdf(request, ref, report_ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    report = row.reports.filter(ref=report_ref).first()
    if report is None:
        raise Http404("No such report")
    report.request = row
    try:
        pdf = reports.report_read(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("disclosure_detail", ref=row.ref)
    return _pdf_response(pdf, f"report-{report.ref}.pdf")


@therapist_view
def disclosure_record_pdf(request, ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    return decision_record_response(request, row)


def decision_record_response(request, row) -> HttpResponse:
    try:
        pdf = reports.decision_record_pdf(
            actor=request.user, disclosure=row, context=content_of(row)
        )
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("home")
    return _pdf_response(pdf, f"decision-record-{row.ref}.pdf")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
