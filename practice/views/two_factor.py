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
from django.http import HttpResponse
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
    if two_factor.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("two_factor_verify")
    device = two_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
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
    """The pending authenticator's QR code, drawn here as SVG (no third-party service)."""
    device = two_factor.enrolment_device(request.user)
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


def recent_second_factor(view):
    """For sensitive changes: a POST needs a second-factor check within REAUTH_MINUTES.

    A stale POST changes nothing; the person confirms with a fresh code and is sent back
    to the page to submit again.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not two_factor.is_recent(request):
            referer = request.META.get("HTTP_REFERER", "")
            back = (
                referer
                if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
                else request.path
            )
            return redirect_to_confirm(request, back)
        return view(request, *args, **kwargs)

    return wrapped
