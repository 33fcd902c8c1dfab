"""A small fixed-window rate limiter on the shared cache (the database cache table, so
every web process counts together). Used where django-axes (sign-in) and django-otp's
throttling (second factor) do not reach: password reset and the client signing link."""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from practice import audit, sources
from practice.audit_actions import Action


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the attempts in this window are within `limit`."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    bucket = f"rl:{scope}:{digest}:{int(time.time()) // window_seconds}"
    if cache.add(bucket, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def rate_limited(scope: str, *, limit: int, window_seconds: int, methods=("POST",)):
    """View decorator: too many requests from one address get a clear 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(
                scope, sources.address_of(request), limit=limit, window_seconds=window_seconds
            ):
                audit.record(
                    action=Action.RATE_LIMITED,
                    actor=request.user,
                    details={"scope": scope},
                )
                return render(
                    request,
                    "errors/rate_limited.html",
                    {"minutes": max(1, window_seconds // 60)},
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
