"""Input for the breach register's pages: validation only; the services hold the rules."""

from __future__ import annotations

from django import forms

from practice.audit import actions as audit_actions
from rights.forms import _date, _text
from rights.models import BreachRisk
from rights.services.breaches import FOR_CLIENT_MAX, HOW_MAX, ICO_REFERENCE_MAX
from rights.services.common import NOTE_MAX


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker (ISO, local time)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _moment(label: str, *, required=True, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "invalid": "Enter a real date and time, for example 3 June 2026 at 14:30.",
            "required": f"Enter {label[0].lower()}{label[1:]}.",
        },
    )


class RecordBreachForm(forms.Form):
    discovered_at = _moment(
        "When it was found",
        help_text="Date and time the practice became aware of it (UK time). The 72 hours to "
        "report it to the ICO run from here.",
    )
    started_at = _moment("When it started (optional)", required=False, help_text="If it is known.")
    people_affected = forms.IntegerField(
        label="How many people it may affect",
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "required": "Enter how many people it may affect.",
            "invalid": "Enter a whole number.",
            "min_value": "Enter 0 or more.",
        },
    )
    what_happened = _text(
        "What happened",
        NOTE_MAX,
        rows=6,
        help_text="For the register: what was lost, seen or changed, how, and by whom.",
    )
    for_client = _text(
        "What an affected client will read",
        FOR_CLIENT_MAX,
        rows=4,
        help_text="In plain words, without anyone else's details: this goes into the "
        "subject access answer of every client whose record it touched.",
    )


class AssessForm(forms.Form):
    risk = forms.ChoiceField(
        label="The risk to people",
        choices=BreachRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk to people."},
    )
    assessment = _text(
        "Risk assessment",
        NOTE_MAX,
        rows=5,
        help_text="What could happen to the people affected, how likely and how serious.",
    )
    notify_ico = forms.TypedChoiceField(
        label="Report it to the ICO?",
        choices=[("yes", "Yes"), ("no", "No: it is unlikely to result in a risk to people")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is reported to the ICO."},
    )
    notify_people = forms.TypedChoiceField(
        label="Tell the people affected?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Required when the risk to them is high (UK GDPR Art. 34), unless the data "
        "was unintelligible to others, the risk has been removed, or telling each would take "
        "disproportionate effort (then a public notice): say which in the reasons.",
        error_messages={"required": "Say whether the people affected are told."},
    )
    reasons = _text("Reasons for the decision", NOTE_MAX, rows=4)


class IcoNotifiedForm(forms.Form):
    notified_at = _moment("When the ICO was told")
    ico_reference = _text("The ICO's reference", ICO_REFERENCE_MAX)
    late_reasons = _text(
        "Reasons for the delay",
        HOW_MAX,
        rows=3,
        required=False,
        help_text="Only when it was more than 72 hours after the breach was found: the "
        "reasons given to the ICO with the report (UK GDPR Art. 33(1)).",
    )


class PeopleNotifiedForm(forms.Form):
    notified_on = _date("Day they were told")
    how = _text("How they were told", HOW_MAX, rows=2, help_text="For example a letter or a call.")


class RemediationForm(forms.Form):
    remediation = _text("What was done", NOTE_MAX, rows=5, help_text="For the register.")
    done_for_client = _text(
        "What an affected client will read about what was done",
        FOR_CLIENT_MAX,
        rows=3,
        help_text="In plain words: this goes into their subject access answer.",
    )


class CloseBreachForm(forms.Form):
    closed_on = _date("Day it was closed")


class PickRecordsForm(forms.Form):
    record_refs = forms.MultipleChoiceField(
        label="Case files it touched",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one case file."},
    )

    def __init__(self, *args, candidates: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_refs"].choices = [(ref, ref) for ref in candidates]


class TrailSearchForm(forms.Form):
    """Find the case files the audit trail names: by whom, when and what they did."""

    staff = forms.ModelChoiceField(
        label="By whom", queryset=None, to_field_name="ref", required=False, empty_label="Anyone"
    )
    start = _moment("From")
    end = _moment("To")
    action = forms.ChoiceField(label="What they did", required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["action"].choices = [("", "Anything"), *audit_actions.choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the window must be after its start.")
        return cleaned
