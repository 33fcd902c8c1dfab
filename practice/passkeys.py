"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn.

An alternative to the authenticator app once that is set up: the person registers a
passkey from their account page and can then pass the second step with it. Our
subclasses add what the library leaves to us: the audit events, the "recently verified"
stamp that sensitive actions check, and a relying party that is the host being served.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper

from practice import audit
from practice.audit_actions import Action


def relying_party_id(request) -> str:
    """The host name being served (already checked against ALLOWED_HOSTS), without port."""
    return request.get_host().rsplit(":", 1)[0] if "]" not in request.get_host() else ""


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        # The configured origins, and the origin of this very request: its host has been
        # validated by Django, and a phishing site could never present it.
        own = f"{self.request.scheme}://{self.request.get_host()}"
        return [*super().get_allowed_origins(), own]


def _fresh_check_needed():
    return JsonResponse(
        {
            "detail": "Adding a passkey needs a fresh code from your authenticator app first: "
            "confirm it's you on your account page."
        },
        status=403,
    )


class BeginPasskeyRegistration(webauthn_views.BeginCredentialRegistrationView):
    """Adding a passkey needs a fresh check from an existing factor."""

    def post(self, *args, **kwargs):
        from practice.two_factor import is_recent

        if not is_recent(self.request):
            return _fresh_check_needed()
        return super().post(*args, **kwargs)


class CompletePasskeyRegistration(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        from practice.two_factor import is_recent

        if not is_recent(self.request):
            return _fresh_check_needed()
        # The credential and its audit event commit together, or neither does.
        with transaction.atomic(durable=True):
            response = super().post(*args, **kwargs)
            if response.status_code == 200:
                audit.record(
                    action=Action.PASSKEY_ADDED,
                    actor=self.request.user,
                    target_ref=str(self.request.user.ref),
                )
        return response


class CompletePasskeyAuthentication(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        from practice.two_factor import VERIFIED_AT_SESSION_KEY

        super().complete_auth(device)
        user = device.user
        self.request.session.cycle_key()  # a new session id once past the second factor
        self.request.session[VERIFIED_AT_SESSION_KEY] = time.time()
        audit.record(
            action=Action.SECOND_FACTOR_VERIFIED,
            actor=user,
            target_ref=str(user.ref),
            details={"method": "passkey"},
        )


urlpatterns = [
    path(
        "registration/begin/",
        BeginPasskeyRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompletePasskeyRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompletePasskeyAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
