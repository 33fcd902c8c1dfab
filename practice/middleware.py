"""Small middleware of our own: caching, browser policies, the second-factor gate."""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from practice import audit, session_access, two_factor
from practice.audit_actions import Action

IDLE_STAMP_SESSION_KEY = "_idle_stamp"
# Set when a signed-in session ends (idle, or expired from the store), so the sign-in page
# tells that person their session ended and tells a first-time visitor nothing of the kind.
SESSION_ENDED_KEY = "_session_ended"
# A signed-in request rewrites its session at most this often just to say "still here".
IDLE_STAMP_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Ends a signed-in session idle for SESSION_IDLE_MINUTES, without a write per request.

    The session holds the time it was last seen, refreshed at most once a minute, so most
    requests only read their session. The stamp lags the last request by under a minute,
    so a session ends at most a minute early and never late. Time comes from
    `timezone.now()`, so tests move it with time_machine.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            stamp = session.get(IDLE_STAMP_SESSION_KEY)
            if stamp is not None and _now() - stamp >= settings.SESSION_IDLE_MINUTES * 60:
                session.flush()
                session[SESSION_ENDED_KEY] = True
        elif request.COOKIES.get(settings.SESSION_COOKIE_NAME) and session.is_empty():
            session[SESSION_ENDED_KEY] = True  # the browser kept a session the store let go
        response = self.get_response(request)
        if SESSION_KEY in session:
            stamp = session.get(IDLE_STAMP_SESSION_KEY)
            now = _now()
            if stamp is None or now - stamp >= IDLE_STAMP_REFRESH_SECONDS:
                session[IDLE_STAMP_SESSION_KEY] = now
        return response


def _now() -> int:
    return int(timezone.now().timestamp())


class NoStoreMiddleware:
    """Every page the app renders may carry client data: the browser keeps no copy.

    Static files never reach this (WhiteNoise answers them first), so they stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class BrowserPolicyMiddleware:
    """Headers Django does not set itself: Permissions-Policy and cross-origin isolation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class SecondFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), reading the
    verified device and the person's roles from the session while their access stamp is
    unchanged (practice/session_access.py) instead of two more queries per request.

    When the session holds nothing current, django-otp's own path reads and checks the
    device (it must be this person's and confirmed), and what it found is kept."""

    def _verify_user_sync(self, request, user):
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            roles = session_access.held(request.session, user, persistent_id)
            if roles is not None:
                self._init_user_fields(user)
                user._role_names = roles
                # Read only by a page that asks for the device itself.
                user.otp_device = SimpleLazyObject(
                    partial(self._device_from_persistent_id, persistent_id)
                )
                return user
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and user.otp_device is not None:
            session_access.keep(request.session, user, request.session[DEVICE_ID_SESSION_KEY])
        return user


# URL names a signed-in person may reach before the second factor is checked.
SECOND_FACTOR_EXEMPT = {
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_qr",
    # passkey sign-in (the library's own views, under the otp_webauthn namespace)
    "credential-authentication-begin",
    "credential-authentication-complete",
    "js-i18n-catalog",
}


class RequireSecondFactorMiddleware:
    """A password alone reaches nothing: every page needs the second factor first.

    Placed after django-otp's OTPMiddleware. A signed-in person who has not passed the
    second factor is sent to enrol (no device yet) or to enter a code, and the attempt to
    go elsewhere is audited. Pages for people who are not signed in (sign-in, the client
    signing link) are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in SECOND_FACTOR_EXEMPT:
                return self._refuse(request, name)
        return self.get_response(request)

    def _refuse(self, request, name):
        enrolled = two_factor.has_confirmed_device(request.user)
        if name and name != "home":
            audit.record(
                action=Action.SECOND_FACTOR_REQUIRED,
                actor=request.user,
                target_ref=str(request.user.ref),
                details={"page": name},
            )
        target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
        next_url = request.get_full_path() if request.method == "GET" else ""
        if next_url and name != "home":
            target += "?" + urlencode({"next": next_url})
        return redirect(target)
