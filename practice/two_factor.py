"""Two-factor sign-in with django-otp: TOTP from an authenticator app, recovery codes.

Every check goes through `second_factor_verify`, which audits success and failure and
stamps the session with the time, so sensitive actions can ask for a fresh check
(`is_recent`).
"""

from __future__ import annotations

import math
import secrets
import time
from datetime import timedelta

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from practice import audit, session_access
from practice.audit_actions import Action
from practice.models import RecoveryCode, RecoveryCodeDevice, User, normalise_recovery_code

VERIFIED_AT_SESSION_KEY = "practice_second_factor_at"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


ENROLMENT_SESSION_KEY = "practice_enrolment_device"


def enrolment_start(request: HttpRequest) -> TOTPDevice:
    """A fresh key for this set-up, bound to this session (its earlier key is dropped).

    Key material is only ever shown to the session that started the set-up, so a
    password-only session elsewhere can never learn the key the owner will confirm.
    """
    user = request.user
    previous = enrolment_device(request)
    if previous is not None:
        previous.delete()
    stale = timezone.now() - timedelta(minutes=settings.ENROLMENT_MINUTES)
    TOTPDevice.objects.filter(user=user, confirmed=False, created_at__lt=stale).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    request.session[ENROLMENT_SESSION_KEY] = device.persistent_id
    return device


def enrolment_device(request: HttpRequest) -> TOTPDevice | None:
    """The waiting authenticator of this session's set-up, if it has not expired."""
    persistent_id = request.session.get(ENROLMENT_SESSION_KEY)
    if not persistent_id:
        return None
    device = (
        TOTPDevice.objects.filter(user=request.user, confirmed=False)
        .filter(pk=str(persistent_id).rsplit("/", 1)[-1])
        .first()
    )
    if device is None or device.persistent_id != persistent_id:
        return None
    if device.created_at and timezone.now() - device.created_at > timedelta(
        minutes=settings.ENROLMENT_MINUTES
    ):
        return None
    return device


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    for _ in range(settings.RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
        salt = secrets.token_hex(8)
        RecoveryCode.objects.create(
            device=device, salt=salt, code_hash=RecoveryCode.hash_code(raw, salt)
        )
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def mark_verified(request: HttpRequest, device, *, fresh: bool = True) -> None:
    """The session passed the second factor: a new session id (no fixation), and, for a
    code from an existing factor, the stamp sensitive actions ask for."""
    request.session.cycle_key()
    django_otp.login(request, device)
    session_access.keep(request.session, request.user, request.session[DEVICE_ID_SESSION_KEY])
    if fresh:
        request.session[VERIFIED_AT_SESSION_KEY] = time.time()
    else:
        request.session.pop(VERIFIED_AT_SESSION_KEY, None)


def enrolment_confirm(*, request: HttpRequest, token: str) -> list[str]:
    """Confirm this session's waiting authenticator with a code from it; return new
    recovery codes. Confirming a new factor is not a fresh check of an existing one."""
    user = request.user
    with transaction.atomic():
        waiting = enrolment_device(request)
        device = (
            TOTPDevice.objects.select_for_update().filter(pk=waiting.pk, confirmed=False).first()
            if waiting
            else None
        )
        if device is None:
            raise ValidationError(
                "Start the set-up again: no authenticator is waiting, or it waited too long."
            )
        _forgive_a_single_typo(device)
        confirmed = device.verify_token(_digits(token))
        if confirmed:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            codes = _new_recovery_codes(user)
            mark_verified(request, device, fresh=False)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
        audit.record(
            action=Action.SECOND_FACTOR_ENROLLED if confirmed else Action.SECOND_FACTOR_FAILED,
            actor=user,
            target_ref=str(user.ref),
            details={"method": "totp"} if confirmed else {"step": "enrolment"},
        )
    if not confirmed:
        raise ValidationError(
            "That code is not right. Check the app shows this account, and that the "
            "phone's clock is set automatically."
        )
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token) if ch.isdigit())[:8]


def _forgive_a_single_typo(device) -> None:
    """django-otp's growing delay after wrong codes, except that one wrong code (a typo)
    costs no wait: the delay starts from the second wrong code in a row."""
    if device.throttling_failure_count == 1:
        device.throttling_failure_timestamp = None


def _throttled_message(throttle: dict | None) -> str:
    locked_until = (throttle or {}).get("locked_until")
    seconds = 60
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds >= 90:
        wait = f"{math.ceil(seconds / 60)} minutes"
    else:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"Too many wrong codes in a row. Wait {wait}, then try again."


def second_factor_verify(*, request: HttpRequest, token: str, step: str = "sign_in") -> str:
    """Check a code from the app or a recovery code. Return '' on success, else why not."""
    user = request.user
    token = str(token).strip()[:40]
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    is_recovery = len(normalise_recovery_code(token)) == 10
    device = recovery if is_recovery else totp
    with transaction.atomic():
        if device is None:
            reason = "no_device"
            message = "There is no second factor of that kind on this account."
        else:
            _forgive_a_single_typo(device)
            allowed, throttle = device.verify_is_allowed()
            if not allowed:
                reason = "throttled"
                message = _throttled_message(throttle)
            elif device.verify_token(token if is_recovery else _digits(token)):
                mark_verified(request, device)
                audit.record(
                    action=(
                        Action.SECOND_FACTOR_VERIFIED
                        if step == "sign_in"
                        else Action.REAUTHENTICATED
                    ),
                    actor=user,
                    target_ref=str(user.ref),
                    details={"method": "recovery_code" if is_recovery else "totp"},
                )
                return ""
            else:
                reason = "wrong_or_used"
                message = (
                    "That recovery code is wrong or was already used."
                    if is_recovery
                    else "That code is wrong, expired or was already used. Wait for the next "
                    "code and try again."
                )
    with transaction.atomic():
        audit.record(
            action=Action.SECOND_FACTOR_FAILED,
            actor=user,
            target_ref=str(user.ref),
            details={"step": step, "reason": reason},
        )
    return message


def is_recent(request: HttpRequest) -> bool:
    stamp = request.session.get(VERIFIED_AT_SESSION_KEY)
    return stamp is not None and time.time() - float(stamp) < settings.REAUTH_MINUTES * 60


def fresh_code_refusal(request: HttpRequest) -> str:
    """For a sensitive action: '' when the second factor was passed recently or the form's
    `reauth_code` verifies now; otherwise why not (shown beside the code field)."""
    if is_recent(request):
        return ""
    code = request.POST.get("reauth_code", "").strip()
    if not code:
        return "Enter the code your app shows now."
    return second_factor_verify(request=request, token=code, step="reauthenticate")


def recovery_codes_regenerate(*, request: HttpRequest) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(request.user)
        audit.record(
            action=Action.RECOVERY_CODES_ISSUED,
            actor=request.user,
            target_ref=str(request.user.ref),
        )
    return codes


def passkey_count(user: User) -> int:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).count()


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


def demo_device(user: User) -> TOTPDevice:
    """A confirmed authenticator for a demo account (the seeder prints its secret)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
