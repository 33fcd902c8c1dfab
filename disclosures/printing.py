"""PDFs of the decision record and the client's report (WeasyPrint, our print stylesheet)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

PRINT_STYLESHEET = Path(__file__).resolve().parent / "print.css"


def pdf_from_template(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    try:
        from weasyprint import CSS, HTML

        return HTML(string=html, base_url=str(PRINT_STYLESHEET.parent)).write_pdf(
            stylesheets=[CSS(filename=str(PRINT_STYLESHEET))]
        )
    except Exception as error:  # WeasyPrint raises many types; none may carry the text
        raise ValidationError(
            f"The PDF could not be made ({type(error).__name__}). Nothing was saved."
        ) from None
