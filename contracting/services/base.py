"""What every contracting action shares: the ownership check. (Its audit actions are
declared in `contracting.audit_actions`.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from contracting import permissions
from practice.models import User
from records.models import CaseFile


def require_own(actor: User, case_file: CaseFile) -> None:
    if not permissions.can_contract_with(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can contract with them.")
