"""Every write to case files, sessions and notes, one module per idea; each audited in its
own transaction. Views, commands, the demo seeder and tests all call these functions.

- `case_files`: opening, closing and transferring a case file;
- `consent`: the client's consent to keeping records (given, declined, withdrawn);
- `sessions`: recording a session;
- `notes`: writing, saving and signing a note;
- `addenda`: an addendum to a signed note;
- `reading`: revealing notes to their therapist, the read recorded first;
- `keys`: re-wrapping every data key (the `rotate_keys` command).
"""

from records.services.addenda import addendum_add, addendum_attach
from records.services.case_files import case_file_close, case_file_open, case_files_transfer
from records.services.consent import (
    records_consent_decline,
    records_consent_from_agreement,
    records_consent_on_paper,
    records_consent_record,
    records_consent_withdraw,
    records_consent_withdraw_within,
)
from records.services.keys import data_keys_rotate
from records.services.notes import StaleDraft, note_create, note_save_draft, note_sign
from records.services.reading import RevealedNote, notes_reveal
from records.services.sessions import FUTURE_LIMIT, session_save

__all__ = [
    "FUTURE_LIMIT",
    "RevealedNote",
    "StaleDraft",
    "addendum_add",
    "addendum_attach",
    "case_file_close",
    "case_file_open",
    "case_files_transfer",
    "data_keys_rotate",
    "note_create",
    "note_save_draft",
    "note_sign",
    "notes_reveal",
    "records_consent_decline",
    "records_consent_from_agreement",
    "records_consent_on_paper",
    "records_consent_record",
    "records_consent_withdraw",
    "records_consent_withdraw_within",
    "session_save",
]
