"""Every write of the professional will: naming, countersigning, asking, approving,
cancelling and ending, and the executor's checklist. Each is one durable action with its
audit event; a refusal changes nothing, is kept on the trail in its own transaction, and
raises the reason for the page."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from practice import audit, documents, links
from practice import services as practice_services
from practice.actions import part_of_action
from practice.actors import system_actor
from practice.links import LinkRefused
from practice.models import PracticeProfile, User
from practice.roles import Role
from wills import invitations, letters, permissions, telling
from wills.audit_actions import Action
from wills.models import Activation, ChecklistStep, Nomination, WillLetter


class WillRefused(ValidationError):
    """An action the will's rules refuse; `code` names the rule, for the audit event."""


def _refuse(*, actor, target_ref: str, rule: tuple[str, str], doing: str) -> WillRefused:
    """Keep the refused attempt on the trail (its own transaction: nothing else changed)."""
    code, reason = rule
    with transaction.atomic():
        audit.record(
            action=Action.REFUSED,
            actor=actor,
            target_ref=target_ref,
            details={"doing": doing, "rule": code},
        )
    return WillRefused(reason, code=code)


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def nomination_create(*, actor: User, executor: User | None, may_send_letters: bool) -> Nomination:
    """The therapist names an executor; it counts once an admin countersigns it."""
    refusal = permissions.nomination_refusal(therapist=actor, executor=executor)
    if (
        refusal is None
        and Nomination.objects.filter(
            therapist=actor, executor=executor, withdrawn_at__isnull=True
        ).exists()
    ):
        refusal = ("twice", f"You have already named {executor.username}.")
    if refusal is not None:
        raise _refuse(actor=actor, target_ref=str(actor.ref), rule=refusal, doing="name")
    with transaction.atomic(durable=True):
        nomination = Nomination.objects.create(
            therapist=actor,
            executor=executor,
            may_send_letters=may_send_letters,
            created_at=timezone.now(),
        )
        audit.record(
            action=Action.NOMINATED,
            actor=actor,
            target_ref=str(nomination.ref),
            details={"executor": str(executor.ref), "may_send_letters": may_send_letters},
        )
    return nomination


def nomination_invite(*, actor: User, email: str, may_send_letters: bool) -> Nomination:
    """The therapist names someone who has no account yet, by e-mail address; once an admin
    countersigns, the invitation goes out (`nomination_countersign`)."""
    email = (email or "").strip()
    refusal = permissions.invitation_refusal(therapist=actor, email=email)
    if (
        refusal is None
        and Nomination.objects.filter(
            therapist=actor, invited_email__iexact=email, withdrawn_at__isnull=True
        ).exists()
    ):
        refusal = ("twice", "You have already named the person at this address.")
    if refusal is not None:
        raise _refuse(actor=actor, target_ref=str(actor.ref), rule=refusal, doing="invite")
    with transaction.atomic(durable=True):
        nomination = Nomination.objects.create(
            therapist=actor,
            invited_email=email,
            may_send_letters=may_send_letters,
            created_at=timezone.now(),
        )
        audit.record(
            action=Action.NOMINATED,
            actor=actor,
            target_ref=str(nomination.ref),
            details={"invited": True, "may_send_letters": may_send_letters},
        )
    return nomination


@part_of_action("countersigning or re-sending an invitation")
def _invitation_issue(*, actor: User, nomination: Nomination, site_url: str) -> str:
    """A new single-use link for the naming (any earlier one stops working), e-mailed to the
    address named once the action commits; returns its URL."""
    token = links.new_token()
    now = timezone.now()
    expires = now + timedelta(hours=settings.WILL_INVITATION_HOURS)
    nomination.invitation_token_hash = links.token_hash(token)
    nomination.invitation_sent_at, nomination.invitation_expires_at = now, expires
    nomination.save(
        update_fields=["invitation_token_hash", "invitation_sent_at", "invitation_expires_at"]
    )
    audit.record(
        action=Action.INVITATION_SENT,
        actor=actor,
        target_ref=str(nomination.ref),
        details={"hours": settings.WILL_INVITATION_HOURS},
    )
    url = invitations.url_of(token, site_url)
    message = invitations.message(url=url, expires=expires, to=nomination.invited_email)
    transaction.on_commit(lambda: message.send(fail_silently=False))
    return url


