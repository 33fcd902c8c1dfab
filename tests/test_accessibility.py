"""Accessibility basics on every page: language, landmarks, one h1, labelled controls,
image text, and colour contrast of the palette (WCAG AA)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.test_permission_matrix import RULES, world  # noqa: F401 - the shared fixture


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.main = 0
        self.skip_link = False
        self.labels_for: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.images_without_alt = 0
        self._label_depth = 0
        self.wrapped_controls = 0

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        elif tag == "a" and attributes.get("href") == "#main":
            self.skip_link = True
        elif tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.labels_for.add(attributes["for"])
        elif tag == "img" and "alt" not in attributes:
            self.images_without_alt += 1
        elif tag in ("input", "select", "textarea"):
            if attributes.get("type") in ("hidden", "submit", "button"):
                return
            if self._label_depth:
                self.wrapped_controls += 1
                return
            self.controls.append(attributes)

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


def _check(html: str, where: str) -> None:
    page = _Page()
    page.feed(html)
    assert page.lang == "en-GB", where
    assert page.h1 == 1, f"{where}: {page.h1} h1 headings"
    assert page.main == 1 and page.skip_link, where
    assert page.images_without_alt == 0, where
    for control in page.controls:
        labelled = (
            control.get("id") in page.labels_for
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        assert labelled, f"{where}: unlabelled control {control}"


@pytest.mark.parametrize("role", ["anonymous", "therapist", "supervisor", "admin"])
def test_every_page_has_landmarks_one_heading_and_labelled_controls(world, role):  # noqa: F811
    staff, objects = world
    client = signed_in(staff.get(role))
    checked = 0
    for name, rule in RULES.items():
        url = reverse(name, kwargs={kwarg: objects[key] for kwarg, key in rule.kwargs.items()})
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            _check(response.content.decode(), f"{role} {url}")
            checked += 1
    assert checked >= 4


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_palette_meets_wcag_aa_contrast():
    css = (Path(__file__).resolve().parents[1] / "static/css/app.css").read_text()
    palette = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("ink", "paper"),
        ("muted", "paper"),
        ("brand", "paper"),
        ("danger", "paper"),
        ("ok", "paper"),
        ("ink", "warn-bg"),
        ("ink", "wash"),
        ("muted", "wash"),
    ]
    for foreground, background in pairs:
        ratio = _contrast(palette[foreground], palette[background])
        assert ratio >= 4.5, f"{foreground} on {background}: {ratio:.2f}"
    assert _contrast("#ffffff", palette["brand"]) >= 4.5  # button text
    assert _contrast("#ffffff", palette["brand-dark"]) >= 4.5  # header
