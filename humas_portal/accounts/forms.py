import re

from django import forms
from django.utils.translation import gettext_lazy as _

from humas_portal.accounts.services import TOTP_DIGITS

_SEPARATORS = re.compile(r"[\s-]+")
_TOTP_CODE = re.compile(r"^\d{%d}$" % TOTP_DIGITS)
# django-otp's backup codes: 8 characters of the base32 alphabet, stored in lower case.
_BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")


def _code_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class TotpEnrolForm(forms.Form):
    token = _code_field(
        _("Kode dari aplikasi autentikator"),
        _("Enam angka yang tampil di aplikasi setelah Anda memindai kode QR."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs["inputmode"] = "numeric"

    def clean_token(self) -> str:
        token = _SEPARATORS.sub("", self.cleaned_data["token"])
        if not _TOTP_CODE.match(token):
            raise forms.ValidationError(_("Masukkan enam angka."), code="format")
        return token


class OtpVerifyForm(forms.Form):
    token = _code_field(
        _("Kode verifikasi"),
        _(
            "Enam angka dari aplikasi autentikator, atau salah satu kode cadangan "
            "(delapan karakter) bila ponsel Anda tidak ada."
        ),
    )

    def clean_token(self) -> str:
        token = _SEPARATORS.sub("", self.cleaned_data["token"]).lower()
        if not (_TOTP_CODE.match(token) or _BACKUP_CODE.match(token)):
            raise forms.ValidationError(
                _("Masukkan enam angka atau kode cadangan delapan karakter."), code="format"
            )
        return token
