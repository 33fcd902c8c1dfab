"""The therapist's pages for raising a request: start, the steps, quoted passages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, load, therapist_view
from disclosures import kinds, selectors, steps
from disclosures.access import access_request
from disclosures.forms.actions import QuoteForm
from disclosures.machine import AMEND_REPORT
from disclosures.models import Status
from disclosures.services import drafting
from disclosures.views.common import actions_for, refusal_text
from practice import sources
from practice.idempotency import once
from records import services as record_services
from records.models import Note

STEP_VERSION_FIELD = "version"


@therapist_view
@once
def disclosure_start(request, ref):
    ctx = load(request, ref, for_write=True)
    if request.method == "POST":
        row = drafting.request_start(actor=request.user, case_file=ctx.case_file)
        messages.success(request, "Request started. Each step is saved as you go.")
        return redirect("disclosure_step", ref=row.ref, step=steps.STEPS[0].name)
    return render(request, "disclosures/start.html", {"client": ctx.client})


@therapist_view
def disclosure_step(request, ref, step):
    reading = request.method == "GET"  # a POST is audited as the step saved
    row = access_request(request.user, ref, as_reviewer=False, reading=reading)
    current = steps.step_named(step)
    if current is None or current not in steps.steps_for(row):
        raise Http404("No such step")
    if not drafting.step_writable(actor=request.user, disclosure=row, step=current):
        messages.error(request, "This request can no longer be changed: it has been sent.")
        return redirect("disclosure_detail", ref=row.ref)
    amending = drafting.step_action(row, current) == AMEND_REPORT
    form = current.form(request.POST or None, initial=current.form.initial_for(row)).fit_to(row)
    if request.method == "POST" and form.is_valid():
        try:
            row = drafting.request_step_save(
                actor=request.user,
                disclosure=row,
                step=current.name,
                values=form.values(),
                expected_version=_version(request),
                site_url=sources.site_of(request),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            if amending:
                messages.success(request, _amended(row))
                return redirect("disclosure_detail", ref=row.ref)
            following = steps.next_step(row, after=current.name)
            messages.success(request, f"Saved: {current.title}.")
            if following is None:
                return redirect("disclosure_detail", ref=row.ref)
            return redirect("disclosure_step", ref=row.ref, step=following.name)
    return render(
        request,
        "disclosures/step.html",
        {
            "row": row,
            "step": current,
            "form": form,
            "progress": steps.progress(row),
            "client_name": selectors.client_names([row.case_file.record_ref]).get(
                row.case_file.record_ref, ""
            ),
            "kinds_grouped": kinds.grouped() if current.name == "kind" else [],
            "kind": row.kind_info,
            "amending": amending,
        },
    )


def _amended(row) -> str:
    if row.status == Status.APPROVED:
        return "The report is unchanged: the approval stands."
    return (
        "Report changed and sent back to your supervisor for review. No PDF can be made "
        "until they approve the new words."
    )


def _version(request) -> int | None:
    try:
        return int(request.POST.get(STEP_VERSION_FIELD, ""))
    except ValueError:
        return None


@therapist_view
@once
def disclosure_quotes(request, ref):
    """Signed notes split into paragraphs; tick one to copy it into the request."""
    row = access_request(request.user, ref, as_reviewer=False, reading=True)
    if request.method == "POST":
        form = QuoteForm(request.POST)
        note = _signed_note(row, form)
        try:
            if note is None:
                raise ValidationError("Choose a paragraph of a signed note.")
            paragraphs = _paragraphs(note.get_body())
            index = form.cleaned_data["paragraph"]
            if index >= len(paragraphs):
                raise ValidationError("That paragraph is not in the note.")
            drafting.passage_quote(
                actor=request.user,
                disclosure=row,
                note=note,
                text=paragraphs[index],
            )
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, "Passage copied into the request.")
        return redirect("disclosure_quotes", ref=row.ref)
    notes = list(row.case_file.notes.filter(status=Note.Status.SIGNED).order_by("-created_at")[:20])
    revealed = record_services.notes_reveal(
        actor=request.user,
        case_file=row.case_file,
        notes=notes,
        for_request=str(row.ref),
    )
    quoted = {(q.note_ref, q.get_text()) for q in _quotes(row)}
    return render(
        request,
        "disclosures/quotes.html",
        {
            "row": row,
            "may_edit": "edit" in actions_for(request.user, row),
            "quotes": [(quote, quote.get_text()) for quote in _quotes(row)],
            "notes": [
                (
                    item.note,
                    [
                        (i, text, (item.note.ref, text) in quoted)
                        for i, text in enumerate(_paragraphs(item.body))
                    ],
                )
                for item in revealed
                if not item.error
            ],
        },
    )


@therapist_view
@require_POST
def disclosure_quote_remove(request, ref, quote_ref):
    row = access_request(request.user, ref, as_reviewer=False, reading=False)
    try:
        drafting.passage_remove(actor=request.user, disclosure=row, quote_ref=quote_ref)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "Passage removed from the request.")
    return redirect("disclosure_quotes", ref=row.ref)


def _quotes(row):
    quotes = list(row.quotes.all())
    for quote in quotes:
        quote.request = row
    return quotes


def _signed_note(row, form) -> Note | None:
    if not form.is_valid():
        return None
    note = row.case_file.notes.filter(ref=form.cleaned_data["note"], status="signed").first()
    if note is not None:
        note.case_file = row.case_file
    return note


def _paragraphs(body: str) -> list[str]:
    return [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]
