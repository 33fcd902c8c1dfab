"""Page links that keep every other query parameter (filters, another list's page)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page") -> str:
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return "?" + query.urlencode()
