"""Who counts as a health professional under DPA 2018 s.204, for the health-data rules of
subject access (Sch. 3 Part 2 paras 5 and 6).

Counsellors and most psychotherapists are not health professionals in the Act's sense;
registered doctors, nurses and midwives, HCPC-registered professions (practitioner
psychologists, arts therapists among them) and child psychotherapists are. A staff account
records which, if any, with the register and number, so the app can tell whether a reviewer
may give the health professional's opinion themselves.
"""

from __future__ import annotations

from django.db import models


class Profession(models.TextChoices):
    NONE = "", "Not a health professional in the Act's sense (most counsellors)"
    DOCTOR = "doctor", "Registered medical practitioner (GMC)"
    NURSE = "nurse", "Registered nurse or midwife (NMC)"
    PSYCHOLOGIST = "psychologist", "Practitioner psychologist (HCPC)"
    ARTS_THERAPIST = "arts_therapist", "Arts therapist (HCPC)"
    OTHER_HCPC = "other_hcpc", "Another HCPC-registered profession"
    CHILD_PSYCHOTHERAPIST = "child_psychotherapist", "Child psychotherapist"
    OTHER = "other", "Another profession named in s.204 (say which register)"


def describe(profession: str, register: str, number: str) -> str:
    """'Practitioner psychologist (HCPC), PYL12345': for a page, never an audit event."""
    label = Profession(profession).label if profession else ""
    where = ", ".join(part for part in (register, number) if part)
    return f"{label}, {where}" if where else label
