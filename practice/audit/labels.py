"""Audit events in plain English, for the pages people read: an action's label (declared
with the action, `practice.audit.actions`) and its details as a short phrase.

The labels are also the audit page's action filter, so the filter never has to ask the
database which actions exist.
"""

from practice.audit.actions import choices, label_for

__all__ = ["choices", "describe_details", "label_for"]

# Detail keys that read better as other words than their name with spaces.
_DETAIL_WORDS = {
    "fields": "changed",
    "roles_before": "roles before",
    "roles_after": "roles after",
    "unkeyed_ok": "old chain verified",
    "unkeyed_head": "old chain head",
}


def _value_in_words(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, list | tuple):
        return ", ".join(_value_in_words(item) for item in value)
    return str(value).replace("_", " ")


def describe_details(details: dict) -> str:
    """An event's details as a short phrase: 'changed: email, first name; roles after: admin'.

    An empty list of changed fields is left out (a change of roles says so in its own
    words), and said as "no details changed" only when nothing else is said."""
    parts = []
    details = details or {}
    for key, value in details.items():
        if key == "fields" and not value:
            if len(details) == 1:
                parts.append("no details changed")
            continue
        name = _DETAIL_WORDS.get(key, str(key).replace("_", " "))
        parts.append(f"{name}: {_value_in_words(value)}")
    return "; ".join(parts)
