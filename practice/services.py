"""Every write to staff, supervision and the practice profile, each audited in its transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from practice import account_changes, audit, permissions
from practice.actors import SystemActor
from practice.audit import Action
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
    request: HttpRequest | None = None,
) -> User:
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        _set_roles(user, roles)
        audit.record(
            action=Action.STAFF_CREATED,
            actor=actor,
            target_ref=str(user.ref),
            request=request,
            details={"roles": sorted(roles)},
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
    request: HttpRequest | None = None,
) -> User:
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    if actor.pk == user.pk and Role.ADMIN not in roles:
        raise ValidationError("You cannot remove the admin role from your own account.")
    with transaction.atomic():
        before = sorted(user.role_names)
        if (
            email
            and email != user.email
            and actor.pk != user.pk
            and account_changes.needs_second_person(user)
        ):
            # Another person's address is a way into their account: ask, don't change.
            account_changes.request_change(
                actor=actor,
                account=user,
                kind=AccountChange.Kind.EMAIL,
                new_email=email,
                request=request,
            )
            email = user.email
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
            request=request,
            details={
                "fields": changed,
                "roles_before": before,
                "roles_after": sorted(roles),
            },
        )
    return user


def staff_set_active(
    *, actor: User, user: User, active: bool, request: HttpRequest | None = None
) -> User:
    if not active:
        allowed, reason = permissions.can_deactivate(actor, user)
        if not allowed:
            raise PermissionDenied(reason)
    elif not permissions.can_manage_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            action=Action.STAFF_REACTIVATED if active else Action.STAFF_DEACTIVATED,
            actor=actor,
            target_ref=str(user.ref),
            request=request,
        )
    return user


def supervision_start(
    *,
    actor: User | SystemActor,
    therapist: User,
    supervisor: User,
    starts_on: date | None = None,
    request: HttpRequest | None = None,
) -> Supervision:
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    if not therapist.has_role(Role.THERAPIST):
        raise ValidationError("Only a therapist can be supervised.")
    if not supervisor.has_role(Role.SUPERVISOR):
        raise ValidationError(f"{supervisor.username} does not hold the supervisor role.")
    with transaction.atomic():
        link = Supervision(
            therapist=therapist, supervisor=supervisor, starts_on=starts_on or timezone.localdate()
        )
        link.full_clean()
        if (
            Supervision.objects.current(link.starts_on)
            .filter(therapist=therapist, supervisor=supervisor)
            .exists()
        ):
            raise ValidationError(f"{supervisor.username} already supervises {therapist.username}.")
        link.save()
        audit.record(
            action=Action.SUPERVISION_STARTED,
            actor=actor,
            target_ref=str(therapist.ref),
            request=request,
            details={"supervisor": str(supervisor.ref), "link": str(link.ref)},
        )
    return link


def supervision_end(
    *,
    actor: User,
    link: Supervision,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> Supervision:
    if not permissions.can_manage_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        link = Supervision.objects.select_for_update().get(pk=link.pk)
        link.ends_on = ends_on or timezone.localdate()
        link.full_clean()
        link.save(update_fields=["ends_on"])
        audit.record(
            action=Action.SUPERVISION_ENDED,
            actor=actor,
            target_ref=str(link.therapist.ref),
            request=request,
            details={"supervisor": str(link.supervisor.ref), "link": str(link.ref)},
        )
    return link


def practice_profile_update(
    *, actor: User | SystemActor, values: dict[str, Any], request: HttpRequest | None = None
) -> PracticeProfile:
    if not permissions.can_edit_practice(actor):
        raise PermissionDenied
    with transaction.atomic():
        profile = PracticeProfile.load()
        changed = [name for name, value in values.items() if getattr(profile, name) != value]
        for name, value in values.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
        audit.record(
            action=Action.PRACTICE_UPDATED,
            actor=actor,
            request=request,
            details={"fields": sorted(changed)},
        )
    return profile


def password_change(*, actor: User, new_password: str, request: HttpRequest | None = None) -> User:
    """A member of staff changes their own password (the view has checked the current
    password and a fresh second-factor code). Their other sessions end with the old hash."""
    with transaction.atomic(durable=True):
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit.record(
            action=Action.PASSWORD_CHANGED,
            actor=actor,
            target_ref=str(actor.ref),
            request=request,
        )
    return actor
