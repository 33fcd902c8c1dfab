"""The door to a client's page: their identity and their case file, for one purpose.

The identity side finds the client only inside the asker's caseload; the records side
(`records.access.access_case_file`) decides and records any refusal, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from clients import selectors
from clients.models import Client
from records.access import access_case_file
from records.models import CaseFile


@dataclass
class ClientContext:
    client: Client
    case_file: CaseFile


def access_client(actor, ref, *, purpose: str) -> ClientContext:
    """The client `ref` and their case file if `actor` may use them for `purpose`;
    otherwise the same 404 as for a client that does not exist, recorded."""
    client = selectors.client_in_caseload(actor, ref)
    case_file = access_case_file(
        actor,
        client.record_ref if client is not None else str(ref),
        purpose=purpose,
    )
    return ClientContext(client, case_file)
