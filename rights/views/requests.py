"""What the pages of a client's rights request share (rectification, objection, and the
requests built on them): logging one for a client found by name or reference, the detail
page's clock and letters, a step's form posted and redisplayed with its errors, and a kept
letter downloaded. Each request's own views say only what differs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from clients.views.common import form_errors_from
from rights import forms
from rights import rectification_selectors as selectors
from rights.models import RectificationLetterKind


def new_request_page(request, *, form_class, log, template: str, logged: str, detail: str):
    """The page that logs a request: find the client, then the form. `log(client, data)`
    calls the service; `logged` is the message, given the new request's reference."""
    search = forms.RectificationSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = selectors.client_for_logging(request.user, form.cleaned_data["client"])
        if client is None:
            form.add_error(None, "Choose the client from the list.")
        else:
            try:
                row = log(client, form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, logged.format(reference=row.reference))
                return redirect(detail, ref=row.ref)
    return render(
        request,
        template,
        {
            "search": search,
            "query": query,
            "matches": selectors.clients_matching(request.user, query),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def request_context(request, row, *, machine, bound: dict) -> dict:
    """The detail page's shared context: the request (`rq`), its client, its words, its
    clock, the actions the state table offers this person, and its letters."""
    letters = {letter.kind: letter for letter in row.letters.all()}
    timing = row.timing()
    return {
        "rq": row,
        "client": selectors.client_of(row),
        "asks": row.get_asks(),
        "extension_reasons": row.get_extension_reasons(),
        "clock": timing.clock,
        "days_left": timing.days_left,
        "days_overdue": timing.days_overdue,
        "notice_by": timing.notice_by,
        "actions": machine.actions_for(actor=request.user, obj=row),
        "letters": [letters[k] for k in RectificationLetterKind.values if k in letters],
        "acknowledged": RectificationLetterKind.ACKNOWLEDGEMENT in letters,
        "extended": RectificationLetterKind.EXTENSION in letters,
        "acknowledge_form": bound.get("acknowledge_form") or forms.RectificationAcknowledgeForm(),
        "extend_form": bound.get("extend_form") or forms.RectificationExtendForm(),
    }


def step(request, row, *, form_key: str, form, act, done: str, detail, detail_url: str):
    """One step posted: done, the detail page again; refused, the page with the form's
    errors (400) and nothing changed."""
    if form.is_valid():
        try:
            act(row, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect(detail_url, ref=row.ref)
    return detail(request, row, status=400, **{form_key: form})


def letter_download(row, letter, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{row.reference}-{letter.kind}.pdf"'
    return response
