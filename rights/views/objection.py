"""The objection pages (UK GDPR Art. 21): the admin logs a client's objection, acknowledges
it, extends it, and decides it with reasons and the outcome letter. Thin: parse, call one
service, render; the pieces every rights request shares are in `rights.views.requests`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from practice.idempotency import once
from rights import forms, services
from rights import rectification_selectors as selectors
from rights.services import reads
from rights.views.admin import admin_view
from rights.views.requests import letter_download, new_request_page, request_context, step
from rights.workflow import OBJECTION_MACHINE


def _objection(actor, ref):
    objection = selectors.objection_for(actor, ref)
    if objection is None:
        raise Http404("No such objection")
    return objection


@admin_view
@once
def objection_new(request):
    return new_request_page(
        request,
        form_class=forms.ObjectionLogForm,
        log=lambda client, data: services.objection_log(
            actor=request.user,
            client=client,
            received_on=data["received_on"],
            asks=data["asks"],
        ),
        template="rights/objection_new.html",
        logged="Objection {reference} logged.",
        detail="objection_detail",
    )


def _detail(request, objection, *, status=200, **bound):
    """The page shows what was told to the practice: every showing is an audited read."""
    reads.desk_item_read(actor=request.user, item=objection)
    return render(
        request,
        "rights/objection_detail.html",
        {
            **request_context(request, objection, machine=OBJECTION_MACHINE, bound=bound),
            "decision_reasons": objection.get_decision_reasons(),
            "decide_form": bound.get("decide_form") or forms.ObjectionDecideForm(),
        },
        status=status,
    )


@admin_view
def objection_detail(request, ref):
    return _detail(request, _objection(request.user, ref))


def _step(request, ref, **kwargs):
    objection = _objection(request.user, ref)
    return step(request, objection, detail=_detail, detail_url="objection_detail", **kwargs)


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
    return letter_download(objection, letter, pdf)
