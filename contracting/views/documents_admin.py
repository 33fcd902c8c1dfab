"""The admin's pages for the practice's documents: versions, preview and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from clients.views.common import form_errors_from
from contracting import permissions, rendering, selectors, services
from contracting.forms import TemplateForm
from contracting.models import Kind, Variant
from contracting.views.common import document_kind
from practice import two_factor
from practice.idempotency import once
from practice.models import PracticeProfile
from practice.permissions import require


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
@once
def template_edit(request, kind, variant):
    kind = document_kind(kind)
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
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    f"Version {template.version} published. Agreements marked out of date: "
                    f"{template.agreements_outdated}.",
                )
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
            # Said before the admin publishes: how many agreements go out of date.
            "outdates": selectors.agreements_a_new_version_outdates(variant).count()
            if current
            else 0,
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
        competence_statement=rendering.competence_statement(on=today)
        if variant == Variant.YOUNG_PERSON
        else "",
    )
    return rendering.document_for(
        kind=kind, variant=variant, title=title, body=body, version=0, facts=facts, dated=today
    )
