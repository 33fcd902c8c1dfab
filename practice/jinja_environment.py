"""The Jinja2 environment for the parts of the busiest pages that are rendered by Django's
Jinja2 backend instead of its own template engine (issue 26: the caseload's table, a
client page's notes, sessions and access history, the audit trail's page).

Autoescaping is on, so every value is escaped as in a Django template; an undefined name
is an error rather than an empty string, so a misspelt value fails its test instead of
vanishing from the page. The globals are the few helpers these fragments need: `url` for
`{% url %}`; `django_include` for markup the Django pages share, kept in one template;
the `date` and `time` filters with Django's format letters (a datetime in the current
time zone); `truncatechars`, `audit_label` and `audit_details` as in the Django templates.

A fragment is rendered in the view with `jinja_fragment` and placed in the page's Django
template, so every page keeps the one base layout (templates/base.html).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from uuid import UUID

from django.conf import settings
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, StrictUndefined

from practice.audit.labels import describe_details, label_for

# Stand-ins for the UUIDs a row's links carry: the path is reversed once with these and
# each row's own references are put in their place (a reverse per row cost a caseload
# about half a millisecond).
_STAND_INS = tuple(UUID(int=n) for n in (1, 2, 3))


@lru_cache(maxsize=512)
def _path_with_stand_ins(name: str, count: int, prefix: str, urlconf: str) -> str:
    return reverse(name, args=_STAND_INS[:count], urlconf=urlconf)


def url(name: str, *args) -> str:
    """`reverse(name, args=args)`, the same path."""
    if 0 < len(args) <= len(_STAND_INS) and all(type(arg) is UUID for arg in args):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        path = _path_with_stand_ins(name, len(args), get_script_prefix(), urlconf)
        for stand_in, arg in zip(_STAND_INS, args, strict=False):
            path = path.replace(str(stand_in), str(arg), 1)
        return path
    return reverse(name, args=args)


def date(value, format_string: str) -> str:
    """Django's `date` filter with a format of its letters: a datetime in the current time
    zone, "" for no value."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, format_string)


def time(value, format_string: str) -> str:
    """Django's `time` filter with a format of its letters, "" for no value."""
    return "" if value in (None, "") else dateformat.time_format(value, format_string)


def django_include(template_name: str, **context) -> SafeString:
    """A Django template's output inside a fragment (Django has escaped it), so markup the
    Django pages share stays in one template. For what a fragment shows now and then, such
    as a client's statement under a note; not for every row."""
    return mark_safe(render_to_string(template_name, context))  # noqa: S308


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    options["undefined"] = StrictUndefined
    env = Environment(autoescape=True, **options)
    env.globals.update(url=url, django_include=django_include)
    env.filters.update(
        date=date,
        time=time,
        truncatechars=truncatechars,
        audit_label=label_for,
        audit_details=describe_details,
    )
    return env


def jinja_fragment(template_name: str, context: dict) -> SafeString:
    """A fragment rendered by Jinja2, ready to place in a Django template: Jinja2 has
    escaped every value in it already, so it is marked safe to keep it from being escaped
    twice."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(context))  # noqa: S308
