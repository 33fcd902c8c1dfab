"""A client's sessions and notes: record, write, save, sign, amend."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.forms import AddendumForm, ClientStatementForm, NoteForm, SessionForm
from clients.views.common import form_errors_from, load, therapist_view
from practice.idempotency import once
from records import selectors as record_selectors
from records import services as record_services


def _found(lookup, *args):
    try:
        return lookup(*args)
    except (ObjectDoesNotExist, ValidationError) as error:  # unknown or malformed reference
        raise Http404 from error


@therapist_view
@once
def session_edit(request, ref, session_ref=None):
    ctx = load(request, ref, for_write=True)
    session = (
        _found(record_selectors.session_in, ctx.case_file, session_ref) if session_ref else None
    )
    initial = (
        {
            "date": session.date,
            "start_time": session.start_time,
            "duration_minutes": session.duration_minutes,
            "modality": session.modality,
            "attendance": session.attendance,
        }
        if session
        else {"date": timezone.localdate(), "duration_minutes": 50, "attendance": "attended"}
    )
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_services.session_save(
                actor=request.user,
                case_file=ctx.case_file,
                session=session,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect("client_detail", ref=ctx.client.ref)
    return render(
        request,
        "clients/session_form.html",
        {"form": form, "client": ctx.client, "session": session, "case_file": ctx.case_file},
    )


@therapist_view
@once
def note_new(request, ref):
    ctx = load(request, ref, for_write=True)
    case_file = ctx.case_file
    needs_reason = case_file.may_override_consent
    blocked = case_file.note_refusal(with_reason=True)
    asked = request.GET.get("session", "")
    initial = {
        "session": case_file.sessions.filter(ref=asked).first()
        if _is_uuid(asked)
        else record_selectors.session_to_write_up(case_file)
    }
    form = NoteForm(
        request.POST or None, case_file=case_file, needs_reason=needs_reason, initial=initial
    )
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            note = record_services.note_create(
                actor=request.user,
                case_file=case_file,
                body=form.cleaned_data["body"],
                session=form.cleaned_data["session"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Draft saved. Sign it when it is complete.")
            return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)
    return render(
        request,
        "clients/note_new.html",
        {
            "form": form,
            "client": ctx.client,
            "case_file": case_file,
            "blocked": blocked,
            "needs_reason": needs_reason,
        },
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@therapist_view
def note_detail(request, ref, note_ref):
    ctx = load(request, ref, for_write=False)
    note = _found(record_selectors.note_in, ctx.case_file, note_ref)
    form = None
    stale = confirm_sign = False
    if not note.is_signed and request.method == "POST" and "confirm_sign" in request.POST:
        return _note_sign_confirmed(request, ctx, note)
    if not note.is_signed:
        form = NoteForm(
            request.POST or None,
            case_file=ctx.case_file,
            initial={"session": note.session, "version": note.version},
        )
        if request.method == "POST" and form.is_valid():
            try:
                note = record_services.note_save_draft(
                    actor=request.user,
                    note=note,
                    body=form.cleaned_data["body"],
                    session=form.cleaned_data["session"],
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except record_services.StaleDraft as error:
                stale = True
                form.add_error(None, str(error))
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                if "sign" not in request.POST:
                    messages.success(request, "Draft saved.")
                    return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)
                # Signing cannot be undone: the draft is saved, then the page asks once more.
                confirm_sign = True
                form = NoteForm(
                    None,
                    case_file=ctx.case_file,
                    initial={"session": note.session, "version": note.version},
                )
    elif request.method == "POST":
        messages.error(request, "This note is signed and locked. Add an addendum instead.")
        return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)
    (revealed,) = record_services.notes_reveal(
        actor=request.user, case_file=ctx.case_file, notes=[note]
    )
    if form is not None and not form.is_bound:
        form.initial["body"] = revealed.body
    return render(
        request,
        "clients/note_detail.html",
        {
            "client": ctx.client,
            "revealed": revealed,
            "note": note,
            "form": form,
            "stale": stale,
            "confirm_sign": confirm_sign,
            "addendum_form": AddendumForm() if note.is_signed else None,
            "statement_form": ClientStatementForm() if note.is_signed else None,
        },
    )


def _note_sign_confirmed(request, ctx, note):
    """The second step of "Save, sign and lock": sign the draft as it was saved and shown."""
    version = request.POST.get("version", "")
    try:
        record_services.note_sign(
            actor=request.user,
            note=note,
            expected_version=int(version) if version.isdigit() else -1,
        )
    except record_services.StaleDraft:
        messages.error(
            request,
            "Not signed: the draft changed since you saw it. Read it again, then sign it.",
        )
    except ValidationError as error:
        messages.error(request, "Not signed. " + " ".join(error.messages))
    else:
        messages.success(request, "Note signed. It is now locked; corrections go in addenda.")
    return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)


@therapist_view
@require_POST
@once
def addendum_new(request, ref, note_ref):
    ctx = load(request, ref, for_write=True)
    note = _found(record_selectors.note_in, ctx.case_file, note_ref)
    form = AddendumForm(request.POST)
    what = "Client's statement" if request.POST.get("kind") == "client_statement" else "Addendum"
    if form.is_valid():
        try:
            record_services.addendum_add(
                actor=request.user,
                note=note,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            messages.error(request, f"{what} not added. " + " ".join(error.messages))
        else:
            messages.success(request, f"{what} added.")
            return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, f"{what} not added. " + " ".join(errors))
    return redirect("note_detail", ref=ctx.client.ref, note_ref=note.ref)
