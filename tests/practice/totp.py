"""Compute authenticator codes in tests, as the person's phone would."""

import time

from django_otp.oath import TOTP


def code_at(device, when: float) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = when
    return f"{totp.token():0{device.digits}d}"


def current_code(device) -> str:
    return code_at(device, time.time())
