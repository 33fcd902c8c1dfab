"""Forms for the actions on a request: decide, disclose, withdraw, quote, and a
restriction's review (keep it, ask to lift it, agree or decline)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from disclosures import lifting
from disclosures.facts import Disclosed, restriction_problems
from disclosures.machine import APPROVE, DECLINE, REQUEST_CHANGES, REVIEW
from disclosures.models import EmergencyVerdict, Method, RestrictionReason
from practice.widgets import DateInput, TimeInput


class DecisionForm(forms.Form):
    CHOICES = [
        (APPROVE, "Approve: the disclosure may be made as written"),
        (REQUEST_CHANGES, "Ask for changes before deciding"),
        (DECLINE, "Decline: the disclosure should not be made"),
    ]
    decision = forms.ChoiceField(label="Your decision", choices=CHOICES, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="Your reasons",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="They are kept with the request and shown to the therapist. Approving or "
        "declining is final; asking for changes sends the request back to the therapist, and you "
        "decide when it returns.",
    )


class ReviewForm(forms.Form):
    """The retrospective review of an emergency disclosure."""

    decision = forms.CharField(widget=forms.HiddenInput, initial=REVIEW)
    verdict = forms.ChoiceField(
        label="Was acting at once, without asking you first, justified?",
        choices=EmergencyVerdict.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Your reasons",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you reached that verdict: was the risk immediate, and was only what "
        "was necessary shared? Note any learning and anything to do now. The therapist sees "
        "your verdict and reasons.",
    )


class WithdrawForm(forms.Form):
    reasons = forms.CharField(
        label="Why withdraw? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DiscloseForm(forms.Form):
    disclosed_on = forms.DateField(label="Date disclosed", widget=DateInput())
    disclosed_time = forms.TimeField(
        label="Time disclosed (optional)",
        required=False,
        widget=TimeInput(),
        help_text="To the minute, for example 14:05.",
    )
    method = forms.ChoiceField(label="How", choices=Method.choices)
    recipient = forms.CharField(
        label="To whom", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_was_sent = forms.CharField(
        label="Exactly what was sent or said",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Correct it if what you sent differed from the request.",
    )
    restricted = forms.BooleanField(
        label="The client must not be told about this disclosure for now",
        required=False,
        help_text="A restricted disclosure is left out of everything the client sees "
        "(their copy of this record, a subject access export) until it is lifted: you ask, "
        "and your supervisor agrees.",
    )
    restricted_reason = forms.ChoiceField(
        label="Why the client must not be told",
        choices=[("", "Not restricted"), *RestrictionReason.choices],
        required=False,
    )
    restricted_review_on = forms.DateField(
        label="Review the restriction on", required=False, widget=DateInput()
    )

    def facts(self) -> Disclosed:
        data = self.cleaned_data
        return Disclosed(
            disclosed_on=data["disclosed_on"],
            method=data["method"],
            recipient=data["recipient"],
            what_was_sent=data["what_was_sent"],
            restricted=data["restricted"],
            restricted_reason=data["restricted_reason"],
            restricted_review_on=data["restricted_review_on"],
            disclosed_time=data.get("disclosed_time"),
        )

    def clean(self):
        data = super().clean()
        if all(name in data for name in ("disclosed_on", "recipient", "what_was_sent")):
            for field, message in self.facts().problems().items():
                self.add_error(field, message)
        return data


class EmergencyForm(DiscloseForm):
    why_urgent = forms.CharField(
        label="What was the immediate risk, and why could it not wait?",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = ["why_urgent", "disclosed_on", "disclosed_time"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosed_time"].required = True
        self.fields["disclosed_time"].label = "Time disclosed"

    def clean_disclosed_on(self):
        day = self.cleaned_data["disclosed_on"]
        if day and (timezone.localdate() - day).days > 7:
            raise forms.ValidationError(
                "The emergency path is for a disclosure made in the last seven days."
            )
        return day


class QuoteForm(forms.Form):
    note = forms.UUIDField(widget=forms.HiddenInput)
    paragraph = forms.IntegerField(min_value=0, max_value=500, widget=forms.HiddenInput)


class RestrictionKeepForm(forms.Form):
    """Keep the client from being told for longer: the therapist's own decision."""

    restricted_reason = forms.ChoiceField(
        label="Why the client must still not be told",
        choices=[("", "Choose a reason"), *RestrictionReason.choices],
    )
    review_on = forms.DateField(
        label="Review the restriction again on",
        widget=DateInput(),
        help_text="A date after today. On that date the disclosure appears on your list "
        "and your supervisor's again; nothing is lifted by the date alone.",
    )

    def clean(self):
        data = super().clean()
        if "restricted_reason" in data and "review_on" in data:
            problems = restriction_problems(
                reason=data["restricted_reason"], review_on=data["review_on"]
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data


class RestrictionLiftForm(forms.Form):
    """Ask the supervisor to agree that the client may now be told."""

    reason = forms.CharField(
        label="Why the client may now be told",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: the investigation has ended, or the risk has passed. Your "
        "supervisor reads this and decides; the restriction stands until they agree.",
    )


class LiftDecisionForm(forms.Form):
    CHOICES = [
        (lifting.AGREE, "Agree: lift the restriction, so the client may now be told"),
        (lifting.DECLINE, "Decline: the restriction stands"),
    ]
    decision = forms.ChoiceField(label="Your decision", choices=CHOICES, widget=forms.RadioSelect)
    response = forms.CharField(
        label="Your reasons",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the restriction and shown to the therapist. A decision is final.",
    )
