"""Who may contract with a client and who may change the practice's documents."""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_practice_admin
from records.models import CaseFile
from records.permissions import is_own_case_file


def can_manage_templates(user: User) -> bool:
    """Admins (the practice manager or data-protection lead) publish document versions."""
    return is_practice_admin(user)


def can_contract_with(user: User, case_file: CaseFile) -> bool:
    """Only the client's own therapist prepares, sends and records their agreement."""
    return is_own_case_file(user, case_file)
