"""The admin's complaint pages: the list by nearest deadline, logging a complaint, and its
one page with each step as its own small form. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from practice.letters import Heading
from practice.models import PracticeProfile
from practice.paging import page_of
from practice.permissions import require
from rights import children, forms, permissions, selectors, services
from rights.models import Complaint, ComplaintLetter, LetterKind
from rights.services import complaint_mail, reads
from rights.workflow import COMPLAINT_MACHINE
from subject_access import selectors as sar_selectors


def admin_view(view):
    return login_required(require(permissions.may_handle_complaints)(view))


def _complaint(actor, ref) -> Complaint:
    complaint = selectors.complaint_for(actor, ref)
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


@admin_view
def complaint_desk(request):
    rows, closed = selectors.desk(request.user)
    closed = page_of(closed, request.GET.get("closed_page"))
    return render(request, "rights/desk.html", {"rows": rows, "closed": closed})


@admin_view
@once
def complaint_new(request):
    form = forms.LogComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_log(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Complaint {complaint.reference} logged.")
            return redirect("complaint_detail", ref=complaint.ref)
    return render(
        request,
        "rights/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail(request, complaint, *, status=200, **bound):
    """The page shows what was told to the practice: every showing is an audited read."""
    reads.desk_item_read(actor=request.user, item=complaint)
    actor = request.user
    actions = COMPLAINT_MACHINE.actions_for(actor=actor, obj=complaint)
    page_forms = {
        "assign_form": forms.AssignForm(
            assignable=selectors.assignable(actor),
            initial={"assignee": complaint.assigned_to.ref if complaint.assigned_to else None},
        ),
        "acknowledge_form": forms.AcknowledgeForm(),
        "note_form": forms.NoteForm(),
        "close_form": forms.CloseForm(),
        **bound,
    }
    letters = {letter.kind: letter for letter in complaint.letters.prefetch_related("sendings")}
    return render(
        request,
        "rights/detail.html",
        {
            "complaint": complaint,
            "name": complaint.get_complainant_name(),
            "contact": complaint.get_complainant_contact(),
            "about": complaint.get_about(),
            "outcome": complaint.get_outcome(),
            "wishes": complaint.get_young_person_wishes(),
            "notes": [
                (note, note.get_body()) for note in complaint.notes.select_related("written_by")
            ],
            "acknowledgement": complaint.acknowledgement(),
            "acknowledgement_letter": letters.get(LetterKind.ACKNOWLEDGEMENT),
            "outcome_letter": letters.get(LetterKind.OUTCOME),
            "client": selectors.linked_client(actor, complaint),
            "actions": actions,
            "outcome_refusal": children.outcome_refusal(complaint),
            "ico": Heading.of_practice(PracticeProfile.load()).ico_registration_number,
            **page_forms,
        },
        status=status,
    )


@admin_view
def complaint_detail(request, ref):
    return _detail(request, _complaint(request.user, ref))


def _step(request, ref, *, form_key: str, form, act, done: str):
    """A step's POST: valid input goes to one service; a refusal comes back on the page."""
    complaint = _complaint(request.user, ref)
    if form.is_valid():
        try:
            made = act(complaint, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            if isinstance(made, ComplaintLetter):
                level, words = complaint_mail.sending_news(made)
                getattr(messages, level)(request, words)
            return redirect("complaint_detail", ref=complaint.ref)
    return _detail(request, complaint, status=400, **{form_key: form})


@admin_view
@require_POST
def complaint_assign(request, ref):
    return _step(
        request,
        ref,
        form_key="assign_form",
        form=forms.AssignForm(request.POST, assignable=selectors.assignable(request.user)),
        act=lambda complaint, data: services.complaint_assign(
            actor=request.user, complaint=complaint, assignee=data["assignee"]
        ),
        done="Complaint assigned.",
    )


@admin_view
@require_POST
def complaint_acknowledge(request, ref):
    return _step(
        request,
        ref,
        form_key="acknowledge_form",
        form=forms.AcknowledgeForm(request.POST),
        act=lambda complaint, data: services.complaint_acknowledge(
            actor=request.user, complaint=complaint, **data
        ),
        done="Complaint acknowledged: the letter is made and kept.",
    )


@admin_view
@require_POST
@once
def complaint_note(request, ref):
    return _step(
        request,
        ref,
        form_key="note_form",
        form=forms.NoteForm(request.POST),
        act=lambda complaint, data: services.complaint_note_add(
            actor=request.user, complaint=complaint, **data
        ),
        done="Note added.",
    )


@admin_view
@require_POST
def complaint_close(request, ref):
    return _step(
        request,
        ref,
        form_key="close_form",
        form=forms.CloseForm(request.POST),
        act=lambda complaint, data: services.complaint_close(
            actor=request.user, complaint=complaint, **data
        ),
        done="Complaint closed: the outcome letter is made and kept.",
    )


@admin_view
def complaint_link(request, ref):
    complaint = _complaint(request.user, ref)
    search = forms.ClientSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = forms.LinkClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = sar_selectors.client_for_logging(request.user, form.cleaned_data["client"])
        if client is None:
            form.add_error(None, "Choose the client from the list.")
        else:
            values = {k: v for k, v in form.cleaned_data.items() if k != "client"}
            try:
                services.complaint_link_client(
                    actor=request.user, complaint=complaint, client=client, **values
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, "Complaint linked to the client's case file.")
                return redirect("complaint_detail", ref=complaint.ref)
    return render(
        request,
        "rights/link.html",
        {
            "complaint": complaint,
            "search": search,
            "query": query,
            "matches": sar_selectors.clients_matching(request.user, query),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@admin_view
def complaint_letter(request, ref, letter_ref):
    complaint = _complaint(request.user, ref)
    letter = selectors.letter_for(request.user, complaint, letter_ref)
    if letter is None:
        raise Http404("No such letter")
    pdf = services.letter_read(actor=request.user, letter=letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{complaint.reference}-{letter.kind}.pdf"'
    )
    return response
