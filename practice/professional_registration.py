"""A member of staff's own professional body and registration number: what a client's
report carries under the therapist's name. Each person records their own (it grants
nothing), and the change is audited without the values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from practice import audit
from practice.audit_actions import Action
from practice.models import User

MAX_BODY = 200
MAX_NUMBER = 40


def own_registration_set(*, actor: User, professional_body: str, registration_number: str) -> User:
    professional_body, registration_number = (
        professional_body.strip(),
        registration_number.strip(),
    )
    if len(professional_body) > MAX_BODY:
        raise ValidationError({"professional_body": f"At most {MAX_BODY} characters."})
    if len(registration_number) > MAX_NUMBER:
        raise ValidationError({"registration_number": f"At most {MAX_NUMBER} characters."})
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.professional_body = professional_body
        user.registration_number = registration_number
        user.save(update_fields=["professional_body", "registration_number"])
        audit.record(
            action=Action.OWN_REGISTRATION,
            actor=actor,
            target_ref=str(user.ref),
            details={"registration_number_given": bool(registration_number)},
        )
    return user
