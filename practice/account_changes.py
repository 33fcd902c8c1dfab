"""No one person hands themselves another person's account, or a colleague's clients.

Changing someone else's e-mail address, resetting their password or their second factor,
on an account that held a role in the last 30 days, is asked by one admin and applied only
when a second person approves: another admin, or the account's current supervisor (never
the requester, never the account's owner). Grants of access to client data (a role, a
supervision link, a caseload move: `practice.access_grants`) are approved by another admin
only, never by the one who gains. Requests expire. The owner is told at the old and the new
address, with no link that acts, and their next sign-in says who did what, when. A practice
with nobody to approve uses `manage.py account_change` on the server.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from practice import access_grants, audit, permissions, sources
from practice.access_grants import GRANT_KINDS
from practice.audit import Action
from practice.models import (
    AccountChange,
    AuditEvent,
    PracticeProfile,
    RecoveryCodeDevice,
    Supervision,
    User,
)
from practice.roles import Role
from practice.transitions import StateMachine, Transition, TransitionRefused

Kind, Status = AccountChange.Kind, AccountChange.Status
SERVER_LABEL = "server-command"


NO_SECOND_PERSON_LABEL = "no second person needed"


def needs_second_person(account: User) -> bool:
    """Every account that holds a role can reach client data in some way; so can one that
    held a role at any time in the window, or whose roles changed in it, or that waits
    for a role (taking the roles off first does not take the rule off)."""
    if account.role_names & set(Role.values):
        return True
    since = timezone.now() - timedelta(days=settings.ACCOUNT_ROLE_WINDOW_DAYS)
    events = AuditEvent.objects.filter(
        target_ref=str(account.ref),
        action__in=[Action.STAFF_CREATED, Action.STAFF_UPDATED],
        created_at__gte=since,
    ).values_list("details", flat=True)
    for details in events:
        if any(details.get(key) for key in ("roles", "roles_before", "roles_after")):
            return True
    return AccountChange.objects.filter(
        account=account, kind=Kind.ROLE, status=Status.PENDING
    ).exists()


def can_request(actor: User, account: User, kind: str = Kind.EMAIL) -> bool:
    """An admin asks; for a grant of access even for themselves (someone else approves)."""
    if kind in GRANT_KINDS:
        return permissions.can_manage_staff(actor)
    return permissions.can_manage_staff(actor) and actor.pk != account.pk


def supervises(actor: User, account: User) -> bool:
    return (
        actor.has_role(Role.SUPERVISOR)
        and Supervision.objects.current().filter(therapist=account, supervisor=actor).exists()
    )


def can_approve(actor: User, change: AccountChange) -> bool:
    if actor.pk in (change.requested_by_id, change.account_id, change.counterpart_id):
        return False
    if change.kind in GRANT_KINDS:  # another admin only: a supervisor does not grant access
        return permissions.is_practice_admin(actor)
    if permissions.can_manage_staff(actor):
        return True
    known = getattr(change, "account_supervisor_ids", None)  # read with the list (below)
    if known is not None:
        return actor.has_role(Role.SUPERVISOR) and actor.pk in known
    return supervises(actor, change.account)


def can_cancel(actor: User, change: AccountChange) -> bool:
    return actor.pk == change.requested_by_id


MACHINE = StateMachine(
    "account change",
    states=Status.values,
    transitions=[
        Transition(Status.PENDING, "approve", Status.APPLIED, "second_person"),
        Transition(Status.PENDING, "refuse", Status.REFUSED, "second_person"),
        Transition(Status.PENDING, "cancel", Status.CANCELLED, "requester"),
    ],
    parties={"second_person": can_approve, "requester": can_cancel},
    refusals={
        "approve": "This request was already decided.",
        "refuse": "This request was already decided.",
        "cancel": "This request was already decided.",
    },
)


def email_recently_set_by_someone_else(user: User) -> bool:
    """No password-reset link goes to an address someone else set in the last 7 days."""
    if user.email_changed_at is None or user.email_changed_by_id in (None, user.pk):
        return False
    window = timedelta(days=settings.EMAIL_CHANGE_COOLING_DAYS)
    return timezone.now() - user.email_changed_at < window


# -- telling the owner (no link that acts) ----------------------------------------------


def _tell(addresses: list[str], subject: str, body: str) -> None:
    addresses = sorted({address for address in addresses if address})
    if not addresses:
        return
    practice = PracticeProfile.load().name or "your practice"
    text = (
        f"{body}\n\nIf you did not expect this, tell another admin or your supervisor at "
        f"{practice} straight away. This message has no link: sign in as you usually do.\n"
    )
    transaction.on_commit(lambda: send_mail(subject, text, None, addresses, fail_silently=False))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y at %H:%M")


def what(change: AccountChange) -> str:
    """The change in words: 'second-factor reset', 'grant of … (the therapist role for x)'."""
    if change.kind in GRANT_KINDS:
        return f"{change.get_kind_display()} ({access_grants.describe_grant(change)})"
    return change.get_kind_display()


def describe(change: AccountChange) -> str:
    """'Your second-factor reset was asked by admin on … and approved by supervisor on …'."""
    asked = change.requested_by.username if change.requested_by_id else SERVER_LABEL
    text = f"Your {what(change)} was asked for by {asked} on {_when(change.requested_at)}"
    if change.status == Status.APPLIED and change.decided_at:
        text += f" and approved by {change.decided_by_label} on {_when(change.decided_at)}"
    return text + "."


# -- services ----------------------------------------------------------------------------


def _told(change: AccountChange) -> list[str]:
    """Who hears of a change: the owner; for a grant also the person who gains access and
    the practice's own address, so a one-admin practice has a witness."""
    addresses = [change.account.email]
    if change.kind in GRANT_KINDS:
        addresses += [change.counterpart.email if change.counterpart_id else ""]
        addresses += [PracticeProfile.load().email]
    return addresses


