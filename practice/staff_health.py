"""Recording whether a member of staff is a health professional (DPA 2018 s.204), with their
register and number. Subject access relies on it: a reviewer who is one forms the health
professional's opinion themselves (Sch. 3 Part 2 paras 5, 6). So nobody records it for
their own account: another admin does, and the change is audited. A sole practitioner, with
no second admin, has it recorded from the server (`manage.py staff_health_profession`), as
account changes are."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from practice import audit, permissions
from practice.audit_actions import Action
from practice.health_professionals import Profession
from practice.models import User


def staff_health_profession_set(
    *, actor, user: User, profession: str, register: str, register_number: str
) -> User:
    """`actor` is another admin, or the system actor of the server command
    (`manage.py staff_health_profession`) in a practice with no second admin."""
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ValidationError(
            "Another admin records whether you are a health professional: it lets your own "
            "review stand in for a health professional's opinion."
        )
    if profession not in Profession.values:
        raise ValidationError({"health_profession": "Choose a profession from the list."})
    register, register_number = register.strip(), register_number.strip()
    if profession and not register_number:
        raise ValidationError({"health_register_number": "Give their registration number."})
    if profession == Profession.OTHER and not register:
        raise ValidationError({"health_register": "Say which register they are on."})
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        user.health_profession = profession
        user.health_register = register if profession else ""
        user.health_register_number = register_number if profession else ""
        user.save(update_fields=["health_profession", "health_register", "health_register_number"])
        audit.record(
            action=Action.STAFF_HEALTH_PROFESSION,
            actor=actor,
            target_ref=str(user.ref),
            details={"profession": profession},
        )
    return user