def nomination_countersign(
    *, actor: User, nomination: Nomination, site_url: str = ""
) -> Nomination:
    """An admin who is neither party countersigns; a person named by e-mail is sent their
    invitation now (the naming is usable once they made the account and set up two-step
    sign-in)."""
    with transaction.atomic(durable=True):
        nomination = _locked(Nomination, nomination)
        refusal = permissions.countersign_refusal(actor, nomination)
        if refusal is None:
            nomination.countersigned_by, nomination.countersigned_at = actor, timezone.now()
            nomination.save(update_fields=["countersigned_by", "countersigned_at"])
            audit.record(action=Action.COUNTERSIGNED, actor=actor, target_ref=str(nomination.ref))
            if nomination.is_invitation and nomination.executor_id is None:
                _invitation_issue(actor=actor, nomination=nomination, site_url=site_url)
            return nomination
    raise _refuse(actor=actor, target_ref=str(nomination.ref), rule=refusal, doing="countersign")


def invitation_send(*, actor: User, nomination: Nomination, site_url: str = "") -> str:
    """An admin sends the invitation again (the earlier link stops working); its URL."""
    with transaction.atomic(durable=True):
        nomination = _locked(Nomination, nomination)
        refusal = permissions.resend_refusal(actor, nomination)
        if refusal is None:
            return _invitation_issue(actor=actor, nomination=nomination, site_url=site_url)
    raise _refuse(actor=actor, target_ref=str(nomination.ref), rule=refusal, doing="resend")


def invitation_accept(
    *, token: str, username: str, password: str, first_name: str, last_name: str
) -> User:
    """The invited person makes their account: the executor role, given because the
    therapist named them and an admin countersigned (two people), and bound to the naming.
    The link is spent; a refused link or bad input changes nothing."""
    with transaction.atomic(durable=True):
        nomination = invitations.nomination_for_token(token, lock=True)
        user = practice_services.account_make(
            actor=system_actor("invitation"),
            username=username.strip(),
            password=password,
            roles=[Role.EXECUTOR],
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=nomination.invited_email,
            check_password=True,
        )
        nomination.executor, nomination.invitation_used_at = user, timezone.now()
        nomination.save(update_fields=["executor", "invitation_used_at"])
        audit.record(
            action=Action.INVITATION_ACCEPTED,
            actor=user,
            target_ref=str(nomination.ref),
            details={"account": str(user.ref)},
        )
    return user


def invitation_refused(*, token: str) -> LinkRefused | None:
    """Why the invitation link cannot be used (the refusal kept on the trail), or None."""
    try:
        invitations.nomination_for_token(token, lock=False)
    except LinkRefused as refusal:
        nomination = (
            Nomination.objects.filter(invitation_token_hash=links.token_hash(token)).first()
            if links.well_formed(token)
            else None
        )
        with transaction.atomic(durable=True):
            audit.record(
                action=Action.REFUSED,
                actor_label="invitation-link",
                target_ref=str(nomination.ref) if nomination else "",
                details={
                    "doing": "invitation",
                    "rule": "used_or_expired" if nomination else "unknown",
                },
            )
        return refusal
    return None


def nomination_withdraw(*, actor: User, nomination: Nomination) -> Nomination:
    """The therapist takes a naming back; an activation still open is ended with it."""
    with transaction.atomic(durable=True):
        nomination = _locked(Nomination, nomination)
        if actor.pk == nomination.therapist_id and nomination.withdrawn_at is None:
            now = timezone.now()
            nomination.withdrawn_at = now
            nomination.save(update_fields=["withdrawn_at"])
            for activation in nomination.activations.filter(
                cancelled_at__isnull=True, ended_at__isnull=True
            ):
                activation.cancelled_by, activation.cancelled_at = actor, now
                activation.save(update_fields=["cancelled_by", "cancelled_at"])
            audit.record(action=Action.WITHDRAWN, actor=actor, target_ref=str(nomination.ref))
            return nomination
    rule = ("not_yours", "Only the therapist who made this naming can withdraw it.")
    raise _refuse(actor=actor, target_ref=str(nomination.ref), rule=rule, doing="withdraw")


