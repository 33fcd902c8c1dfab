"""The admin's subject access pages: the dashboard, logging a request, and its one page with
each step as its own small form. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice.idempotency import once
from practice.permissions import require
from subject_access import (
    children,
    forms,
    health_gate,
    jobs,
    letters,
    permissions,
    release,
    selectors,
    services,
    third_parties,
)
from subject_access.deadlines import FactKind
from subject_access.models import LetterKind, Status, SubjectAccessRequest
from subject_access.services.health_basis import sar_health_basis_record
from subject_access.workflow import SAR_MACHINE, compile_stalled


def admin_view(view):
    return login_required(require(permissions.may_manage_requests)(view))


def _request(actor, ref) -> SubjectAccessRequest:
    sar = selectors.requests_for(actor).filter(ref=ref).first()
    if sar is None:
        raise Http404("No such request")
    return sar


@admin_view
def sar_dashboard(request):
    rows, closed = selectors.dashboard(request.user, closed_page=request.GET.get("closed_page"))
    return render(request, "subject_access/dashboard.html", {"rows": rows, "closed": closed})


@admin_view
@once
def sar_new(request):
    search = forms.ClientSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    chosen = None
    client_ref = request.POST.get("client") or request.GET.get("client")
    if client_ref:
        try:
            chosen = selectors.client_for_logging(request.user, client_ref)
        except ValidationError:
            chosen = None
    form = forms.LogRequestForm(
        request.POST or None,
        initial={"client": chosen.ref if chosen else None},
        presumed_competent=bool(chosen) and children.presumed_competent_today(chosen),
        adult=bool(chosen) and children.adult_today(chosen),
    )
    if request.method == "POST" and form.is_valid():
        if chosen is None:
            form.add_error(None, "Choose the client the request is about.")
        else:
            values = {k: v for k, v in form.cleaned_data.items() if k != "client"}
            try:
                sar = services.sar_log(actor=request.user, client=chosen, **values)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Request {sar.reference} logged.")
                return redirect("sar_detail", ref=sar.ref)
    return render(
        request,
        "subject_access/new.html",
        {
            "search": search,
            "matches": selectors.clients_matching(request.user, query),
            "disposed": selectors.disposed_record(request.user, query),
            "query": query,
            "chosen": chosen,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# Each step's form and the action that offers it on the page.
STEP_ACTIONS = {
    "identity_form": "verify_identity",
    "authority_form": "confirm_authority",
    "clarify_form": "request_clarification",
    "clarified_form": "receive_clarification",
    "extend_form": "extend",
    "reviewer_form": "assign_reviewer",
    "release_form": "release",
    "health_basis_form": "record_health_basis",
    "refuse_form": "propose_refusal",
    "fee_form": "ask_fee",
    "fee_received_form": "receive_fee",
    "young_person_form": "record_young_person_view",
}


def _detail(request, sar, *, status=200, **bound):
    actor = request.user
    actions = SAR_MACHINE.actions_for(actor=actor, obj=sar)
    # A refused step whose form the page no longer offers says why at the top instead.
    unshown = next(
        (form for key, form in bound.items() if STEP_ACTIONS.get(key) not in actions), None
    )
    stalled = sar.status == Status.COMPILING and compile_stalled(sar)
    page_forms = {
        "identity_form": forms.IdentityForm(),
        "authority_form": forms.AuthorityForm(),
        "young_person_form": forms.YoungPersonViewForm(
            initial={"young_person_competence": sar.young_person_competence}
        ),
        "clarify_form": forms.ClarificationRequestForm(),
        "clarified_form": forms.ClarificationReceivedForm(),
        "extend_form": forms.ExtendForm(),
        "reviewer_form": forms.ReviewerForm(reviewers=selectors.reviewers()),
        "release_form": forms.ReleaseForm(),
        "health_basis_form": forms.HealthBasisForm(),
        "refuse_form": forms.RefuseForm(),
        "fee_form": forms.FeeForm(),
        "fee_received_form": forms.FeeReceivedForm(),
        **bound,
    }
    row = selectors.request_row(sar)
    gate = health_gate.status_for(sar)
    # The basis is asked for once there is a draft to release (it may be recorded earlier).
    asks_basis = "record_health_basis" in actions and sar.status in (
        Status.IN_REVIEW,
        Status.REVIEWED,
    )
    return render(
        request,
        "subject_access/detail.html",
        {
            "row": row,
            "extension_notice_by": row.clock.extension_notice_by(),
            "extensions": sar.extensions(),
            "awaited": sar.awaited,
            "refused_form": unshown,
            "young_person": children.is_young_persons_request(sar),
            "release_refusal": children.release_refusal(sar),
            "health_gate": {**gate, "shown": asks_basis or gate["recorded"]},
            "health_basis_form_shown": page_forms["health_basis_form"] if asks_basis else None,
            "third_party_tests": third_parties.tests_of(sar),
            "kept_letters": list(sar.letters.select_related("issued_by")),
            "fee_asked": sar.event_on(FactKind.FEE_ASKED),
            "fee_received": sar.event_on(FactKind.FEE_RECEIVED),
            "fee_pounds": f"{sar.fee_pence / 100:,.2f}" if sar.fee_pence else "",
            "letters_by_hand": [
                (kind, LetterKind(kind).label)
                for kind in letters.ISSUED_BY_HAND
                if letters.may_issue_by_hand(sar, kind) is None
            ],
            "sar": sar,
            "actions": actions,
            "may_compile": "compile" in actions or "recompile" in actions or stalled,
            "stalled": stalled,
            "download_until": release.download_until(sar),
            "held_back": [
                (item, None, item.entry.may_view(actor)) for item in release.held_back_for(sar)
            ],
            **page_forms,
        },
        status=status,
    )


@admin_view
def sar_detail(request, ref):
    return _detail(request, _request(request.user, ref))


def _step(request, ref, form_class, key, call, done_message, **form_kwargs):
    """One POSTed step: validate the small form, call the service, say what happened."""
    sar = _request(request.user, ref)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            call(sar, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done_message)
            return redirect("sar_detail", ref=sar.ref)
    return _detail(request, sar, status=400, **{key: form})


@admin_view
@require_POST
def sar_identity(request, ref):
    def call(sar, *, method, identity_received_on, identity_confirmed_on):
        services.sar_verify_identity(
            actor=request.user,
            sar=sar,
            method=method,
            received_on=identity_received_on,
            confirmed_on=identity_confirmed_on,
        )

    return _step(request, ref, forms.IdentityForm, "identity_form", call, "Identity recorded.")


@admin_view
@require_POST
def sar_authority(request, ref):
    def call(sar, *, authority, authority_received_on, authority_confirmed_on):
        services.sar_confirm_authority(
            actor=request.user,
            sar=sar,
            authority=authority,
            received_on=authority_received_on,
            confirmed_on=authority_confirmed_on,
        )

    return _step(
        request,
        ref,
        forms.AuthorityForm,
        "authority_form",
        call,
        "Evidence of authority recorded.",
    )


@admin_view
@require_POST
def sar_young_person(request, ref):
    def call(sar, *, young_person_competence, young_person_wishes):
        services.sar_record_young_person_view(
            actor=request.user,
            sar=sar,
            competence=young_person_competence,
            wishes=young_person_wishes,
        )

    return _step(
        request,
        ref,
        forms.YoungPersonViewForm,
        "young_person_form",
        call,
        "The young person's view is recorded.",
    )


@admin_view
@require_POST
def sar_answer_young_person(request, ref):
    sar = _request(request.user, ref)
    try:
        services.sar_answer_young_person(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The answer will go to the young person, not the parent.")
    return redirect("sar_detail", ref=sar.ref)


@admin_view
@require_POST
def sar_clarify(request, ref):
    def call(sar, *, requested_on, why_needed):
        services.sar_request_clarification(
            actor=request.user, sar=sar, requested_on=requested_on, why_needed=why_needed
        )

    return _step(
        request,
        ref,
        forms.ClarificationRequestForm,
        "clarify_form",
        call,
        "Clarification recorded: the clock is paused until the answer arrives.",
    )


@admin_view
@require_POST
def sar_clarified(request, ref):
    def call(sar, *, received_on):
        services.sar_receive_clarification(actor=request.user, sar=sar, received_on=received_on)

    return _step(
        request,
        ref,
        forms.ClarificationReceivedForm,
        "clarified_form",
        call,
        "Answer recorded: the clock runs again, the paused days not counted.",
    )


@admin_view
@require_POST
def sar_extend(request, ref):
    def call(sar, **values):
        services.sar_extend(actor=request.user, sar=sar, **values)

    return _step(request, ref, forms.ExtendForm, "extend_form", call, "Deadline extended.")


@admin_view
@require_POST
def sar_fee(request, ref):
    def call(sar, *, amount, fee_asked_on, basis, fee_evidence):
        services.sar_ask_fee(
            actor=request.user,
            sar=sar,
            amount_pence=round(amount * 100),
            asked_on=fee_asked_on,
            basis=basis,
            evidence=fee_evidence,
        )

    return _step(
        request,
        ref,
        forms.FeeForm,
        "fee_form",
        call,
        "Fee asked for: the month begins when it arrives. The letter is kept below.",
    )


@admin_view
@require_POST
def sar_fee_received(request, ref):
    def call(sar, *, fee_received_on):
        services.sar_receive_fee(actor=request.user, sar=sar, received_on=fee_received_on)

    return _step(
        request,
        ref,
        forms.FeeReceivedForm,
        "fee_received_form",
        call,
        "Fee received: the month runs from the day it arrived.",
    )


@admin_view
@require_POST
def sar_reviewer(request, ref):
    def call(sar, *, reviewer):
        services.sar_assign_reviewer(actor=request.user, sar=sar, reviewer=reviewer)

    return _step(
        request,
        ref,
        forms.ReviewerForm,
        "reviewer_form",
        call,
        "Reviewer assigned.",
        reviewers=selectors.reviewers(),
    )


@admin_view
@require_POST
def sar_compile(request, ref):
    sar = _request(request.user, ref)
    try:
        jobs.sar_compile_start(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Compiling in the background: this page shows its progress.")
    return redirect("sar_detail", ref=sar.ref)


@admin_view
def sar_progress(request, ref):
    sar = _request(request.user, ref)
    return JsonResponse(
        {
            "status": sar.status,
            "done": sar.compile_done,
            "total": sar.compile_total,
            "percent": sar.progress_percent,
            "finished": sar.status != Status.COMPILING or sar.compile_failed,
        }
    )


@admin_view
@require_POST
def sar_release(request, ref):
    def call(sar, *, method, exemption):
        release.sar_release(actor=request.user, sar=sar, method=method, exemption=exemption)

    return _step(
        request, ref, forms.ReleaseForm, "release_form", call, "Answer released: download it below."
    )


@admin_view
@require_POST
def sar_health_basis(request, ref):
    def call(sar, **values):
        sar_health_basis_record(actor=request.user, sar=sar, **values)

    return _step(
        request,
        ref,
        forms.HealthBasisForm,
        "health_basis_form",
        call,
        "Basis for releasing the health data recorded.",
    )


@admin_view
@require_POST
def sar_refuse(request, ref):
    def call(sar, **values):
        services.sar_propose_refusal(actor=request.user, sar=sar, **values)

    return _step(
        request,
        ref,
        forms.RefuseForm,
        "refuse_form",
        call,
        "Refusal proposed: it takes effect when another admin approves it.",
    )


def _post_action(request, ref, service, done_message):
    sar = _request(request.user, ref)
    try:
        service(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect("sar_detail", ref=sar.ref)


@admin_view
@require_POST
def sar_refusal_approve(request, ref):
    return _post_action(
        request,
        ref,
        services.sar_approve_refusal,
        "Refusal approved: the request is closed and the refusal letter is kept below.",
    )


@admin_view
@require_POST
def sar_refusal_withdraw(request, ref):
    return _post_action(request, ref, services.sar_withdraw_refusal, "Proposed refusal withdrawn.")


@admin_view
@once
def sar_letter(request, ref, kind):
    """A letter's preview (the refusal proposed, or one issued by hand); POST keeps it."""
    sar = _request(request.user, ref)
    if kind not in (*letters.ISSUED_BY_HAND, LetterKind.REFUSAL):  # the rest: by their step
        raise Http404("No such letter")
    if request.method == "POST":
        try:
            services.sar_letter_issue(actor=request.user, sar=sar, kind=kind)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{LetterKind(kind).label} kept, dated today.")
        return redirect("sar_detail", ref=sar.ref)
    if kind == LetterKind.REFUSAL and not sar.refusal_proposed_by_id:
        messages.error(request, "No refusal is waiting for approval.")
        return redirect("sar_detail", ref=sar.ref)
    return render(
        request,
        "subject_access/letter.html",
        {
            "sar": sar,
            "letter": letters.compose(sar, kind, dated=timezone.localdate()),
            "kind": kind,
            "why_not": letters.may_issue_by_hand(sar, kind),
            "may_issue": "issue_letter" in SAR_MACHINE.actions_for(actor=request.user, obj=sar),
        },
    )


@admin_view
def sar_letter_pdf(request, ref, letter_ref):
    sar = _request(request.user, ref)
    try:
        letter, pdf = services.sar_letter_pdf(actor=request.user, sar=sar, letter_ref=letter_ref)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sar_detail", ref=sar.ref)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}-{letter.file_name}"'
    return response


@admin_view
def sar_download(request, ref):
    sar = _request(request.user, ref)
    try:
        content = release.sar_archive_download(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sar_detail", ref=sar.ref)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}.zip"'
    return response
