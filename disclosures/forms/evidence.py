"""Keeping a document with a disclosure request, and a court order's two checks."""

from __future__ import annotations

from django import forms

from disclosures.court_orders import PROMPTS
from disclosures.evidence import EvidenceKind


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="What the document is", choices=EvidenceKind.choices)
    file = forms.FileField(
        label="The file",
        help_text="A PDF, or a PNG or JPEG photo or scan, of at most 5 MB. It is kept "
        "encrypted with the client's record and destroyed with it.",
        required=False,  # an oversized upload arrives as no file: the service says why
    )


class CourtOrderChecksForm(forms.Form):
    court_limit_considered = forms.BooleanField(label=dict(PROMPTS)["court_limit_considered"])
    court_identity_called_back = forms.BooleanField(
        label=dict(PROMPTS)["court_identity_called_back"]
    )
