import base64

import pytest
from django.core.management import call_command

from practice import keyring
from practice.checks import check_encryption_keys

OLD = "old:" + base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = "new:" + base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture
def keys(settings):
    settings.ENCRYPTION_KEYS = OLD
    return settings


def test_round_trip_with_a_wrapped_data_key(keys):
    wrapped = keyring.wrap_data_key(keyring.new_data_key(), owner="case-1")
    data_key = keyring.unwrap_data_key(wrapped, owner="case-1")
    token = keyring.encrypt("Felt anxious about work.", data_key=data_key, aad="case-1|note-1|body")
    assert "anxious" not in token
    assert keyring.decrypt(token, data_key=data_key, aad="case-1|note-1|body") == (
        "Felt anxious about work."
    )


def test_same_plaintext_encrypts_differently_each_time(keys):
    data_key = keyring.new_data_key()
    assert keyring.encrypt("x", data_key=data_key, aad="a") != keyring.encrypt(
        "x", data_key=data_key, aad="a"
    )


def test_tampered_ciphertext_is_refused(keys):
    data_key = keyring.new_data_key()
    token = keyring.encrypt("private", data_key=data_key, aad="a")
    raw = bytearray(base64.b64decode(token[3:]))
    raw[-1] ^= 1
    tampered = "v1:" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(keyring.DecryptionError, match="altered"):
        keyring.decrypt(tampered, data_key=data_key, aad="a")


def test_ciphertext_moved_to_another_row_is_refused(keys):
    data_key = keyring.new_data_key()
    token = keyring.encrypt("private", data_key=data_key, aad="case-1|note-1|body")
    with pytest.raises(keyring.DecryptionError, match="case-1\\|note-2\\|body"):
        keyring.decrypt(token, data_key=data_key, aad="case-1|note-2|body")


def test_wrapped_key_moved_to_another_owner_is_refused(keys):
    wrapped = keyring.wrap_data_key(keyring.new_data_key(), owner="case-1")
    with pytest.raises(keyring.DecryptionError, match="case-2"):
        keyring.unwrap_data_key(wrapped, owner="case-2")


def test_unknown_key_encryption_key_is_named(keys):
    wrapped = keyring.wrap_data_key(keyring.new_data_key(), owner="case-1")
    keys.ENCRYPTION_KEYS = NEW
    with pytest.raises(keyring.UnknownKeyError, match="'old'"):
        keyring.unwrap_data_key(wrapped, owner="case-1")


def test_wrong_key_with_the_same_id_is_a_clear_error(keys):
    wrapped = keyring.wrap_data_key(keyring.new_data_key(), owner="case-1")
    keys.ENCRYPTION_KEYS = "old:" + base64.urlsafe_b64encode(b"x" * 32).decode()
    with pytest.raises(keyring.DecryptionError, match="key in the environment is wrong"):
        keyring.unwrap_data_key(wrapped, owner="case-1")


def test_missing_data_key_is_a_clear_error(keys):
    with pytest.raises(keyring.DecryptionError, match="missing"):
        keyring.unwrap_data_key("", owner="case-1")


def test_rotation_rewraps_so_the_old_key_can_be_removed(keys):
    data_key = keyring.new_data_key()
    wrapped = keyring.wrap_data_key(data_key, owner="case-1")
    token = keyring.encrypt("kept", data_key=data_key, aad="a")
    keys.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    rewrapped = keyring.rewrap_data_key(wrapped, owner="case-1")
    assert keyring.wrapped_key_id(rewrapped) == "new"
    keys.ENCRYPTION_KEYS = NEW
    assert (
        keyring.decrypt(token, data_key=keyring.unwrap_data_key(rewrapped, owner="case-1"), aad="a")
        == "kept"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "ENCRYPTION_KEYS is not set"),
        ("   ", "ENCRYPTION_KEYS is not set"),
        ("nocolon", "entry 1 is malformed"),
        ("bad id:" + base64.urlsafe_b64encode(b"k" * 32).decode(), "entry 1 is malformed"),
        ("short:" + base64.urlsafe_b64encode(b"k" * 16).decode(), "not 32 bytes"),
        ("junk:!!!notbase64", "not 32 bytes"),
        (f"{OLD},{OLD}", "appears twice"),
    ],
)
def test_missing_or_malformed_keys_name_the_variable(raw, message):
    with pytest.raises(keyring.KeyConfigurationError, match=message) as caught:
        keyring.parse_keys(raw)
    assert "ENCRYPTION_KEYS" in str(caught.value)


def test_system_check_stops_start_up_without_keys(settings):
    settings.ENCRYPTION_KEYS = ""
    errors = check_encryption_keys(None)
    assert [error.id for error in errors] == ["practice.E001"]
    assert "ENCRYPTION_KEYS" in errors[0].msg
    assert "generate_key" in errors[0].hint


def test_generate_key_prints_a_valid_entry(capsys):
    call_command("generate_key", "--bare")
    line = capsys.readouterr().out.strip()
    assert keyring.parse_keys(line).primary_id == line.split(":")[0]