def _validate(account: User, kind: str, new_email: str, role: str = "") -> None:
    if kind not in Kind.values:
        raise ValidationError("Unknown kind of change.")
    if kind == Kind.EMAIL:
        if not new_email:
            raise ValidationError("Give the new e-mail address.")
        if new_email.lower() == (account.email or "").lower():
            raise ValidationError("That is already the account's e-mail address.")
    waiting = AccountChange.objects.filter(account=account, kind=kind, status=Status.PENDING)
    if kind == Kind.ROLE:
        waiting = waiting.filter(role=role)
    if waiting.filter(expires_at__gt=timezone.now()).exists():
        raise ValidationError(
            f"A {Kind(kind).label} for {account.username} is already waiting for approval."
        )


def request_change(
    *,
    actor: User,
    account: User,
    kind: str,
    new_email: str = "",
    role: str = "",
    counterpart: User | None = None,
    starts_on=None,
) -> AccountChange:
    """Record a request inside the caller's transaction (staff_update uses this)."""
    if not can_request(actor, account, kind):
        raise PermissionDenied("Only another admin can ask for this change to an account.")
    if kind in GRANT_KINDS:
        refused = access_grants.refusal(
            actor=actor, account=account, kind=kind, role=role, counterpart=counterpart
        )
        if refused is not None:
            raise refused
    _validate(account, kind, new_email, role)
    now = timezone.now()
    change = AccountChange.objects.create(
        account=account,
        kind=kind,
        new_email=new_email if kind == Kind.EMAIL else "",
        role=role if kind == Kind.ROLE else "",
        counterpart=counterpart if kind in (Kind.SUPERVISION, Kind.CASELOAD) else None,
        starts_on=starts_on if kind == Kind.SUPERVISION else None,
        requested_by=actor,
        requested_at=now,
        expires_at=now + timedelta(hours=settings.ACCOUNT_CHANGE_HOURS),
    )
    details = {"kind": kind, "change": str(change.ref)}
    if kind == Kind.ROLE:
        details["role"] = role
    if change.counterpart_id:
        details["to"] = str(counterpart.ref)
    audit.record(
        action=Action.ACCOUNT_CHANGE_REQUESTED,
        actor=actor,
        target_ref=str(account.ref),
        details=details,
    )
    _tell(
        _told(change),
        "A change to your account was requested",
        f"{actor.username} asked for a {what(change)} of your account "
        f"{account.username} on {_when(now)}. Nothing changes until a second person "
        "approves it.",
    )
    return change


def account_change_request(
    *,
    actor: User,
    account: User,
    kind: str,
    new_email: str = "",
    role: str = "",
    counterpart: User | None = None,
    starts_on=None,
) -> AccountChange:
    """Ask for a change. A grant refused by a rule (the move to the asker, an admin's own
    caseload) changes nothing and is kept on the trail."""
    try:
        with transaction.atomic(durable=True):
            return request_change(
                actor=actor,
                account=account,
                kind=kind,
                new_email=new_email,
                role=role,
                counterpart=counterpart,
                starts_on=starts_on,
            )
    except access_grants.GrantRefused as error:
        if error.code != "invalid":
            access_grants.blocked(actor=actor, account=account, kind=kind, code=error.code)
        raise


