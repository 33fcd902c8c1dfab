"""How a recipient reads on a page and in a PDF."""

from __future__ import annotations


def recipient_words(*parts: str) -> str:
    """A recipient as "name, role, organisation", each part once: a part that repeats an
    earlier one (the same words, in any case) is left out, so "Duty desk, Duty desk" reads
    "Duty desk"."""
    kept: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part.casefold() not in {seen.casefold() for seen in kept}:
            kept.append(part)
    return ", ".join(kept)