def activation_ask(
    *,
    actor: User,
    nomination: Nomination,
    reason: str,
    unreachable_days: int | None,
    explanation: str,
) -> Activation:
    """The executor asks, with a reason; the therapist is told at once (unless a death)."""
    refusal = None
    if actor.pk != nomination.executor_id or not permissions.may_act_as_executor(actor):
        refusal = ("not_executor", "Only the executor this will names can ask to activate it.")
    elif nomination.awaiting_account:
        refusal = (
            "not_enrolled",
            "Set up two-step sign-in on your account first: the naming can be used only then.",
        )
    elif not nomination.in_force:
        refusal = ("not_in_force", "This naming is not in force: an admin has not countersigned.")
    elif reason not in Activation.Reason.values:
        refusal = ("invalid", "Choose a reason.")
    elif reason == Activation.Reason.UNREACHABLE and not (unreachable_days or 0) >= 1:
        refusal = ("invalid", "Say for how many days the therapist has not been reachable.")
    elif not explanation.strip():
        refusal = ("invalid", "Say in a few words what happened.")
    elif nomination.activations.filter(cancelled_at__isnull=True, ended_at__isnull=True).exclude(
        approved_at__isnull=False, ends_at__lte=timezone.now()
    ):
        refusal = ("open", "An activation of this will is already asked or open.")
    if refusal is not None:
        raise _refuse(actor=actor, target_ref=str(nomination.ref), rule=refusal, doing="ask")
    with transaction.atomic(durable=True):
        activation = Activation.objects.create(
            nomination=nomination,
            reason=reason,
            unreachable_days=unreachable_days if reason == Activation.Reason.UNREACHABLE else None,
            explanation=explanation.strip(),
            asked_at=timezone.now(),
        )
        audit.record(
            action=Action.ACTIVATION_ASKED,
            actor=actor,
            target_ref=str(activation.ref),
            details={"nomination": str(nomination.ref), "reason": reason},
        )
        if reason != Activation.Reason.DEATH:
            telling.therapist_of_asking(activation)
    return activation


