"""No one person hands themselves another person's account, or a colleague's clients.

Changing someone else's e-mail address, resetting their password or their second factor,
on an account that held a role in the last 30 days, is asked by one admin and applied only
when a second person approves: another admin, or the account's current supervisor (never
the requester, never the account's owner). Grants of access to client data (a role, a
supervision link, a caseload move: `practice.access_grants`) are approved by another admin
only, never by the one who gains. Requests expire. The owner is told at the old and the new
address, with no link that acts, and their next sign-in says who did what, when. A practice
with nobody to approve uses `manage.py account_change` on the server.

In modules by idea: `rules` (who may ask and decide), `asking`, `deciding`, `telling` (the
owner, with no link that acts) and `pending` (what waits for a person).
"""

from practice.account_changes.asking import account_change_request, request_change, server_request
from practice.account_changes.deciding import (
    account_change_approve,
    account_change_cancel,
    account_change_refuse,
    email_change_now,
)
from practice.account_changes.pending import change_for, pending_for, pending_of, with_supervisors
from practice.account_changes.rules import (
    MACHINE,
    NO_SECOND_PERSON_LABEL,
    SERVER_LABEL,
    Kind,
    Status,
    can_approve,
    can_cancel,
    can_request,
    email_recently_set_by_someone_else,
    needs_second_person,
)
from practice.account_changes.telling import describe, sign_in_notices, what

__all__ = [
    "Kind",
    "MACHINE",
    "NO_SECOND_PERSON_LABEL",
    "SERVER_LABEL",
    "Status",
    "account_change_approve",
    "account_change_cancel",
    "account_change_refuse",
    "account_change_request",
    "can_approve",
    "can_cancel",
    "can_request",
    "change_for",
    "describe",
    "email_change_now",
    "email_recently_set_by_someone_else",
    "needs_second_person",
    "pending_for",
    "pending_of",
    "request_change",
    "server_request",
    "sign_in_notices",
    "what",
    "with_supervisors",
]