def email_change_now(*, change: AccountChange) -> None:
    """An e-mail change to an account that needs no second person (no role in the window):
    applied at once, but on the same path: stamped, audited, the old address told."""
    change.status = Status.APPLIED
    change.decided_by_label = NO_SECOND_PERSON_LABEL
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by_label", "decided_at"])
    _apply(change)


def _locked(change: AccountChange) -> AccountChange:
    return AccountChange.objects.select_for_update().select_related("account").get(pk=change.pk)


def _apply(change: AccountChange) -> None:
    account = User.objects.select_for_update().get(pk=change.account_id)
    old_email = account.email
    if change.kind in GRANT_KINDS:
        access_grants.apply(change)
        _tell(_told(change), "A change to your account was made", f"{describe(change)}")
        return
    if change.kind == Kind.EMAIL:
        account.email = change.new_email
        account.email_changed_at = timezone.now()
        account.email_changed_by_id = change.requested_by_id
        account.save(update_fields=["email", "email_changed_at", "email_changed_by"])
    elif change.kind == Kind.PASSWORD:
        # The old password stops working and every session ends; the owner chooses a new
        # one through "Forgotten your password?" (never a link chosen by the requester).
        account.password = make_password(None)
        account.save(update_fields=["password"])
    else:
        TOTPDevice.objects.filter(user=account).delete()
        RecoveryCodeDevice.objects.filter(user=account).delete()
        WebAuthnCredential.objects.filter(user=account).delete()
    next_step = {
        Kind.EMAIL: f"Messages now go to {change.new_email}.",
        Kind.PASSWORD: "Choose a new password with 'Forgotten your password?' on the sign-in page.",
        Kind.SECOND_FACTOR: "You will set up a new second factor at your next sign-in.",
    }[change.kind]
    _tell(
        [old_email, account.email],
        "A change to your account was made",
        f"{describe(change)} {next_step}",
    )


def account_change_approve(*, actor: User | None, change: AccountChange) -> AccountChange:
    """Approve and apply. `actor=None` only from the server command (nobody to approve).

    An approval by the requester, or by the person the change gives access to, changes
    nothing and is kept on the trail."""
    try:
        return _approve(actor=actor, change=change)
    except TransitionRefused as error:
        if actor is None or error.code != "party" or change.kind not in GRANT_KINDS:
            raise
        if actor.pk == change.requested_by_id:
            code, reason = "self_approval", "You asked for this change: another admin approves it."
        elif actor.pk in (change.account_id, change.counterpart_id):
            code, reason = "self_benefit", "You cannot approve a change that gives you access."
        else:
            code, reason = "not_second_person", "Only another admin can approve this change."
        access_grants.blocked(actor=actor, account=change.account, kind=change.kind, code=code)
        raise TransitionRefused(reason, code="party") from error


def _approve(*, actor: User | None, change: AccountChange) -> AccountChange:
    with transaction.atomic(durable=True):
        change = _locked(change)
        if actor is not None:
            MACHINE.check(actor=actor, obj=change, action="approve")
        elif change.status != Status.PENDING:
            raise TransitionRefused(MACHINE.refusals["approve"])
        if change.is_expired:
            raise TransitionRefused(
                f"This request expired on {_when(change.expires_at)}. Ask again if it is "
                "still needed."
            )
        change.status = Status.APPLIED
        change.decided_by = actor
        change.decided_by_label = actor.username if actor else SERVER_LABEL
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at"])
        _apply(change)
        audit.record(
            action=Action.ACCOUNT_CHANGE_APPROVED,
            actor=actor,
            actor_label="" if actor else SERVER_LABEL,
            target_ref=str(change.account.ref),
            source=sources.current() or "server",  # outside a request: the server
            details={
                "kind": change.kind,
                "change": str(change.ref),
                "requested_by": change.requested_by.username if change.requested_by else "",
                **({"role": change.role} if change.role else {}),
            },
        )
    return change


