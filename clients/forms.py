"""Validation of what therapists type about clients, sessions and notes."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from clients.models import AGE_CHOICES, IDENTITY_FIELDS, Client, ParentalResponsibility
from practice import selectors as practice_selectors
from practice.fields import MAX_PLAINTEXT
from practice.models import User
from practice.roles import Role
from practice.widgets import DateInput, TimeInput
from records.models import Session

# Bidirectional embedding, override and isolate controls: invisible, and they make a name
# display reversed on pages and in the contract.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def refuse_bidi_controls(value) -> None:
    """The one validator for every identity field (and the name typed to sign)."""
    if isinstance(value, str) and _BIDI_CONTROLS.search(value):
        raise ValidationError(
            "This contains a hidden character that changes the direction of text, which "
            "could make it display back to front. Type it again without copying and pasting.",
            code="bidi_control",
        )


class IdentityForm(forms.ModelForm):
    """A form over identity fields: every field it lists refuses direction controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            if name in self.fields:
                self.fields[name].validators.append(refuse_bidi_controls)


class ClientForm(IdentityForm):
    status = forms.ChoiceField(
        choices=[(Client.Status.ENQUIRY, "Enquiry"), (Client.Status.ACTIVE, "Active")],
        initial=Client.Status.ACTIVE,
        help_text="Use 'End therapy' on the client's page to end.",
    )

    class Meta:
        model = Client
        fields = IDENTITY_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "gp_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_if_no_birth_date"].choices = [("", "Not given"), *AGE_CHOICES]
        if self.instance.pk and self.instance.status == Client.Status.ENDED:
            self.fields["status"].choices = [(Client.Status.ENDED, "Ended")]

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future.")
        if born and born < date(1900, 1, 1):
            raise forms.ValidationError("Check the year of birth.")
        return born

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("age_if_no_birth_date") is not None:
            self.add_error(
                "age_if_no_birth_date",
                "Give the date of birth or an age, not both: leave the age empty.",
            )
        method = cleaned.get("preferred_contact")
        if method == Client.ContactMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Give an e-mail address, or choose another contact method.")
        if method in (Client.ContactMethod.PHONE, Client.ContactMethod.TEXT) and not cleaned.get(
            "phone"
        ):
            self.add_error("phone", "Give a phone number, or choose another contact method.")
        if method == Client.ContactMethod.POST and not cleaned.get("address"):
            self.add_error("address", "Give an address, or choose another contact method.")
        return cleaned


class ParentForm(IdentityForm):
    class Meta:
        model = ParentalResponsibility
        fields = ["name", "relationship", "phone", "email", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class SessionForm(forms.Form):
    date = forms.DateField(widget=DateInput())
    start_time = forms.TimeField(widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=480, initial=50
    )
    modality = forms.ChoiceField(choices=Session.Modality.choices)
    attendance = forms.ChoiceField(choices=Session.Attendance.choices, widget=forms.RadioSelect)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=MAX_PLAINTEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "note-body"}),
        help_text=(
            "Keep to what is adequate, relevant and necessary. Encrypted before it is stored."
        ),
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, empty_label="Not linked to a session"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case_file, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = case_file.sessions.annotate(
            note_count=Count("notes")
        ).order_by("-date", "-start_time")
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.date:%d %b %Y} {s.start_time:%H:%M} ({s.get_attendance_display()})"
            + (", has a note" if s.note_count else "")
        )
        if needs_reason:
            self.fields["override_reason"] = forms.CharField(
                label="Reason to write without records consent",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    "For example: an urgent first session before the contract could be "
                    "discussed. The reason is recorded and the client is flagged until "
                    "consent is in."
                ),
            )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("The note is empty.")
        return body


class AddendumForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="addendum", required=False)
    body = forms.CharField(
        label="Addendum",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A correction or addition. The signed note itself is never changed.",
    )

    def clean_kind(self):
        kind = self.cleaned_data["kind"] or "addendum"
        if kind not in ("addendum", "client_statement"):
            raise forms.ValidationError("Choose what is being added.")
        return kind


class ClientStatementForm(AddendumForm):
    """The client's own words, where they say the note is inaccurate and the therapist,
    having considered it, does not agree (UK GDPR Art. 16)."""

    def __init__(self, *args, **kwargs):
        # Its own ids beside the addendum form on the same page; the same field names.
        super().__init__(*args, auto_id="id_statement_%s", **kwargs)
        self.fields["kind"].initial = "client_statement"
        self.fields["body"].label = "The client's statement, in their words"
        self.fields["body"].help_text = (
            "Use this when the client says this note is inaccurate and, having considered it, "
            "you do not agree: a professional opinion is not inaccurate because the client "
            "sees it differently. Their statement stays with the note, is shown wherever the "
            "note is, and is given to them in any later copy of their records. If you agree "
            "the note is wrong, add an addendum correcting it instead."
        )


class ConsentForm(forms.Form):
    given_on = forms.DateField(label="Date the client gave consent", widget=DateInput())

    def clean_given_on(self):
        given = self.cleaned_data["given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError("Consent cannot be dated in the future.")
        return given


class EndTherapyForm(forms.Form):
    last_contact_on = forms.DateField(label="Date of last contact", widget=DateInput())


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Client.Status.choices]
    )


class CaseloadTransferForm(forms.Form):
    successor = forms.ModelChoiceField(
        label="Move the caseload to",
        queryset=User.objects.none(),
        empty_label="Choose a therapist…",
        help_text="Only therapists whose accounts are active are listed.",
    )

    def __init__(self, *args, leaver: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = practice_selectors.active_holders_of(
            Role.THERAPIST, other_than=leaver
        )
        self.fields["successor"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.username})"
        )
