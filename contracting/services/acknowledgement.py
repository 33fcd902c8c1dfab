"""Acknowledgement and withdrawal: on paper in the session, or by the client through the link.

What is recorded is what happened: on paper, that the therapist and client discussed the
agreement; by link, that the client read the documents and accepted them. Either way the
records-consent box is a separate choice, and leaving it unticked records that the client
declined, so no note can be written until they say yes.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contracting import selectors
from contracting.audit_actions import Action
from contracting.models import Agreement, Signer
from contracting.services.base import require_own
from contracting.services.links import agreement_for_token
from contracting.transitions import AGREEMENT, LINK_HOLDER
from practice import audit
from practice.models import User
from records import services as record_services


def _audit_acknowledged(
    agreement: Agreement,
    *,
    consent_to_records: bool,
    actor: User | None = None,
    actor_label: str = "",
) -> None:
    audit.record(
        action=Action.ACKNOWLEDGED,
        actor=actor,
        actor_label=actor_label,
        target_ref=agreement.case_file.record_ref,
        details={
            "agreement": str(agreement.ref),
            "method": agreement.method,
            "signed_by": agreement.signed_by,
            "consent_to_records": consent_to_records,
        },
    )


def _acknowledge(
    agreement: Agreement,
    *,
    at: datetime,
    method: str,
    signed_by: str,
    confirmed: bool,
    consent_to_records: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
) -> None:
    """Fill in the acknowledgement. `confirmed` is, on paper, that the agreement was
    discussed; by link, that the client read the documents and accepted them."""
    if signed_by not in Signer.values:
        raise ValidationError({"signed_by": "Say who acknowledged the agreement."})
    if agreement.variant == "adult" and signed_by != Signer.CLIENT:
        raise ValidationError({"signed_by": "An adult client acknowledges for themselves."})
    by_link = method == Agreement.Method.LINK
    missing = [
        label
        for ok, label in (
            (
                confirmed,
                "that the documents were read and accepted"
                if by_link
                else "that the agreement was discussed",
            ),
            (privacy_notice_provided, "that the privacy notice was provided"),
            (supervision_explained, "that supervision was explained"),
        )
        if not ok
    ]
    if missing:
        raise ValidationError(
            "An agreement is acknowledged only once each of these is confirmed: "
            + "; ".join(missing)
            + "."
        )
    agreement.acknowledged_at = at
    agreement.method = method
    agreement.signed_by = signed_by
    agreement.discussed = confirmed and not by_link
    agreement.read_and_accepted = confirmed and by_link
    agreement.consent_to_records = consent_to_records
    agreement.privacy_notice_provided = privacy_notice_provided
    agreement.supervision_explained = supervision_explained
    if selectors.agreement_outdated_now(agreement):
        agreement.outdated_at = at


def agreement_accept_by_link(
    *,
    token: str,
    signed_by: str,
    signer_name: str,
    read_and_understood: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
    consent_to_records: bool,
) -> Agreement:
    """The client (or a parent) accepts through the link; it is spent in the same commit."""
    signer_name = signer_name.strip()
    if not signer_name or len(signer_name) > 200:
        raise ValidationError({"signer_name": "Type your full name (up to 200 characters)."})
    with transaction.atomic(durable=True):
        agreement = agreement_for_token(token, lock=True)
        agreement.status = AGREEMENT.check(actor=LINK_HOLDER, obj=agreement, action="accept_link")
        now = timezone.now()
        _acknowledge(
            agreement,
            at=now,
            method=Agreement.Method.LINK,
            signed_by=signed_by,
            confirmed=read_and_understood,
            consent_to_records=consent_to_records,
            privacy_notice_provided=privacy_notice_provided,
            supervision_explained=supervision_explained,
        )
        agreement.link_used_at = now
        agreement.set_signer_name(signer_name)
        agreement.save()
        record_services.records_consent_from_agreement(
            case_file=agreement.case_file,
            given=consent_to_records,
            source="contract_link",
            agreement_ref=str(agreement.ref),
        )
        _audit_acknowledged(
            agreement,
            actor_label="client",
            consent_to_records=consent_to_records,
        )
    return agreement


def agreement_acknowledge_paper(
    *,
    actor: User,
    agreement: Agreement,
    acknowledged_on: date,
    signed_by: str,
    discussed: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
    consent_to_records: bool,
) -> Agreement:
    """The therapist records an agreement signed on paper in the session.

    The records-consent box left unticked records that the client declined."""
    require_own(actor, agreement.case_file)
    today = timezone.localdate()
    if acknowledged_on > today:
        raise ValidationError({"acknowledged_on": "The date cannot be in the future."})
    if acknowledged_on < timezone.localtime(agreement.created_at).date():
        raise ValidationError(
            {"acknowledged_on": "The date is before these documents were prepared."}
        )
    at = (
        timezone.now()
        if acknowledged_on == today
        else datetime.combine(acknowledged_on, time(12), tzinfo=timezone.get_current_timezone())
    )
    with transaction.atomic(durable=True):
        agreement = AGREEMENT.locked_move(
            agreement,
            actor=actor,
            action="acknowledge_paper",
            queryset=Agreement.objects.select_related("case_file"),
        )
        _acknowledge(
            agreement,
            at=at,
            method=Agreement.Method.PAPER,
            signed_by=signed_by,
            confirmed=discussed,
            consent_to_records=consent_to_records,
            privacy_notice_provided=privacy_notice_provided,
            supervision_explained=supervision_explained,
        )
        agreement.save()
        # The box ticked gives consent; left unticked, the client declined.
        record_services.records_consent_on_paper(
            actor=actor,
            case_file=agreement.case_file,
            given=consent_to_records,
            on=acknowledged_on,
            source="contract_paper",
        )
        _audit_acknowledged(agreement, actor=actor, consent_to_records=consent_to_records)
    return agreement


def agreement_consent_withdraw(*, actor: User, agreement: Agreement) -> Agreement:
    """The client withdrew the consent to keeping records that this agreement recorded."""
    require_own(actor, agreement.case_file)
    with transaction.atomic(durable=True):
        agreement = (
            Agreement.objects.select_for_update().select_related("case_file").get(pk=agreement.pk)
        )
        if agreement.is_acknowledged and not agreement.consent_to_records:
            raise ValidationError(
                "This agreement did not record consent to keeping records, so there is no "
                "consent to withdraw."
            )
        if agreement.consent_withdrawn_at is not None:
            raise ValidationError("Withdrawal of consent is already recorded.")
        AGREEMENT.check(actor=actor, obj=agreement, action="withdraw_consent")
        agreement.consent_withdrawn_at = timezone.now()
        agreement.save(update_fields=["consent_withdrawn_at"])
        record_services.records_consent_withdraw_within(actor=actor, case_file=agreement.case_file)
        audit.record(
            action=Action.WITHDRAWN,
            actor=actor,
            target_ref=agreement.case_file.record_ref,
            details={"agreement": str(agreement.ref)},
        )
    return agreement
