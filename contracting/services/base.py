"""What every contracting action shares: its audit action names and the ownership check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from contracting import permissions
from practice.models import User
from records.models import CaseFile


class Action:
    TEMPLATE_PUBLISHED = "contracting.template_published"
    GENERATED = "contracting.generated"
    SENT = "contracting.sent"
    OPENED = "contracting.opened"
    ACKNOWLEDGED = "contracting.acknowledged"
    WITHDRAWN = "contracting.withdrawn"
    DOCUMENT_READ = "contracting.document_read"


def require_own(actor: User, case_file: CaseFile) -> None:
    if not permissions.can_contract_with(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can contract with them.")
