"""Tracking secrets of the desks where a citizen follows a case without an account (the
complaint desk, the public-information request desk): 26 Crockford base32 characters (130
bits), shown once, stored as a hash.

Crockford's alphabet has no I, L, O or U, so a secret read over the phone or copied by hand
survives the usual confusions: input is upper-cased, separators are dropped, and I/L become 1,
O becomes 0. The secret is random enough for the portal's hash of random secrets
(``humas_portal.tokens.secret_hash``: no salt or slow hash is needed against guessing 2^130
values); the number is not part of the secret.
"""

import secrets

from humas_portal.tokens import secret_hash

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 26
GROUPS = (5, 5, 5, 5, 6)
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def tracking_secret_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def tracking_secret_normalise(text: str) -> str:
    """The secret as typed, in canonical form; may be invalid (check with the hash lookup)."""
    kept = "".join(char for char in text.upper() if char.isalnum())
    return kept.translate(_CONFUSABLE)[: LENGTH + 10]


def tracking_secret_hash(secret: str) -> str:
    return secret_hash(tracking_secret_normalise(secret))


def tracking_secret_format(secret: str) -> str:
    """Groups separated by hyphens, easier to read out and to copy: ABCDE-FGHJK-..."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(secret[start : start + size])
        start += size
    return "-".join(parts)


def case_number_normalise(text: str) -> str:
    """A case number (ADU-3509-2026-000123, PPID-3509-2026-000007) however it was typed:
    spaces dropped, upper case."""
    return "".join(text.split()).upper()[:40]
