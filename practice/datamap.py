"""The data map: every model that holds data about a client, in one registry.

Each app registers its models in `AppConfig.ready`: how a row reaches its client's case file
(one path convention, checked here when registered), how its rows are exported, and how it
reaches a withholding unit such as a disclosure request (`withheld_with`, which every
registration must state, even as None), so the one rule of `practice.client_facing` can keep
from the client every row of something the client must not be told about. Subject access export,
disposal and key rotation walk this one registry instead of keeping lists of their own; a
test follows the foreign-key graph and fails when a model reaching a client is missing.

The path convention (`reaches_client_by`) is a Django lookup path: every step but the last
is a forward foreign key, and the last step is either a foreign key to the case file
(`case_file`, `note__case_file`) or a text column holding the case file's record reference
(`record_ref`, `client__record_ref`, the audit trail's `target_ref`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from practice.readings import Reading

CASE_FILE_MODEL = "records.CaseFile"

# A row -> its exported values (plain JSON-able values, keyed by field name).
Exporter = Callable[[models.Model], dict[str, Any]]
# A row -> files that belong with it in an export: (file name, bytes).
Attachments = Callable[[models.Model], list[tuple[str, bytes]]]

# Columns no export ever shows: keys, token hashes, row references and other machinery
# (an export names each row by its model and reference already).
NEVER_EXPORTED = frozenset({"id", "ref", "wrapped_key", "link_token_hash", "version"})


@dataclass(frozen=True)
class ClientDataModel:
    model: type[models.Model]
    reaches_client_by: str
    encrypted_fields: tuple[str, ...]
    category: str  # the subject-access category it belongs to, in plain words
    export: Exporter
    # The lookup path to the reference of the withholding unit a row belongs to (a
    # disclosure request), or None for a model that holds nothing of one.
    withheld_with: str | None = None
    attachments: Attachments | None = None
    exclude: tuple[str, ...] = field(default=())
    # Evidence that outlives the record (the audit trail: references only, append-only):
    # exported and counted, never deleted by disposal.
    kept_on_disposal: bool = False
    # A row -> names in the default file storage that belong to it (deleted with it).
    stored_files: Callable[[models.Model], list[str]] | None = None
    # How the rows read to a client (practice.readings): labels, kinds of value, and the
    # fields that are machinery and stay in the machine-readable answer only.
    reads: Reading | None = None
    # Related rows the exporter reads, fetched once per chunk (not once per row).
    prefetch: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def via_case_file(self) -> bool:
        """True when the path ends at a foreign key to the case file (not at a ref column)."""
        return _final_field(self.model, self.reaches_client_by).is_relation

    def lookup(self, record_ref: str) -> dict[str, str]:
        """The filter that selects this model's rows for one case file."""
        suffix = "__record_ref" if self.via_case_file else ""
        return {f"{self.reaches_client_by}{suffix}": record_ref}

    def rows_for(self, record_ref: str) -> models.QuerySet:
        """Every row for the case file, held-back ones included (disposal, rotation). What a
        client may see is asked of `practice.client_facing.Screen.rows`, never of this."""
        return self.model._default_manager.filter(**self.lookup(record_ref))

    def export_row(self, row: models.Model) -> dict[str, Any]:
        return self.export(row)


_registry: dict[str, ClientDataModel] = {}


def _final_field(model: type[models.Model], path: str) -> models.Field:
    current = model
    steps = path.split("__")
    for step in steps[:-1]:
        found = current._meta.get_field(step)
        current = found.related_model
    return current._meta.get_field(steps[-1])


