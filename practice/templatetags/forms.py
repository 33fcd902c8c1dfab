from django import template
from django.utils.html import format_html

from practice import idempotency

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A one-time token for a form that creates something (see `practice/idempotency.py`)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', idempotency.FIELD, idempotency.new_token()
    )
