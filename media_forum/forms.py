import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from humas_portal.validators import EmailAddressField, PhoneField
from media_forum.models import JournalistProfile


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
    phone = PhoneField(
        label=gettext_lazy("Nomor telepon atau WhatsApp"),
        help_text=gettext_lazy(
            "Untuk verifikasi oleh redaksi kami; tidak ditampilkan kepada siapa pun."
        ),
    )
    email = EmailAddressField(
        label=gettext_lazy("Alamat e-mail"),
        help_text=gettext_lazy("Siaran pers dikirim ke alamat ini. Contoh: nama@media.id."),
    )


class JournalistProfileForm(forms.ModelForm):
    """The office corrects a profile in the admin; the number is read as everywhere else."""

    phone = PhoneField(label=gettext_lazy("telepon"), required=False)

    class Meta:
        model = JournalistProfile
        fields = ["name", "outlet", "beat", "phone"]
