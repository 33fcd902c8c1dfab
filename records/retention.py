"""How long a case file is kept: the practice's policy turned into a `retain_until` date.

Adults: a number of years after the last contact. A client under 18 at the last contact is
kept until a set birthday (the 25th, or the 26th for someone who was 17 then: the rule for
children's records in the Records Management Code of Practice for Health and Social Care
2021, Appendix II; a practice may set a later age, never an earlier one), or for the adult
period, whichever ends later. The date of birth lives in identity, which this app never
reads: the identity side registers a "keep at least until" source at start-up
(`register_keep_until_source`), and the case file stores the resulting date, so everything
later (what is due, disposal) is decided here without identity.

A file whose client's age at the last contact is not known ("unknown") is kept by the adult
period but held (an automatic hold) until an admin confirms that the adult rule applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from practice import audit
from practice.models import PracticeProfile, User
from practice.permissions import is_practice_admin
from records.audit_actions import Action
from records.models import CaseFile

ADULT, CHILD, UNKNOWN = "adult", "child", "unknown"

# The Code's age for children's records (Appendix II, "children's records"): the set age a
# practice chooses may be later, never earlier.
CODE_CHILD_AGE = 25


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


def child_keep_age(*, age_at_last_contact: int, policy: Policy) -> int | None:
    """The birthday until which a child's records are kept, by their age at the last contact:
    the set age (25 by default), one more for someone who was 17 then (the Code's "26th if
    the young person was 17 at the conclusion of treatment"); None for an adult."""
    if age_at_last_contact >= 18:
        return None
    return policy.until_age_child + (1 if age_at_last_contact == 17 else 0)


def age_on(born_on: date, day: date) -> int:
    """Whole years on `day`; someone born on 29 February is a year older on 1 March in a
    common year (as `add_years` counts)."""
    age = day.year - born_on.year
    return age if add_years(born_on, age) <= day else age - 1


def child_keep_until(*, born_on: date, last_contact_on: date, policy: Policy) -> date | None:
    """The set birthday, for someone under 18 at the last contact; None for an adult."""
    keep_age = child_keep_age(age_at_last_contact=age_on(born_on, last_contact_on), policy=policy)
    return None if keep_age is None else add_years(born_on, keep_age)


def child_keep_until_by_age(*, age: int, last_contact_on: date, policy: Policy) -> date | None:
    """The same, when only an age is known (no date of birth): an age given at or before the
    last contact. Someone aged `age` was born at the latest `age` years before the last
    contact, so their set birthday falls at the latest `keep age - age` years after it: the
    latest possible date, never an earlier one. An age given before the end can only be
    lower than the age at the end, which keeps the records longer, never shorter (16 when
    stated and 17 at the end gives the same date: 25 - 16 = 26 - 17 years after the end)."""
    keep_age = child_keep_age(age_at_last_contact=age, policy=policy)
    if keep_age is None:
        return None
    return add_years(last_contact_on, keep_age - age)


# -- the identity side's sources (registered at start-up) -------------------------------

# Takes the case files and the policy; returns {record_ref: keep at least until}, or None
# for a file whose client's age at the last contact it cannot tell (a file it leaves out is
# an adult's).
KeepUntilSource = Callable[[list[CaseFile], Policy], dict[str, date | None]]
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
    unknown: set[str] = set()
    for source in _sources:
        for ref, until in source(closed, policy).items():
            if until is None:
                unknown.add(ref)
            else:
                extra[ref] = max(until, extra.get(ref, until))
    result = {}
    for case_file in closed:
        adult = adult_keep_until(_start(case_file), policy)
        child = extra.get(case_file.record_ref)
        if child is not None:
            result[case_file.record_ref] = (max(child, adult), CHILD)
        elif case_file.record_ref in unknown:
            result[case_file.record_ref] = (adult, UNKNOWN)
        else:
            result[case_file.record_ref] = (adult, ADULT)
    return result


# -- a file whose client's age is not known: held until an admin confirms ---------------

AGE_UNKNOWN_REASON = (
    "The client's age at the end of therapy is not known, so the adult period may be too "
    "short: an admin must confirm the adult rule applies"
)


def age_unknown() -> Q:
    """The case files kept by the adult period only because nobody knows the client's age,
    and not yet confirmed by an admin: held (see `records.apps`)."""
    return Q(retention_basis=UNKNOWN, adult_rule_confirmed_at__isnull=True)


def age_unknown_holds(case_file: CaseFile) -> list[str]:
    unconfirmed = case_file.retention_basis == UNKNOWN and not case_file.adult_rule_confirmed_at
    return [AGE_UNKNOWN_REASON] if unconfirmed else []


def adult_rule_confirm(*, actor: User, case_file: CaseFile) -> CaseFile:
    """An admin confirms that a file whose client's age is not known may be kept by the
    adult period (having checked with the therapist that the client was an adult)."""
    if not is_practice_admin(actor):
        raise PermissionDenied("Only an admin can confirm how long a file is kept.")
    with transaction.atomic(durable=True):
        case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        if case_file.is_shredded:
            raise ValidationError("This case file has already been disposed of.")
        if case_file.retention_basis != UNKNOWN:
            raise ValidationError(
                "The client's age is now known, so there is nothing to confirm for this file."
            )
        if case_file.adult_rule_confirmed_at is not None:
            raise ValidationError("The adult rule was already confirmed for this file.")
        case_file.adult_rule_confirmed_by = actor
        case_file.adult_rule_confirmed_at = timezone.now()
        case_file.save(update_fields=["adult_rule_confirmed_by", "adult_rule_confirmed_at"])
        audit.record(
            action=Action.ADULT_RULE_CONFIRMED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"retain_until": case_file.retain_until.isoformat()},
        )
    return case_file


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
    if not CODE_CHILD_AGE <= until_age_child <= 100:
        raise ValidationError(
            {
                "until_age_child": f"Choose an age between {CODE_CHILD_AGE} and 100: the "
                f"Records Management Code keeps a child's records until at least the "
                f"{CODE_CHILD_AGE}th birthday."
            }
        )
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
