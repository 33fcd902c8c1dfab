"""How long a case file is kept: the practice's policy turned into a `retain_until` date.

Adults: a number of years after the last contact. A client under 18 at the last contact is
kept until a set birthday (the 25th by default) or for the adult period, whichever ends
later. The date of birth lives in identity, which this app never reads: the identity side
registers a "keep at least until" source at start-up (`register_keep_until_source`), and
the case file stores the resulting date, so everything later (what is due, disposal) is
decided here without identity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.models import PracticeProfile, User
from practice.permissions import is_practice_admin
from records.audit_actions import Action
from records.models import CaseFile

ADULT, CHILD = "adult", "child"


@dataclass(frozen=True)
class Policy:
    years_adult: int
    until_age_child: int

    @classmethod
    def current(cls) -> Policy:
        profile = PracticeProfile.load()
        return cls(profile.retention_years_adult, profile.retention_until_age_child)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year.

    1 March, not 28 February, so a leap-day date never shortens a retention period (and it
    is when someone born on 29 February reaches an age in a common year in England)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def adult_keep_until(last_contact_on: date, policy: Policy) -> date:
    return add_years(last_contact_on, policy.years_adult)


def child_keep_until(*, born_on: date, last_contact_on: date, policy: Policy) -> date | None:
    """The set birthday, for someone under 18 at the last contact; None for an adult."""
    if add_years(born_on, 18) <= last_contact_on:
        return None
    return add_years(born_on, policy.until_age_child)


# -- the identity side's sources (registered at start-up) -------------------------------

# Takes the case files and the policy; returns {record_ref: keep at least until}.
KeepUntilSource = Callable[[list[CaseFile], Policy], dict[str, date]]
_sources: list[KeepUntilSource] = []


def register_keep_until_source(source: KeepUntilSource) -> None:
    if source not in _sources:
        _sources.append(source)


def _start(case_file: CaseFile) -> date | None:
    return case_file.last_contact_on or case_file.closed_on


def computed(case_files: Iterable[CaseFile], policy: Policy) -> dict[str, tuple[date, str]]:
    """{record_ref: (retain_until, basis)} for the closed files among `case_files`."""
    closed = [cf for cf in case_files if cf.closed_on is not None and _start(cf)]
    extra: dict[str, date] = {}
    for source in _sources:
        for ref, until in source(closed, policy).items():
            extra[ref] = max(until, extra.get(ref, until))
    result = {}
    for case_file in closed:
        adult = adult_keep_until(_start(case_file), policy)
        child = extra.get(case_file.record_ref)
        if child is not None and child > adult:
            result[case_file.record_ref] = (child, CHILD)
        else:
            result[case_file.record_ref] = (adult, CHILD if child else ADULT)
    return result


def case_file_retention_refresh(*, case_file: CaseFile, policy: Policy | None = None) -> CaseFile:
    """Set `retain_until` on one (locked) case file. Assumes the caller's transaction."""
    until, basis = computed([case_file], policy or Policy.current()).get(
        case_file.record_ref, (None, "")
    )
    if (until, basis) != (case_file.retain_until, case_file.retention_basis):
        case_file.retain_until, case_file.retention_basis = until, basis
        case_file.save(update_fields=["retain_until", "retention_basis"])
    return case_file


def _closed_files() -> list[CaseFile]:
    return list(CaseFile.objects.live().therapy_ended())


@dataclass(frozen=True)
class PolicyPreview:
    newly_due: int  # files not due today that the new policy would make due at once
    changed: int  # files whose date would move


def retention_policy_preview(*, policy: Policy, today: date | None = None) -> PolicyPreview:
    today = today or timezone.localdate()
    newly_due = changed = 0
    files = _closed_files()
    dates = computed(files, policy)
    for case_file in files:
        until, _ = dates.get(case_file.record_ref, (None, ""))
        if until != case_file.retain_until:
            changed += 1
        was_due = case_file.retain_until is not None and case_file.retain_until < today
        if until is not None and until < today and not was_due:
            newly_due += 1
    return PolicyPreview(newly_due=newly_due, changed=changed)


def retention_policy_update(
    *,
    actor: User,
    years_adult: int,
    until_age_child: int,
    confirmed_newly_due: int | None,
) -> PolicyPreview:
    """Change the policy and recompute every closed file's date, in one transaction.

    A change that would make files due at once needs the caller to confirm that count
    (`confirmed_newly_due`); otherwise it is refused, naming how many."""
    if not is_practice_admin(actor):
        raise PermissionDenied("Only an admin can change the retention policy.")
    policy = Policy(years_adult, until_age_child)
    if not 1 <= years_adult <= 100:
        raise ValidationError({"years_adult": "Choose between 1 and 100 years."})
    if not 18 <= until_age_child <= 100:
        raise ValidationError({"until_age_child": "Choose an age between 18 and 100."})
    with transaction.atomic(durable=True):
        profile = PracticeProfile.objects.select_for_update().get(pk=PracticeProfile.load().pk)
        preview = retention_policy_preview(policy=policy)
        if preview.newly_due and confirmed_newly_due != preview.newly_due:
            raise ValidationError(
                f"This change would make {preview.newly_due} case "
                f"file{'s' if preview.newly_due != 1 else ''} due for disposal at once. "
                "Check the number and confirm to save."
            )
        profile.retention_years_adult = years_adult
        profile.retention_until_age_child = until_age_child
        profile.save(update_fields=["retention_years_adult", "retention_until_age_child"])
        files = _closed_files()
        dates = computed(files, policy)
        for case_file in files:
            until, basis = dates.get(case_file.record_ref, (None, ""))
            if (until, basis) != (case_file.retain_until, case_file.retention_basis):
                case_file.retain_until, case_file.retention_basis = until, basis
                case_file.save(update_fields=["retain_until", "retention_basis"])
        audit.record(
            action=Action.POLICY_CHANGED,
            actor=actor,
            details={
                "years_adult": years_adult,
                "until_age_child": until_age_child,
                "recomputed": preview.changed,
                "newly_due": preview.newly_due,
            },
        )
    return preview
