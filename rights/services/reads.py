"""Opening a page at the data-protection desk is a read of what someone told the practice (a
complaint's words, a breach's account, a client's request and the reasons given): each
opening appends one audited read before the page's text is decrypted for it, references
only, so the trail shows who read which item and when (design.md, the audit trail). If the
event cannot be written, the page is not shown."""

from __future__ import annotations

from django.db import transaction

from practice import audit
from practice.models import User
from rights.audit_actions import Action
from rights.models import Breach, Complaint, ObjectionRequest, RectificationRequest

# Each kind of item: the read's action and the detail key its reference goes under.
READS = {
    Complaint: (Action.COMPLAINT_READ, "complaint"),
    Breach: (Action.BREACH_READ, "breach"),
    RectificationRequest: (Action.RECTIFICATION_READ, "rectification"),
    ObjectionRequest: (Action.OBJECTION_READ, "objection"),
}


def desk_item_read(*, actor: User, item: Complaint | Breach | RectificationRequest) -> None:
    """Record that `actor` opened `item`'s page; the caller shows it only once this returns.
    A breach touches many case files (named on its own page), so its read names none."""
    action, key = READS[type(item)]
    with transaction.atomic(durable=True):
        audit.record(
            action=action,
            actor=actor,
            target_ref=getattr(item, "record_ref", ""),
            details={key: item.reference},
        )
