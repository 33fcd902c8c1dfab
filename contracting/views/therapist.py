"""The therapist's contracting pages: prepare, send, record and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, load, therapist_view
from contracting import rendering, selectors, services
from contracting.forms import PaperAcknowledgementForm, PrepareForm, SendForm
from contracting.models import Agreement, Kind, Variant
from contracting.transitions import AGREEMENT
from contracting.views.common import document_kind, pdf_response
from practice import sources
from practice.idempotency import once
from practice.models import PracticeProfile


def _agreement(ctx, agreement_ref) -> Agreement:
    try:
        return selectors.agreement_in(ctx.case_file, agreement_ref)
    except ObjectDoesNotExist as error:
        raise Http404("No such agreement") from error


def _suggested_variant(ctx) -> str:
    age = ctx.client.age_on(timezone.localdate())
    if age is not None and age < 18:
        return Variant.PARENTAL if ctx.client.parents.all() else Variant.YOUNG_PERSON
    return Variant.ADULT


def _client_page(request, ctx, *, form=None, status=200):
    form = form or PrepareForm(initial={"variant": _suggested_variant(ctx)})
    agreements = selectors.agreements_of(ctx.case_file)
    current = agreements[0] if agreements else None
    return render(
        request,
        "contracting/client.html",
        {
            "client": ctx.client,
            "case_file": ctx.case_file,
            "state": selectors.state_of(ctx.case_file),
            "agreements": agreements,
            # What the agreement's table lets this therapist do now: the page offers only these.
            "actions": AGREEMENT.actions_for(actor=request.user, obj=current)
            if current
            else frozenset(),
            "send_form": SendForm(email=ctx.client.email),
            "form": form,
            "missing": PracticeProfile.load().missing_details,
        },
        status=status,
    )


@therapist_view
def client_contracting(request, ref):
    return _client_page(request, load(request, ref, for_write=False))


@therapist_view
def preview(request, ref, kind):
    ctx = load(request, ref, for_write=False)
    kind = document_kind(kind)
    variant = request.GET.get("variant") or _suggested_variant(ctx)
    if variant not in Variant.values:
        raise Http404("No such audience")
    prepared = services.documents_prepare(
        therapist=request.user, client=ctx.client, variant=variant
    )
    return render(
        request,
        "contracting/preview.html",
        {
            "client": ctx.client,
            "document": prepared.documents[kind],
            "missing": prepared.missing,
            "variant": variant,
            "kinds": Kind.choices,
            "kind": kind,
        },
    )


@therapist_view
@require_POST
@once
def generate(request, ref):
    ctx = load(request, ref, for_write=True)
    form = PrepareForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_generate(actor=request.user, client=ctx.client, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        except rendering.DocumentRenderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The agreement and privacy notice are ready: give them to the client."
            )
            return redirect("contracting_client", ref=ctx.client.ref)
    return _client_page(request, ctx, form=form, status=400)


@therapist_view
def document(request, ref, agreement_ref, kind):
    ctx = load(request, ref, for_write=False)
    agreement = _agreement(ctx, agreement_ref)
    try:
        stored = selectors.document_in(agreement, document_kind(kind))
    except ObjectDoesNotExist as error:
        raise Http404("No such document") from error
    try:
        pdf = services.document_read(actor=request.user, document=stored)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contracting_client", ref=ctx.client.ref)
    return pdf_response(pdf, kind=stored.kind, version=stored.template_version)


@therapist_view
@require_POST
def send(request, ref, agreement_ref):
    ctx = load(request, ref, for_write=True)
    agreement = _agreement(ctx, agreement_ref)
    form = SendForm(request.POST, email=ctx.client.email)
    form.is_valid()  # a lone checkbox: anything but "on" means "do not e-mail"
    emailed = ctx.client.email if form.cleaned_data.get("by_email") else ""
    try:
        url = services.agreement_send(
            actor=request.user,
            agreement=agreement,
            email=emailed,
            site_url=sources.site_of(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contracting_client", ref=ctx.client.ref)
    agreement.refresh_from_db()
    return render(
        request,
        "contracting/link_sent.html",
        {
            "client": ctx.client,
            "url": url,
            "agreement": agreement,
            "emailed": bool(emailed),
            "has_email": bool(ctx.client.email),
        },
    )


@therapist_view
def acknowledge(request, ref, agreement_ref):
    ctx = load(request, ref, for_write=True)
    agreement = _agreement(ctx, agreement_ref)
    form = PaperAcknowledgementForm(request.POST or None, variant=agreement.variant)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_acknowledge_paper(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Acknowledgement recorded.")
            return redirect("contracting_client", ref=ctx.client.ref)
    return render(
        request,
        "contracting/acknowledge.html",
        {"client": ctx.client, "agreement": agreement, "form": form},
    )


@therapist_view
@require_POST
def withdraw(request, ref, agreement_ref):
    ctx = load(request, ref, for_write=True)
    agreement = _agreement(ctx, agreement_ref)
    try:
        services.agreement_consent_withdraw(actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(
            request, "Withdrawal recorded. No new notes can be written for this client."
        )
    return redirect("contracting_client", ref=ctx.client.ref)
