"""Recording the basis for releasing health data (DPA 2018 Sch. 3 Part 2 paras 5 and 6):
the person has already seen or knows it, or the appropriate health professional's opinion.
The gate itself is `subject_access/health_gate.py`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice.health_professionals import Profession
from practice.models import User
from subject_access.audit_actions import Action
from subject_access.models import HealthBasis, HealthDataBasis, HealthOpinion, SubjectAccessRequest
from subject_access.services.common import event
from subject_access.workflow import SAR_MACHINE


def _checked(
    *,
    basis: str,
    evidence: str,
    professional_name: str,
    profession: str,
    register_number: str,
    opinion_on: date | None,
    opinion: str,
    today: date,
) -> None:
    if basis == HealthBasis.ALREADY_SEEN:
        if not evidence:
            raise ValidationError(
                {"evidence": "Say what shows the person has already seen or knows it."}
            )
        return
    if basis != HealthBasis.OPINION:
        raise ValidationError({"basis": "Choose the basis for releasing the health data."})
    errors = {}
    if not professional_name:
        errors["professional_name"] = "Give the name of the health professional."
    if profession not in Profession.values or not profession:
        errors["profession"] = "Choose their profession: one the Act names (s.204)."
    if not register_number:
        errors["register_number"] = "Give their registration number."
    if opinion_on is None or opinion_on > today:
        errors["opinion_on"] = "Give the day they gave the opinion: today or earlier."
    if opinion not in HealthOpinion.values:
        errors["opinion"] = "Choose what they concluded."
    if errors:
        raise ValidationError(errors)


def sar_health_basis_record(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    basis: str,
    evidence: str = "",
    professional_name: str = "",
    profession: str = "",
    register: str = "",
    register_number: str = "",
    opinion_on: date | None = None,
    opinion: str = "",
    conclusion: str = "",
) -> HealthDataBasis:
    """The admin records why the health data may be released (or withheld for serious harm).
    A new record takes over from the one before; none is ever changed."""
    evidence, professional_name, conclusion = (
        evidence.strip(),
        professional_name.strip(),
        conclusion.strip(),
    )
    register, register_number = register.strip(), register_number.strip()
    _checked(
        basis=basis,
        evidence=evidence,
        professional_name=professional_name,
        profession=profession,
        register_number=register_number,
        opinion_on=opinion_on,
        opinion=opinion,
        today=timezone.localdate(),
    )
    seen = basis == HealthBasis.ALREADY_SEEN
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="record_health_basis")
        record = HealthDataBasis(
            request=sar,
            basis=basis,
            profession="" if seen else profession,
            register="" if seen else register[:60],
            register_number="" if seen else register_number[:30],
            opinion_on=None if seen else opinion_on,
            opinion="" if seen else opinion,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        record.save()
        if seen:
            record.set_evidence(evidence[:2000])
        else:
            record.set_professional_name(professional_name[:200])
            record.set_conclusion(conclusion[:2000])
        record.save()
        event(
            Action.HEALTH_BASIS_RECORDED,
            actor=actor,
            sar=sar,
            basis=basis,
            opinion=record.opinion,
        )
    return record
