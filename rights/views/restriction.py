"""The restriction pages (UK GDPR Art. 18): the admin logs a client's request with its
ground, acknowledges it, extends it, applies it (the case file read-only), makes the notice
to the client and only then lifts it. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from rights import forms, services
from rights import rectification_selectors as client_selectors
from rights import restriction_selectors as selectors
from rights.models import RestrictionLetterKind
from rights.views.admin import admin_view
from rights.workflow import RESTRICTION_MACHINE

K = RestrictionLetterKind


def _restriction(actor, ref):
    restriction = selectors.restriction_for(actor, ref)
    if restriction is None:
        raise Http404("No such restriction request")
    return restriction


@admin_view
@once
def restriction_new(request):
    search = forms.RectificationSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = forms.RestrictionLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = client_selectors.client_for_logging(request.user, form.cleaned_data["client"])
        if client is None:
            form.add_error(None, "Choose the client from the list.")
        else:
            try:
                logged = services.restriction_log(
                    actor=request.user,
                    client=client,
                    received_on=form.cleaned_data["received_on"],
                    ground=form.cleaned_data["ground"],
                    asks=form.cleaned_data["asks"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Restriction request {logged.reference} logged.")
                return redirect("restriction_request_detail", ref=logged.ref)
    return render(
        request,
        "rights/restriction_new.html",
        {
            "search": search,
            "query": query,
            "matches": client_selectors.clients_matching(request.user, query),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _detail(request, restriction, *, status=200, **bound):
    letters = {letter.kind: letter for letter in restriction.letters.all()}
    clock = restriction.clock()
    return render(
        request,
        "rights/restriction_detail.html",
        {
            "rs": restriction,
            "client": client_selectors.client_of(restriction),
            "asks": restriction.get_asks(),
            "extension_reasons": restriction.get_extension_reasons(),
            "lift_reasons": restriction.get_lift_reasons(),
            "clock": clock,
            "days_left": (clock.due_on - clock.as_of).days,
            "days_overdue": max(0, (clock.as_of - clock.due_on).days),
            "notice_by": clock.extension_notice_by(),
            "actions": RESTRICTION_MACHINE.actions_for(actor=request.user, obj=restriction),
            "letters": [letters[k] for k in K.values if k in letters],
            "acknowledged": K.ACKNOWLEDGEMENT in letters,
            "extended": K.EXTENSION in letters,
            "notice": letters.get(K.NOTICE),
            "acknowledge_form": bound.get("acknowledge_form")
            or forms.RectificationAcknowledgeForm(),
            "extend_form": bound.get("extend_form") or forms.RectificationExtendForm(),
            "apply_form": bound.get("apply_form") or forms.RestrictionApplyForm(),
            "notify_form": bound.get("notify_form") or forms.RestrictionNotifyForm(),
            "lift_form": bound.get("lift_form") or forms.RestrictionLiftForm(),
        },
        status=status,
    )


@admin_view
def restriction_detail(request, ref):
    return _detail(request, _restriction(request.user, ref))


def _step(request, ref, *, form_key, form, act, done):
    restriction = _restriction(request.user, ref)
    if form.is_valid():
        try:
            act(restriction, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("restriction_request_detail", ref=restriction.ref)
    return _detail(request, restriction, status=400, **{form_key: form})


@admin_view
@require_POST
def restriction_acknowledge(request, ref):
    return _step(
        request,
        ref,
        form_key="acknowledge_form",
        form=forms.RectificationAcknowledgeForm(request.POST),
        act=lambda rs, data: services.restriction_acknowledge(
            actor=request.user, restriction=rs, **data
        ),
        done="Request acknowledged: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def restriction_extend(request, ref):
    return _step(
        request,
        ref,
        form_key="extend_form",
        form=forms.RectificationExtendForm(request.POST),
        act=lambda rs, data: services.restriction_extend(
            actor=request.user, restriction=rs, **data
        ),
        done="Time extended: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def restriction_apply(request, ref):
    return _step(
        request,
        ref,
        form_key="apply_form",
        form=forms.RestrictionApplyForm(request.POST),
        act=lambda rs, data: services.restriction_apply(actor=request.user, restriction=rs, **data),
        done="Processing restricted: the case file is read-only. The letter is ready to "
        "download and send.",
    )


@admin_view
@require_POST
def restriction_notify(request, ref):
    return _step(
        request,
        ref,
        form_key="notify_form",
        form=forms.RestrictionNotifyForm(request.POST),
        act=lambda rs, data: services.restriction_notify(
            actor=request.user, restriction=rs, **data
        ),
        done="Notice made: download it and send it to the client before you lift the restriction.",
    )


@admin_view
@require_POST
def restriction_lift(request, ref):
    return _step(
        request,
        ref,
        form_key="lift_form",
        form=forms.RestrictionLiftForm(request.POST),
        act=lambda rs, data: services.restriction_lift(actor=request.user, restriction=rs, **data),
        done="Restriction lifted: the case file can be written to again.",
    )


@admin_view
def restriction_letter(request, ref, letter_ref):
    restriction = _restriction(request.user, ref)
    letter = selectors.restriction_letter_for(request.user, restriction, letter_ref)
    if letter is None:
        raise Http404("No such letter")
    pdf = services.restriction_letter_read(actor=request.user, letter=letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{restriction.reference}-{letter.kind}.pdf"'
    )
    return response
