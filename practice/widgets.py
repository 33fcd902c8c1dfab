"""Form widgets every app shares: the browser's own date and time pickers.

A native picker sends and expects ISO values (2026-11-25, 14:30) whatever the locale, so
the widget always renders that format; a localised value would show as an empty field.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
