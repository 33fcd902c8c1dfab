"""Every model whose rows keep a data key of their own, wrapped by a key-encryption key: the
case file, and any model a higher app registers at start-up (a complaint, `rights`), so key
rotation (`records.services.keys`) re-wraps them all without importing those apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from records.models import CaseFile


@dataclass(frozen=True)
class KeyHolder:
    model: type[models.Model]
    owner: Callable[[models.Model], str]  # a row -> the owner its key is wrapped for


_holders: list[KeyHolder] = [KeyHolder(CaseFile, lambda case_file: case_file.record_ref)]


def register(model: type[models.Model], *, owner: Callable[[models.Model], str]) -> None:
    """A model whose rows keep a data key of their own in `wrapped_key`."""
    if all(holder.model is not model for holder in _holders):
        _holders.append(KeyHolder(model, owner))


def key_holders() -> list[KeyHolder]:
    return list(_holders)
