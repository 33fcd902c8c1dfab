"""Review, redaction, release and download: the writes after a draft is compiled.

The reviewer (the client's therapist, or one the admin assigns) reads the draft and
withholds passages with a reason; the record is never changed. Release builds the archive
from the draft with the withheld passages replaced, seals it into file storage, and records
its SHA-256 and manifest. Reading the draft and downloading the archive are audited.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from practice import client_facing
from practice.actions import reads
from practice.models import User
from practice.permissions import is_practice_admin
from subject_access import (
    archive,
    children,
    compiling,
    health_gate,
    reading,
    supplementary,
)
from subject_access.audit_actions import Action
from subject_access.models import (
    HELD_BACK_EXEMPTIONS,
    REDACTION_REASONS,
    Exemption,
    HeldBackDecision,
    Redaction,
    Requester,
    Status,
    SubjectAccessRequest,
)
from subject_access.services import event
from subject_access.services.letters import kept_letters
from subject_access.third_parties import ThirdPartyTest
from subject_access.workflow import SAR_MACHINE


def redactions_of(sar: SubjectAccessRequest) -> list[tuple[str, str, str, str]]:
    result = []
    for redaction in sar.redactions.all():
        redaction.request = sar  # share the case file's unwrapped key
        model_row, _, field_name = redaction.item_key.rpartition(":")
        result.append(
            (model_row, field_name, redaction.get_passage(), redaction.get_reason_display())
        )
    return result


def screened(draft: compiling.Draft, screen: client_facing.Screen, decisions) -> dict:
    """The draft's answer with the rule asked again now: every item of a unit the client may
    not see is left out (even one that was visible when compiled), an undecided unit the
    reviewer included takes its place again, and the derived text is made from what is
    left, so nothing in it betrays what was held back."""
    bundle = copy.deepcopy(draft.bundle)
    held: dict[str, list] = {}
    for key, position, item in sorted(draft.held_back, key=lambda entry: entry[1]):
        held.setdefault(key, []).append((position, item))
    gathered: dict[str, list] = {}
    for section in bundle["sections"]:
        full = list(section["items"])
        for position, item in held.pop(section["key"], []):
            full.insert(position, item)
        section["items"] = [item for item in full if not screen.hides(draft.units.get(item["key"]))]
        gathered[section["key"]] = section["items"]
    for part in bundle["supplementary"]:
        if part["key"] == "categories":
            part["text"] = supplementary.categories_text(compiling.categories(gathered))
    statements = []
    for decision in decisions:
        if not decision.include and screen.hides(decision.unit_ref):
            statements.append(client_facing.statement_for(decision.exemption))
    for unit in screen.restricted:
        statements.append(client_facing.statement_for(screen.held[unit].reason))
    for statement in dict.fromkeys(filter(None, statements)):
        bundle["withheld"].append({"item": "", "field": "", "reason": statement})
    return bundle


def answer_for(sar: SubjectAccessRequest) -> tuple[compiling.Draft, dict]:
    """The draft, and the answer as the person would receive it (passages withheld)."""
    draft = compiling.load_draft(sar)
    decisions = list(sar.held_back_decisions.all())
    screen = client_facing.screen_for(
        sar.record_ref, included=[d.unit_ref for d in decisions if d.include]
    )
    bundle = archive.apply_redactions(screened(draft, screen, decisions), redactions_of(sar))
    if sar.exemption and sar.status != Status.REFUSED:
        bundle["partial_refusal"] = sar.get_exemption_display()
    return draft, bundle


@dataclass(frozen=True)
class HeldBackItem:
    """One unit held back from a draft, as its reviewer or admin is told of it."""

    entry: client_facing.HeldBack
    items: int
    decision: HeldBackDecision | None
    review_due: bool  # a restriction due for review before the answer is due

    @property
    def decided(self) -> bool:
        return self.entry.restricted or self.decision is not None


def held_back_for(sar: SubjectAccessRequest) -> list[HeldBackItem]:
    """What the compiled draft kept from the answer, and why: references, states and counts
    only. For the admin's and the reviewer's own pages, never for the answer."""
    if not sar.held_back_units:
        return []
    screen = client_facing.screen_for(sar.record_ref)
    decisions = {d.unit_ref: d for d in sar.held_back_decisions.all()}
    found = []
    for unit, count in sar.held_back_units.items():
        entry = screen.held.get(unit)
        if entry is None:
            continue  # decided or lifted since the compile: a recompile takes it in
        due = bool(
            entry.restricted and entry.review_on and sar.due_on and entry.review_on <= sar.due_on
        )
        found.append(HeldBackItem(entry, count, decisions.get(unit), due))
    return found


def sar_held_back_decide(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    unit_ref: str,
    include: bool,
    exemption: str,
    reason: str,
    third_party: ThirdPartyTest | None = None,
) -> HeldBackDecision:
    """The reviewer includes an undecided disclosure request in the answer (saying why) or
    withholds it under a named exemption. A restricted one cannot be included by anyone.
    Withheld as information about another person, it needs the third-party test
    (DPA 2018 Sch. 2 Part 3 para 16; `third_parties`), as a withheld passage does."""
    reason = reason.strip()
    if include and not reason:
        raise ValidationError({"reason": "Say why the client should see it now."})
    if not include and exemption not in dict(HELD_BACK_EXEMPTIONS):
        raise ValidationError({"exemption": "Choose the exemption it is withheld under."})
    about_another = not include and exemption == Exemption.THIRD_PARTY
    if about_another:
        third_party = (third_party or ThirdPartyTest()).checked()
    with transaction.atomic():
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="redact")
        serious_harm = not include and exemption == Exemption.SERIOUS_HARM
        if serious_harm and (refusal := health_gate.withholding_refusal(sar)):
            raise ValidationError({"exemption": refusal})
        entry = client_facing.screen_for(sar.record_ref).held.get(unit_ref)
        if unit_ref not in sar.held_back_units or entry is None:
            raise ValidationError("That item is not held back from this answer.")
        if entry.restricted:
            raise ValidationError(
                "This disclosure is restricted: it cannot go into an answer while the "
                "restriction stands."
            )
        decision, _ = HeldBackDecision.objects.update_or_create(
            request=sar,
            unit_ref=unit_ref,
            defaults={
                "include": include,
                "exemption": "" if include else exemption,
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        decision.set_reason(reason[:2000])
        decision.third_party_consent, decision.confidence_owed = "", None
        decision.set_consent_not_sought_why("")
        decision.set_why_reasonable("")
        if about_another:
            third_party.apply_to(decision)
        decision.save()
        event(
            Action.HELD_BACK_DECIDED,
            actor=actor,
            sar=sar,
            included=include,
            exemption=decision.exemption,
        )
    return decision


def sar_draft_open(*, actor: User, sar: SubjectAccessRequest) -> dict:
    """The reviewer reads the compiled draft: client content, so the read is audited."""
    if sar.status not in (Status.IN_REVIEW, Status.REVIEWED):
        raise ValidationError("There is no compiled draft to read.")
    with transaction.atomic():
        _, bundle = answer_for(sar)
        event(Action.DRAFT_READ, actor=actor, sar=sar)
    return bundle


def _field_text(bundle: dict, item_key: str, field_name: str) -> str | None:
    for section in bundle["sections"]:
        for item in section["items"]:
            if item["key"] == item_key:
                for entry in item["fields"]:
                    if entry["name"] == field_name and isinstance(entry["value"], str):
                        return entry["value"]
    return None


def sar_redact(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    item_key: str,
    field_name: str,
    passage: str,
    reason: str,
    third_party: ThirdPartyTest | None = None,
) -> Redaction:
    """Withhold the exact words `passage` from one field of one item of the answer. Words
    about another person need the third-party test (`third_parties`); words withheld for
    serious harm need the health professional's opinion (`health_gate`)."""
    passage = passage.strip()
    if not passage:
        raise ValidationError({"passage": "Copy the exact words to withhold."})
    if reason not in dict(REDACTION_REASONS):
        raise ValidationError({"reason": "Choose the reason for withholding it."})
    if refusal := children.exemption_refusal(sar, reason):
        raise ValidationError({"reason": refusal})
    if reason == Exemption.THIRD_PARTY:
        third_party = (third_party or ThirdPartyTest()).checked()
    with transaction.atomic():
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="redact")
        serious_harm = reason == Exemption.SERIOUS_HARM
        if serious_harm and (refusal := health_gate.withholding_refusal(sar)):
            raise ValidationError({"reason": refusal})
        _, bundle = answer_for(sar)
        text = _field_text(bundle, item_key, field_name)
        if text is None:
            raise ValidationError("That item is not in the draft.")
        if passage not in text:
            raise ValidationError(
                {"passage": "Those exact words are not in that item (or are already withheld)."}
            )
        redaction = Redaction(
            request=sar,
            item_key=f"{item_key}:{field_name}",
            reason=reason,
            created_by=actor,
            created_at=timezone.now(),
        )
        redaction.set_passage(passage)
        redaction.save()
        if reason == Exemption.THIRD_PARTY:
            third_party.apply_to(redaction)
            redaction.save()
        event(Action.REDACTED, actor=actor, sar=sar, reason=reason)
    return redaction


