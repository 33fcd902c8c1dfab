"""Audit sign-ins, failed sign-ins, sign-outs and lockouts.

Django and django-axes announce these through signals only, so this is the one place the
app listens to signals; each handler appends one audit event.
"""

from axes.signals import user_locked_out
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from practice import account_changes, audit
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
