"""Contracting pages: the therapist's, the client's signing link, and the admin's documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, load, therapist_view
from contracting import permissions, rendering, selectors, services
from contracting.forms import AcceptForm, PaperAcknowledgementForm, PrepareForm, TemplateForm
from contracting.models import Agreement, Kind, Variant
from practice import ratelimit, two_factor
from practice.models import PracticeProfile
from practice.permissions import require

PDF_NAMES = {Kind.CONTRACT: "confidentiality-agreement", Kind.PRIVACY_NOTICE: "privacy-notice"}


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404("No such document")
    return kind


def _agreement(ctx, agreement_ref) -> Agreement:
    try:
        return selectors.agreement_in(ctx.case_file, agreement_ref)
    except ObjectDoesNotExist as error:
        raise Http404("No such agreement") from error


def _pdf_response(pdf: bytes, *, kind: str, version: int) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{PDF_NAMES[kind]}-v{version}.pdf"'
    return response


def _suggested_variant(ctx) -> str:
    age = ctx.client.age_on(timezone.localdate())
    if age is not None and age < 18:
        return Variant.PARENTAL if ctx.client.parents.all() else Variant.YOUNG_PERSON
    return Variant.ADULT


def _client_page(request, ctx, *, form=None, status=200):
    form = form or PrepareForm(initial={"variant": _suggested_variant(ctx)})
    return render(
        request,
        "contracting/client.html",
        {
            "client": ctx.client,
            "case_file": ctx.case_file,
            "state": selectors.state_of(ctx.case_file),
            "agreements": selectors.agreements_of(ctx.case_file),
            "form": form,
            "missing": PracticeProfile.load().missing_details,
        },
        status=status,
    )


# -- the therapist ---------------------------------------------------------------------


@therapist_view
def client_contracting(request, ref):
    return _client_page(request, load(request, ref, for_write=False))


@therapist_view
def preview(request, ref, kind):
    ctx = load(request, ref, for_write=False)
    kind = _kind(kind)
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
def generate(request, ref):
    ctx = load(request, ref, for_write=True)
    form = PrepareForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_generate(
                actor=request.user, client=ctx.client, request=request, **form.cleaned_data
            )
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
        stored = selectors.document_in(agreement, _kind(kind))
    except ObjectDoesNotExist as error:
        raise Http404("No such document") from error
    try:
        pdf = services.document_read(actor=request.user, document=stored, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contracting_client", ref=ctx.client.ref)
    return _pdf_response(pdf, kind=stored.kind, version=stored.template_version)


@therapist_view
@require_POST
def send(request, ref, agreement_ref):
    ctx = load(request, ref, for_write=True)
    agreement = _agreement(ctx, agreement_ref)
    try:
        url = services.agreement_send(
            actor=request.user, agreement=agreement, email=ctx.client.email, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contracting_client", ref=ctx.client.ref)
    agreement.refresh_from_db()
    return render(
        request,
        "contracting/link_sent.html",
        {"client": ctx.client, "url": url, "agreement": agreement, "emailed": ctx.client.email},
    )


@therapist_view
def acknowledge(request, ref, agreement_ref):
    ctx = load(request, ref, for_write=True)
    agreement = _agreement(ctx, agreement_ref)
    form = PaperAcknowledgementForm(request.POST or None, variant=agreement.variant)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_acknowledge_paper(
                actor=request.user, agreement=agreement, request=request, **form.cleaned_data
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
        services.agreement_consent_withdraw(
            actor=request.user, agreement=agreement, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(
            request, "Withdrawal recorded. No new notes can be written for this client."
        )
    return redirect("contracting_client", ref=ctx.client.ref)


# -- the client, through the signing link (no account) ---------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request, refusal: services.LinkRefused) -> HttpResponse:
    return _public(
        render(
            request,
            "contracting/sign_refused.html",
            {"reason": str(refusal)},
            status=refusal.status,
        )
    )


# A client opens the link a handful of times; guessing tokens would take millions.
_link_limit = ratelimit.rate_limited(
    "signing_link", limit=30, window_seconds=600, methods=("GET", "POST")
)


@_link_limit
def sign(request, token):
    try:
        if request.method == "POST":
            agreement = services.link_agreement(token)
        else:
            agreement = services.link_open(token=token, request=request)
    except services.LinkRefused as refusal:
        return _refused(request, refusal)
    form = AcceptForm(request.POST or None, variant=agreement.variant)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_accept_by_link(token=token, request=request, **form.cleaned_data)
        except services.LinkRefused as refusal:
            return _refused(request, refusal)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return _public(render(request, "contracting/sign_done.html"))
    return _public(
        render(
            request,
            "contracting/sign.html",
            {
                "documents": services.link_documents(agreement),
                "form": form,
                "token": token,
            },
            status=400 if form.errors else 200,
        )
    )


@_link_limit
def sign_document(request, token, kind):
    try:
        stored, pdf = services.link_document_read(token=token, kind=_kind(kind), request=request)
    except services.LinkRefused as refusal:
        return _refused(request, refusal)
    return _public(_pdf_response(pdf, kind=stored.kind, version=stored.template_version))


# -- the admin: the practice's documents ------------------------------------------------


def _admin(view):
    return login_required(require(permissions.can_manage_templates)(view))


@_admin
def templates(request):
    services.templates_ensure_defaults()
    current = selectors.current_templates()
    rows = [
        (kind, kind_label, variant, variant_label, current.get((kind, variant)))
        for kind, kind_label in Kind.choices
        for variant, variant_label in Variant.choices
    ]
    return render(
        request,
        "contracting/templates.html",
        {"rows": rows, "placeholders": rendering.PLACEHOLDERS},
    )


@_admin
def template_edit(request, kind, variant):
    kind = _kind(kind)
    if variant not in Variant.values:
        raise Http404("No such audience")
    services.templates_ensure_defaults()
    history = selectors.template_history(kind, variant)
    current = history[0] if history else None
    form = TemplateForm(
        request.POST or None,
        initial={"title": current.title, "body": current.body} if current else None,
    )
    preview_document = None
    missing: list[str] = []
    code_error = ""
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        publishing = request.POST.get("action") == "publish"
        if publishing and not two_factor.is_recent(request):
            # Re-authentication inline, so the edited text is never lost on the way.
            code = request.POST.get("reauth_code", "").strip()
            code_error = (
                two_factor.second_factor_verify(request=request, token=code, step="reauthenticate")
                if code
                else "Enter the code your app shows now."
            )
            if code_error:
                form.add_error(None, "Enter a fresh code from your authenticator app to publish.")
                publishing = False
        if publishing:
            try:
                template = services.template_publish(
                    actor=request.user,
                    kind=kind,
                    variant=variant,
                    title=form.cleaned_data["title"],
                    body=body,
                    request=request,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Version {template.version} published.")
                return redirect("contracting_template_edit", kind=kind, variant=variant)
        else:
            problems = rendering.body_problems(body, variant=variant)
            for problem in problems:
                form.add_error("body", problem)
            if not problems:
                preview_document = _sample_document(
                    request, kind=kind, variant=variant, title=form.cleaned_data["title"], body=body
                )
                missing = preview_document.missing
    return render(
        request,
        "contracting/template_edit.html",
        {
            "form": form,
            "kind_label": Kind(kind).label,
            "variant_label": Variant(variant).label,
            "history": history,
            "document": preview_document,
            "missing": missing,
            "placeholders": rendering.PLACEHOLDERS,
            "needs_code": not two_factor.is_recent(request),
            "code_error": code_error,
        },
    )


def _sample_document(request, *, kind, variant, title, body) -> rendering.Document:
    today = timezone.localdate()
    therapist = "Sample Therapist"
    facts = rendering.facts_for(
        practice=PracticeProfile.load(),
        client_name="Sample Client",
        client_first_name="Sample",
        therapist_name=therapist,
        has_practice_supervisor=True,
        on=today,
        competence_statement=rendering.competence_statement(therapist_name=therapist, on=today)
        if variant == Variant.YOUNG_PERSON
        else "",
    )
    return rendering.document_for(
        kind=kind, variant=variant, title=title, body=body, version=0, facts=facts, dated=today
    )
