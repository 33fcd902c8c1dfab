"""The restriction pages (UK GDPR Art. 18): the admin logs a client's request with its
ground, acknowledges it, extends it, applies it (the case file read-only), makes the notice
to the client and only then lifts it. Thin: the shared request pages (`requests`) with what
differs: the ground, and the apply, notice and lift steps."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from practice.idempotency import once
from rights import forms, services
from rights import restriction_selectors as selectors
from rights.models import RestrictionLetterKind
from rights.views.admin import admin_view
from rights.views.requests import letter_download, new_request_page, request_context, step
from rights.workflow import RESTRICTION_MACHINE

K = RestrictionLetterKind
DETAIL = "restriction_request_detail"


def _restriction(actor, ref):
    restriction = selectors.restriction_for(actor, ref)
    if restriction is None:
        raise Http404("No such restriction request")
    return restriction


@admin_view
@once
def restriction_new(request):
    return new_request_page(
        request,
        form_class=forms.RestrictionLogForm,
        log=lambda client, data: services.restriction_log(
            actor=request.user,
            client=client,
            received_on=data["received_on"],
            ground=data["ground"],
            asks=data["asks"],
        ),
        template="rights/restriction_new.html",
        logged="Restriction request {reference} logged.",
        detail=DETAIL,
    )


def _detail(request, restriction, *, status=200, **bound):
    letters = {letter.kind: letter for letter in restriction.letters.all()}
    return render(
        request,
        "rights/restriction_detail.html",
        {
            **request_context(request, restriction, machine=RESTRICTION_MACHINE, bound=bound),
            # this request's letters include the notice before lifting (Art. 18(3))
            "letters": [letters[k] for k in K.values if k in letters],
            "notice": letters.get(K.NOTICE),
            "lift_reasons": restriction.get_lift_reasons(),
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
    return step(
        request,
        _restriction(request.user, ref),
        form_key=form_key,
        form=form,
        act=act,
        done=done,
        detail=_detail,
        detail_url=DETAIL,
    )


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
    return letter_download(restriction, letter, pdf)
