"""What the PDFs look like on paper: names in any script print as letters (not boxes), and
no page carries only a couple of stray lines."""

from __future__ import annotations

import io
import logging
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from contracting import rendering
from contracting.defaults import DEFAULTS
from contracting.models import Kind, Variant
from practice.models import PracticeProfile

NAMES = {
    "Arabic": "سلمى الحداد",
    "Hebrew": "נועה כהן",
    "Chinese": "王小明",
    "emoji": "Sunny 🌻 Day",
}
# Letters from each script: each must print as its own shape.
LETTERS = "سلمىالحد" + "נועהכ" + "王小明" + "🌻🙂"
NO_GLYPH = "\U0010fffd"  # a private-use code point no font draws: the "box" to compare with

DEMO_PRACTICE = PracticeProfile(
    name="Riverside Counselling (demo)",
    address="2 Example Yard\nNowhere Lane\nDemotown DT1 2AB",
    email="hello@riverside-counselling.example",
    phone="01632 960000",
    ico_registration_number="ZA000000",
    data_protection_contact=(
        "The practice manager, Riverside Counselling, 2 Example Yard, Demotown DT1 2AB; "
        "privacy@riverside-counselling.example"
    ),
    complaints_route=(
        "Speak to your therapist first if you can. If that does not settle it, write to the "
        "practice manager at the address above; we reply within 14 days."
    ),
    professional_will=(
        "The practice manager would contact you by phone or e-mail within a week, tell "
        "you what had happened, and help you find another therapist if you wish."
    ),
)


def _document(kind: str, variant: str, client_name: str) -> rendering.Document:
    on = date(2026, 11, 25)
    title, body = DEFAULTS[(kind, variant)]
    facts = rendering.facts_for(
        practice=DEMO_PRACTICE,
        client_name=client_name,
        client_first_name=client_name.split()[0],
        therapist_name="Alex Morgan",
        has_practice_supervisor=True,
        on=on,
        competence_statement=rendering.competence_statement(on=on),
    )
    return rendering.document_for(
        kind=kind, variant=variant, title=title, body=body, version=1, facts=facts, dated=on
    )


def _pages_as_png(pdf: bytes) -> list[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "72", str(source), f"{tmp}/p"], check=True)
        return [path.read_bytes() for path in sorted(Path(tmp).glob("p-*.png"))]


@pytest.mark.parametrize("script", list(NAMES))
def test_names_in_any_script_are_in_the_pdf_text(script):
    name = NAMES[script]
    pdf = rendering.pdf_for(_document(Kind.CONTRACT, Variant.ADULT, name))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for word in name.split():
        assert word in text, script


# Only the letter on the page: no running header or footer to confuse the picture.
BARE_PAGE = (
    "<style>@page { "
    + " ".join(
        f"@{box} {{ content: none !important }}"
        for box in ("top-left", "top-right", "bottom-left", "bottom-right")
    )
    + " }</style>"
)


def _is_box(png: bytes) -> bool:
    """A missing glyph prints as an empty box, or as nothing: ink all along the four edges
    of its outline, or no ink at all."""
    image = Image.open(io.BytesIO(png)).convert("L").point(lambda v: 255 if v < 160 else 0)
    box = image.getbbox()
    if box is None:
        return True  # nothing printed at all is as bad as a box
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if width < 8 or height < 8:
        return False
    pixels = image.load()

    def inked(points) -> float:
        points = list(points)
        return sum(1 for x, y in points if pixels[x, y]) / len(points)

    edges = [
        max(inked((x, y) for x in range(left, right)) for y in (top, top + 1)),
        max(inked((x, y) for x in range(left, right)) for y in (bottom - 1, bottom - 2)),
        max(inked((x, y) for y in range(top, bottom)) for x in (left, left + 1)),
        max(inked((x, y) for y in range(top, bottom)) for x in (right - 1, right - 2)),
    ]
    return min(edges) >= 0.9


def test_letters_of_every_script_print_as_letters_not_boxes(caplog):
    """One letter a page, looked at as a picture: none may be the box printed for a code
    point no font has (the first check proves the box is recognised)."""
    pages = "".join(
        f'<p style="font-size: 60pt; page-break-after: always">{letter}</p>'
        for letter in NO_GLYPH + LETTERS
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = rendering.pdf_from_html(
            f'<html lang="und"><head>{BARE_PAGE}</head><body>{pages}</body></html>'
        )
    images = _pages_as_png(pdf)
    assert len(images) == len(LETTERS) + 1
    assert _is_box(images[0]), "the test no longer recognises a missing glyph"
    drawn_as_box = [letter for letter, png in zip(LETTERS, images[1:], strict=True) if _is_box(png)]
    assert drawn_as_box == [], f"printed as boxes: {drawn_as_box}"
    missing = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert len(missing) == 1 and "U+10FFFD" in missing[0], missing


def _body_lines(pdf: bytes, page: int) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # The running header (practice; title, version, date) and footer (Confidential, page).
    return [
        line
        for line in lines
        if not line.startswith(("Riverside Counselling (demo)", "Confidential"))
        and "Page " not in line
    ]


@pytest.mark.parametrize("variant", Variant.values)
@pytest.mark.parametrize("kind", Kind.values)
def test_no_page_carries_only_a_few_stray_lines(kind, variant):
    pdf = rendering.pdf_for(_document(kind, variant, "Ada Lovelace"))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    for page in range(1, pages + 1):
        assert len(_body_lines(pdf, page)) >= 6, f"page {page} of {pages}"


def test_the_print_stylesheet_keeps_lines_together():
    css = rendering.PRINT_STYLESHEET.read_text()
    assert "widows: 3" in css and "orphans: 3" in css
    assert ".doc-section:last-child { break-before: avoid" in css


def test_numbers_print_in_the_text_face_not_the_emoji_font():
    """Digits exist in the colour-emoji font too; dates and phone numbers must not use it."""
    pdf = rendering.pdf_for(_document(Kind.CONTRACT, Variant.YOUNG_PERSON, "Ada Lovelace"))
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    assert "Emoji" not in fonts.stdout.decode()
