"""The key ring: envelope encryption with AES-256-GCM.

This module is the only one that touches `cryptography`. Every ciphertext in the
database comes from here.

- A *key-encryption key* (KEK) comes from the environment (``ENCRYPTION_KEYS``). Several
  may be configured, ``"id:base64key,id:base64key"``; the first wraps new data keys and
  every one listed can unwrap, so keys rotate without downtime.
- A *data key* is random per owner (a case file). It is stored only wrapped by a KEK, with
  the owner's reference as associated data, so a wrapped key copied to another owner
  fails to unwrap.
- A *ciphertext* is bound by associated data to the row and field it belongs to, so a
  ciphertext copied onto another row fails to decrypt instead of showing the wrong text.

Destroying a data key destroys everything encrypted with it (crypto-shredding).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

ENV_VARIABLE = "ENCRYPTION_KEYS"
GENERATE_HINT = ".venv/bin/python manage.py generate_key"
CIPHERTEXT_PREFIX = "v1:"
_NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class KeyringError(Exception):
    """Base class: every key-ring failure says what went wrong, never what was encrypted."""


class KeyConfigurationError(KeyringError):
    """The key-encryption keys in the environment are missing or malformed."""


class UnknownKeyError(KeyringError):
    """A data key was wrapped by a key-encryption key that is not configured."""


class DecryptionError(KeyringError):
    """A ciphertext was altered, belongs to another row, or the key is wrong."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def primary_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise UnknownKeyError(
            f"This data key was wrapped by key-encryption key {key_id!r}, which is not in "
            f"{ENV_VARIABLE}. Add it back (after the current key) and run "
            "'.venv/bin/python manage.py rotate_keys' before removing it."
        )


def parse_keys(raw: str) -> KeyRing:
    """Parse ``ENCRYPTION_KEYS``; raise KeyConfigurationError naming the variable."""
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if not entries:
        raise KeyConfigurationError(
            f"{ENV_VARIABLE} is not set. Create a key with '{GENERATE_HINT}' and put the "
            "line it prints into the environment or the .env file."
        )
    keys: list[tuple[str, bytes]] = []
    for position, entry in enumerate(entries, start=1):
        key_id, separator, encoded = entry.partition(":")
        if not separator or not _KEY_ID.match(key_id):
            raise KeyConfigurationError(
                f"{ENV_VARIABLE}: entry {position} is malformed; each entry is 'id:key' "
                f"with an id of letters, digits, '-' or '_'. '{GENERATE_HINT}' makes one."
            )
        try:
            key = base64.urlsafe_b64decode(encoded.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            key = b""
        if len(key) != 32:
            raise KeyConfigurationError(
                f"{ENV_VARIABLE}: key {key_id!r} is not 32 bytes of URL-safe base64. "
                f"'{GENERATE_HINT}' makes a valid one."
            )
        if any(existing == key_id for existing, _ in keys):
            raise KeyConfigurationError(f"{ENV_VARIABLE}: key id {key_id!r} appears twice.")
        keys.append((key_id, key))
    return KeyRing(tuple(keys))


@lru_cache(maxsize=4)
def _keyring_for(raw: str) -> KeyRing:
    return parse_keys(raw)


def keyring() -> KeyRing:
    """The configured key ring (parsed once per distinct setting value)."""
    return _keyring_for(settings.ENCRYPTION_KEYS)


def generate_key_line() -> str:
    """A new key entry, ready for ``ENCRYPTION_KEYS``."""
    key_id = "k" + secrets.token_hex(4)
    key = base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")
    return f"{key_id}:{key}"


# -- data keys -------------------------------------------------------------------------


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _data_key_aad(owner: str) -> bytes:
    return f"data-key|{owner}".encode()


def wrap_data_key(data_key: bytes, *, owner: str) -> str:
    """Wrap a data key under the primary key-encryption key: ``"<kek id>$<b64>"``."""
    ring = keyring()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.primary_id)).encrypt(nonce, data_key, _data_key_aad(owner))
    return f"{ring.primary_id}${base64.b64encode(nonce + sealed).decode('ascii')}"


def wrapped_key_id(wrapped: str) -> str:
    return wrapped.partition("$")[0]


def unwrap_data_key(wrapped: str, *, owner: str) -> bytes:
    if not wrapped:
        raise DecryptionError(
            f"The data key of {owner} is missing: its records were destroyed or never created."
        )
    key_id, separator, payload = wrapped.partition("$")
    if not separator:
        raise DecryptionError(f"The wrapped data key of {owner} is malformed.")
    kek = keyring().key(key_id)
    try:
        raw = base64.b64decode(payload, validate=True)
        return AESGCM(kek).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _data_key_aad(owner))
    except (InvalidTag, binascii.Error, ValueError) as error:
        raise DecryptionError(
            f"The data key of {owner} does not unwrap with key {key_id!r}: the stored key "
            "was altered, belongs to another record, or the key in the environment is wrong."
        ) from error


def rewrap_data_key(wrapped: str, *, owner: str) -> str:
    """Re-wrap under the primary key (no-op result when it already is)."""
    if wrapped_key_id(wrapped) == keyring().primary_id:
        return wrapped
    return wrap_data_key(unwrap_data_key(wrapped, owner=owner), owner=owner)


# -- values ----------------------------------------------------------------------------


def encrypt(plaintext: str, *, data_key: bytes, aad: str) -> str:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(data_key).encrypt(nonce, plaintext.encode("utf-8"), aad.encode("utf-8"))
    return CIPHERTEXT_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def encrypt_bytes(plain: bytes, *, data_key: bytes, aad: str) -> bytes:
    """Seal a file (an export archive) the same way: nonce, then ciphertext and tag."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(data_key).encrypt(nonce, plain, aad.encode("utf-8"))


def decrypt_bytes(sealed: bytes, *, data_key: bytes, aad: str) -> bytes:
    try:
        return AESGCM(data_key).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], aad.encode("utf-8")
        )
    except (InvalidTag, ValueError) as error:
        raise DecryptionError(
            f"The stored file for {aad} does not decrypt: it was altered or another key sealed it."
        ) from error


def decrypt(ciphertext: str, *, data_key: bytes, aad: str) -> str:
    if not ciphertext.startswith(CIPHERTEXT_PREFIX):
        raise DecryptionError(f"The stored value for {aad} is not a ciphertext of this app.")
    try:
        raw = base64.b64decode(ciphertext[len(CIPHERTEXT_PREFIX) :], validate=True)
        plain = AESGCM(data_key).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], aad.encode("utf-8")
        )
    except (InvalidTag, binascii.Error, ValueError) as error:
        raise DecryptionError(
            f"The stored value for {aad} does not decrypt: it was altered, copied from "
            "another row, or encrypted with another key."
        ) from error
    return plain.decode("utf-8")
