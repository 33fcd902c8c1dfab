"""The erasure pages (UK GDPR Art. 17): the admin logs a client's erasure request,
acknowledges it, extends it, decides it (granted, or refused with its ground) with the
outcome letter, and carries out a granted erasure through disposal. Thin: parse, call one
service, render; the pieces every rights request shares are in `rights.views.requests`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from practice.idempotency import once
from records.models import Tombstone
from rights import forms, services
from rights import rectification_selectors as selectors
from rights.views.admin import admin_view
from rights.views.requests import letter_download, new_request_page, request_context, step
from rights.workflow import ERASURE_MACHINE


def _erasure(actor, ref):
    erasure = selectors.erasure_for(actor, ref)
    if erasure is None:
        raise Http404("No such erasure request")
    return erasure


@admin_view
@once
def erasure_new(request):
    return new_request_page(
        request,
        form_class=forms.ErasureLogForm,
        log=lambda client, data: services.erasure_log(
            actor=request.user,
            client=client,
            received_on=data["received_on"],
            asks=data["asks"],
        ),
        template="rights/erasure_new.html",
        logged="Erasure request {reference} logged.",
        detail="erasure_detail",
    )


def _detail(request, erasure, *, status=200, **bound):
    if erasure.is_erased:  # its words went with the record: references and dates only
        context = {
            "rq": erasure,
            "clock": erasure.timing().clock,
            "actions": frozenset(),
            "letters": list(erasure.letters.all()),
            "tombstone": Tombstone.objects.filter(record_ref=erasure.record_ref).first(),
        }
    else:
        context = {
            **request_context(request, erasure, machine=ERASURE_MACHINE, bound=bound),
            "decision_reasons": erasure.get_decision_reasons(),
            "decide_form": bound.get("decide_form") or forms.ErasureDecideForm(),
            "carry_out_form": bound.get("carry_out_form") or forms.ErasureCarryOutForm(),
        }
    return render(request, "rights/erasure_detail.html", context, status=status)


@admin_view
def erasure_detail(request, ref):
    return _detail(request, _erasure(request.user, ref))


def _step(request, ref, **kwargs):
    erasure = _erasure(request.user, ref)
    return step(request, erasure, detail=_detail, detail_url="erasure_detail", **kwargs)


@admin_view
@require_POST
def erasure_acknowledge(request, ref):
    return _step(
        request,
        ref,
        form_key="acknowledge_form",
        form=forms.RectificationAcknowledgeForm(request.POST),
        act=lambda er, data: services.erasure_acknowledge(actor=request.user, erasure=er, **data),
        done="Request acknowledged: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def erasure_extend(request, ref):
    return _step(
        request,
        ref,
        form_key="extend_form",
        form=forms.RectificationExtendForm(request.POST),
        act=lambda er, data: services.erasure_extend(actor=request.user, erasure=er, **data),
        done="Time extended: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def erasure_decide(request, ref):
    return _step(
        request,
        ref,
        form_key="decide_form",
        form=forms.ErasureDecideForm(request.POST),
        act=lambda er, data: services.erasure_decide(actor=request.user, erasure=er, **data),
        done="Erasure request decided: the outcome letter is ready to download and send.",
    )


@admin_view
@require_POST
def erasure_carry_out(request, ref):
    return _step(
        request,
        ref,
        form_key="carry_out_form",
        form=forms.ErasureCarryOutForm(request.POST),
        act=lambda er, data: services.erasure_carry_out(actor=request.user, erasure=er),
        done="Erasure carried out: the record is disposed of and a tombstone kept.",
    )


@admin_view
def erasure_letter(request, ref, letter_ref):
    erasure = _erasure(request.user, ref)
    letter = selectors.erasure_letter_for(request.user, erasure, letter_ref)
    if letter is None or erasure.is_erased:
        raise Http404("No such letter")
    pdf = services.erasure_letter_read(actor=request.user, letter=letter)
    return letter_download(erasure, letter, pdf)
