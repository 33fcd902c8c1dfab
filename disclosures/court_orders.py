"""What a court order asks of the therapist before they disclose under it (issue 24, item 4).

A court order is not an instruction to hand over the whole record. Before disclosing, the
therapist considers asking the court to limit what is disclosed (to the parts relevant to
the proceedings, or to the judge alone), as professional bodies advise; and checks that the
order and the person asking are who they say, by calling the court or the requester back on
a number found independently, never the one printed on the letter.
"""

from __future__ import annotations

COURT_ORDER = "court_order"

PROMPTS = (
    (
        "court_limit_considered",
        "I have considered asking the court to limit what must be disclosed (only the parts "
        "relevant to the case, or to the judge alone), and taken advice where I needed it.",
    ),
    (
        "court_identity_called_back",
        "I have checked the order and who is asking by calling the court or the requester "
        "back on a number I found independently, not the one on the letter.",
    ),
)


def applies(row) -> bool:
    return row.kind == COURT_ORDER


def disclose_refusal(row) -> str | None:
    """Why a disclosure under a court order may not be recorded yet, or None."""
    if not applies(row):
        return None
    if row.court_limit_considered and row.court_identity_called_back:
        return None
    return (
        "Before disclosing under a court order, record the two checks on the request's page: "
        "that you considered asking the court to limit what is disclosed, and that you "
        "checked who is asking by calling back on a number found independently."
    )
