"""The practice core's audit actions (sign-in, staff, supervision, the trail itself), with
their plain-English labels.
"""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    """Dotted: <area>.<verb>."""

    LOGIN = "auth.login", "Signed in (password)"
    LOGIN_FAILED = "auth.login_failed", "Failed sign-in"
    LOCKED_OUT = "auth.locked_out", "Account locked after failed sign-ins"
    LOGOUT = "auth.logout", "Signed out"
    STAFF_CREATED = "staff.created", "Staff account created"
    STAFF_UPDATED = "staff.updated", "Staff account changed"
    STAFF_DEACTIVATED = "staff.deactivated", "Staff account deactivated"
    STAFF_REACTIVATED = "staff.reactivated", "Staff account reactivated"
    STAFF_HEALTH_PROFESSION = (
        "staff.health_profession",
        "Staff account: whether a health professional (DPA 2018 s.204) recorded",
    )
    OWN_REGISTRATION = (
        "staff.own_registration",
        "Own professional body and registration number recorded",
    )
    SUPERVISION_STARTED = "supervision.started", "Supervision link started"
    SUPERVISION_ENDED = "supervision.ended", "Supervision link ended"
    PRACTICE_UPDATED = "practice.updated", "Practice profile changed"
    SECOND_FACTOR_ENROLLED = "auth.2fa_enrolled", "Set up two-factor sign-in"
    SECOND_FACTOR_VERIFIED = "auth.2fa_verified", "Passed the second factor"
    SECOND_FACTOR_FAILED = "auth.2fa_failed", "Wrong second-factor code"
    SECOND_FACTOR_REQUIRED = "auth.2fa_required", "Tried to skip the second factor"
    RECOVERY_CODES_ISSUED = "auth.recovery_codes_issued", "New recovery codes made"
    REAUTHENTICATED = "auth.reauthenticated", "Confirmed identity for a sensitive action"
    RATE_LIMITED = "security.rate_limited", "Too many attempts: paused"
    PASSKEY_ADDED = "auth.passkey_added", "Passkey added"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", "Password reset requested"
    PASSWORD_RESET_DONE = "auth.password_reset_done", "Password reset"
    PASSWORD_CHANGED = "auth.password_changed", "Changed own password"
    ACCOUNT_CHANGE_REQUESTED = (
        "auth.account_change_requested",
        "Account change asked for (needs a second person)",
    )
    ACCOUNT_CHANGE_APPROVED = "auth.account_change_approved", "Account change approved and applied"
    ACCOUNT_CHANGE_REFUSED = "auth.account_change_refused", "Account change refused"
    ACCOUNT_CHANGE_CANCELLED = "auth.account_change_cancelled", "Account change withdrawn"
    ACCOUNT_CHANGE_BLOCKED = (
        "auth.account_change_blocked",
        "Account change refused by a rule (nothing changed)",
    )
    # No longer recorded (a reset now needs a second person); declared so that older events
    # still read in words.
    SECOND_FACTOR_RESET = (
        "auth.2fa_reset",
        "Second factor reset by an admin (before two-person approval)",
    )
