"""The one door for PDFs: every document the app prints is rendered here, and nothing else
imports WeasyPrint (a test scans every module).

Three rules travel with every PDF so that no caller has to remember them: WeasyPrint may load
only the app's own static files and the document's stylesheet (a backstop behind the
escaping of every value put into a document: no remote address, no local file such as
/etc/passwd or the .env); a WeasyPrint failure becomes a `DocumentRenderError` whose message
never quotes the document; and a PDF is kept as made, as text for its encrypted field with
its SHA-256, and is checked against that hash whenever it is read back.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class DocumentRenderError(Exception):
    """The PDF could not be made. The message says so without quoting the document."""


class FetchRefused(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files."""


class DocumentAltered(ValueError):
    """A stored PDF no longer matches the SHA-256 recorded when it was made."""


def _roots(extra: tuple[Path, ...]) -> list[Path]:
    roots = [Path(root).resolve() for root in extra]
    roots += [Path(str(root)).resolve() for root in getattr(settings, "STATICFILES_DIRS", [])]
    roots.append(Path(str(settings.STATIC_ROOT)).resolve())
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def static_only_fetcher(*extra_roots: Path):
    """A WeasyPrint url_fetcher that serves files under the static roots (and
    `extra_roots`, each a folder or a single file) only."""
    from weasyprint.urls import URLFetcher

    roots = _roots(extra_roots)

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    return super().fetch(path.as_uri(), headers)
            raise FetchRefused("Only the app's own static files may appear in a document.")

    return StaticOnlyFetcher(allowed_protocols=("file",), allow_redirects=False)


def render(html: str, *, stylesheet: Path) -> bytes:
    """The PDF of `html` printed with `stylesheet`; any failure is a DocumentRenderError."""
    return render_counted(html, stylesheet=stylesheet)[0]


def render_counted(html: str, *, stylesheet: Path) -> tuple[bytes, int]:
    """The PDF and its number of pages (the benchmark reports them)."""
    try:
        from weasyprint import CSS, HTML

        fetcher = static_only_fetcher(stylesheet)
        document = HTML(string=html, base_url=str(stylesheet.parent), url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)]
        )
        return document.write_pdf(), len(document.pages)
    except Exception as error:  # WeasyPrint raises many types; none may leak document text
        raise DocumentRenderError(
            f"The PDF could not be made ({type(error).__name__}). Nothing was saved."
        ) from None


def render_template(template: str, context: dict, *, stylesheet: Path) -> bytes:
    return render(render_to_string(template, context), stylesheet=stylesheet)


def fingerprint(pdf: bytes) -> str:
    """The SHA-256 recorded beside a PDF and in its audit event."""
    return hashlib.sha256(pdf).hexdigest()


def stored_form(pdf: bytes) -> str:
    """The text an encrypted PDF field keeps (it encrypts text, not bytes)."""
    return base64.b64encode(pdf).decode("ascii")


def from_stored(text: str, *, sha256: str) -> bytes:
    """The PDF kept as `text`; DocumentAltered when it no longer matches `sha256`."""
    pdf = base64.b64decode(text)
    if fingerprint(pdf) != sha256:
        raise DocumentAltered("The stored PDF does not match its recorded hash.")
    return pdf
