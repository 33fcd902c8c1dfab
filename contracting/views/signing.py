"""The client's signing link: no account, the token is the only key."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from clients.views.common import form_errors_from
from contracting import selectors, services
from contracting.forms import AcceptForm
from contracting.views.common import document_kind, pdf_response
from practice import ratelimit


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


# The client's own session remembers, for the rest of the visit, which spent link it
# confirmed, so the two documents it agreed to can still be downloaded.
_CONFIRMED = "contracting_confirmed_link"


def _confirmed_this_visit(request, token: str) -> bool:
    return request.session.get(_CONFIRMED) == services.token_hash(token)


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
            agreement = services.link_open(token=token)
    except services.LinkRefused as refusal:
        return _refused(request, refusal)
    form = AcceptForm(request.POST or None, variant=agreement.variant)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_accept_by_link(token=token, **form.cleaned_data)
        except services.LinkRefused as refusal:
            return _refused(request, refusal)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            request.session[_CONFIRMED] = services.token_hash(token)
            return _public(
                render(
                    request,
                    "contracting/sign_done.html",
                    {"documents": selectors.link_documents(agreement), "token": token},
                )
            )
    return _public(
        render(
            request,
            "contracting/sign.html",
            {
                "documents": selectors.link_documents(agreement),
                "form": form,
                "token": token,
            },
            status=400 if form.errors else 200,
        )
    )


@_link_limit
def sign_document(request, token, kind):
    try:
        stored, pdf = services.link_document_read(
            token=token,
            kind=document_kind(kind),
            confirmed_this_visit=_confirmed_this_visit(request, token),
        )
    except services.LinkRefused as refusal:
        return _refused(request, refusal)
    return _public(pdf_response(pdf, kind=stored.kind, version=stored.template_version))
