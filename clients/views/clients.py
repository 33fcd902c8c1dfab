"""The caseload and a client's page: identity, consent, sessions, notes, access history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients import hooks, selectors, services
from clients.forms import CaseloadFilterForm, ClientForm, ConsentForm, EndTherapyForm, ParentForm
from clients.views.common import form_errors_from, load, therapist_view
from practice.idempotency import once
from practice.jinja_environment import jinja_fragment
from practice.paging import page_read
from records import disposal as record_disposal
from records import selectors as record_selectors
from records import services as record_services

CLIENTS_PER_PAGE = 25


@therapist_view
def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    clients = selectors.clients_for(
        request.user, query=filters.get("q", ""), status=filters.get("status", "")
    )
    page = page_read(clients, request.GET.get("page"), size=CLIENTS_PER_PAGE)
    case_files = record_selectors.case_files_by_ref(client.record_ref for client in page)
    headings, extra = hooks.caseload_columns([client.record_ref for client in page])
    rows = [
        (client, case_files.get(client.record_ref), cells)
        for client, cells in zip(page, extra, strict=True)
    ]
    table = jinja_fragment(
        "clients/caseload_table.html",
        {"rows": rows, "extra_headings": headings, "count": page.paginator.count},
    )
    return render(
        request,
        "clients/caseload.html",
        {"form": form, "page": page, "rows": rows, "table": table},
    )


@therapist_view
@once
def client_new(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(actor=request.user, values=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Client added and a case file opened.")
            return redirect("client_detail", ref=client.ref)
    return render(request, "clients/client_form.html", {"form": form, "creating": True})


@therapist_view
def client_edit(request, ref):
    ctx = load(request, ref, for_write=True)
    form = ClientForm(request.POST or None, instance=ctx.client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(actor=request.user, client=ctx.client, values=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Details saved.")
            return redirect("client_detail", ref=ctx.client.ref)
    return render(
        request, "clients/client_form.html", {"form": form, "client": ctx.client, "creating": False}
    )


@therapist_view
def client_detail(request, ref):
    ctx = load(request, ref, for_write=False)
    notes = record_selectors.notes_page(ctx.case_file, request.GET.get("notes"))
    revealed = record_services.notes_reveal(
        actor=request.user, case_file=ctx.case_file, notes=notes, statements_only=True
    )
    sessions = record_selectors.sessions_page(ctx.case_file, request.GET.get("sessions"))
    last_attended = ctx.case_file.last_contact_on or timezone.localdate()
    removable = record_disposal.may_remove_as_mistake(
        request.user,
        ctx.case_file,
        known_to_have_records=bool(sessions.paginator.count or notes.paginator.count),
    )
    access = list(record_selectors.access_history(ctx.case_file))
    lists = {"client": ctx.client, "revealed": revealed, "sessions": sessions, "access": access}
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": ctx.client,
            "case_file": ctx.case_file,
            "sessions": sessions,
            "notes": notes,
            # the three longest parts of the page, rendered by Jinja2 (issue 26)
            "notes_list": jinja_fragment("clients/client_notes.html", lists),
            "sessions_table": jinja_fragment("clients/client_sessions.html", lists),
            "access_table": jinja_fragment("clients/access_history.html", lists),
            "access": access,
            "facts": hooks.client_facts(ctx.case_file.record_ref),
            "consent_form": ConsentForm(initial={"given_on": timezone.localdate()}),
            "end_form": EndTherapyForm(initial={"last_contact_on": last_attended}),
            "parent_form": ParentForm(),
            "age": ctx.client.age_on(timezone.localdate()),
            "removable": removable,
            "sections": hooks.client_sections(actor=request.user, case_file=ctx.case_file),
        },
    )


@therapist_view
@require_POST
def consent_record(request, ref):
    ctx = load(request, ref, for_write=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            record_services.records_consent_record(
                actor=request.user,
                case_file=ctx.case_file,
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Records consent recorded.")
    else:
        messages.error(request, "Consent not recorded: " + " ".join(form.errors["given_on"]))
    return redirect("client_detail", ref=ctx.client.ref)


@therapist_view
@require_POST
def consent_withdraw(request, ref):
    ctx = load(request, ref, for_write=True)
    try:
        record_services.records_consent_withdraw(actor=request.user, case_file=ctx.case_file)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(request, "Consent withdrawn. No new notes can be written for this client.")
    return redirect("client_detail", ref=ctx.client.ref)


@therapist_view
def client_end(request, ref):
    ctx = load(request, ref, for_write=True)
    form = EndTherapyForm(
        request.POST or None,
        initial={"last_contact_on": ctx.case_file.last_contact_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.client_end_therapy(
                actor=request.user,
                client=ctx.client,
                last_contact_on=form.cleaned_data["last_contact_on"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, "Therapy ended. The retention period runs from the last contact."
            )
            return redirect("client_detail", ref=ctx.client.ref)
    return render(request, "clients/client_end.html", {"form": form, "client": ctx.client})


@therapist_view
@require_POST
@once
def parent_add(request, ref):
    ctx = load(request, ref, for_write=True)
    form = ParentForm(request.POST)
    if form.is_valid():
        try:
            services.parent_add(actor=request.user, client=ctx.client, values=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "Not added. " + " ".join(error.messages))
        else:
            messages.success(request, "Person with parental responsibility added.")
    else:
        messages.error(request, "Not added: give at least a name and their relationship.")
    return redirect("client_detail", ref=ctx.client.ref)


@therapist_view
@require_POST
def parent_remove(request, ref, person_ref):
    ctx = load(request, ref, for_write=True)
    try:
        services.parent_remove(actor=request.user, client=ctx.client, person_ref=person_ref)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed.")
    return redirect("client_detail", ref=ctx.client.ref)


@therapist_view
def client_remove(request, ref):
    """Remove a client added by mistake: a confirmation page, then disposal at once."""
    ctx = load(request, ref, for_write=True)
    refusal = record_disposal.disposal_refusal(
        ctx.case_file, reason=record_disposal.Reason.ADDED_BY_MISTAKE
    )
    if request.method == "POST" and not refusal:
        try:
            record_ref = services.client_remove_added_by_mistake(
                actor=request.user, client=ctx.client
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"Client removed. Only a tombstone (reference {record_ref}, no name) is kept.",
            )
            return redirect("therapist_dashboard")
    return render(request, "clients/client_remove.html", {"client": ctx.client, "refusal": refusal})
