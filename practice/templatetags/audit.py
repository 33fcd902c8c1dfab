from django import template

from practice.audit_labels import label_for

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return label_for(action)
