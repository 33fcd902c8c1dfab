"""Bind each note's ciphertext to the note's version and state, and store even an empty
body as a ciphertext, so an older ciphertext put back in place, or an emptied column, is
an error instead of an old or empty note. Existing notes are re-encrypted under the new
associated data (their data keys are unwrapped with ENCRYPTION_KEYS, as the app does)."""

from django.db import migrations

import practice.fields
from practice import keyring


def rebind(apps, schema_editor):
    Note = apps.get_model("records", "Note")
    notes = Note.objects.using(schema_editor.connection.alias).select_related("case_file")
    data_keys: dict[int, bytes] = {}
    for note in notes.iterator(chunk_size=500):
        case_file = note.case_file
        if not case_file.wrapped_key:
            continue  # shredded: nothing can be read or re-encrypted
        if case_file.pk not in data_keys:
            data_keys[case_file.pk] = keyring.unwrap_data_key(
                case_file.wrapped_key, owner=case_file.record_ref
            )
        key = data_keys[case_file.pk]
        old_aad = f"{case_file.record_ref}|records.note|{note.ref}|body"
        body = keyring.decrypt(note.body, data_key=key, aad=old_aad) if note.body else ""
        new_aad = f"{old_aad}|v{note.version}|{note.status}"
        Note.objects.using(schema_editor.connection.alias).filter(pk=note.pk).update(
            body=keyring.encrypt(body, data_key=key, aad=new_aad)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0003_records_consent_state"),
    ]

    operations = [
        migrations.AlterField(
            model_name="note",
            name="body",
            field=practice.fields.EncryptedTextField(blank=True, default="", encrypt_empty=True),
        ),
        migrations.RunPython(rebind, migrations.RunPython.noop),
    ]
