"""Input for the complaint pages: validation only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from practice.widgets import DateInput
from records.models import RestrictionGround
from rights.models import (
    Channel,
    ErasureGround,
    NoteKind,
    ObjectionDecision,
    ObjectionGround,
    RectificationResponse,
)
from rights.services.common import ABOUT_MAX, CONTACT_MAX, NAME_MAX, NOTE_MAX
from rights.services.common import REASONS_MAX as RECTIFICATION_REASONS_MAX
from rights.services.rectification import ASKS_MAX as RECTIFICATION_ASKS_MAX
from rights.services.rectification import STATEMENT_MAX as RECTIFICATION_STATEMENT_MAX
from subject_access.models import Competence, Requester

LOGGED_CHANNELS = [choice for choice in Channel.choices if choice[0] != Channel.FORM]


def _text(label: str, limit: int, *, help_text: str = "", rows: int = 0, required=True):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=widget,
        strip=True,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "max_length": f"{label} must be {limit:,} characters or fewer "
            "(this has %(show_value)s).",
        },
    )


def _date(label: str, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        required=required,
        help_text=help_text,
        initial=timezone.localdate if required else None,
        error_messages={"invalid": "Enter a real date, for example 3 June 2026."},
    )


class PublicComplaintForm(forms.Form):
    """Only what is needed to look into a complaint and reply to it."""

    name = _text("Your name", NAME_MAX)
    contact = _text(
        "How we should reply to you",
        CONTACT_MAX,
        help_text="An e-mail address, a telephone number or a postal address.",
        rows=3,
    )
    about = _text(
        "What your complaint is about",
        ABOUT_MAX,
        help_text="Tell us what happened with your personal information and what you would "
        f"like us to do. Up to {ABOUT_MAX:,} characters.",
        rows=8,
    )
    matter_on = _date(
        "When it happened (optional)",
        required=False,
        help_text="If you know the date, it helps us find what you mean.",
    )


class LogComplaintForm(PublicComplaintForm):
    channel = forms.ChoiceField(label="How it arrived", choices=LOGGED_CHANNELS)
    received_on = _date("Day it arrived")
    field_order = ["channel", "received_on", "name", "contact", "about", "matter_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name of the person complaining"
        self.fields["contact"].label = "How to reply to them"
        self.fields["about"].label = "What the complaint is about"
        self.fields["about"].help_text = "In their words as far as possible."


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Looked into by", queryset=None, to_field_name="ref")

    def __init__(self, *args, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable


class AcknowledgeForm(forms.Form):
    acknowledged_on = _date("Day of the acknowledgement")


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What this is", choices=NoteKind.choices, widget=forms.RadioSelect
    )
    written_on = _date("Date")
    body = _text("Note", NOTE_MAX, rows=5)


class CloseForm(forms.Form):
    closed_on = _date("Day of the outcome")
    outcome = _text(
        "The outcome",
        NOTE_MAX,
        rows=8,
        help_text="What you found and what you have done or will do. It is printed in the "
        "outcome letter; leave a blank line between paragraphs.",
    )


class ClientSearchForm(forms.Form):
    q = forms.CharField(label="Client's name", max_length=100, required=False)


class LinkClientForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    made_by = forms.ChoiceField(
        label="Who made the complaint", choices=Requester.choices, widget=forms.RadioSelect
    )
    young_person_competence = forms.ChoiceField(
        label="For a young person: can they decide for themselves?",
        choices=Competence.choices,
        required=False,
    )
    young_person_wishes = _text("The young person's wishes", 2000, rows=3, required=False)


# -- Rectification (UK GDPR Art. 16) ----------------------------------------------------------


class RectificationSearchForm(forms.Form):
    q = forms.CharField(label="Client's name or record reference", max_length=100, required=False)


class RectificationLogForm(forms.Form):
    client = forms.UUIDField(widget=forms.HiddenInput)
    received_on = _date("Day the request arrived")
    asks = _text(
        "What the client asks to be corrected",
        RECTIFICATION_ASKS_MAX,
        rows=6,
        help_text="In their words as far as possible: which record, and what they say is wrong.",
    )


class RectificationAcknowledgeForm(forms.Form):
    dated = _date("Day of the acknowledgement")


class RectificationExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Further months",
        choices=[(1, "One further month"), (2, "Two further months")],
        coerce=int,
        widget=forms.RadioSelect,
    )
    told_on = _date("Day the client is told")
    reasons = _text(
        "Why more time is needed",
        RECTIFICATION_REASONS_MAX,
        rows=4,
        help_text="Printed in the extension letter: the request's complexity or the number of "
        "requests.",
    )


class RectificationCloseForm(forms.Form):
    closed_on = _date("Day of the outcome letter")


class RectificationRespondForm(forms.Form):
    note = forms.ChoiceField(label="The note the request is about", widget=forms.RadioSelect)
    response = forms.ChoiceField(
        label="Is the note inaccurate?",
        choices=RectificationResponse.choices,
        widget=forms.RadioSelect,
    )
    addendum = _text(
        "The correction, or the client's own statement",
        RECTIFICATION_STATEMENT_MAX,
        rows=6,
        help_text="If you agree: the correction, added to the note (a signed note is never "
        "rewritten). If you do not: the client's own statement, in their words, attached to "
        "the note and shown with it wherever it is shown.",
    )
    reasons = _text(
        "What the outcome letter says",
        NOTE_MAX,
        rows=5,
        help_text="What was corrected, or why the note stands as your professional opinion.",
    )

    def __init__(self, *args, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].choices = [(str(note.ref), _note_label(note)) for note in notes]


def _note_label(note) -> str:
    """Which note, told apart by its session's day (several may be signed on one day)."""
    signed = f"signed {timezone.localtime(note.signed_at):%-d %B %Y}"
    if note.session is not None:
        return f"Note of the session on {note.session.date:%A %-d %B %Y} ({signed})"
    return f"Note {signed}"


