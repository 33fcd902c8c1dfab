"""Forms for the admin's retention pages: the policy, legal holds, disposal, the report."""

from __future__ import annotations

from django import forms

from records.models import LegalHold
from records.retention import CODE_CHILD_AGE

DATE = forms.DateInput(attrs={"type": "date"})


class RetentionPolicyForm(forms.Form):
    years_adult = forms.IntegerField(
        label="Keep adult records for (years after the last contact)", min_value=1, max_value=100
    )
    until_age_child = forms.IntegerField(
        label="Keep the records of someone under 18 at the last contact until they are this age",
        help_text=(
            "At least 25, as the NHS Records Management Code sets; someone who was 17 at the "
            "last contact is kept one year longer (the Code's 26th birthday). Or for the "
            "adult period, whichever ends later."
        ),
        min_value=CODE_CHILD_AGE,
        max_value=100,
    )
    confirmed_newly_due = forms.IntegerField(required=False, widget=forms.HiddenInput)


class LegalHoldForm(forms.Form):
    record_ref = forms.CharField(
        label="Record reference",
        max_length=20,
        help_text="The case file's reference, for example R-ABCDEFGH2345 (never a name).",
    )
    kind = forms.ChoiceField(label="Why is the file held?", choices=LegalHold.Kind.choices)
    details = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a court or complaint reference. Stored encrypted with the file.",
    )

    def clean_record_ref(self):
        return self.cleaned_data["record_ref"].strip().upper()


class DisposalForm(forms.Form):
    record_refs = forms.MultipleChoiceField(
        label="Case files to dispose of", widget=forms.CheckboxSelectMultiple
    )
    confirm = forms.BooleanField(
        label=(
            "I confirm these case files are past their retention date and are to be destroyed "
            "for good"
        )
    )

    def __init__(self, *args, refs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_refs"].choices = [(ref, ref) for ref in refs]


class ReportPeriodForm(forms.Form):
    since = forms.DateField(label="Disposed of from", required=False, widget=DATE)
    until = forms.DateField(label="until", required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            raise forms.ValidationError("The end date is before the start date.")
        return cleaned
