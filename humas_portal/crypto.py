"""Encryption of short secrets at rest: Fernet (AES-128-CBC with an HMAC-SHA256 tag) from the
maintained ``cryptography`` package.

Two kinds of key:

- the portal's keys (``settings.ENCRYPTION_KEYS``, from ``PORTAL_ENCRYPTION_KEYS``, newest
  first), used when no key is given: for what the server keeps and must read again later.
  Every key decrypts and the newest encrypts (MultiFernet), so a key is rotated by putting a
  new one first and dropping the old one once nothing encrypted under it is still kept;
- a key the caller holds (``key=``, made by ``key_new``): for example the per-filing key of
  the complaint receipt, kept in the reporter's cookie while the ciphertext stays in the
  server's session, so neither side alone can read the secret.

A token carries its own integrity tag: a wrong key, a changed byte or a cut token all raise
``DecryptionError``, never return garbage.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """The token was not made with this key, or was changed or cut since."""


def key_new() -> str:
    """A fresh random key (32 bytes, URL-safe base64): safe in a cookie or an environment file."""
    return Fernet.generate_key().decode("ascii")


def _cipher(key: str | None) -> Fernet | MultiFernet:
    if key is None:
        return MultiFernet([Fernet(each) for each in settings.ENCRYPTION_KEYS])
    return Fernet(key)


def encrypt(*, plaintext: str, key: str | None = None) -> str:
    """``plaintext`` encrypted under ``key``, or under the newest portal key when None."""
    return _cipher(key).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(*, token: str, key: str | None = None) -> str:
    """The text ``encrypt`` was given, or ``DecryptionError``.

    With ``key`` None any of the portal's keys opens it. A key that is not a key at all (a
    cookie someone edited) is refused the same way as a wrong one.
    """
    try:
        return _cipher(key).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as error:  # ValueError: not a key, or not ASCII
        raise DecryptionError from error