def check_path(model: type[models.Model], path: str) -> None:
    """Refuse a path that does not follow the convention, naming the model and the step."""
    where = f"{model._meta.label}: reaches_client_by={path!r}"
    current = model
    steps = path.split("__")
    if not path or any(not step for step in steps):
        raise ImproperlyConfigured(f"{where} is empty or malformed")
    for position, step in enumerate(steps):
        try:
            found = current._meta.get_field(step)
        except Exception as error:
            raise ImproperlyConfigured(f"{where}: {current._meta.label} has no {step!r}") from error
        last = position == len(steps) - 1
        if not last:
            if not (found.many_to_one or found.one_to_one) or not found.concrete:
                raise ImproperlyConfigured(f"{where}: {step!r} is not a forward foreign key")
            current = found.related_model
            continue
        if found.is_relation:
            if not found.concrete or found.related_model._meta.label != CASE_FILE_MODEL:
                raise ImproperlyConfigured(
                    f"{where}: a path ending in a relation must end at the case file"
                )
        elif not isinstance(found, models.CharField):
            raise ImproperlyConfigured(f"{where}: {step!r} must hold a record reference (text)")


def plain_value(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text, references as text."""
    if isinstance(value, datetime | time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, list | tuple):  # a JSON column: one line of words, as the schema asks
        return ", ".join(str(plain_value(item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {plain_value(item)}" for key, item in value.items())
    return value


def default_exporter(*, exclude: Iterable[str] = ()) -> Exporter:
    """Every concrete column except machinery: encrypted text decrypted, choices as words,
    a foreign key as the related row's reference (or its display name for staff)."""
    from practice.fields import EncryptedTextField

    hidden = NEVER_EXPORTED | set(exclude)

    def export(row: models.Model) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in row._meta.concrete_fields:
            if column.name in hidden or column.primary_key:
                continue
            if isinstance(column, EncryptedTextField):
                values[column.name] = column.decrypt_for(row)
            elif column.is_relation:
                related = getattr(row, column.name)
                if related is None:
                    values[column.name] = None
                elif hasattr(related, "display_name") and not hasattr(related, "record_ref"):
                    values[column.name] = related.display_name
                else:
                    values[column.name] = plain_value(getattr(related, "ref", str(related)))
            elif column.choices:
                values[column.name] = getattr(row, f"get_{column.name}_display")()
            else:
                values[column.name] = plain_value(getattr(row, column.attname))
        return values

    export.exports_columns = True  # every column but `hidden`: checked for client words
    return export


def register(
    model: type[models.Model],
    *,
    reaches_client_by: str,
    category: str,
    withheld_with: str | None,
    export: Exporter | None = None,
    exclude: Iterable[str] = (),
    attachments: Attachments | None = None,
    kept_on_disposal: bool = False,
    stored_files: Callable[[models.Model], list[str]] | None = None,
    reads: Reading | None = None,
    prefetch: Iterable[str] = (),
) -> None:
    """Put `model` on the map. The path is checked now, so a mistake stops start-up instead
    of leaving rows out of an export; `withheld_with` has no default, so every model says
    how it reaches a withholding unit, and `client_facing.coverage_problems` (a system
    check and a test) refuses a model that reaches one without saying so."""
    from practice.fields import EncryptedTextField

    check_path(model, reaches_client_by)
    encrypted = tuple(
        column.name for column in model._meta.get_fields() if isinstance(column, EncryptedTextField)
    )
    exclude = tuple(exclude)
    _registry[model._meta.label] = ClientDataModel(
        model=model,
        reaches_client_by=reaches_client_by,
        encrypted_fields=encrypted,
        category=category,
        export=export or default_exporter(exclude=exclude),
        withheld_with=withheld_with,
        attachments=attachments,
        exclude=exclude,
        kept_on_disposal=kept_on_disposal,
        stored_files=stored_files,
        reads=reads,
        prefetch=tuple(prefetch),
    )


def unregister(model: type[models.Model]) -> ClientDataModel | None:
    """Take a model off the map (tests that prove the coverage check bites)."""
    return _registry.pop(model._meta.label, None)


def registered() -> list[ClientDataModel]:
    return list(_registry.values())


def entry_labelled(label: str) -> ClientDataModel | None:
    """The entry for a model by its label ("records.Note"), as export item keys name it."""
    return _registry.get(label)


def entry_for(model: type[models.Model]) -> ClientDataModel | None:
    return _registry.get(model._meta.label)
