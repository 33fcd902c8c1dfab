"""Talking to the served app as a browser would: sign in through the forms (password, then
the authenticator code) and fetch pages without following redirects."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One cookie jar against one server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, method: str, path: str, form: dict | None = None, *, cookie: str = ""
    ) -> tuple[int, str, str]:
        """(status, Location header, body) without following redirects."""
        data = urllib.parse.urlencode(form or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        if method == "POST":
            request.add_header("Referer", self.base + path)
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with self.opener.open(request, timeout=60) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def _post_form(self, path: str, values: dict) -> tuple[int, str, str]:
        status, _, body = self.request("GET", path)
        token = _CSRF_INPUT.search(body)
        if status != 200 or token is None:
            raise RuntimeError(f"{path} did not show its form (status {status})")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **values})

    def sign_in(self, username: str, password: str, code_for) -> None:
        """Password form, then the second-factor form with a fresh authenticator code."""
        status, location, _ = self._post_form(
            "/accounts/login/", {"username": username, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"sign-in of {username} was refused (status {status})")
        status, location, _ = self._post_form("/account/two-factor/", {"code": code_for()})
        if status != 302 or "two-factor" in location:
            raise RuntimeError(f"second factor of {username} was refused (status {status})")

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)
