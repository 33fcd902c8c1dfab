"""Withholding information about another person (DPA 2018 Sch. 2 Part 3 paras 16 and 17).

A passage about someone else is withheld only with a record of how the test was applied:
whether their consent was sought (and given, refused, or why not asked), whether a duty of
confidence is owed to them, and why withholding is reasonable. Consent given means it is
not withheld on their account (para 16(2)(a)). A health professional (or social worker or
teacher) named only in their professional role, having made or contributed to the record or
cared for the person, is not withheld on that ground (para 17).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from subject_access.models import HeldBackDecision, Redaction, ThirdPartyConsent

Withholding = Redaction | HeldBackDecision  # what may be withheld on another person's account


@dataclass(frozen=True)
class ThirdPartyTest:
    consent: str = ""
    consent_not_sought_why: str = ""
    confidence_owed: bool | None = None
    why_reasonable: str = ""
    professional_role: bool = False

    def checked(self) -> ThirdPartyTest:
        """The same test with its words trimmed, or the reason it does not justify withholding."""
        test = ThirdPartyTest(
            consent=self.consent,
            consent_not_sought_why=self.consent_not_sought_why.strip(),
            confidence_owed=self.confidence_owed,
            why_reasonable=self.why_reasonable.strip(),
            professional_role=self.professional_role,
        )
        if test.professional_role:
            raise ValidationError(
                {
                    "professional_role": "A health professional, social worker or teacher named "
                    "only in their professional role is not withheld as another person: the "
                    "person is entitled to know who cared for them (Data Protection Act 2018, "
                    "Schedule 2 Part 3 paragraph 17)."
                }
            )
        errors = {}
        if test.consent not in ThirdPartyConsent.values:
            errors["third_party_consent"] = "Say whether the other person's consent was sought."
        elif test.consent == ThirdPartyConsent.GIVEN:
            errors["third_party_consent"] = (
                "They agreed to it being shared, so it is not withheld on their account "
                "(Schedule 2 Part 3 paragraph 16)."
            )
        elif test.consent == ThirdPartyConsent.NOT_SOUGHT and not test.consent_not_sought_why:
            errors["consent_not_sought_why"] = "Say why their consent was not sought."
        if test.confidence_owed is None:
            errors["confidence_owed"] = "Say whether a duty of confidence is owed to them."
        if not test.why_reasonable:
            errors["why_reasonable"] = "Say why withholding it is reasonable."
        if errors:
            raise ValidationError(errors)
        return test

    def apply_to(self, redaction: Withholding) -> None:
        """Copy the test onto the redaction or held-back decision (saved, so its encrypted
        fields can bind to it)."""
        redaction.third_party_consent = self.consent
        redaction.confidence_owed = self.confidence_owed
        redaction.set_why_reasonable(self.why_reasonable[:2000])
        if self.consent == ThirdPartyConsent.NOT_SOUGHT:
            redaction.set_consent_not_sought_why(self.consent_not_sought_why[:2000])


@dataclass(frozen=True)
class RecordedTest:
    """A redaction's third-party test, in words for the review page and the request's page."""

    withheld_on: date
    consent: str
    consent_not_sought_why: str
    confidence: str
    why_reasonable: str


def recorded_test(redaction: Withholding) -> RecordedTest | None:
    if not redaction.third_party_consent:
        return None
    when = getattr(redaction, "created_at", None) or redaction.decided_at
    return RecordedTest(
        withheld_on=timezone.localdate(when),
        consent=redaction.get_third_party_consent_display(),
        consent_not_sought_why=redaction.get_consent_not_sought_why(),
        confidence="A duty of confidence is owed to them"
        if redaction.confidence_owed
        else "No duty of confidence is owed to them",
        why_reasonable=redaction.get_why_reasonable(),
    )


def tests_of(sar) -> list[RecordedTest]:
    """Each third-party withholding of the request, with how the test was applied. For the
    admin's and the reviewer's pages only: the other person's answers never go in the answer."""
    found = []
    for withholding in [*sar.redactions.all(), *sar.held_back_decisions.all()]:
        withholding.request = sar  # share the case file's unwrapped key
        if (test := recorded_test(withholding)) is not None:
            found.append(test)
    return found
