"""The breach register's pages (admin only): the register by nearest ICO deadline, recording
a breach, its one page with each step as its own small form, and picking the case files it
touched. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from practice.paging import page_of
from practice.permissions import require
from rights import breach_forms as forms
from rights import breach_selectors as selectors
from rights import permissions, services
from rights.breach_workflow import BREACH_MACHINE, close_refusal
from rights.models import Breach
from rights.services import reads


def admin_view(view):
    return login_required(require(permissions.may_handle_breaches)(view))


def _breach(actor, ref) -> Breach:
    breach = selectors.breach_for(actor, ref)
    if breach is None:
        raise Http404("No such breach")
    return breach


@admin_view
def breach_list(request):
    rows, closed = selectors.register(request.user)
    number = request.GET.get
    return render(
        request,
        "rights/breaches.html",
        {
            "rows": page_of(rows, number("open_page")),
            "closed": page_of(closed, number("closed_page")),
        },
    )


@admin_view
@once
def breach_new(request):
    form = forms.RecordBreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                f"Breach {breach.reference} recorded. Now add the case files it touched.",
            )
            return redirect("breach_detail", ref=breach.ref)
    return render(
        request, "rights/breach_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request, breach, *, status=200, **bound):
    """The page shows what was told to the practice: every showing is an audited read."""
    reads.desk_item_read(actor=request.user, item=breach)
    actions = BREACH_MACHINE.actions_for(actor=request.user, obj=breach)
    initial = {
        "risk": breach.risk or None,
        "assessment": breach.get_risk_assessment(),
        "reasons": breach.get_decision_reasons(),
        "notify_ico": {True: "yes", False: "no"}.get(breach.notify_ico),
        "notify_people": {True: "yes", False: "no"}.get(breach.notify_people),
    }
    page_forms = {
        "assess_form": forms.AssessForm(initial=initial),
        "ico_form": forms.IcoNotifiedForm(),
        "people_form": forms.PeopleNotifiedForm(),
        "remediation_form": forms.RemediationForm(
            initial={
                "remediation": breach.get_remediation(),
                "done_for_client": breach.get_done_for_client(),
            }
        ),
        "close_form": forms.CloseBreachForm(),
        **bound,
    }
    return render(
        request,
        "rights/breach_detail.html",
        {
            "breach": breach,
            "clock": breach.ico_clock(),
            "what_happened": breach.get_what_happened(),
            "for_client": breach.get_for_client(),
            "risk_assessment": breach.get_risk_assessment(),
            "decision_reasons": breach.get_decision_reasons(),
            "late_reasons": breach.get_late_reasons(),
            "people_notified_how": breach.get_people_notified_how(),
            "remediation": breach.get_remediation(),
            "done_for_client": breach.get_done_for_client(),
            "records": list(breach.records.values_list("record_ref", flat=True)),
            "actions": actions,
            "close_refusal": close_refusal(breach),
            **page_forms,
        },
        status=status,
    )


@admin_view
def breach_detail(request, ref):
    return _detail(request, _breach(request.user, ref))


def _step(request, ref, *, form_key: str, form, act, done: str):
    """A step's POST: valid input goes to one service; a refusal comes back on the page."""
    breach = _breach(request.user, ref)
    if form.is_valid():
        try:
            act(breach, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("breach_detail", ref=breach.ref)
    return _detail(request, breach, status=400, **{form_key: form})


@admin_view
@require_POST
def breach_assess(request, ref):
    return _step(
        request,
        ref,
        form_key="assess_form",
        form=forms.AssessForm(request.POST),
        act=lambda breach, data: services.breach_assess(actor=request.user, breach=breach, **data),
        done="Assessment and decision kept.",
    )


@admin_view
@require_POST
def breach_notify_ico(request, ref):
    return _step(
        request,
        ref,
        form_key="ico_form",
        form=forms.IcoNotifiedForm(request.POST),
        act=lambda breach, data: services.breach_ico_notify(
            actor=request.user, breach=breach, **data
        ),
        done="The report to the ICO is recorded.",
    )


@admin_view
@require_POST
def breach_not_notify(request, ref):
    return _step(
        request,
        ref,
        form_key="not_notify_form",
        form=forms.forms.Form(request.POST),
        act=lambda breach, _data: services.breach_not_notify(actor=request.user, breach=breach),
        done="The decision not to report it is kept with its reasons.",
    )


@admin_view
@require_POST
def breach_notify_people(request, ref):
    return _step(
        request,
        ref,
        form_key="people_form",
        form=forms.PeopleNotifiedForm(request.POST),
        act=lambda breach, data: services.breach_people_notify(
            actor=request.user, breach=breach, **data
        ),
        done="Telling the people affected is recorded.",
    )


@admin_view
@require_POST
def breach_remediate(request, ref):
    return _step(
        request,
        ref,
        form_key="remediation_form",
        form=forms.RemediationForm(request.POST),
        act=lambda breach, data: services.breach_remediate(
            actor=request.user, breach=breach, **data
        ),
        done="What was done is recorded.",
    )


@admin_view
@require_POST
def breach_close(request, ref):
    return _step(
        request,
        ref,
        form_key="close_form",
        form=forms.CloseBreachForm(request.POST),
        act=lambda breach, data: services.breach_close(actor=request.user, breach=breach, **data),
        done="Breach closed.",
    )


@admin_view
@once
def breach_records(request, ref):
    """Pick the case files a breach touched: from every case file, or from those the audit
    trail names for one person's events in a time window."""
    breach = _breach(request.user, ref)
    staff = selectors.staff_in_the_trail(request.user)
    search = forms.TrailSearchForm(request.GET or None, staff=staff)
    if search.is_bound and search.is_valid():
        data = search.cleaned_data
        candidates = selectors.records_in_the_trail(
            request.user,
            staff=data["staff"],
            start=data["start"],
            end=data["end"],
            action=data["action"],
        )
    else:
        candidates = selectors.case_files_to_pick(request.user)
    already = set(breach.records.values_list("record_ref", flat=True))
    form = forms.PickRecordsForm(
        request.POST or None, candidates=[ref for ref in candidates if ref not in already]
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.breach_records_add(
                actor=request.user, breach=breach, record_refs=form.cleaned_data["record_refs"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            plural = "s" if len(added) != 1 else ""
            messages.success(request, f"{len(added)} case file{plural} added.")
            return redirect("breach_detail", ref=breach.ref)
    return render(
        request,
        "rights/breach_records.html",
        {
            "breach": breach,
            "search": search,
            "searched": search.is_bound,
            "form": form,
            "already": sorted(already),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors or (search.is_bound and search.errors) else 200,
    )