# -- Objection (UK GDPR Art. 21) --------------------------------------------------------------


class ObjectionLogForm(RectificationLogForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asks"].label = "What processing the client objects to"
        self.fields["asks"].help_text = "In their words as far as possible."


class ObjectionDecideForm(forms.Form):
    decided_on = _date("Day of the decision")
    decision = forms.ChoiceField(
        label="The decision", choices=ObjectionDecision.choices, widget=forms.RadioSelect
    )
    ground = forms.ChoiceField(
        label="If refused: the ground",
        choices=[("", "Not refused"), *ObjectionGround.choices],
        required=False,
    )
    reasons = _text(
        "Reasons",
        NOTE_MAX,
        rows=6,
        help_text="Upheld: what processing stops. Refused: why the ground applies here. Printed "
        "in the outcome letter; leave a blank line between paragraphs.",
    )


# -- Erasure (UK GDPR Art. 17) ----------------------------------------------------------------


class ErasureLogForm(RectificationLogForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asks"].label = "What the client asks to be erased"
        self.fields["asks"].help_text = "In their words as far as possible."


class ErasureDecideForm(forms.Form):
    decided_on = _date("Day of the decision")
    decision = forms.ChoiceField(
        label="The decision",
        choices=[
            ("granted", "Granted: the record will be erased"),
            ("refused", "Refused: the record is kept"),
        ],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(
        label="If refused: the ground",
        choices=[("", "Not refused"), *ErasureGround.choices],
        required=False,
    )
    reasons = _text(
        "Reasons",
        NOTE_MAX,
        rows=6,
        required=False,
        help_text="Refused: why the ground applies here (needed). Granted: anything the "
        "letter should add (optional). Printed in the outcome letter; leave a blank line "
        "between paragraphs.",
    )


class ErasureCarryOutForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have downloaded the outcome letter to send, and I understand the client's "
        "record, contact details and notes will be destroyed and cannot be brought back.",
        error_messages={"required": "Tick the box to say you have the letter and understand."},
    )


# -- Restriction (UK GDPR Art. 18) --------------------------------------------------------------


class RestrictionLogForm(RectificationLogForm):
    ground = forms.ChoiceField(
        label="The client's ground (Article 18(1))",
        choices=RestrictionGround.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asks"].label = "What the client asks"
        self.fields[
            "asks"
        ].help_text = (
            "In their words as far as possible: what should be kept but not used, and why."
        )
        self.order_fields(["client", "received_on", "ground", "asks"])


class RestrictionApplyForm(forms.Form):
    applied_on = _date("Day the restriction starts")


class RestrictionNotifyForm(forms.Form):
    dated = _date("Day of the notice")
    reasons = _text(
        "Why the restriction is to be lifted",
        NOTE_MAX,
        rows=5,
        help_text="Printed in the notice to the client, for example that the check of the "
        "record's accuracy is finished. Leave a blank line between paragraphs.",
    )


class RestrictionLiftForm(forms.Form):
    lifted_on = _date("Day the restriction is lifted")
