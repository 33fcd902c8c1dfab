from django import template

from practice.audit.labels import describe_details, label_for

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return label_for(action)


@register.filter
def audit_details(details: dict) -> str:
    return describe_details(details)
