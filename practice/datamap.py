"""The data map: every model that holds data about a client, in one registry.

Each app registers its models in `AppConfig.ready`: how a row reaches its client (by the
case file's `record_ref`, or through a foreign key to the case file) and which of its
fields are encrypted. Subject access export, disposal and key rotation walk this one
registry instead of keeping lists of their own; a test fails when a model with a
`record_ref`, a case-file link or an encrypted field is missing from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ClientDataModel:
    model: type[models.Model]
    reaches_client_by: (
        str  # "record_ref": a column holding it; otherwise the FK path to the case file
    )
    encrypted_fields: tuple[str, ...]
    category: str  # the SAR category it belongs to, in plain words

    @property
    def label(self) -> str:
        return self.model._meta.label


_registry: dict[str, ClientDataModel] = {}


def register(
    model: type[models.Model],
    *,
    reaches_client_by: str,
    category: str,
) -> None:
    from practice.fields import EncryptedTextField

    encrypted = tuple(
        field.name for field in model._meta.get_fields() if isinstance(field, EncryptedTextField)
    )
    _registry[model._meta.label] = ClientDataModel(model, reaches_client_by, encrypted, category)


def registered() -> list[ClientDataModel]:
    return list(_registry.values())


def entry_for(model: type[models.Model]) -> ClientDataModel | None:
    return _registry.get(model._meta.label)
