"""The kinds of disclosure and the law behind each: what the first step offers and explains.

Written once here; the forms, pages and PDFs ask it. The wording is ours, not the guidance's.
"""

from __future__ import annotations

from dataclasses import dataclass

OBLIGED = "obliged"
DISCRETIONARY = "discretionary"
AUTHORITY = "authority"
CLIENT = "client"

GROUP_LABELS = {
    OBLIGED: "The law requires a disclosure",
    DISCRETIONARY: "The law permits a disclosure in the public interest (your judgement)",
    AUTHORITY: "Someone in authority asks, without a court order",
    CLIENT: "The client asks you to share their information",
}


@dataclass(frozen=True)
class Kind:
    code: str
    group: str
    label: str
    law: str  # the Act and section, for the help text and the decision record

    @property
    def group_label(self) -> str:
        return GROUP_LABELS[self.group]

    @property
    def is_discretionary(self) -> bool:
        return self.group == DISCRETIONARY


_KINDS = (
    Kind(
        "terrorism",
        OBLIGED,
        "Terrorism",
        "Terrorism Act 2000, s.19 and s.38B (a duty to tell the police); s.39 makes "
        "disclosing anything likely to prejudice the investigation (tipping off) an offence.",
    ),
    Kind(
        "money_laundering",
        OBLIGED,
        "Drug trafficking or money laundering",
        "Proceeds of Crime Act 2002: the duty to report (s.330-332) falls on the regulated "
        "sector, which a therapy practice is usually not in; anyone may make an authorised "
        "disclosure (s.338). Prejudicing an investigation is an offence (s.342).",
    ),
    Kind(
        "court_order",
        OBLIGED,
        "A court order or witness summons",
        "The order or summons itself: check exactly what it asks for, and share no more.",
    ),
    Kind(
        "statute_other",
        OBLIGED,
        "Another statutory duty (name it)",
        "Name the Act and section that imposes the duty in the next box.",
    ),
    Kind(
        "child_protection",
        DISCRETIONARY,
        "Child protection and safeguarding",
        "Your basis for sharing: UK GDPR Art. 6(1)(e) or (f) and Art. 9(2)(g), with the Data "
        "Protection Act 2018, Sch. 1 para 18 (safeguarding of children and of individuals at "
        "risk), and the common-law public-interest test. Children Act 1989 s.47 is the local "
        "authority's duty to make enquiries, not a duty on you to disclose.",
    ),
    Kind(
        "adult_at_risk",
        DISCRETIONARY,
        "An adult at risk",
        "Your basis for sharing: UK GDPR Art. 6(1)(e) or (f) and Art. 9(2)(g), with the Data "
        "Protection Act 2018, Sch. 1 para 18 (safeguarding of individuals at risk), and the "
        "common-law public-interest test. Care Act 2014 s.42 is the local authority's duty to "
        "make enquiries; a Safeguarding Adults Board may ask you for information (s.45).",
    ),
    Kind(
        "suicide_self_harm",
        DISCRETIONARY,
        "Risk of suicide or serious self-harm",
        "Vital interests (UK GDPR Art. 6(1)(d); Art. 9(2)(c) only when the client cannot give "
        "consent), or Art. 9(2)(g) with the Data Protection Act 2018, Sch. 1 para 18 "
        "(individuals at risk); and the common-law public-interest test.",
    ),
    Kind(
        "harm_to_others",
        DISCRETIONARY,
        "Risk of serious harm to others",
        "The common-law public-interest test; UK GDPR Art. 6(1)(e) or (f) and, for health "
        "information, Art. 9(2)(g) with the Data Protection Act 2018, Sch. 1 para 10 "
        "(preventing or detecting unlawful acts) where a crime is to be prevented.",
    ),
    Kind(
        "authority_request",
        AUTHORITY,
        "A request from the police, a local authority, an employer or another body",
        "A request is not an order: unless they bring a warrant or a court order (such as a "
        "production order under the Police and Criminal Evidence Act 1984, Sch. 1), you are "
        "not obliged to share. A police form citing the Data Protection Act 2018, Sch. 2 "
        "para 2 permits sharing but does not require it. Decide on a discretionary ground, "
        "or ask them for an order.",
    ),
    Kind(
        "client_request",
        CLIENT,
        "The client asks me to share their information (a solicitor, a court, an insurer)",
        "The client's written authority is the basis (UK GDPR Art. 6(1)(a), Art. 9(2)(a)). "
        "A report written for the purpose usually serves them better than whole records.",
    ),
)

_BY_CODE = {kind.code: kind for kind in _KINDS}
KINDS = [(kind.code, kind.label) for kind in _KINDS]
DISCRETIONARY_KINDS = [(kind.code, kind.label) for kind in _KINDS if kind.is_discretionary]
AUTHORITY_BODIES = [
    ("police", "The police"),
    ("local_authority", "A local authority"),
    ("employer", "An employer"),
    ("other", "Another body"),
]
AUTHORITY_ROUTES = [
    ("discretionary", "Consider it on a discretionary ground"),
    ("ask_for_order", "Ask them for a court order or warrant first"),
]


def kind_for(code: str) -> Kind | None:
    return _BY_CODE.get(code)


def grouped() -> list[tuple[str, list[Kind]]]:
    return [
        (GROUP_LABELS[group], [kind for kind in _KINDS if kind.group == group])
        for group in (OBLIGED, DISCRETIONARY, AUTHORITY, CLIENT)
    ]
