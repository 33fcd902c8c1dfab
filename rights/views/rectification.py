"""The rectification pages (UK GDPR Art. 16): the admin logs a request for a client's case
file, acknowledges it, extends it, and sends the outcome; the client's therapist responds
on the note. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from practice.permissions import is_therapist, require
from rights import forms, services
from rights import rectification_selectors as selectors
from rights.models import RectificationLetterKind
from rights.views.admin import admin_view
from rights.workflow import RECTIFICATION_MACHINE


def _request(actor, ref):
    request = selectors.request_for(actor, ref)
    if request is None:
        raise Http404("No such request")
    return request


@admin_view
@once
def rectification_new(request):
    search = forms.RectificationSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = forms.RectificationLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = selectors.client_for_logging(request.user, form.cleaned_data["client"])
        if client is None:
            form.add_error(None, "Choose the client from the list.")
        else:
            try:
                logged = services.rectification_log(
                    actor=request.user,
                    client=client,
                    received_on=form.cleaned_data["received_on"],
                    asks=form.cleaned_data["asks"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Rectification request {logged.reference} logged.")
                return redirect("rectification_detail", ref=logged.ref)
    return render(
        request,
        "rights/rectification_new.html",
        {
            "search": search,
            "query": query,
            "matches": selectors.clients_matching(request.user, query),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _detail(request, rectification, *, status=200, **bound):
    actor = request.user
    letters = {letter.kind: letter for letter in rectification.letters.all()}
    clock = rectification.clock()
    return render(
        request,
        "rights/rectification_detail.html",
        {
            "rr": rectification,
            "client": selectors.client_of(rectification),
            "asks": rectification.get_asks(),
            "extension_reasons": rectification.get_extension_reasons(),
            "response_reasons": rectification.get_response_reasons(),
            "clock": clock,
            "days_left": (clock.due_on - clock.as_of).days,
            "days_overdue": max(0, (clock.as_of - clock.due_on).days),
            "notice_by": clock.extension_notice_by(),
            "actions": RECTIFICATION_MACHINE.actions_for(actor=actor, obj=rectification),
            "letters": [letters[k] for k in RectificationLetterKind.values if k in letters],
            "acknowledged": RectificationLetterKind.ACKNOWLEDGEMENT in letters,
            "extended": RectificationLetterKind.EXTENSION in letters,
            "acknowledge_form": bound.get("acknowledge_form")
            or forms.RectificationAcknowledgeForm(),
            "extend_form": bound.get("extend_form") or forms.RectificationExtendForm(),
            "close_form": bound.get("close_form") or forms.RectificationCloseForm(),
        },
        status=status,
    )


@admin_view
def rectification_detail(request, ref):
    return _detail(request, _request(request.user, ref))


def _step(request, ref, *, form_key, form, act, done):
    rectification = _request(request.user, ref)
    if form.is_valid():
        try:
            act(rectification, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("rectification_detail", ref=rectification.ref)
    return _detail(request, rectification, status=400, **{form_key: form})


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
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{rectification.reference}-{letter.kind}.pdf"'
    )
    return response


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
