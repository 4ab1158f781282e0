"""humas_portal.crypto: Fernet under the portal's keys (with rotation) or a caller's key."""

import base64

import pytest
from cryptography.fernet import Fernet

from humas_portal.crypto import DecryptionError, decrypt, encrypt, key_new

TEXT = "ABCDE-FGHJK-MNPQR-STVWX-YZ0123 · kode pelacakan"


def test_round_trip_under_the_portal_key_hides_the_text():
    token = encrypt(plaintext=TEXT)
    assert TEXT not in token
    assert "ABCDE" not in token
    assert decrypt(token=token) == TEXT
    # A random IV each time: the same text never gives the same token.
    assert encrypt(plaintext=TEXT) != token


def test_rotation_the_newest_key_encrypts_and_every_key_decrypts(settings):
    old, new = key_new(), key_new()
    settings.ENCRYPTION_KEYS = [old]
    before = encrypt(plaintext=TEXT)

    settings.ENCRYPTION_KEYS = [new, old]
    after = encrypt(plaintext=TEXT)
    assert decrypt(token=before) == TEXT
    assert decrypt(token=after) == TEXT
    assert Fernet(new).decrypt(after.encode()) == TEXT.encode()  # the newest one encrypted it

    settings.ENCRYPTION_KEYS = [new]  # the old key dropped: what only it opened is gone
    assert decrypt(token=after) == TEXT
    with pytest.raises(DecryptionError):
        decrypt(token=before)


def test_a_wrong_key_is_refused(settings):
    token = encrypt(plaintext=TEXT, key=key_new())
    with pytest.raises(DecryptionError):
        decrypt(token=token, key=key_new())
    with pytest.raises(DecryptionError):
        decrypt(token=token)  # the portal's keys do not open a caller's token


def test_a_callers_key_is_needed_and_enough():
    key = key_new()
    token = encrypt(plaintext=TEXT, key=key)
    assert decrypt(token=token, key=key) == TEXT


@pytest.mark.parametrize("where", [0, 10, 40, -5])
def test_a_changed_byte_is_refused(where):
    key = key_new()
    raw = bytearray(base64.urlsafe_b64decode(encrypt(plaintext=TEXT, key=key)))
    raw[where] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt(token=base64.urlsafe_b64encode(bytes(raw)).decode(), key=key)


@pytest.mark.parametrize(
    "mangle", [lambda token: token[:-8], lambda token: "", lambda token: token + "é"]
)
def test_a_cut_or_garbled_token_is_refused(mangle):
    key = key_new()
    with pytest.raises(DecryptionError):
        decrypt(token=mangle(encrypt(plaintext=TEXT, key=key)), key=key)


@pytest.mark.parametrize("key", ["", "kunci", "A" * 43, "é" * 44])
def test_something_that_is_no_key_is_refused_like_a_wrong_one(key):
    with pytest.raises(DecryptionError):
        decrypt(token=encrypt(plaintext=TEXT), key=key)


def test_new_keys_are_random_fernet_keys():
    keys = {key_new() for _ in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert len(base64.urlsafe_b64decode(key)) == 32
