"""The objection pages (UK GDPR Art. 21): the admin logs a client's objection, acknowledges
it, extends it, and decides it with reasons and the outcome letter. Thin: parse, call one
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from rights import forms, services
from rights import rectification_selectors as selectors
from rights.models import RectificationLetterKind
from rights.views.admin import admin_view
from rights.workflow import OBJECTION_MACHINE


def _objection(actor, ref):
    objection = selectors.objection_for(actor, ref)
    if objection is None:
        raise Http404("No such objection")
    return objection


@admin_view
@once
def objection_new(request):
    search = forms.RectificationSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = forms.ObjectionLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = selectors.client_for_logging(request.user, form.cleaned_data["client"])
        if client is None:
            form.add_error(None, "Choose the client from the list.")
        else:
            try:
                logged = services.objection_log(
                    actor=request.user,
                    client=client,
                    received_on=form.cleaned_data["received_on"],
                    asks=form.cleaned_data["asks"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Objection {logged.reference} logged.")
                return redirect("objection_detail", ref=logged.ref)
    return render(
        request,
        "rights/objection_new.html",
        {
            "search": search,
            "query": query,
            "matches": selectors.clients_matching(request.user, query),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _detail(request, objection, *, status=200, **bound):
    letters = {letter.kind: letter for letter in objection.letters.all()}
    clock = objection.clock()
    return render(
        request,
        "rights/objection_detail.html",
        {
            "ob": objection,
            "client": selectors.client_of(objection),
            "asks": objection.get_asks(),
            "extension_reasons": objection.get_extension_reasons(),
            "decision_reasons": objection.get_decision_reasons(),
            "clock": clock,
            "days_left": (clock.due_on - clock.as_of).days,
            "days_overdue": max(0, (clock.as_of - clock.due_on).days),
            "notice_by": clock.extension_notice_by(),
            "actions": OBJECTION_MACHINE.actions_for(actor=request.user, obj=objection),
            "letters": [letters[k] for k in RectificationLetterKind.values if k in letters],
            "acknowledged": RectificationLetterKind.ACKNOWLEDGEMENT in letters,
            "extended": RectificationLetterKind.EXTENSION in letters,
            "acknowledge_form": bound.get("acknowledge_form")
            or forms.RectificationAcknowledgeForm(),
            "extend_form": bound.get("extend_form") or forms.RectificationExtendForm(),
            "decide_form": bound.get("decide_form") or forms.ObjectionDecideForm(),
        },
        status=status,
    )


@admin_view
def objection_detail(request, ref):
    return _detail(request, _objection(request.user, ref))


def _step(request, ref, *, form_key, form, act, done):
    objection = _objection(request.user, ref)
    if form.is_valid():
        try:
            act(objection, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("objection_detail", ref=objection.ref)
    return _detail(request, objection, status=400, **{form_key: form})


@admin_view
@require_POST
def objection_acknowledge(request, ref):
    return _step(
        request,
        ref,
        form_key="acknowledge_form",
        form=forms.RectificationAcknowledgeForm(request.POST),
        act=lambda ob, data: services.objection_acknowledge(
            actor=request.user, objection=ob, **data
        ),
        done="Objection acknowledged: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def objection_extend(request, ref):
    return _step(
        request,
        ref,
        form_key="extend_form",
        form=forms.RectificationExtendForm(request.POST),
        act=lambda ob, data: services.objection_extend(actor=request.user, objection=ob, **data),
        done="Time extended: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def objection_decide(request, ref):
    return _step(
        request,
        ref,
        form_key="decide_form",
        form=forms.ObjectionDecideForm(request.POST),
        act=lambda ob, data: services.objection_decide(actor=request.user, objection=ob, **data),
        done="Objection decided: the outcome letter is ready to download and send.",
    )


@admin_view
def objection_letter(request, ref, letter_ref):
    objection = _objection(request.user, ref)
    letter = selectors.objection_letter_for(request.user, objection, letter_ref)
    if letter is None:
        raise Http404("No such letter")
    pdf = services.objection_letter_read(actor=request.user, letter=letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{objection.reference}-{letter.kind}.pdf"'
    )
    return response
