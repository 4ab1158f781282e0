"""The press list: journalists register at /langganan/wartawan/; Pemimpin Redaksi verifies them.

Registering is a subscription to "siaran pers" through the ordinary double opt-in, plus a
JournalistProfile that starts unverified. Confirming the e-mail proves the mailbox; verifying
(a person at the office, after checking with the outlet) puts the journalist on the press list,
which receives embargoed releases early (news.distribution).

Like the subscription form, the answer never tells whether an address is known. A stranger
cannot change a journalist's details either: once the address is confirmed or the profile
verified, a new registration for it changes nothing (the mailbox gets its preferences link).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from humas_portal.audit import audit_record
from humas_portal.notifications.models import Subscriber
from humas_portal.notifications.subscriptions import (
    EMAIL_MAX_LENGTH,
    email_normalise,
    subscription_request,
)
from humas_portal.ratelimit import rate_limit
from news.models import JournalistProfile

PRESS_TOPIC = "siaran-pers"
VERIFY_PERMISSION = "news.verify_journalist"
# Per client address, like the subscription form (newsrooms share one address).
REGISTER_LIMIT = 10
REGISTER_WINDOW = 3600

# Separators people type in phone numbers: spaces, dashes, dots, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
# A national significant number: no trunk 0, 8 to 12 ASCII digits (landlines such as
# 331 xxxxxx in Jember, mobiles such as 812 xxxx xxxx).
_NATIONAL_NUMBER = re.compile(r"[1-9][0-9]{7,11}")


# --- Input ----------------------------------------------------------------------------------


def phone_normalise(value: str) -> str:
    """An Indonesian phone number as +62…: accepts 0812-…, 62812…, +62 812 … and (0331) …."""
    number = _PHONE_SEPARATORS.sub("", value or "")
    for prefix in ("+62", "62", "0"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            break
    else:
        number = ""
    if not _NATIONAL_NUMBER.fullmatch(number):
        raise ValidationError(
            _("Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890 atau +62 331 123456."),
            code="invalid_phone",
        )
    return "+62" + number


def single_line(value: str) -> str:
    """Refuse control and formatting characters (line breaks, bidi overrides) in a name."""
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
        raise ValidationError(_("Tulis dalam satu baris, tanpa karakter khusus."), code="invalid")
    return value


class JournalistRegistrationForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama lengkap"),
        max_length=120,
        help_text=gettext_lazy("Sesuai kartu pers Anda."),
        validators=[single_line],
    )
    outlet = forms.CharField(
        label=gettext_lazy("Media"),
        max_length=120,
        help_text=gettext_lazy("Nama media tempat Anda bekerja, misalnya Radar Jember."),
        validators=[single_line],
    )
    beat = forms.CharField(
        label=gettext_lazy("Desk liputan"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Tidak wajib. Misalnya politik, hukum, daerah."),
        validators=[single_line],
    )
    phone = forms.CharField(
        label=gettext_lazy("Nomor telepon atau WhatsApp"),
        max_length=30,
        help_text=gettext_lazy(
            "Untuk verifikasi oleh redaksi kami; tidak ditampilkan kepada siapa pun."
        ),
    )
    email = forms.CharField(
        label=gettext_lazy("Alamat e-mail"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=gettext_lazy("Siaran pers dikirim ke alamat ini. Contoh: nama@media.id."),
    )

    def clean_phone(self) -> str:
        return phone_normalise(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return email_normalise(self.cleaned_data["email"])


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def journalist_register(*, name: str, outlet: str, beat: str, phone: str, email: str) -> None:
    """Ask for the "siaran pers" subscription (double opt-in) and file an unverified profile.

    What happens is told only to the mailbox, as for any subscription request.
    """
    address = email_normalise(email)
    existing = Subscriber.objects.filter(email=address).first()
    topics = {PRESS_TOPIC}
    if existing is not None and existing.confirmed_at is None:
        # A pending request takes the latest topics; keep the ones asked for before.
        topics |= set(existing.subscriptions.values_list("topic", flat=True))
    subscription_request(email=address, topics=topics)
    # subscription_request locked the row: a second registration at once waits here.
    subscriber = Subscriber.objects.select_for_update().get(email=address)
    profile = JournalistProfile.objects.filter(subscriber=subscriber).first()
    if profile is None:
        profile = JournalistProfile(subscriber=subscriber)
    elif subscriber.confirmed_at is not None or profile.verified:
        return  # only the mailbox (through its preferences link) or the office may change it
    profile.name = name
    profile.outlet = outlet
    profile.beat = beat
    profile.phone = phone_normalise(phone) if phone else ""
    profile.full_clean()
    profile.save()


def _profile_for_decision(profile_id: int, actor) -> JournalistProfile:
    if not actor.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    return (
        JournalistProfile.objects.select_for_update()
        .select_related("subscriber")
        .get(pk=profile_id)
    )


@transaction.atomic
def journalist_verify(*, profile_id: int, actor) -> JournalistProfile:
    """Put a journalist on the press list (embargoed releases). Verifying twice changes nothing."""
    profile = _profile_for_decision(profile_id, actor)
    if profile.verified:
        return profile
    if profile.subscriber.confirmed_at is None:
        # Until the mailbox confirmed, nobody knows the address belongs to the registrant.
        raise ValidationError(
            _("Alamat e-mail %(name)s belum dikonfirmasi; verifikasi setelah dikonfirmasi."),
            params={"name": profile.name},
            code="unconfirmed",
        )
    profile.verified = True
    profile.verified_at = timezone.now()
    profile.verified_by = actor
    profile.full_clean()
    profile.save(update_fields=["verified", "verified_at", "verified_by"])
    audit_record(actor, "journalist.verified", profile)
    return profile


@transaction.atomic
def journalist_unverify(*, profile_id: int, actor) -> JournalistProfile:
    """Take a journalist off the press list; they stay a "siaran pers" subscriber."""
    profile = _profile_for_decision(profile_id, actor)
    if not profile.verified:
        return profile
    profile.verified = False
    profile.verified_at = None
    profile.verified_by = None
    profile.full_clean()
    profile.save(update_fields=["verified", "verified_at", "verified_by"])
    audit_record(actor, "journalist.unverified", profile)
    return profile


# --- View -----------------------------------------------------------------------------------


@rate_limit(scope="journalist_register", limit=REGISTER_LIMIT, window=REGISTER_WINDOW)
@require_http_methods(["GET", "HEAD", "POST"])
def journalist_register_view(request: HttpRequest) -> HttpResponse:
    form = JournalistRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            journalist_register(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The subscription form's own answer: it reveals nothing about the address.
            return render(request, "notifications/subscribe_sent.html")
    return render(request, "news/press/register.html", {"form": form})
