"""The one field type for encrypted free text.

Every column that holds text about a client's inner life (note bodies, addenda, reasons,
risk assessments, disclosure content) is an `EncryptedTextField`. The column stores only
ciphertext from `practice.keyring`; the model gains `get_<name>()` and `set_<name>(text)`
which encrypt with the owning case file's data key and bind the ciphertext to
(case file, model, row, field) as associated data. Saving a value that is not a
ciphertext raises, so plaintext cannot reach the database by accident.

A model with an encrypted field provides `encryption_owner()` (the case file whose data
key is used) and a stable `ref` (the row's identity in the associated data). It may also
provide `encryption_context()` (e.g. a note's version and state), bound into the associated
data too, so an older ciphertext of the same row put back in place fails to decrypt.
With `encrypt_empty=True` even empty text is stored as a ciphertext, so an emptied column
on a saved row is an error, never an empty note.
"""

from __future__ import annotations

from django.core import checks
from django.db import models

from practice import keyring

MAX_PLAINTEXT = 100_000


class PlaintextRefused(ValueError):
    """Something tried to store plaintext in an encrypted column."""


class EncryptedTextField(models.TextField):
    description = "Text encrypted with the case file's data key (AES-256-GCM)"

    def __init__(
        self, *args, max_plaintext: int = MAX_PLAINTEXT, encrypt_empty: bool = False, **kwargs
    ):
        self.max_plaintext = max_plaintext
        self.encrypt_empty = encrypt_empty
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        if self.max_plaintext != MAX_PLAINTEXT:
            kwargs["max_plaintext"] = self.max_plaintext
        if self.encrypt_empty:
            kwargs["encrypt_empty"] = True
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if cls._meta.abstract:
            return
        field = self

        def getter(instance) -> str:
            return field.decrypt_for(instance)

        def setter(instance, plaintext: str) -> None:
            field.encrypt_for(instance, plaintext)

        setattr(cls, f"get_{name}", getter)
        setattr(cls, f"set_{name}", setter)

    def associated_data(self, instance) -> str:
        owner = instance.encryption_owner()
        bound = f"{owner.record_ref}|{instance._meta.label_lower}|{instance.ref}|{self.name}"
        context = getattr(instance, "encryption_context", None)
        return f"{bound}|{context()}" if context is not None else bound

    def encrypt_for(self, instance, plaintext: str) -> None:
        if len(plaintext) > self.max_plaintext:
            raise ValueError(f"{self.name} is longer than {self.max_plaintext} characters")
        if not plaintext and not self.encrypt_empty:
            setattr(instance, self.attname, "")
            return
        owner = instance.encryption_owner()
        token = keyring.encrypt(
            plaintext, data_key=owner.data_key(), aad=self.associated_data(instance)
        )
        setattr(instance, self.attname, token)

    def decrypt_for(self, instance) -> str:
        token = getattr(instance, self.attname)
        if not token:
            if self.encrypt_empty and not instance._state.adding:
                raise keyring.DecryptionError(
                    f"The stored value for {self.associated_data(instance)} is empty where a "
                    "ciphertext belongs (emptied or tampered)."
                )
            return ""
        owner = instance.encryption_owner()
        return keyring.decrypt(token, data_key=owner.data_key(), aad=self.associated_data(instance))

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value and not str(value).startswith(keyring.CIPHERTEXT_PREFIX):
            raise PlaintextRefused(
                f"{model_instance._meta.label}.{self.name} only stores ciphertext; "
                f"use set_{self.name}()"
            )
        return value

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        model = self.model
        if not model._meta.abstract and not hasattr(model, "encryption_owner"):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has an encrypted field but no encryption_owner()",
                    obj=self,
                    id="practice.E010",
                )
            )
        return errors
