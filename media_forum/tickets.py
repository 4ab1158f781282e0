"""Ticket codes: what the QR code on a registrant's ticket carries.

The code is an HMAC of the registration's public id under a key derived from SECRET_KEY, so
nothing secret is stored and a lost ticket is drawn again on demand. Twelve characters of
base32 (60 bits) are short enough to read out or type at the door and far too many to guess:
a forged code opens nothing, and the check-in page is for signed-in staff only.
"""

import base64
import hmac
import re
import uuid

from django.urls import reverse
from django.utils.crypto import salted_hmac

from media_forum.models import Registration

CODE_LENGTH = 12
_SALT = "media_forum.tickets.code"
# Base32 has no 0, 1 or 8: read aloud or typed, they were meant as O, I and B.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def ticket_code(public_id: uuid.UUID) -> str:
    digest = salted_hmac(_SALT, public_id.hex, algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH]


def ticket_code_display(code: str) -> str:
    """``ABCD-EFGH-JKLM``: groups of four, as printed under the QR code."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def ticket_code_normalise(typed: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes, lookalikes read
    as the letters they stand for. Not checked: compare it with ``ticket_code``."""
    return re.sub(r"[^A-Z2-7]", "", str(typed).upper().translate(_LOOKALIKES))[:64]


def ticket_path(registration: Registration) -> str:
    """The check-in page of this ticket, the QR code's content (with the portal's base URL)."""
    return reverse(
        "forum_media:checkin",
        kwargs={"public_id": registration.public_id, "code": ticket_code(registration.public_id)},
    )


def ticket_matches(public_id: uuid.UUID, code: str) -> bool:
    """Whether ``code`` is the ticket code of ``public_id``, compared in constant time."""
    return hmac.compare_digest(ticket_code(public_id), ticket_code_normalise(code))
