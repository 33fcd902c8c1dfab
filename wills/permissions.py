"""Who may do what with a professional will. Small predicates; no HTTP.

Each predicate that can refuse returns the reason with its answer, so the page can say why.
Nobody acts alone: the therapist names, an admin who is neither party countersigns; the
executor asks, a second person (an admin or the therapist's current supervisor, never the
executor, never the therapist) approves.
"""

from __future__ import annotations

from practice import permissions
from practice.models import User
from wills.models import Activation, Nomination


def may_keep_a_will(user: User) -> bool:
    """A therapist names executors for their own caseload."""
    return permissions.is_therapist(user)


def may_act_as_executor(user: User) -> bool:
    return permissions.is_executor(user)


def may_countersign_or_end(user: User) -> bool:
    return permissions.is_practice_admin(user)


def may_review_activations(user: User) -> bool:
    return permissions.is_practice_admin(user) or permissions.is_supervisor(user)


def nomination_refusal(*, therapist: User, executor: User | None) -> tuple[str, str] | None:
    """(rule, reason) when this naming may not be made, or None."""
    if not may_keep_a_will(therapist):
        return "not_therapist", "Only a therapist names executors for their caseload."
    if executor is None:
        return "invalid", "Choose a colleague whose account holds the executor role."
    if executor.pk == therapist.pk:
        return (
            "self",
            "You cannot name yourself as your own executor: the point of a professional will "
            "is that someone else can reach your clients when you cannot.",
        )
    if not permissions.is_executor(executor):
        return "not_executor", f"{executor.username} does not hold the executor role."
    return None


def invitation_refusal(*, therapist: User, email: str) -> tuple[str, str] | None:
    """(rule, reason) when this person may not be named by e-mail, or None."""
    if not may_keep_a_will(therapist):
        return "not_therapist", "Only a therapist names executors for their caseload."
    if not email:
        return "invalid", "Give the e-mail address of the person you want to name."
    if therapist.email and email.lower() == therapist.email.lower():
        return (
            "self",
            "You cannot name yourself as your own executor: the point of a professional will "
            "is that someone else can reach your clients when you cannot.",
        )
    if User.objects.filter(email__iexact=email).exists():
        return (
            "has_account",
            "Someone at the practice already has an account with this address. If they "
            "hold the executor role, choose them from the list; otherwise ask an admin.",
        )
    return None


def resend_refusal(actor: User, nomination: Nomination) -> tuple[str, str] | None:
    if not permissions.is_practice_admin(actor):
        return "not_admin", "Only an admin sends an invitation."
    if actor.pk == nomination.therapist_id:
        return "own", "You cannot send the invitation for your own will: ask another admin."
    if not nomination.may_resend_invitation:
        return (
            "not_waiting",
            "This naming is not waiting for an invitation to be used: there is nothing to send.",
        )
    return None


def countersign_refusal(actor: User, nomination: Nomination) -> tuple[str, str] | None:
    if not permissions.is_practice_admin(actor):
        return "not_admin", "Only an admin countersigns a professional will."
    if actor.pk in (nomination.therapist_id, nomination.executor_id):
        return (
            "own",
            "You cannot countersign a naming you are part of: ask another admin.",
        )
    if nomination.countersigned_at or nomination.withdrawn_at:
        return "decided", "This naming was already countersigned or withdrawn."
    return None


def approval_refusal(actor: User, activation: Activation) -> tuple[str, str] | None:
    """The second person: an admin or the therapist's current supervisor, never a party."""
    nomination = activation.nomination
    if actor.pk == nomination.executor_id:
        return "own", "The executor who asked cannot approve: a second person must."
    if actor.pk == nomination.therapist_id:
        return "therapist", "The therapist named in the will cannot approve its activation."
    if not (
        permissions.is_practice_admin(actor)
        or permissions.supervises(actor, nomination.therapist_id)
    ):
        return (
            "not_second_person",
            "Only an admin or the therapist's current supervisor can approve.",
        )
    if activation.state != Activation.State.ASKED:
        return "decided", "This activation was already decided."
    return None


def cancel_refusal(actor: User, activation: Activation) -> tuple[str, str] | None:
    if actor.pk != activation.nomination.therapist_id:
        return "not_therapist", "Only the therapist named in the will can cancel its activation."
    if activation.reason == Activation.Reason.DEATH:
        return "death", "An activation given for a death cannot be cancelled here."
    if not activation.may_be_cancelled_by_therapist:
        return "too_late", "The time to cancel has passed: ask an admin to end the access."
    return None


def end_refusal(actor: User, activation: Activation) -> tuple[str, str] | None:
    if not permissions.is_practice_admin(actor):
        return "not_admin", "Only an admin can end an executor's access."
    if actor.pk == activation.nomination.executor_id:
        return "own", "An executor cannot end their own access: ask another admin."
    if not activation.may_be_ended:
        return "not_open", "This access is not open: there is nothing to end."
    return None


def email_refusal(activation: Activation, client) -> tuple[str, str] | None:
    """(rule, reason) when the letter may not go to this client by e-mail, or None. Only to
    the address the client gave, and only when e-mail is how they asked to be contacted."""
    if not activation.nomination.may_send_letters:
        return "no_letters", "This will does not let the executor write to clients."
    if not client.email:
        return (
            "no_address",
            "There is no e-mail address for this client. Use the way of contact they gave, "
            "or print the letter and post it.",
        )
    if client.preferred_contact != client.ContactMethod.EMAIL:
        way = client.get_preferred_contact_display().lower()
        return (
            "not_by_email",
            f"This client asked to be contacted by {way}, not by e-mail. Use that, or print "
            "the letter and post it.",
        )
    return None


def successor_refusal(leaver: User, successor: User) -> str:
    """The caseload move's check (registered with `practice.access_grants`): a person the
    leaver's professional will names as executor never becomes the records' reader."""
    if Nomination.objects.filter(
        therapist_id=leaver.pk, executor_id=successor.pk, withdrawn_at__isnull=True
    ).exists():
        return (
            f"{successor.username} is named as executor in {leaver.username}'s professional "
            "will, and an executor never becomes the reader of the records. Choose another "
            "therapist."
        )
    return ""


def records_keep_refusal(actor: User, activation: Activation) -> tuple[str, str] | None:
    if not permissions.is_practice_admin(actor):
        return "not_admin", "Only an admin decides what happens to the records."
    if actor.pk in (activation.nomination.therapist_id, activation.nomination.executor_id):
        return "own", "You cannot decide this for a will you are part of: ask another admin."
    if activation.approved_at is None or activation.cancelled_at is not None:
        return "not_approved", "This activation was not approved, so nothing is decided here."
    if activation.records_kept_at is not None:
        return "decided", "This was already recorded."
    return None
