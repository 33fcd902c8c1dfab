"""The admin's retention pages: report, policy, legal holds, disposal. No identity shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from practice import two_factor
from practice.idempotency import once
from practice.paging import page_of
from practice.permissions import is_practice_admin, require
from records import disposal, holds, report, retention, selectors
from records.forms import DisposalForm, LegalHoldForm, ReportPeriodForm, RetentionPolicyForm
from records.models import CaseFile, LegalHold


def admin_view(view):
    return login_required(require(is_practice_admin)(view))


@admin_view
def retention_overview(request):
    form = ReportPeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    today, number = timezone.localdate(), request.GET.get
    due = page_of(report.due_files(today), number("due_page"))
    held = page_of(report.held_files(today), number("held_page"))
    due.object_list = report.candidates(due.object_list, with_reasons=False)
    held.object_list = report.candidates(held.object_list, with_reasons=True)
    since, until = period.get("since"), period.get("until")
    return render(
        request,
        "records/retention_overview.html",
        {
            "form": form,
            "due": due,
            "held": held,
            "upcoming": page_of(report.upcoming_files(today), number("upcoming_page")),
            "age_unknown": page_of(report.age_unknown_files(), number("age_unknown_page")),
            "upcoming_days": report.UPCOMING_DAYS,
            "disposed": page_of(report.disposed_between(since, until), number("disposed_page")),
            "unfinished": selectors.refs_being_disposed(),
            "policy": retention.Policy.current(),
        },
    )


@admin_view
def retention_policy(request):
    current = retention.Policy.current()
    form = RetentionPolicyForm(
        request.POST or None,
        initial={"years_adult": current.years_adult, "until_age_child": current.until_age_child},
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            retention.retention_policy_update(
                actor=request.user,
                years_adult=values["years_adult"],
                until_age_child=values["until_age_child"],
                confirmed_newly_due=values.get("confirmed_newly_due"),
            )
        except ValidationError as error:
            preview = retention.retention_policy_preview(
                policy=retention.Policy(values["years_adult"], values["until_age_child"])
            )
            data = request.POST.copy()
            data["confirmed_newly_due"] = str(preview.newly_due)
            form = RetentionPolicyForm(data)
            form.is_valid()
            form.add_error(None, error)
        else:
            messages.success(request, "Retention policy saved; every closed file's date updated.")
            return redirect("retention_overview")
    return render(
        request,
        "records/retention_policy.html",
        {"form": form, "preview": preview, "current": current},
    )


@admin_view
@once
def legal_holds(request):
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case_file = (
            CaseFile.objects.live().filter(record_ref=form.cleaned_data["record_ref"]).first()
        )
        if case_file is None:
            form.add_error("record_ref", "No case file has that reference.")
        else:
            try:
                holds.legal_hold_place(
                    actor=request.user,
                    case_file=case_file,
                    kind=form.cleaned_data["kind"],
                    details=form.cleaned_data["details"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Hold placed on {case_file.record_ref}.")
                return redirect("legal_holds")
    in_force = page_of(
        LegalHold.objects.filter(lifted_at__isnull=True)
        .select_related("case_file", "placed_by")
        .order_by("-placed_at", "-pk"),
        request.GET.get("in_force_page"),
    )
    automatic = page_of(
        CaseFile.objects.live().filter(holds.automatic()).order_by("record_ref"),
        request.GET.get("automatic_page"),
    )
    automatic.object_list = [
        (case_file, holds.automatic_reasons(case_file)) for case_file in automatic.object_list
    ]
    lifted = page_of(
        LegalHold.objects.filter(lifted_at__isnull=False)
        .select_related("case_file", "placed_by", "lifted_by")
        .order_by("-lifted_at", "-pk"),
        request.GET.get("lifted_page"),
    )
    return render(
        request,
        "records/legal_holds.html",
        {"form": form, "in_force": in_force, "automatic": automatic, "lifted": lifted},
    )


@admin_view
@require_POST
def legal_hold_lift(request, ref):
    hold = LegalHold.objects.filter(ref=ref).first()
    if hold is None:
        raise Http404("No such hold")
    try:
        holds.legal_hold_lift(actor=request.user, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Hold on {hold.case_file.record_ref} lifted.")
    return redirect("legal_holds")


@admin_view
@require_POST
def adult_rule_confirm(request, record_ref):
    case_file = CaseFile.objects.live().filter(record_ref=record_ref).first()
    if case_file is None:
        raise Http404("No such case file")
    try:
        retention.adult_rule_confirm(actor=request.user, case_file=case_file)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Confirmed: {case_file.record_ref} is kept for the adult period and may be "
            "disposed of when it ends.",
        )
    return redirect("retention_overview")


@admin_view
def disposal_page(request):
    candidates = disposal.due_case_files()
    due = [c for c in candidates if not c.held_because]
    form = DisposalForm(request.POST or None, refs=[c.case_file.record_ref for c in due])
    needs_code = not two_factor.is_recent(request)
    code_error = ""
    if request.method == "POST" and form.is_valid():
        # Destroying records needs a fresh second factor, asked inline so choices are kept.
        code_error = two_factor.fresh_code_refusal(request)
        if code_error:
            form.add_error(None, "Enter a fresh code from your authenticator app to dispose.")
    if request.method == "POST" and form.is_valid():
        outcomes = disposal.dispose_due(
            actor=request.user, record_refs=form.cleaned_data["record_refs"]
        )
        done = [o.record_ref for o in outcomes if o.tombstone]
        for outcome in outcomes:
            if outcome.refused:
                messages.error(request, f"{outcome.record_ref} not disposed of: {outcome.refused}")
        if done:
            messages.success(
                request,
                f"Disposed of {len(done)} case file{'s' if len(done) != 1 else ''}: "
                f"{', '.join(done)}. Tombstones kept.",
            )
        return redirect("disposal")
    return render(
        request,
        "records/disposal.html",
        {
            "form": form,
            "needs_code": needs_code,
            "code_error": code_error,
            "due": due,
            "held": [c for c in candidates if c.held_because],
            "unfinished": selectors.refs_being_disposed(),
        },
    )
