"""Audit sign-ins, failed sign-ins, sign-outs and lockouts; move a person's access stamp
when their roles or second-factor devices change.

Django and django-axes announce these through signals only, so this is the one place the
app listens to signals; each sign-in handler appends one audit event, and each change to
roles or devices moves the stamp that sessions check (practice/session_access.py).
"""

from axes.signals import user_locked_out
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_otp.models import Device

from practice import account_changes, audit, session_access
from practice.audit_actions import Action
from practice.models import AuditEvent, User


def _username(value) -> str:
    """The account name when it names an account; otherwise only a keyed hash of it.

    People type passwords into the username box: text that is not a username is never
    kept, yet repeated attempts with the same text still show as the same hash.
    """
    text = str(value or "")[:150]
    if text and User.objects.filter(username=text).exists():
        return audit.reference_or(text, "-invalid-")
    return "unknown-" + audit.keyed_digest("failed-username", text)[:16]


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    previous = (
        AuditEvent.objects.filter(target_ref=str(user.ref), action=Action.LOGIN)
        .order_by("-seq")
        .values_list("created_at", "source")
        .first()
    )
    audit.record(action=Action.LOGIN, actor=user, target_ref=str(user.ref))
    if request is None or not hasattr(request, "_messages"):
        return
    if previous:
        when = timezone.localtime(previous[0]).strftime("%d %b %Y at %H:%M")
        messages.info(
            request, f"Your last sign-in was on {when} from {previous[1] or 'an unknown address'}."
        )
    else:
        messages.info(request, "This is the first sign-in on record for this account.")
    for notice in account_changes.sign_in_notices(user):
        messages.warning(request, notice)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=Action.LOGOUT, actor=user, target_ref=str(user.ref))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit.record(
        action=Action.LOGIN_FAILED,
        details={"username": _username(credentials.get("username"))},
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(
        action=Action.LOCKED_OUT,
        details={"username": _username(username)},
    )


@receiver(m2m_changed, sender=User.groups.through)
def roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A role given or taken: from a person (`user.groups`) or from a role (`group.user_set`)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        session_access.stamp_moved([instance.pk])
    elif action == "pre_clear":
        session_access.stamp_moved(instance.user_set.values_list("pk", flat=True))
    else:
        session_access.stamp_moved(pk_set or ())


def device_changed(sender, instance, **kwargs):
    """A second-factor device (an authenticator, a passkey) added, confirmed, changed or
    removed. Every save counts, the throttle's counters too: harmless, and nothing that
    matters is missed."""
    session_access.stamp_moved([instance.user_id])


# Connected to each concrete device model only (every app is loaded when this module is
# imported from PracticeConfig.ready), so a save of any other model costs no call.
for _model in apps.get_models():
    if issubclass(_model, Device):
        post_save.connect(
            device_changed, sender=_model, dispatch_uid=f"device-saved-{_model._meta.label}"
        )
        post_delete.connect(
            device_changed, sender=_model, dispatch_uid=f"device-deleted-{_model._meta.label}"
        )
