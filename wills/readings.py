"""How the professional will's rows read to a client in a subject access answer."""

from practice.readings import Field, reading

STEP = reading(
    "Contact under the practice's professional will: {step}",
    {"step": "What was done", "method": "How", "done_on": Field("When", "date")},
)

LETTER = reading(
    "Letter under the practice's professional will",
    {"issued_at": Field("Issued", "datetime"), "channel": "How"},
    internal=("pdf_sha256",),
)


def step_export(step) -> dict:
    return {
        "step": step.get_step_display(),
        "method": step.get_method_display(),
        "done_on": step.done_on.isoformat(),
    }


def letter_export(letter) -> dict:
    return {
        "issued_at": letter.issued_at.isoformat(),
        "channel": letter.get_channel_display(),
        "pdf_sha256": letter.pdf_sha256,
    }
