"""One way to read a phone number and an e-mail address, for every form of the portal.

Phone numbers are stored in E.164 (``+62812…``). The portal serves Indonesian offices and its
messages will leave through Indonesian gateways (WhatsApp/SMS later), so only Indonesian
numbers are accepted: a foreign number is refused with a message that says so. People write
them many ways, all read here: ``0812…``, ``62812…``, ``+62 812…``, ``+62 0812…`` (the trunk 0
kept after the country code), with spaces, dots, dashes, slashes or brackets, and landlines
with their area code, ``(0331) 123456``.

E-mail addresses are stored as the deliverable address: trimmed, validated, the domain
lower-cased and in its IDNA (ASCII) form. The local part is kept as typed: only the receiving
server may say whether ``Rina`` and ``rina`` are one mailbox. (The subscriber list folds it as
well, for its own identity key: see notifications.subscriptions.subscriber_email_key.)

``email_recipient_key`` is a different thing: the mailbox an address most likely reaches, for
counting what the public forms send to one person. It folds what a stranger could vary to
reach the same inbox again (case, quotes, plus-tags, and the dots that some providers ignore);
it is never used to send.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

# RFC 5321's limit for a forward path, which SMTP servers enforce.
EMAIL_MAX_LENGTH = 254
# The phone box's length: a 12-digit number with the country code and separators fits.
PHONE_INPUT_MAX_LENGTH = 30

# Separators people type in phone numbers: spaces, dots, dashes, slashes, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
# A national significant number: no trunk 0, 8 to 12 ASCII digits (landlines such as
# 331 487123 in Jember, mobiles such as 812 3456 7890).
_NATIONAL_NUMBER = re.compile(r"[1-9][0-9]{7,11}")

PHONE_INVALID = _(
    "Nomor telepon tidak dikenali. Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890 "
    "atau (0331) 123456."
)
EMAIL_INVALID = _(
    "Alamat e-mail tidak dikenali. Masukkan alamat e-mail yang benar, misalnya nama@contoh.id."
)
EMAIL_TOO_LONG = _("Alamat e-mail terlalu panjang (paling banyak %(limit_value)d karakter).")


def phone_normalise(value: str) -> str:
    """An Indonesian phone number in E.164 (``+62…``); ValidationError for anything else."""
    number = _PHONE_SEPARATORS.sub("", value or "")
    if number.startswith("+62"):
        number = number.removeprefix("+62").removeprefix("0")
    elif number.startswith("62"):
        number = number.removeprefix("62").removeprefix("0")
    elif number.startswith("0"):
        number = number.removeprefix("0")
    else:
        number = ""  # a foreign number, or one without its area code
    if not _NATIONAL_NUMBER.fullmatch(number):
        raise ValidationError(PHONE_INVALID, code="invalid_phone")
    return "+62" + number


def email_normalise(value: str) -> str:
    """The deliverable address: validated, the domain lower-case IDNA, the local part as typed."""
    address = (value or "").strip()
    if len(address) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            EMAIL_TOO_LONG, code="max_length", params={"limit_value": EMAIL_MAX_LENGTH}
        )
    invalid = ValidationError(EMAIL_INVALID, code="invalid")
    try:
        # No "localhost" (Django's default allowlist): only addresses on the internet.
        EmailValidator(allowlist=[])(address)
        local, domain = address.rsplit("@", 1)
        domain = domain.encode("idna").decode("ascii").lower()
    except (ValidationError, UnicodeError):
        raise invalid from None
    address = "%s@%s" % (local, domain)
    if len(address) > EMAIL_MAX_LENGTH:  # an IDNA domain can be longer than its Unicode form
        raise invalid
    return address


# Providers known to deliver "r.i.n.a@" to "rina@": dots in the local part do not count.
_DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def email_recipient_key(address: str) -> str:
    """The mailbox ``address`` reaches, as far as a sender can tell: for limits, never for
    sending. Case is folded, a quoted local part unquoted, a ``+tag`` dropped, and for
    providers that ignore them, the dots; googlemail.com is gmail.com."""
    local, _at, domain = (address or "").strip().rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        domain = domain.lower()
    local = local.lower()
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        # "rina"@ and rina@ are one mailbox; escapes inside the quotes mean the next character.
        local = re.sub(r"\\(.)", r"\1", local[1:-1])
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return "%s@%s" % (local, domain)


class PhoneField(forms.CharField):
    """A phone number box (``type="tel"``) whose cleaned value is E.164, or "" when left empty."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", PHONE_INPUT_MAX_LENGTH)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        return phone_normalise(value) if value else ""


class EmailAddressField(forms.CharField):
    """An e-mail box (``type="email"``) whose cleaned value is email_normalise's, or ""."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault(
            "widget", forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"})
        )
        super().__init__(**kwargs)
        self.error_messages.setdefault("max_length", EMAIL_TOO_LONG)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        return email_normalise(value) if value else ""
