"""One door for PDFs: `practice.documents` is the only module that imports WeasyPrint, and
every document made through it may load the app's own static files only."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.template.backends.django import Template

from disclosures.services import reports
from disclosures.views.common import content_of
from practice import documents
from tests.conftest import make_client
from tests.disclosures.builders import at_state
from tests.subject_access.builders import released_request

ROOT = Path(__file__).resolve().parent.parent.parent
RENDERER = ROOT / "practice" / "documents.py"
# Tests are not scanned: some inject faults into WeasyPrint itself, to prove the renderer
# translates them.
NOT_PROJECT_CODE = {".venv", "tests", "data", "static", "node_modules", ".git"}


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).parts
        if relative[0] in NOT_PROJECT_CODE or relative[0].endswith(".egg-info"):
            continue
        yield path


def _imports_weasyprint(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names = [arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant)]
        else:
            continue
        if any(name == "weasyprint" or name.startswith("weasyprint.") for name in names):
            return True
    return False


def test_nothing_but_the_renderer_imports_weasyprint():
    scanned = list(_project_modules())
    importers = [str(path.relative_to(ROOT)) for path in scanned if _imports_weasyprint(path)]
    assert importers == ["practice/documents.py"]
    # The scan reaches every app, the benchmark and the migrations, not a handful of files.
    tops = {path.relative_to(ROOT).parts[0] for path in scanned}
    assert {"practice", "contracting", "disclosures", "subject_access", "bench"} <= tops
    assert len(scanned) > 200


@dataclass
class Hostile:
    urls: list[str]
    markup: str
    loaded: list[str] = field(default_factory=list)  # every URL WeasyPrint really opened
    injected: int = 0  # documents the markup was slipped into

    def assert_refused(self):
        assert self.injected, "the markup never reached a document"
        assert not [url for url in self.loaded if url in self.urls], self.loaded
        assert all(url.startswith("file:") for url in self.loaded), self.loaded


@pytest.fixture
def hostile(monkeypatch, tmp_path) -> Hostile:
    """Markup that slipped past the escaping into every PDF template rendered (whoever
    renders it), and a record of every URL WeasyPrint opened: the backstop must refuse all."""
    from weasyprint.urls import URLFetcher

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not for a PDF")
    urls = [
        secret.as_uri(),
        "file:///etc/passwd",
        (ROOT / "practice" / "models.py").as_uri(),  # the app's code is not a static file
        "http://127.0.0.1:9/track.png",
        "https://example.invalid/track.png",
    ]
    markup = "".join(f'<img src="{url}"><link rel="stylesheet" href="{url}">' for url in urls)
    hostile = Hostile(urls=urls, markup=markup)
    real_render = Template.render

    def render_with_injection(self, *args, **kwargs):
        html = real_render(self, *args, **kwargs)
        if "/pdf/" in (self.origin.template_name or "") and "</body>" in html:
            hostile.injected += 1
            html = html.replace("</body>", markup + "</body>")
        return html

    real_fetch = URLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        hostile.loaded.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(Template, "render", render_with_injection)
    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    return hostile


def test_the_disclosure_record_refuses_anything_but_static_files(
    hostile, therapist, supervisor, supervision
):
    row = at_state("disclosed", therapist, supervisor, make_client(therapist))
    pdf = reports.decision_record_pdf(actor=therapist, disclosure=row, context=content_of(row))
    assert pdf.startswith(b"%PDF")
    hostile.assert_refused()


def test_the_subject_access_answer_refuses_anything_but_static_files(
    hostile, admin_user, therapist
):
    sar = released_request(admin_user, therapist, make_client(therapist))
    assert sar.archive_sha256
    hostile.assert_refused()


def test_a_contract_pdf_refuses_anything_but_static_files(hostile):
    from contracting import rendering

    html = f"<html><body><p>Hello</p>{hostile.markup}</body></html>"
    hostile.injected += 1
    assert rendering.pdf_from_html(html).startswith(b"%PDF")
    hostile.assert_refused()


def _break_weasyprint(monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise RuntimeError("Wilhelmina secret text")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    monkeypatch.setattr(weasyprint.HTML, "render", broken)  # the renderer lays out, then writes


def test_a_failed_disclosure_pdf_is_refused_without_document_text(monkeypatch):
    from disclosures import printing

    _break_weasyprint(monkeypatch)
    with pytest.raises(ValidationError) as caught:
        printing.pdf_from_template("disclosures/pdf/client_report.html", {})
    assert "The PDF could not be made (RuntimeError)" in str(caught.value)
    assert "Wilhelmina" not in str(caught.value)


def test_a_failed_subject_access_answer_is_the_apps_own_error_without_text(monkeypatch):
    from subject_access import archive

    _break_weasyprint(monkeypatch)
    with pytest.raises(documents.DocumentRenderError) as caught:
        archive.pdf_bytes({"reference": "SAR-1", "sections": [], "withheld": []})
    assert "Wilhelmina" not in str(caught.value)


def test_a_stored_pdf_comes_back_only_while_it_matches_its_hash():
    pdf = b"%PDF-1.4 kept as made"
    stored, sha256 = documents.stored_form(pdf), documents.fingerprint(pdf)
    assert documents.from_stored(stored, sha256=sha256) == pdf
    altered = documents.stored_form(pdf + b" and one byte more")
    with pytest.raises(documents.DocumentAltered):
        documents.from_stored(altered, sha256=sha256)
