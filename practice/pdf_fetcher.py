"""The only URLs WeasyPrint may load while making a PDF: the app's own static files.

A backstop behind the escaping of every value put into a document: even if markup slipped
through, a PDF could never fetch a remote address, a local file outside the app's static
folders (e.g. /etc/passwd or the .env), or anything but a plain file.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders


class FetchRefused(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files."""


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
    """A WeasyPrint url_fetcher that serves files under the static roots only."""
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
