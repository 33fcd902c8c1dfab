"""The client's consent to keeping records: given, declined or withdrawn, each audited."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.actions import part_of_action
from practice.models import User
from records.audit_actions import Action
from records.models import CaseFile, RecordsConsent
from records.services.common import locked_case_file, moment_of, require_writable


def records_consent_record(
    *,
    actor: User,
    case_file: CaseFile,
    given_on: date,
    source: str = "recorded_by_therapist",
) -> CaseFile:
    require_writable(actor, case_file)
    if given_on > timezone.localdate():
        raise ValidationError("Consent cannot be dated in the future.")
    with transaction.atomic(durable=True):
        return _consent_step(
            case_file,
            to=RecordsConsent.GIVEN,
            at=moment_of(given_on),
            source=source,
            actor=actor,
            details={},
        )


def records_consent_decline(
    *,
    actor: User,
    case_file: CaseFile,
    declined_on: date,
    source: str = "recorded_by_therapist",
    agreement_ref: str = "",
) -> CaseFile:
    """The therapist records that the client declined (e.g. the box left unticked on paper):
    no note can be written, even with an urgent reason, until the client gives consent."""
    require_writable(actor, case_file)
    if declined_on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    with transaction.atomic(durable=True):
        return _consent_step(
            case_file,
            to=RecordsConsent.DECLINED,
            at=moment_of(declined_on),
            source=source,
            actor=actor,
            details={"agreement": agreement_ref} if agreement_ref else {},
        )


def _consent_step(
    case_file: CaseFile,
    *,
    to: str,
    at: datetime,
    source: str,
    details: dict,
    actor: User | None = None,
    actor_label: str = "",
) -> CaseFile:
    """Records consent given (clearing any withdrawal or decline) or declined, audited in
    the caller's transaction (every caller holds one)."""
    case_file = locked_case_file(case_file)
    case_file.records_consent = to
    case_file.records_consent_source = source
    if to == RecordsConsent.GIVEN:
        action = Action.CONSENT_RECORDED
        case_file.records_consent_at = at
        case_file.records_consent_withdrawn_at = None
        case_file.records_consent_declined_at = None
    else:
        action = Action.CONSENT_DECLINED
        case_file.records_consent_declined_at = at
    case_file.save()
    audit.record(
        action=action,
        actor=actor,
        actor_label=actor_label,
        target_ref=case_file.record_ref,
        details={"source": source, **details},
    )
    return case_file


def records_consent_withdraw(*, actor: User, case_file: CaseFile) -> CaseFile:
    """Consent that was given is withdrawn; nothing else can be withdrawn."""
    require_writable(actor, case_file)
    with transaction.atomic(durable=True):
        return _withdraw(actor=actor, case_file=case_file)


@part_of_action("contracting's withdrawal of the consent an agreement recorded")
def records_consent_withdraw_within(*, actor: User, case_file: CaseFile) -> CaseFile:
    """`records_consent_withdraw` inside the agreement's own transaction."""
    require_writable(actor, case_file)
    return _withdraw(actor=actor, case_file=case_file)


@part_of_action("contracting's acknowledgement of an agreement on paper")
def records_consent_on_paper(
    *, actor: User, case_file: CaseFile, given: bool, on: date, source: str
) -> CaseFile:
    """The box on the paper agreement, ticked (consent given) or left unticked (declined),
    inside the acknowledgement's own transaction."""
    require_writable(actor, case_file)
    if on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    return _consent_step(
        case_file,
        to=RecordsConsent.GIVEN if given else RecordsConsent.DECLINED,
        at=moment_of(on),
        source=source,
        actor=actor,
        details={},
    )


def _withdraw(*, actor: User, case_file: CaseFile) -> CaseFile:
    case_file = locked_case_file(case_file)
    if case_file.consent_withdrawn:
        return case_file
    if not case_file.has_records_consent:
        raise ValidationError(
            "There is no records consent to withdraw: the client has not given it."
        )
    case_file.records_consent = RecordsConsent.WITHDRAWN
    case_file.records_consent_withdrawn_at = timezone.now()
    case_file.save()
    audit.record(
        action=Action.CONSENT_WITHDRAWN,
        actor=actor,
        target_ref=case_file.record_ref,
    )
    return case_file


@part_of_action("contracting's acknowledgement of an agreement")
def records_consent_from_agreement(
    *,
    case_file: CaseFile,
    given: bool,
    source: str,
    agreement_ref: str = "",
) -> CaseFile:
    """The client's own choice about keeping records, made through a signing link: given,
    or declined by leaving the box unticked.

    No staff member acts, so there is no actor: the caller (contracting) has already
    checked the single-use link that proves who is choosing."""
    return _consent_step(
        case_file,
        to=RecordsConsent.GIVEN if given else RecordsConsent.DECLINED,
        at=timezone.now(),
        source=source,
        actor_label="client",
        details={"agreement": agreement_ref},
    )