def sar_part_checked(*, actor: User, sar: SubjectAccessRequest, part: str) -> None:
    """The reviewer marks one part of the draft as read and done (an audited fact, so a
    long review can be picked up where it was left, and its progress is evidence)."""
    if part not in reading.part_keys():  # no need to unseal the draft to know its parts
        raise ValidationError("That part is not in this answer.")
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="redact")
        event(Action.PART_CHECKED, actor=actor, sar=sar, part=part)


@reads("the parts of the current draft its reviewer has marked done")
def parts_checked(sar: SubjectAccessRequest) -> set[str]:
    from practice.models import AuditEvent

    events = AuditEvent.objects.filter(
        target_ref=sar.record_ref,
        action=Action.PART_CHECKED,
        details__request=sar.reference,
    )
    if sar.compiled_at:
        events = events.filter(created_at__gte=sar.compiled_at)  # a new draft starts afresh
    return {str(part) for part in events.values_list("details__part", flat=True)}


def undecided_left(sar: SubjectAccessRequest) -> int:
    return sum(1 for item in held_back_for(sar) if not item.decided)


def sar_review_complete(*, actor: User, sar: SubjectAccessRequest):
    with transaction.atomic():
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="complete_review")
        if undecided_left(sar):
            raise ValidationError(
                "Decide on each disclosure request held back from the answer first: include "
                "it, or withhold it under an exemption. Withholding is a decision, never a "
                "default."
            )
        sar.reviewed_at = timezone.now()
        sar.save()
        event(Action.REVIEWED, actor=actor, sar=sar)
    return sar


