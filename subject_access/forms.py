"""Input for the subject access pages: validation only; the services hold the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from practice.health_professionals import Profession
from subject_access.models import (
    HELD_BACK_EXEMPTIONS,
    REDACTION_REASONS,
    Authority,
    Channel,
    Competence,
    Exemption,
    ExtensionReason,
    HealthBasis,
    HealthOpinion,
    IdentityMethod,
    Requester,
    ThirdPartyConsent,
)
from subject_access.third_parties import ThirdPartyTest

AUTHORITY_EVIDENCE = [choice for choice in Authority.choices if choice[0]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate, **kwargs)


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Client's name, or the record reference of a disposed file",
        max_length=100,
        required=False,
    )


class LogRequestForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    received_on = _date("Day the request arrived")
    channel = forms.ChoiceField(label="How it arrived", choices=Channel.choices)
    requester = forms.ChoiceField(
        label="Who is asking", choices=Requester.choices, widget=forms.RadioSelect
    )
    requester_name = forms.CharField(
        label="Name of the person asking (when not the client)", max_length=200, required=False
    )
    authority = forms.ChoiceField(
        label="Evidence that they may act for the client",
        choices=[("", "Not in yet (or not needed): the clock waits for it")] + AUTHORITY_EVIDENCE,
        required=False,
        widget=forms.RadioSelect,
    )
    authority_received_on = forms.DateField(
        label="Day the evidence of authority arrived (the request's day if it came with it)",
        widget=DateInput(),
        required=False,
    )
    authority_confirmed_on = forms.DateField(
        label="Day it was checked (today if left empty)", widget=DateInput(), required=False
    )
    identity_method = forms.ChoiceField(
        label="Identity check",
        choices=[("", "Not in yet: the clock starts once it arrives")] + IdentityMethod.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    identity_received_on = forms.DateField(
        label="Day the identity information arrived (the request's day if it came with it)",
        widget=DateInput(),
        required=False,
    )
    identity_confirmed_on = forms.DateField(
        label="Day it was checked (today if left empty)", widget=DateInput(), required=False
    )
    young_person_competence = forms.ChoiceField(
        label="For a young person asked for by a parent: can they decide for themselves?",
        choices=Competence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    young_person_wishes = forms.CharField(
        label="The young person's wishes (or, if they cannot decide, what shows that)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, presumed_competent: bool = False, adult: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if adult:  # an adult's request has no young person's part to answer
            del self.fields["young_person_competence"], self.fields["young_person_wishes"]
        elif presumed_competent:
            field = self.fields["young_person_competence"]
            field.initial = Competence.COMPETENT_AWAITED
            field.help_text = (
                "In Scotland a young person of 12 or over is presumed able to decide for "
                "themselves (DPA 2018 s.208), so this starts as able to decide. Change it only "
                "if something shows that they cannot, and say what."
            )


class YoungPersonViewForm(forms.Form):
    young_person_competence = forms.ChoiceField(
        label="Can the young person decide for themselves?",
        choices=[choice for choice in Competence.choices if choice[0]],
        widget=forms.RadioSelect,
    )
    young_person_wishes = forms.CharField(
        label="The young person's wishes (or, if they cannot decide, what shows that)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IdentityForm(forms.Form):
    method = forms.ChoiceField(label="How the identity was checked", choices=IdentityMethod.choices)
    identity_received_on = _date("Day the identity information arrived (the clock counts from it)")
    identity_confirmed_on = _date("Day staff checked it")


class AuthorityForm(forms.Form):
    authority = forms.ChoiceField(
        label="Evidence that they may act for the client", choices=AUTHORITY_EVIDENCE
    )
    authority_received_on = _date("Day the evidence arrived (the clock counts from it)")
    authority_confirmed_on = _date("Day staff checked it")


class ClarificationRequestForm(forms.Form):
    requested_on = _date("Day the clarification was asked for")
    # Not "reason": the extension form on the same page has a field of that name.
    why_needed = forms.CharField(
        label="Why more information is needed to find what the person is asking for",
        help_text='Written to the person, in the letter asking for it: for example, "We hold '
        "several years of notes and e-mails; please tell us which period or kind of "
        'information you would like." Kept, encrypted, with the request.',
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClarificationReceivedForm(forms.Form):
    received_on = _date("Day the clarification arrived")


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Extend by", coerce=int, choices=[(1, "One month"), (2, "Two months")]
    )
    reason = forms.ChoiceField(label="Why it is needed", choices=ExtensionReason.choices)
    why = forms.CharField(
        label="Why more time is needed, as the person will read it",
        help_text="Printed in the extension notice kept with the request.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    told_on = _date("Day the person is told, with the reasons")


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Therapist to review", queryset=None, to_field_name="ref"
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: user.display_name  # a name


class ReleaseForm(forms.Form):
    method = forms.ChoiceField(label="How the answer is sent", choices=Channel.choices)
    exemption = forms.ChoiceField(
        label="Partly refused? The exemption relied on",
        choices=[("", "No: everything held is in the answer, apart from withheld passages")]
        + Exemption.choices,
        required=False,
    )


class FeeForm(forms.Form):
    """A reasonable fee for a manifestly unfounded or excessive request (Art. 12(5)(a))."""

    amount = forms.DecimalField(
        label="Fee (£)", min_value=Decimal("0.01"), max_value=Decimal("500"), decimal_places=2
    )
    fee_asked_on = _date("Day the fee is asked for")
    basis = forms.CharField(
        label="How the amount was worked out, as the person will read it",
        help_text="From the administrative costs of answering: for example staff time to "
        "search and copy, and postage. Printed in the letter.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fee_evidence = forms.CharField(
        label="What shows the request is manifestly unfounded or excessive",
        help_text="Kept with the request, not printed.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_fee_%s")
        super().__init__(*args, **kwargs)


class FeeReceivedForm(forms.Form):
    fee_received_on = _date("Day the fee arrived")


class RefuseForm(forms.Form):
    exemption = forms.ChoiceField(label="Exemption relied on", choices=Exemption.choices)
    reasons = forms.CharField(
        label="Why you are refusing, as the person will read it",
        help_text="Printed in the refusal letter, unless naming the exemption would prejudice "
        "what it protects (the prevention or detection of crime).",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = forms.CharField(
        label="For a manifestly unfounded or excessive request: what shows it",
        help_text="Kept with the request, not printed. Needed for that exemption.",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        # Shown on the same page as the release form, whose field has the same name: its
        # own ids, so no two controls share one (the posted names stay the same).
        kwargs.setdefault("auto_id", "id_refuse_%s")
        super().__init__(*args, **kwargs)


def _third_party_fields() -> dict[str, forms.Field]:
    """The third-party test (DPA 2018 Sch. 2 Part 3), answered when something is withheld as
    information about another person: on a passage, or on a held-back disclosure request."""
    return {
        "professional_role": forms.BooleanField(
            label="The other person is a health professional, social worker or teacher, named "
            "only in their work with the client",
            required=False,
        ),
        "third_party_consent": forms.ChoiceField(
            label="About another person: was their consent to sharing it sought?",
            choices=ThirdPartyConsent.choices,
            widget=forms.RadioSelect,
            required=False,
        ),
        "consent_not_sought_why": forms.CharField(
            label="If not asked, why not",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
        "confidence_owed": forms.TypedChoiceField(
            label="Is a duty of confidence owed to them?",
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            required=False,
        ),
        "why_reasonable": forms.CharField(
            label="Why withholding it is reasonable",
            help_text="For example: what they told you, and in what trust; what sharing it could "
            "do to them; whether the client already knows it.",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
    }


class ThirdPartyTestMixin:
    """Adds the third-party test's fields after the form's own, and reads them back."""

    def _add_third_party_fields(self) -> None:
        self.fields.update(_third_party_fields())

    def third_party_test(self) -> ThirdPartyTest:
        data = self.cleaned_data
        return ThirdPartyTest(
            consent=data.get("third_party_consent", ""),
            consent_not_sought_why=data.get("consent_not_sought_why", ""),
            confidence_owed=data.get("confidence_owed"),
            why_reasonable=data.get("why_reasonable", ""),
            professional_role=bool(data.get("professional_role")),
        )


class RedactForm(ThirdPartyTestMixin, forms.Form):
    item_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    field_name = forms.CharField(label="Part of the item", max_length=60)
    passage = forms.CharField(
        label="Exact words to withhold",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.ChoiceField(label="Reason", choices=REDACTION_REASONS, widget=forms.RadioSelect)

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._add_third_party_fields()
        if field_choices:
            self.fields["field_name"] = forms.ChoiceField(
                label="Part of the item", choices=field_choices
            )


class HeldBackForm(ThirdPartyTestMixin, forms.Form):
    """The reviewer's decision on one disclosure request held back from the answer."""

    unit = forms.CharField(widget=forms.HiddenInput, max_length=64)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("withhold", "Withhold it from the answer under an exemption"),
            ("include", "Include it in the answer"),
        ],
        widget=forms.RadioSelect,
    )
    exemption = forms.ChoiceField(
        label="Exemption relied on (when withholding)",
        choices=[("", "Choose one"), *HELD_BACK_EXEMPTIONS],
        required=False,
    )
    reason = forms.CharField(
        label="Reason (needed when including it; kept with the review, never in the answer)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_third_party_fields()


class HealthBasisForm(forms.Form):
    """The basis for releasing health data (DPA 2018 Sch. 3 Part 2 paras 5 and 6)."""

    basis = forms.ChoiceField(
        label="The basis", choices=HealthBasis.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="If they have already seen or know it: what shows that",
        help_text="For example: the letter it was sent in, or the session it was read with them.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    professional_name = forms.CharField(
        label="Health professional's name",
        help_text="The appropriate one: the health professional currently or most recently "
        "responsible for the client's care in the matters the information is about (their "
        "GP or psychiatrist, say); only where there is none, one with the experience and "
        "qualifications to give the opinion (DPA 2018 Sch. 3 Part 2 para 2(1)).",
        max_length=200,
        required=False,
    )
    profession = forms.ChoiceField(
        label="Their profession",
        choices=[("", "Choose one"), *[c for c in Profession.choices if c[0]]],
        required=False,
    )
    register = forms.CharField(
        label="Their register (if not clear from the profession)", max_length=60, required=False
    )
    register_number = forms.CharField(label="Registration number", max_length=30, required=False)
    opinion_on = forms.DateField(
        label="The day they gave the opinion", widget=DateInput(), required=False
    )
    opinion = forms.ChoiceField(
        label="What they concluded",
        choices=[("", "Choose one"), *HealthOpinion.choices],
        required=False,
    )
    conclusion = forms.CharField(
        label="Their opinion in a sentence or two",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
