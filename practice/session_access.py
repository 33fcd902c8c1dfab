"""What a signed-in request knows of its person without asking the database again.

Every signed-in request used to read four rows before its page did anything: the session,
the person, their second-factor device and their roles. The session now also holds the
roles and the verified device's id, beside the person's `access_stamp` when they were read;
while the stamp on the person's row (read anyway, to know they are still active and their
password unchanged) is the same, those are trusted, and the device row is read only if a
page asks for the device itself. Every change that must stop a person at once moves the
stamp (`stamp_moved`, called from practice/signals.py): a role given or taken, a device
added, confirmed, changed or removed. Deactivation needs no stamp: `is_active` is on the
row itself, and a changed password ends the session through Django's session hash.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

ACCESS_SESSION_KEY = "_access"


def held(session, user, persistent_id: str | None) -> set[str] | None:
    """The roles the session holds for `user` with device `persistent_id`, or None when it
    holds nothing, or something read before the person's last change."""
    kept = session.get(ACCESS_SESSION_KEY)
    if (
        not kept
        or not persistent_id
        or kept.get("user") != user.pk
        or kept.get("stamp") != user.access_stamp
        or kept.get("device") != persistent_id
    ):
        return None
    return set(kept["roles"])


def keep(session, user, persistent_id: str) -> None:
    """Hold the person's roles (read afresh here) and the device just verified, under the
    stamp on their row now. Called by the middleware when the session held nothing current
    and when a second factor has just been passed (practice/two_factor.py)."""
    from practice.models import User

    stamp = User.objects.filter(pk=user.pk).values_list("access_stamp", flat=True).first()
    user.access_stamp = stamp  # a device verified in this request has just moved it
    user._role_names = set(user.groups.values_list("name", flat=True))
    kept = {
        "user": user.pk,
        "stamp": stamp,
        "device": persistent_id,
        "roles": sorted(user._role_names),
    }
    if session.get(ACCESS_SESSION_KEY) != kept:
        session[ACCESS_SESSION_KEY] = kept


def stamp_moved(user_ids: Iterable[int]) -> None:
    """Sessions of these people read their roles and device afresh on their next request."""
    from practice.models import User

    ids = [pk for pk in set(user_ids) if pk is not None]
    if ids:
        User.objects.filter(pk__in=ids).update(access_stamp=F("access_stamp") + 1)
