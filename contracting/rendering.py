"""From a template body to HTML and a PDF: placeholders, light markup, the print stylesheet.

A body may use only the placeholders in `PLACEHOLDERS`; anything else is refused at
publish time, naming it, so no document ever prints a blank where a fact should be. A
placeholder whose value is missing (no ICO number yet) renders as a visible
"[missing: …]" marker, and the caller refuses to give such a document to a client.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe

from contracting.models import Kind, Variant
from practice import documents
from practice.documents import DocumentRenderError
from practice.models import PracticeProfile

PRINT_STYLESHEET = Path(__file__).resolve().parent / "print.css"

# name -> what it is called when it is missing
PLACEHOLDERS: dict[str, str] = {
    "practice.name": "practice name",
    "practice.address": "practice address",
    "practice.contact": "practice e-mail or phone number",
    "practice.email": "practice e-mail address",
    "practice.phone": "practice phone number",
    "practice.ico_registration_number": "ICO registration number",
    "practice.data_protection_contact": "data-protection contact",
    "practice.complaints_route": "complaints route",
    "practice.complaint_form": "address of the complaint form",
    "practice.transfers_outside_uk": "transfers outside the UK",
    "practice.professional_body": "professional body",
    "practice.retention_years_adult": "retention period for adults",
    "practice.retention_until_age_child": "retention age for young people",
    "practice.professional_will": "arrangement for a therapist who dies or cannot work",
    "practice.between_sessions": "contact between sessions",
    "practice.online_sessions": "online or telephone sessions",
    "practice.session_recording": "whether sessions are recorded",
    "practice.training_use": "use of material in training",
    "client.name": "client's name",
    "client.first_name": "client's first name",
    "therapist.name": "therapist's name",
    "supervision.arrangement": "supervision arrangement",
    "document.date": "date of the document",
    "assessment.statement": "therapist's assessment of the young person's understanding",
}
# Placeholders whose value is prose, read as part of the paragraph around it.
PROSE = {
    "practice.complaints_route",
    "practice.data_protection_contact",
    "practice.professional_will",
    "practice.between_sessions",
    "practice.online_sessions",
    "practice.transfers_outside_uk",
}

# What the agreement says when the practice has said nothing else: each true of a practice
# whose profile leaves the fact empty or unticked (issue 24, item 6).
BETWEEN_SESSIONS_USUAL = (
    "Between sessions, please get in touch only to arrange, move or cancel a session, using "
    "the contact details of the practice. I cannot offer support between sessions. If you need "
    "help urgently, call your GP or NHS 111, or Samaritans on 116 123 at any time; in an "
    "emergency, call 999."
)
IN_PERSON_ONLY = "Our sessions take place in person; I do not offer sessions online or by phone."
RECORDING = {
    False: "I never record our sessions, in sound or on video.",
    True: (
        "I record a session only if you agree to it in writing beforehand, for a purpose we "
        "have talked through (for example my own training or supervision). You can say no, or "
        "change your mind later, and it will make no difference to your therapy. A recording is "
        "kept as securely as your notes and deleted once that purpose is met."
    ),
}
TRAINING_USE = {
    False: "I never use material from our work in teaching or training.",
    True: (
        "I may ask whether I can use material from our work, with your name and anything else "
        "that could identify you left out, in teaching or training other therapists. I will ask "
        "you first, each time, and you can say no without it affecting your therapy."
    ),
}
# Placeholders that make sense for one audience only.
ONLY_FOR: dict[str, set[str]] = {"assessment.statement": {Variant.YOUNG_PERSON}}

# The public complaint form's address (DPA 2018 s.164A(2)), given by the app that serves it
# (`rights`, registered at start-up: this app never imports it).
_complaint_form: Callable[[], str] | None = None


def register_complaint_form(address: Callable[[], str]) -> None:
    global _complaint_form
    _complaint_form = address


def complaint_form_address() -> str:
    return _complaint_form() if _complaint_form is not None else ""


_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def body_problems(body: str, *, variant: str) -> list[str]:
    """Why this body cannot be published, one sentence per problem; [] when it can."""
    problems = []
    seen = set()
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if name in seen:
            continue
        seen.add(name)
        if name not in PLACEHOLDERS:
            problems.append(f"Unknown placeholder {{{{ {name} }}}}: it would print nothing.")
        elif name in ONLY_FOR and variant not in ONLY_FOR[name]:
            problems.append(f"The placeholder {{{{ {name} }}}} is not available for this audience.")
    leftover = _PLACEHOLDER.sub("", body)
    if "{{" in leftover or "}}" in leftover:
        problems.append("A placeholder is not closed: each must look like {{ practice.name }}.")
    if not body.strip():
        problems.append("The document is empty.")
    return problems


@dataclass
class Facts:
    """The values the placeholders take for one document."""

    values: dict[str, str]

    def missing_in(self, body: str) -> list[str]:
        """Labels of the placeholders this body uses whose value is empty."""
        labels = []
        for match in _PLACEHOLDER.finditer(body):
            name = match.group(1).strip()
            label = PLACEHOLDERS.get(name)
            if label and not self.values.get(name, "").strip() and label not in labels:
                labels.append(label)
        return labels


def facts_for(
    *,
    practice: PracticeProfile,
    client_name: str,
    client_first_name: str,
    therapist_name: str,
    has_practice_supervisor: bool,
    on: date,
    competence_statement: str = "",
) -> Facts:
    contact = " · ".join(part for part in (practice.email, practice.phone) if part.strip())
    arrangement = (
        "My supervisor is an experienced, qualified clinical supervisor within "
        f"{practice.name or 'the practice'}."
        if has_practice_supervisor
        else "My supervisor is an experienced, qualified clinical supervisor outside the practice."
    )
    values = {
        "practice.name": practice.name,
        "practice.address": practice.address,
        "practice.contact": contact,
        "practice.email": practice.email,
        "practice.phone": practice.phone,
        "practice.ico_registration_number": practice.ico_registration_number,
        "practice.data_protection_contact": practice.data_protection_contact,
        "practice.complaints_route": practice.complaints_route,
        "practice.complaint_form": complaint_form_address(),
        "practice.transfers_outside_uk": practice.transfers_outside_uk,
        "practice.professional_body": practice.professional_body,
        "practice.retention_years_adult": str(practice.retention_years_adult),
        "practice.retention_until_age_child": str(practice.retention_until_age_child),
        "practice.professional_will": practice.professional_will,
        "practice.between_sessions": practice.between_sessions or BETWEEN_SESSIONS_USUAL,
        "practice.online_sessions": practice.online_sessions or IN_PERSON_ONLY,
        "practice.session_recording": RECORDING[practice.sessions_recorded],
        "practice.training_use": TRAINING_USE[practice.training_use],
        "client.name": client_name,
        "client.first_name": client_first_name,
        "therapist.name": therapist_name,
        "supervision.arrangement": arrangement,
        "document.date": dateformat.format(on, "j F Y"),
        "assessment.statement": competence_statement,
    }
    return Facts(values)


def competence_statement(*, on: date) -> str:
    """Printed in the young person's agreement, in the therapist's own voice."""
    return (
        f"On {dateformat.format(on, 'j F Y')}, we talked about counselling and about this "
        "agreement. I judged that you understand it well enough to agree to counselling for "
        "yourself."
    )


def _fill(escaped: str, facts: Facts) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in PLACEHOLDERS:
            # Refused at publish time; reaching here means the row was altered.
            raise DocumentRenderError("The template contains a placeholder that is not allowed.")
        text = facts.values.get(name, "").strip()
        if not text:
            return (
                '<span class="missing">[missing: '
                f"{escape(PLACEHOLDERS[name])} — ask the practice]</span>"
            )
        lines = [escape(line.strip()) for line in text.splitlines() if line.strip()]
        # Prose read into a sentence (a complaints route) stays one paragraph; an address
        # keeps its lines.
        return (" " if name in PROSE else "<br>").join(lines)

    return _PLACEHOLDER.sub(value, escaped)


def body_html(body: str, facts: Facts) -> SafeString:
    """The light markup as HTML: `# ` headings, `- ` bullets, blank-line paragraphs."""
    parts = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in block.strip().split("\n")]
        if len(lines) == 1 and lines[0].startswith("# "):
            parts.append(f"<h2>{_fill(escape(lines[0][2:].strip()), facts)}</h2>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_fill(escape(line[2:].strip()), facts)}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        elif lines[0].startswith("# "):
            parts.append(f"<h2>{_fill(escape(lines[0][2:].strip()), facts)}</h2>")
            rest = "<br>".join(_fill(escape(line), facts) for line in lines[1:])
            parts.append(f"<p>{rest}</p>")
        else:
            parts.append(f"<p>{'<br>'.join(_fill(escape(line), facts) for line in lines)}</p>")
    return mark_safe(_sections(parts))  # noqa: S308 - every piece above is escaped


def _sections(parts: list[str]) -> str:
    """Each heading and what follows it as one <section>, so the print stylesheet can keep
    the closing sections together instead of leaving a page of two stray lines."""
    sections: list[list[str]] = []
    for part in parts:
        if part.startswith("<h2>") or not sections:
            sections.append([])
        sections[-1].append(part)
    return "\n".join(
        '<section class="doc-section">' + "\n".join(section) + "</section>" for section in sections
    )


@dataclass
class Document:
    """Everything one page or PDF of a document shows."""

    kind: str
    variant: str
    title: str
    version: int
    dated: date
    practice_name: str
    client_name: str
    body: SafeString
    missing: list[str] = field(default_factory=list)

    @property
    def is_contract(self) -> bool:
        return self.kind == Kind.CONTRACT

    @property
    def signs_as_parent(self) -> bool:
        return self.variant == Variant.PARENTAL


def document_for(
    *, kind: str, variant: str, title: str, body: str, version: int, facts: Facts, dated: date
) -> Document:
    return Document(
        kind=kind,
        variant=variant,
        title=title,
        version=version,
        dated=dated,
        practice_name=facts.values["practice.name"],
        client_name=facts.values["client.name"],
        body=body_html(body, facts),
        missing=facts.missing_in(body),
    )


def pdf_from_html(html: str) -> bytes:
    """Printed with the contracting stylesheet, through the one renderer."""
    return documents.render(html, stylesheet=PRINT_STYLESHEET)


def pdf_for(document: Document) -> bytes:
    html = render_to_string("contracting/pdf/document.html", {"document": document})
    return pdf_from_html(html)
