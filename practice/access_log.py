"""Gunicorn's access log without secrets: no link token and no search term in any line.

`make run` and the documented production command pass
`--logger-class practice.access_log.RedactingLogger`. Query strings (search terms) are
dropped, and path segments that carry a token (the client signing link, the password-reset
link, any long opaque segment that is not a UUID reference) are replaced, in the request
line, the path, the query and the referrer.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_TOKEN_PREFIXES = ("sign", "password-reset")
_URL_ATOMS = ("U", "f", "{referer}i", "{raw_uri}e", "{path_info}e", "{http_referer}e")
_QUERY_ATOMS = ("q", "{query_string}e")


def _redact_segments(path: str) -> str:
    segments = path.split("/")
    out, hide_next = [], False
    for segment in segments:
        if hide_next and segment:
            out.append(REDACTED)
            continue
        opaque = len(segment) >= 20 and not _UUID.match(segment) and "." not in segment
        out.append(REDACTED if opaque else segment)
        hide_next = hide_next or segment in _TOKEN_PREFIXES
    return "/".join(out)


def redact_url(url: str) -> str:
    """A URL (or path) with its query string and any token segment replaced."""
    if not url or url == "-":
        return url
    scheme_host = ""
    match = re.match(r"^([a-z][a-z0-9+.-]*://[^/]*)(.*)$", url, re.I)
    if match:
        scheme_host, url = match.groups()
    path, question, _ = url.partition("?")
    return scheme_host + _redact_segments(path) + (f"?{REDACTED}" if question else "")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        method, _, rest = str(atoms.get("r", "")).partition(" ")
        uri, _, protocol = rest.rpartition(" ")
        atoms["r"] = f"{method} {redact_url(uri)} {protocol}".strip()
        for name in _URL_ATOMS:
            if atoms.get(name):
                atoms[name] = redact_url(str(atoms[name]))
        for name in _QUERY_ATOMS:
            if atoms.get(name):
                atoms[name] = REDACTED
        return atoms