def sar_release(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    method: str,
    exemption: str = "",
) -> SubjectAccessRequest:
    """Build, seal and record the archive. `exemption` marks a partial refusal."""
    # Checked before the slow build and again under the lock: the first refuses early,
    # the second refuses a release that another admin finished meanwhile.
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    if refusal := children.release_refusal(sar):
        raise ValidationError(refusal)
    if sar.refusal_proposed_by_id:
        raise ValidationError(
            "A refusal is waiting for approval: a second admin approves it, or it is "
            "withdrawn, before anything is released."
        )
    SAR_MACHINE.check(actor=actor, obj=sar, action="release")
    if exemption and exemption not in Exemption.values:
        raise ValidationError({"exemption": "Choose an exemption from the list."})
    if refusal := children.exemption_refusal(sar, exemption):
        raise ValidationError({"exemption": refusal})
    sar.exemption = exemption
    if refusal := health_gate.release_refusal(sar):
        raise ValidationError(refusal)
    withholding = health_gate.withholds_for_serious_harm(sar)
    if withholding and (refusal := health_gate.withholding_refusal(sar)):
        raise ValidationError({"exemption": refusal} if exemption else refusal)
    draft, bundle = answer_for(sar)
    released_at = timezone.now()
    bundle["released_at"] = released_at.isoformat()
    addressee = sar.get_requester_name() if sar.requester != Requester.CLIENT else ""
    built = archive.build(draft, bundle, addressee=addressee, letters=kept_letters(sar))
    name = compiling.seal(sar, "archive", built.content)
    try:
        with transaction.atomic():
            current = SAR_MACHINE.locked_move(sar, actor=actor, action="release")
            current.archive_name = name
            current.archive_sha256 = built.sha256
            current.manifest = built.manifest
            current.released_at = released_at
            current.released_by = actor
            current.release_method = method
            current.exemption = exemption
            current.save()
            event(Action.RELEASED, actor=actor, sar=current, sha256=built.sha256)
    except Exception:
        default_storage.delete(name)  # no archive without its recorded hash
        raise
    return current


def download_until(sar: SubjectAccessRequest):
    if sar.released_at is None:
        return None
    return sar.released_at + timedelta(days=settings.SUBJECT_ACCESS_DOWNLOAD_DAYS)


def sar_archive_download(*, actor: User, sar: SubjectAccessRequest) -> bytes:
    """The archive for an admin, within the download period; every download is audited."""
    if not is_practice_admin(actor):
        raise ValidationError("Only an admin can download an archive.")
    if sar.status != Status.RELEASED or not sar.archive_name:
        raise ValidationError("This request has no released archive.")
    if timezone.now() > download_until(sar):
        raise ValidationError(
            "The download period for this archive has ended. Compile and release a new "
            "answer if the person needs another copy."
        )
    with transaction.atomic():
        content = compiling.unseal(sar, "archive", sar.archive_name)
        verdict = archive.verify(
            content, recorded_sha256=sar.archive_sha256, recorded_manifest=sar.manifest
        )
        if not verdict.ok:
            raise ValidationError("The stored archive does not match its recorded hash.")
        event(Action.DOWNLOADED, actor=actor, sar=sar)
    return content
