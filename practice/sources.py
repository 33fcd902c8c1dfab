"""Where an action came from, set once for the whole of it.

A web request's source is the client address, set by `SourceMiddleware` before any view
runs; a management command or the background worker names itself with `acting_from`.
The audit trail reads `current()`, so services take the actor and plain values, never
the HTTP request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

MAX_LENGTH = 64

_current: ContextVar[str] = ContextVar("action_source", default="")


def current() -> str:
    """The source of the action under way: an address, a command's name, or ""."""
    return _current.get()


def address_of(request: HttpRequest | None) -> str:
    """The address a request came from, as the audit trail and the rate limits see it."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:MAX_LENGTH]


def site_of(request: HttpRequest) -> str:
    """The scheme and host a request reached (`https://host`): a link in an e-mail starts
    with it, so a service is given the text and never the request."""
    return f"{request.scheme}://{request.get_host()}"


@contextmanager
def acting_from(source: str) -> Iterator[None]:
    """Name the source of everything done inside the block (a command, the worker)."""
    token = _current.set(source[:MAX_LENGTH])
    try:
        yield
    finally:
        _current.reset(token)


class SourceMiddleware:
    """Sets the request's client address as the source of whatever it causes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_from(address_of(request)):
            return self.get_response(request)
