"""PDFs of the decision record and the client's report, printed with our stylesheet through
the one renderer; a failure is refused as a ValidationError, which the disclosure pages show."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from practice import documents

PRINT_STYLESHEET = Path(__file__).resolve().parent / "print.css"


def pdf_from_template(template: str, context: dict) -> bytes:
    try:
        return documents.render_template(template, context, stylesheet=PRINT_STYLESHEET)
    except documents.DocumentRenderError as error:
        raise ValidationError(str(error)) from None
