"""Every write to staff, supervision and the practice profile, each audited in its transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import access_grants, account_changes, audit, permissions
from practice.access_grants import DATA_ROLES
from practice.actions import in_steps, part_of_action
from practice.actors import SystemActor
from practice.audit_actions import Action
from practice.models import AccountChange, PracticeProfile, Supervision, User
from practice.roles import Role


def _set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(f"Unknown role: {', '.join(sorted(unknown))}")
    user.groups.set(Group.objects.filter(name__in=roles))
    if hasattr(user, "_role_names"):
        del user._role_names


def staff_create(
    *,
    actor: User | SystemActor,
    username: str,
    password: str,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A new account. The installation (the first account, the demo) gives any roles; a
    person's new colleague gets the roles that read client data only when a second admin
    approves (each is asked for here, as an account change)."""
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    asked = [] if permissions.is_system(actor) else sorted(set(roles) & DATA_ROLES)
    given = sorted(set(roles) - set(asked))
    with transaction.atomic(durable=True):
        user = account_make(
            actor=actor,
            username=username,
            password=password,
            roles=given,
            first_name=first_name,
            last_name=last_name,
            email=email,
            roles_asked=asked,
        )
        for role in asked:
            account_changes.request_change(
                actor=actor, account=user, kind=AccountChange.Kind.ROLE, role=role
            )
    return user


@part_of_action("staff_create, or accepting an executor's invitation (wills)")
def account_make(
    *,
    actor: User | SystemActor,
    username: str,
    password: str,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles_asked: list[str] | None = None,
    check_password: bool = False,
) -> User:
    """One new account with `roles` given, its creation on the trail. The caller decided
    the roles may be given (a second person agreed). `check_password` runs the password
    rules, for an account a person makes for themselves."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if check_password:
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _set_roles(user, roles)
    audit.record(
        action=Action.STAFF_CREATED,
        actor=actor,
        target_ref=str(user.ref),
        details={"roles": sorted(roles), "roles_asked": roles_asked or []},
    )
    return user


def staff_update(
    *,
    actor: User,
    user: User,
    roles: list[str],
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    """Names, e-mail and roles. Someone else's e-mail address is a way into their account:
    it is asked for (and applied at once only when the account held no role in the
    window). A role that reads client data is asked for too, for anyone, oneself above all:
    a second admin approves it. Roles are taken away at once."""
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    if actor.pk == user.pk and Role.ADMIN not in roles:
        raise ValidationError("You cannot remove the admin role from your own account.")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(f"Unknown role: {', '.join(sorted(unknown))}")
    with transaction.atomic(durable=True):
        before = sorted(user.role_names)
        asked = sorted((set(roles) - set(before)) & DATA_ROLES)
        roles = sorted(set(roles) - set(asked))
        if email != user.email and actor.pk != user.pk:
            if not email:
                raise ValidationError("Someone else's e-mail address can be changed, not removed.")
            change = account_changes.request_change(
                actor=actor,
                account=user,
                kind=AccountChange.Kind.EMAIL,
                new_email=email,
            )
            if not account_changes.needs_second_person(user):
                account_changes.email_change_now(change=change)
                user.refresh_from_db(fields=["email", "email_changed_at", "email_changed_by"])
            email = user.email
        elif email != user.email:
            user.email_changed_at, user.email_changed_by = timezone.now(), actor
        changed = [
            field
            for field, value in (
                ("first_name", first_name),
                ("last_name", last_name),
                ("email", email),
            )
            if getattr(user, field) != value
        ]
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.full_clean(exclude=["password"])
        user.save()
        _set_roles(user, roles)
        audit.record(
            action=Action.STAFF_UPDATED,
            actor=actor,
            target_ref=str(user.ref),
            details={
                "fields": changed,
                "roles_before": before,
                "roles_after": sorted(roles),
                "roles_asked": asked,
            },
        )
        for role in asked:
            account_changes.request_change(
                actor=actor, account=user, kind=AccountChange.Kind.ROLE, role=role
            )
    return user


def staff_set_active(*, actor: User, user: User, active: bool) -> User:
    _may_set_active(actor, user, active)
    with transaction.atomic(durable=True):
        return _set_active(actor=actor, user=user, active=active)


@part_of_action("clients.services.caseload_transfer_apply (a leaver's move)")
def staff_deactivate_within(*, actor: User, user: User) -> User:
    """`staff_set_active(active=False)` inside a larger action's transaction."""
    _may_set_active(actor, user, False)
    return _set_active(actor=actor, user=user, active=False)


def _may_set_active(actor: User, user: User, active: bool) -> None:
    if not active:
        allowed, reason = permissions.can_deactivate(actor, user)
        if not allowed:
            raise PermissionDenied(reason)
    elif not permissions.can_manage_staff(actor):
        raise PermissionDenied


def _set_active(*, actor: User, user: User, active: bool) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        action=Action.STAFF_REACTIVATED if active else Action.STAFF_DEACTIVATED,
        actor=actor,
        target_ref=str(user.ref),
    )
    return user


def supervision_start(
    *,
    actor: SystemActor,
    therapist: User,
    supervisor: User,
    starts_on: date | None = None,
) -> Supervision:
    """The installation links a supervisor directly (the demo, a command). A person asks
    with `supervision_request`: a supervisor reads what their supervisees disclose."""
    if not permissions.is_system(actor):
        access_grants.blocked(
            actor=actor,
            account=therapist,
            kind=AccountChange.Kind.SUPERVISION,
            code="no_second_person",
        )
        raise PermissionDenied("A supervision link needs a second admin: ask for it.")
    with transaction.atomic(durable=True):
        return access_grants.supervision_link_create(
            actor=actor,
            therapist=therapist,
            supervisor=supervisor,
            starts_on=starts_on,
        )


@in_steps("an account change: account_changes.account_change_request commits it, or the refusal")
def supervision_request(
    *,
    actor: User,
    therapist: User,
    supervisor: User,
    starts_on: date | None = None,
) -> AccountChange:
    """Ask for a supervision link; another admin (never the supervisor) approves it."""
    return account_changes.account_change_request(
        actor=actor,
        account=therapist,
        kind=AccountChange.Kind.SUPERVISION,
        counterpart=supervisor,
        starts_on=starts_on,
    )


def supervision_end(
    *,
    actor: User,
    link: Supervision,
    ends_on: date | None = None,
) -> Supervision:
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        link = Supervision.objects.select_for_update().get(pk=link.pk)
        link.ends_on = ends_on or timezone.localdate()
        link.full_clean()
        link.save(update_fields=["ends_on"])
        audit.record(
            action=Action.SUPERVISION_ENDED,
            actor=actor,
            target_ref=str(link.therapist.ref),
            details={"supervisor": str(link.supervisor.ref), "link": str(link.ref)},
        )
    return link


def practice_profile_update(
    *, actor: User | SystemActor, values: dict[str, Any]
) -> PracticeProfile:
    if not permissions.can_edit_practice(actor):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        profile = PracticeProfile.load()
        changed = [name for name, value in values.items() if getattr(profile, name) != value]
        for name, value in values.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
        audit.record(
            action=Action.PRACTICE_UPDATED,
            actor=actor,
            details={"fields": sorted(changed)},
        )
    return profile


def password_change(*, actor: User, new_password: str) -> User:
    """A member of staff changes their own password (the view has checked the current
    password and a fresh second-factor code). Their other sessions end with the old hash."""
    with transaction.atomic(durable=True):
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit.record(
            action=Action.PASSWORD_CHANGED,
            actor=actor,
            target_ref=str(actor.ref),
        )
    return actor