def activation_approve(*, actor: User, activation: Activation) -> Activation:
    """The second person approves. Access begins at once for a death; otherwise after the
    cancel window, in which the therapist (told again now) may stop it."""
    with transaction.atomic(durable=True):
        activation = _locked(Activation, activation)
        refusal = permissions.approval_refusal(actor, activation)
        if refusal is None:
            now = timezone.now()
            window = (
                timedelta(0)
                if activation.reason == Activation.Reason.DEATH
                else timedelta(hours=settings.WILL_CANCEL_WINDOW_HOURS)
            )
            activation.approved_by, activation.approved_at = actor, now
            activation.starts_at = now + window
            activation.ends_at = activation.starts_at + timedelta(days=settings.WILL_ACCESS_DAYS)
            activation.save(update_fields=["approved_by", "approved_at", "starts_at", "ends_at"])
            audit.record(
                action=Action.ACTIVATION_APPROVED,
                actor=actor,
                target_ref=str(activation.ref),
                details={"window_hours": int(window.total_seconds() // 3600)},
            )
            if activation.reason != Activation.Reason.DEATH:
                telling.therapist_of_approval(activation)
            return activation
    raise _refuse(actor=actor, target_ref=str(activation.ref), rule=refusal, doing="approve")


def activation_cancel(*, actor: User, activation: Activation) -> Activation:
    with transaction.atomic(durable=True):
        activation = _locked(Activation, activation)
        refusal = permissions.cancel_refusal(actor, activation)
        if refusal is None:
            activation.cancelled_by, activation.cancelled_at = actor, timezone.now()
            activation.save(update_fields=["cancelled_by", "cancelled_at"])
            audit.record(
                action=Action.ACTIVATION_CANCELLED, actor=actor, target_ref=str(activation.ref)
            )
            return activation
    raise _refuse(actor=actor, target_ref=str(activation.ref), rule=refusal, doing="cancel")


def activation_end(*, actor: User, activation: Activation) -> Activation:
    with transaction.atomic(durable=True):
        activation = _locked(Activation, activation)
        refusal = permissions.end_refusal(actor, activation)
        if refusal is None:
            activation.ended_by, activation.ended_at = actor, timezone.now()
            activation.save(update_fields=["ended_by", "ended_at"])
            audit.record(action=Action.ACCESS_ENDED, actor=actor, target_ref=str(activation.ref))
            return activation
    raise _refuse(actor=actor, target_ref=str(activation.ref), rule=refusal, doing="end")


def step_record(
    *,
    actor: User,
    activation: Activation,
    record_ref: str,
    step: str,
    method: str,
    done_on: date,
) -> ChecklistStep:
    """One checklist step for one client. The caller reached the client through
    `wills.access`, which checked the activation is open and the client is in it."""
    refusal = None
    if step not in ChecklistStep.Step.values or method not in ChecklistStep.Method.values:
        refusal = ("invalid", "Choose the step and how it was done.")
    elif done_on > timezone.localdate():
        refusal = ("invalid", "The day it was done cannot be in the future.")
    if refusal is not None:
        raise _refuse(actor=actor, target_ref=record_ref, rule=refusal, doing="record_step")
    with transaction.atomic(durable=True):
        entry = ChecklistStep.objects.create(
            activation=activation,
            record_ref=record_ref,
            step=step,
            method=method,
            done_on=done_on,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(
            action=Action.STEP_RECORDED,
            actor=actor,
            target_ref=record_ref,
            details={"activation": str(activation.ref), "step": step, "method": method},
        )
    return entry


def letter_issue(*, actor: User, activation: Activation, client) -> tuple[WillLetter, bytes]:
    """Print the letter for one client and keep the record of it (its hash, not its words).
    The caller reached the client through `wills.access`."""
    if not activation.nomination.may_send_letters:
        rule = ("no_letters", "This will does not let the executor write to clients.")
        raise _refuse(actor=actor, target_ref=client.record_ref, rule=rule, doing="letter")
    document = letters.pdf(letters.compose(activation, client))
    with transaction.atomic(durable=True):
        letter = WillLetter.objects.create(
            activation=activation,
            record_ref=client.record_ref,
            issued_by=actor,
            issued_at=timezone.now(),
            channel=WillLetter.Channel.PRINTED,
            pdf_sha256=documents.fingerprint(document),
        )
        audit.record(
            action=Action.LETTER_ISSUED,
            actor=actor,
            target_ref=client.record_ref,
            details={"activation": str(activation.ref), "letter": str(letter.ref)},
        )
    return letter, document


def letter_email(*, actor: User, activation: Activation, client) -> WillLetter:
    """Send the letter to one client by e-mail, to the address they gave, once the record
    of it commits. The caller reached the client through `wills.access`."""
    refusal = permissions.email_refusal(activation, client)
    if refusal is not None:
        raise _refuse(actor=actor, target_ref=client.record_ref, rule=refusal, doing="email")
    text = letters.email_text(letters.compose(activation, client))
    _name, sender = links.practice_sender(PracticeProfile.load())
    message = EmailMessage(letters.EMAIL_SUBJECT, text, sender, [client.email])
    with transaction.atomic(durable=True):
        letter = WillLetter.objects.create(
            activation=activation,
            record_ref=client.record_ref,
            issued_by=actor,
            issued_at=timezone.now(),
            channel=WillLetter.Channel.EMAILED,
            pdf_sha256=documents.fingerprint(f"{letters.EMAIL_SUBJECT}\n\n{text}".encode()),
        )
        audit.record(
            action=Action.LETTER_EMAILED,
            actor=actor,
            target_ref=client.record_ref,
            details={"activation": str(activation.ref), "letter": str(letter.ref)},
        )
        transaction.on_commit(lambda: message.send(fail_silently=False))
    return letter


def records_keep(*, actor: User, activation: Activation) -> Activation:
    """An admin records that the absent therapist's case files stay with the practice under
    the retention policy until disposal (nobody new reads them; the executor never does)."""
    with transaction.atomic(durable=True):
        activation = _locked(Activation, activation)
        refusal = permissions.records_keep_refusal(actor, activation)
        if refusal is None:
            activation.records_kept_by, activation.records_kept_at = actor, timezone.now()
            activation.save(update_fields=["records_kept_by", "records_kept_at"])
            audit.record(action=Action.RECORDS_KEPT, actor=actor, target_ref=str(activation.ref))
            return activation
    raise _refuse(actor=actor, target_ref=str(activation.ref), rule=refusal, doing="records")
