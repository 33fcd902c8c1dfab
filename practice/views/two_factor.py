"""Second-factor pages: enrol an authenticator, enter a code, confirm it's you again."""

from __future__ import annotations

import base64
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from practice import two_factor

CODES_SESSION_KEY = "practice_new_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"}
        ),
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
    )


def _next_url(request, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@login_required
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_confirmed_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = two_factor.second_factor_verify(request=request, token=form.cleaned_data["code"])
        if not problem:
            left = two_factor.remaining_recovery_codes(request.user)
            if left == 0:
                messages.warning(
                    request,
                    "You have no unused recovery codes. Make a set from your account page, "
                    "in case you lose your phone.",
                )
            elif left <= 3:
                messages.warning(
                    request,
                    f"You have {left} recovery code{'s' if left != 1 else ''} left. "
                    "Make new ones from your account page.",
                )
            return redirect(_next_url(request))
        form.add_error("code", problem)
    return render(
        request,
        "practice/two_factor_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "passkeys": two_factor.passkey_count(request.user),
        },
    )


@login_required
def two_factor_setup(request):
    """Enrol an authenticator. Replacing one needs a fresh code from the existing factor."""
    if two_factor.has_confirmed_device(request.user):
        if not request.user.is_verified():
            return redirect("two_factor_verify")
        if not two_factor.is_recent(request):
            return redirect_to_confirm(request, reverse("two_factor_setup"))
    device = two_factor.enrolment_device(request) if request.method == "POST" else None
    expired = request.method == "POST" and device is None
    if device is None:
        device = two_factor.enrolment_start(request)
    if expired:
        messages.error(request, "That set-up waited too long: scan this new code instead.")
    form = CodeForm(None if expired else request.POST or None)
    form.fields["code"].help_text = "The 6-digit code your app shows for this account."
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.enrolment_confirm(request=request, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[CODES_SESSION_KEY] = codes
            return redirect("two_factor_recovery_codes")
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "practice/two_factor_setup.html",
        {"form": form, "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))},
    )


@login_required
def two_factor_qr(request):
    """This session's waiting authenticator as a QR code, drawn here as SVG (no third-party
    service). Only the session that started the set-up gets it."""
    device = two_factor.enrolment_device(request)
    if device is None:
        raise Http404
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return HttpResponse(image.to_string(), content_type="image/svg+xml")


@login_required
def two_factor_recovery_codes(request):
    """Shown once: the codes live in the session only until this page is rendered."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    return render(request, "practice/two_factor_codes.html", {"codes": codes})


@login_required
@require_POST
def two_factor_new_codes(request):
    if not two_factor.is_recent(request):
        return redirect_to_confirm(request, reverse("account"))
    request.session[CODES_SESSION_KEY] = two_factor.recovery_codes_regenerate(request=request)
    return redirect("two_factor_recovery_codes")


@login_required
def account(request):
    return render(
        request,
        "practice/account.html",
        {
            "codes_left": two_factor.remaining_recovery_codes(request.user),
            "passkeys": two_factor.passkey_count(request.user),
            "recently_checked": two_factor.is_recent(request),
        },
    )


def redirect_to_confirm(request, back: str):
    messages.info(request, "This action needs a fresh check that it's you. Enter a new code.")
    return redirect(reverse("two_factor_confirm") + "?" + urlencode({"next": back}))


@login_required
def two_factor_confirm(request):
    """Re-authentication for sensitive actions: a fresh second-factor check."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = two_factor.second_factor_verify(
            request=request, token=form.cleaned_data["code"], step="reauthenticate"
        )
        if not problem:
            messages.success(request, "Confirmed. You can carry on for the next few minutes.")
            return redirect(_next_url(request))
        form.add_error("code", problem)
    return render(
        request, "practice/two_factor_confirm.html", {"form": form, "next": _next_url(request)}
    )


UNSAVED_SESSION_KEY = "practice_unsaved_form"
_NEVER_KEPT = ("csrfmiddlewaretoken", "password")


def unsaved_form_data(request) -> QueryDict | None:
    """The form a stale POST to this page carried, kept over the fresh-code check (once)."""
    unsaved = request.session.get(UNSAVED_SESSION_KEY)
    if request.method != "GET" or not unsaved or unsaved.get("path") != request.path:
        return None
    del request.session[UNSAVED_SESSION_KEY]
    data = QueryDict(mutable=True)
    for key, values in unsaved["data"].items():
        data.setlist(key, values)
    messages.warning(
        request,
        "Not saved yet: your changes are filled in below. Check them and save again.",
    )
    return data


def recent_second_factor(view):
    """For sensitive changes: a POST needs a second-factor check within REAUTH_MINUTES.

    A stale POST changes nothing; the person confirms with a fresh code and is sent back
    to the page, where a form that supports it comes back filled in, marked not saved yet.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not two_factor.is_recent(request):
            request.session[UNSAVED_SESSION_KEY] = {
                "path": request.path,
                "data": {
                    key: request.POST.getlist(key)
                    for key in request.POST
                    if not any(word in key for word in _NEVER_KEPT)
                },
            }
            referer = request.META.get("HTTP_REFERER", "")
            back = (
                referer
                if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
                else request.path
            )
            return redirect_to_confirm(request, back)
        return view(request, *args, **kwargs)

    return wrapped
