"""The rectification pages (UK GDPR Art. 16): the admin logs a request for a client's case
file, acknowledges it, extends it, and sends the outcome; the client's therapist responds
on the note. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from practice.permissions import is_therapist, require
from rights import forms, services
from rights import rectification_selectors as selectors
from rights.services import reads
from rights.views.admin import admin_view
from rights.views.requests import letter_download, new_request_page, request_context, step
from rights.workflow import RECTIFICATION_MACHINE


def _request(actor, ref):
    request = selectors.request_for(actor, ref)
    if request is None:
        raise Http404("No such request")
    return request


@admin_view
@once
def rectification_new(request):
    return new_request_page(
        request,
        form_class=forms.RectificationLogForm,
        log=lambda client, data: services.rectification_log(
            actor=request.user,
            client=client,
            received_on=data["received_on"],
            asks=data["asks"],
        ),
        template="rights/rectification_new.html",
        logged="Rectification request {reference} logged.",
        detail="rectification_detail",
    )


def _detail(request, rectification, *, status=200, **bound):
    """The page shows what was told to the practice: every showing is an audited read."""
    reads.desk_item_read(actor=request.user, item=rectification)
    return render(
        request,
        "rights/rectification_detail.html",
        {
            **request_context(request, rectification, machine=RECTIFICATION_MACHINE, bound=bound),
            "response_reasons": rectification.get_response_reasons(),
            "close_form": bound.get("close_form") or forms.RectificationCloseForm(),
        },
        status=status,
    )


@admin_view
def rectification_detail(request, ref):
    return _detail(request, _request(request.user, ref))


def _step(request, ref, **kwargs):
    rectification = _request(request.user, ref)
    return step(request, rectification, detail=_detail, detail_url="rectification_detail", **kwargs)


@admin_view
@require_POST
def rectification_acknowledge(request, ref):
    return _step(
        request,
        ref,
        form_key="acknowledge_form",
        form=forms.RectificationAcknowledgeForm(request.POST),
        act=lambda rr, data: services.rectification_acknowledge(
            actor=request.user, rectification=rr, **data
        ),
        done="Request acknowledged: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def rectification_extend(request, ref):
    return _step(
        request,
        ref,
        form_key="extend_form",
        form=forms.RectificationExtendForm(request.POST),
        act=lambda rr, data: services.rectification_extend(
            actor=request.user, rectification=rr, **data
        ),
        done="Time extended: the letter is ready to download and send.",
    )


@admin_view
@require_POST
def rectification_close(request, ref):
    return _step(
        request,
        ref,
        form_key="close_form",
        form=forms.RectificationCloseForm(request.POST),
        act=lambda rr, data: services.rectification_close(
            actor=request.user, rectification=rr, **data
        ),
        done="Outcome recorded: the letter is ready to download and send.",
    )


@admin_view
def rectification_letter(request, ref, letter_ref):
    rectification = _request(request.user, ref)
    letter = selectors.letter_for(request.user, rectification, letter_ref)
    if letter is None:
        raise Http404("No such letter")
    pdf = services.rectification_letter_read(actor=request.user, letter=letter)
    return letter_download(rectification, letter, pdf)


@login_required
@require(is_therapist)
def rectification_mine(request):
    """The therapist's requests waiting for their response (none for anyone without a
    caseload)."""
    return render(
        request,
        "rights/rectification_mine.html",
        {"requests": selectors.open_for_therapist(request.user)},
    )


@login_required
@require(is_therapist)
def rectification_respond(request, ref):
    """The client's therapist responds; anyone else is told nothing exists (404)."""
    rectification = selectors.for_therapist(request.user, ref)
    if rectification is None:
        raise Http404("No such request")
    notes = selectors.signed_notes(rectification)
    form = forms.RectificationRespondForm(request.POST or None, notes=notes)
    may_respond = RECTIFICATION_MACHINE.allows(
        actor=request.user, obj=rectification, action="respond"
    )
    if request.method == "POST" and form.is_valid():
        note = next(note for note in notes if str(note.ref) == form.cleaned_data["note"])
        try:
            services.rectification_respond(
                actor=request.user,
                rectification=rectification,
                note=note,
                response=form.cleaned_data["response"],
                addendum=form.cleaned_data["addendum"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Response recorded: the admin sends the outcome letter.")
            return redirect("rectification_respond", ref=rectification.ref)
    reads.desk_item_read(actor=request.user, item=rectification)
    return render(
        request,
        "rights/rectification_respond.html",
        {
            "rr": rectification,
            "client": selectors.client_of(rectification),
            "asks": rectification.get_asks(),
            "response_reasons": rectification.get_response_reasons(),
            "form": form,
            "may_respond": may_respond,
            "notes": notes,
        },
        status=400 if form.errors else 200,
    )
