"""The therapist's word, before sending, that the supervisor needs the client's details."""

from __future__ import annotations

from django import forms


class IdentifiersCheckedForm(forms.Form):
    checked_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label="I have checked: the supervisor needs this",
        error_messages={
            "required": "Tick the box to confirm that your supervisor needs these details, "
            "or go back and edit the request."
        },
    )
    summary_shows_message_only = True
