"""The breach register's writes (UK GDPR Arts. 33-34): recording a breach when it is found,
the case files it touched (picked, or found in the audit trail), the risk assessment and the
decision on telling the ICO and the people affected (kept either way, Art. 33(5)), the
reports made, what was done, and the close. Each is one durable transaction that asks the
state table and audits references only (the breach's, a case file's), never its words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.models import User
from records.models import CaseFile
from rights import breach_clock, permissions
from rights.audit_actions import Action
from rights.breach_workflow import BREACH_MACHINE, close_refusal
from rights.models import Breach, BreachRecord, BreachRisk
from rights.services.common import NOTE_MAX, checked_text, not_after

FOR_CLIENT_MAX = 5000
HOW_MAX = 2000
ICO_REFERENCE_MAX = 40
MAX_PEOPLE = 10_000_000


def _moment(field: str, moment: datetime | None, *, what: str, required: bool) -> datetime | None:
    if moment is None:
        if required:
            raise ValidationError({field: f"Give {what}."})
        return None
    if timezone.is_naive(moment):
        raise ValidationError({field: f"Give {what} with its time zone."})
    if moment > timezone.now():
        raise ValidationError({field: f"{what[:1].upper()}{what[1:]} cannot be in the future."})
    return moment


def breach_record(
    *,
    actor: User,
    discovered_at: datetime,
    what_happened: str,
    for_client: str,
    people_affected: int,
    started_at: datetime | None = None,
) -> Breach:
    """A breach is recorded as soon as it is found: the ICO clock runs from `discovered_at`."""
    if not permissions.may_handle_breaches(actor):
        raise ValidationError("Only an admin can record a breach.")
    discovered_at = _moment("discovered_at", discovered_at, what="when it was found", required=True)
    started_at = _moment("started_at", started_at, what="when it started", required=False)
    if started_at is not None and started_at > discovered_at:
        raise ValidationError({"started_at": "It cannot have started after it was found."})
    if people_affected is None or not 0 <= people_affected <= MAX_PEOPLE:
        raise ValidationError({"people_affected": "Give how many people it may affect."})
    what = checked_text(
        "what_happened", what_happened, limit=NOTE_MAX, required="Say what happened."
    )
    plain = checked_text(
        "for_client",
        for_client,
        limit=FOR_CLIENT_MAX,
        required="Say, in plain words, what an affected client will read.",
    )
    breach = Breach(
        discovered_at=discovered_at,
        started_at=started_at,
        people_affected=people_affected,
        recorded_by=actor,
    )
    breach.give_new_key()
    breach.set_what_happened(what)
    breach.set_for_client(plain)
    with transaction.atomic(durable=True):
        breach.save()
        audit.record(
            action=Action.BREACH_RECORDED,
            actor=actor,
            target_ref=breach.reference,
            details={"people_affected": people_affected},
        )
    return breach


def breach_records_add(*, actor: User, breach: Breach, record_refs: Iterable[str]) -> list[str]:
    """Add the case files a breach touched; one already on it is not added twice. Every
    reference must name a case file, or nothing is added."""
    wanted = sorted({ref.strip() for ref in record_refs if ref and ref.strip()})
    if not wanted:
        raise ValidationError({"record_refs": "Choose at least one case file."})
    known = set(CaseFile.objects.filter(record_ref__in=wanted).values_list("record_ref", flat=True))
    unknown = [ref for ref in wanted if ref not in known]
    if unknown:
        raise ValidationError(
            {"record_refs": f"No case file has the reference {', '.join(unknown[:5])}."}
        )
    with transaction.atomic(durable=True):
        fresh = BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="add_records",
            audit_action=Action.BREACH_RECORD_ADDED,
            target_ref=breach.reference,
            details={"count": len(wanted)},
        )
        already = set(fresh.records.values_list("record_ref", flat=True))
        added = [ref for ref in wanted if ref not in already]
        BreachRecord.objects.bulk_create(
            [BreachRecord(breach=fresh, record_ref=ref) for ref in added]
        )
        for ref in added:  # each case file's own history shows the breach that touched it
            audit.record(
                action=Action.BREACH_RECORD_ADDED,
                actor=actor,
                target_ref=ref,
                details={"breach": fresh.reference},
            )
    return added


def breach_assess(
    *,
    actor: User,
    breach: Breach,
    risk: str,
    assessment: str,
    notify_ico: bool,
    notify_people: bool,
    reasons: str,
) -> Breach:
    """The risk to people, and the decision on reporting it, with reasons, kept either way.
    A breach likely to result in a risk goes to the ICO (Art. 33(1)); one likely to result
    in a high risk is told to the people too, unless Art. 34(3) applies (the reasons say)."""
    if risk not in BreachRisk.values:
        raise ValidationError({"risk": "Choose how likely it is to harm people."})
    text = checked_text(
        "assessment", assessment, limit=NOTE_MAX, required="Write the risk assessment."
    )
    why = checked_text(
        "reasons", reasons, limit=NOTE_MAX, required="Give the reasons for the decision."
    )
    if risk != BreachRisk.UNLIKELY and not notify_ico:
        raise ValidationError(
            {
                "notify_ico": "A breach likely to result in a risk to people must be reported "
                "to the ICO (UK GDPR Art. 33(1)); only one unlikely to do so may be kept "
                "on the register alone."
            }
        )
    if notify_people and not notify_ico:
        raise ValidationError(
            {"notify_people": "Telling the people affected follows a report to the ICO."}
        )

    def change(row, _source):
        row.risk = risk
        row.set_risk_assessment(text)
        row.notify_ico = notify_ico
        row.notify_people = notify_people
        row.set_decision_reasons(why)
        row.decided_at = timezone.now()

    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="assess",
            audit_action=Action.BREACH_ASSESSED,
            target_ref=breach.reference,
            details={"risk": risk, "notify_ico": notify_ico, "notify_people": notify_people},
            change=change,
        )


def breach_ico_notify(
    *,
    actor: User,
    breach: Breach,
    notified_at: datetime,
    ico_reference: str,
    late_reasons: str = "",
) -> Breach:
    """The report made to the ICO. Past 72 hours from discovery it carries the reasons for
    the delay (Art. 33(1)), and the breach stays flagged as reported late."""
    notified_at = _moment("notified_at", notified_at, what="when the ICO was told", required=True)
    if notified_at < breach.discovered_at:
        raise ValidationError({"notified_at": "The ICO cannot have been told before it was found."})
    reference = (ico_reference or "").strip()
    if not reference or len(reference) > ICO_REFERENCE_MAX or "\x00" in reference:
        raise ValidationError(
            {"ico_reference": f"Give the ICO's reference, {ICO_REFERENCE_MAX} characters at most."}
        )
    late = notified_at > breach_clock.ico_due(breach.discovered_at)
    delay = (late_reasons or "").strip()
    if late:
        delay = checked_text(
            "late_reasons",
            delay,
            limit=HOW_MAX,
            required="It was more than 72 hours after the breach was found: give the reasons "
            "for the delay that went with the report.",
        )
    elif delay:
        raise ValidationError({"late_reasons": "The report was in time: leave this empty."})

    def change(row, _source):
        row.ico_notified_at = notified_at
        row.ico_reference = reference
        row.set_late_reasons(delay)

    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="notify_ico",
            audit_action=Action.BREACH_ICO_NOTIFIED,
            target_ref=breach.reference,
            details={"late": late},
            change=change,
        )


def breach_not_notify(*, actor: User, breach: Breach) -> Breach:
    """Confirm the decision not to report: the assessment and its reasons are kept."""
    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="not_notify",
            audit_action=Action.BREACH_NOT_NOTIFIED,
            target_ref=breach.reference,
        )


def breach_people_notify(*, actor: User, breach: Breach, notified_on: date, how: str) -> Breach:
    """The people affected were told (Art. 34(1)): when, and how."""
    if breach.notify_people is not True:
        raise ValidationError("The decision was not to tell the people affected.")
    today = timezone.localdate()
    if notified_on is None:
        raise ValidationError({"notified_on": "Give the day they were told."})
    not_after("notified_on", notified_on, today=today, what="The day they were told")
    if notified_on < timezone.localtime(breach.discovered_at).date():
        raise ValidationError({"notified_on": "They cannot have been told before it was found."})
    text = checked_text("how", how, limit=HOW_MAX, required="Say how they were told.")

    def change(row, _source):
        row.people_notified_on = notified_on
        row.set_people_notified_how(text)

    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="notify_people",
            audit_action=Action.BREACH_PEOPLE_NOTIFIED,
            target_ref=breach.reference,
            change=change,
        )


def breach_remediate(
    *, actor: User, breach: Breach, remediation: str, done_for_client: str
) -> Breach:
    """What was done about it: in full for the register, and in plain words for a client."""
    text = checked_text("remediation", remediation, limit=NOTE_MAX, required="Say what was done.")
    plain = checked_text(
        "done_for_client",
        done_for_client,
        limit=FOR_CLIENT_MAX,
        required="Say, in plain words, what an affected client will read about what was done.",
    )

    def change(row, _source):
        row.set_remediation(text)
        row.set_done_for_client(plain)

    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="remediate",
            audit_action=Action.BREACH_REMEDIATION,
            target_ref=breach.reference,
            change=change,
        )


def breach_close(*, actor: User, breach: Breach, closed_on: date | None = None) -> Breach:
    refusal = close_refusal(breach)
    if refusal:
        raise ValidationError(refusal)
    today = timezone.localdate()
    closed_on = closed_on or today
    not_after("closed_on", closed_on, today=today, what="The day it was closed")

    def change(row, _source):
        row.closed_on = closed_on

    with transaction.atomic(durable=True):
        return BREACH_MACHINE.advance(
            breach,
            actor=actor,
            action="close",
            audit_action=Action.BREACH_CLOSED,
            target_ref=breach.reference,
            change=change,
        )