def _close(*, actor: User, change: AccountChange, action: str, event: str) -> AccountChange:
    with transaction.atomic(durable=True):
        change = _locked(change)
        change.status = MACHINE.check(actor=actor, obj=change, action=action)
        if action != "cancel":  # the requester withdrawing is not a second person deciding
            change.decided_by = actor
        change.decided_by_label = actor.username
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at"])
        audit.record(
            action=event,
            actor=actor,
            target_ref=str(change.account.ref),
            details={"kind": change.kind, "change": str(change.ref)},
        )
    return change


def account_change_refuse(*, actor: User, change: AccountChange) -> AccountChange:
    return _close(
        actor=actor,
        change=change,
        action="refuse",
        event=Action.ACCOUNT_CHANGE_REFUSED,
    )


def account_change_cancel(*, actor: User, change: AccountChange) -> AccountChange:
    return _close(
        actor=actor,
        change=change,
        action="cancel",
        event=Action.ACCOUNT_CHANGE_CANCELLED,
    )


def server_request(*, account: User, kind: str, new_email: str = "") -> AccountChange:
    """From `manage.py account_change`: a request by the server itself, applied at once."""
    _validate(account, kind, new_email)
    now = timezone.now()
    with transaction.atomic(durable=True):
        change = AccountChange.objects.create(
            account=account,
            kind=kind,
            new_email=new_email if kind == Kind.EMAIL else "",
            requested_at=now,
            expires_at=now + timedelta(hours=settings.ACCOUNT_CHANGE_HOURS),
        )
        audit.record(
            action=Action.ACCOUNT_CHANGE_REQUESTED,
            actor_label=SERVER_LABEL,
            target_ref=str(account.ref),
            source="server",
            details={"kind": kind, "change": str(change.ref)},
        )
    return account_change_approve(actor=None, change=change)


# -- reads -------------------------------------------------------------------------------


def pending_for(actor: User) -> QuerySet[AccountChange]:
    """Pending requests this person may decide or withdraw, newest first: in the database,
    the same people as `can_approve` or `can_cancel` (a test holds the two together)."""
    mine = Q(requested_by=actor)
    not_involved = ~Q(requested_by=actor) & ~Q(account=actor) & ~Q(counterpart=actor)
    if permissions.can_manage_staff(actor):
        decide = not_involved
    elif actor.has_role(Role.SUPERVISOR):
        supervised = Supervision.objects.current().filter(supervisor=actor).values("therapist_id")
        decide = not_involved & Q(account_id__in=supervised) & ~Q(kind__in=GRANT_KINDS)
    else:
        decide = Q(pk__in=[])
    return (
        AccountChange.objects.filter(status=Status.PENDING)
        .filter(mine | decide)
        .select_related("account", "requested_by", "counterpart")
        .order_by("-requested_at", "-pk")
    )


def with_supervisors(changes: list[AccountChange]) -> list[AccountChange]:
    """Read each account's current supervisors in one query, so `can_approve` on a page of
    changes asks the database nothing more."""
    supervisors: dict[int, set[int]] = {change.account_id: set() for change in changes}
    links = Supervision.objects.current().filter(therapist_id__in=list(supervisors))
    for therapist_id, supervisor_id in links.values_list("therapist_id", "supervisor_id"):
        supervisors[therapist_id].add(supervisor_id)
    for change in changes:
        change.account_supervisor_ids = supervisors[change.account_id]
    return changes


def change_for(actor: User, ref) -> AccountChange | None:
    """One request, only if this person may decide or withdraw it, or would gain by a
    grant (so trying to approve it is refused with a reason, on the trail); else None."""
    change = (
        AccountChange.objects.select_related("account", "requested_by", "counterpart")
        .filter(ref=ref)
        .first()
    )
    if change is None:
        return None
    gains = change.kind in GRANT_KINDS and access_grants.gains_access(actor, change)
    if not (can_approve(actor, change) or can_cancel(actor, change) or gains):
        return None
    return change


def pending_of(account: User) -> list[AccountChange]:
    return list(
        AccountChange.objects.filter(account=account, status=Status.PENDING).select_related(
            "requested_by", "counterpart"
        )
    )


def sign_in_notices(user: User) -> list[str]:
    """What to tell the owner at sign-in: changes made to the account since they last knew.

    Marks them told, so each is said once.
    """
    changes = list(
        AccountChange.objects.filter(
            account=user, status=Status.APPLIED, owner_told_at__isnull=True
        ).select_related("requested_by", "account", "counterpart")
    )
    if changes:
        AccountChange.objects.filter(pk__in=[c.pk for c in changes]).update(
            owner_told_at=timezone.now()
        )
    return [describe(change) for change in changes]
