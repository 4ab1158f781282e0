"""Public forms of the request desk: the request, tracking, withdrawal and the objection.

The request asks for what the Komisi Informasi's standard request form asks for and no more
(Perki 1/2021): who asks (name, address), how to reach them (an e-mail address or a phone
number, at least one), what is asked for, for what purpose, and how it is to be delivered.
Lengths follow the model, so the database never refuses what the form let through.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from humas_portal.publicforms import ProtectedForm, PublicForm
from humas_portal.validators import EmailAddressField, PhoneField
from ppid.models import DeliveryMethod, InformationRequest, Objection, ObjectionReason

TOO_LONG = _("Terlalu panjang: paling banyak %(limit_value)s karakter (sekarang %(show_value)s).")
REQUIRED = _("Bagian ini wajib diisi.")


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _text(model, name: str, *, label, help_text="", textarea=False, **attrs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        max_length=_max_length(model, name),
        widget=widget,
        help_text=help_text,
        error_messages={"required": REQUIRED, "max_length": TOO_LONG},
    )


class RequestForm(ProtectedForm, PublicForm):
    stamp_salt = "ppid.request-started"
    min_seconds_setting = "PPID_FORM_MIN_SECONDS"

    requester_name = _text(
        InformationRequest, "requester_name", label=_("Nama lengkap"), autocomplete="name"
    )
    requester_address = _text(
        InformationRequest,
        "requester_address",
        label=_("Alamat"),
        textarea=True,
        rows=2,
        autocomplete="street-address",
        help_text=_("Untuk surat jawaban bila informasi diminta dalam bentuk salinan cetak."),
    )
    requester_email = EmailAddressField(
        label=_("E-mail"),
        required=False,
        help_text=_("Isi e-mail atau telepon, paling sedikit salah satu."),
    )
    requester_phone = PhoneField(label=_("Nomor telepon atau WhatsApp"), required=False)
    information = _text(
        InformationRequest,
        "information",
        label=_("Informasi yang diminta"),
        textarea=True,
        help_text=_("Sebutkan sejelas mungkin: dokumen, kegiatan, tahun atau periodenya."),
    )
    purpose = _text(
        InformationRequest,
        "purpose",
        label=_("Tujuan penggunaan informasi"),
        textarea=True,
        rows=3,
    )
    delivery = forms.ChoiceField(
        label=_("Cara memperoleh informasi"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih cara memperoleh informasi."),
            "invalid_choice": _("Pilih cara memperoleh informasi dari daftar."),
        },
    )
    # Its label names the purpose and the retention period (settings.PPID_RETENTION_MONTHS).
    consent = forms.BooleanField(
        error_messages={"required": _("Centang persetujuan agar permohonan dapat diproses.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "Saya setuju data diri saya diproses hanya untuk melayani permohonan ini dan "
            "keberatan atasnya. Nama, alamat, e-mail dan telepon saya dihapus %(months)s bulan "
            "setelah permohonan selesai; yang tersisa hanya angka untuk laporan tahunan."
        ) % {"months": settings.PPID_RETENTION_MONTHS}

    def clean(self) -> dict:
        cleaned = super().clean()
        email, phone = cleaned.get("requester_email"), cleaned.get("requester_phone")
        # Only when both boxes were valid but empty: an invalid one already says what is wrong.
        if (
            not email
            and not phone
            and not self.has_error("requester_email")
            and not (self.has_error("requester_phone"))
        ):
            self.add_error(
                "requester_email",
                ValidationError(
                    _("Isi alamat e-mail atau nomor telepon agar jawaban dapat disampaikan."),
                    code="contact_required",
                ),
            )
        if (
            cleaned.get("delivery") == DeliveryMethod.EMAIL
            and not email
            and not (self.has_error("requester_email"))
        ):
            self.add_error(
                "requester_email",
                ValidationError(
                    _("Untuk salinan lewat e-mail, isi alamat e-mail Anda."),
                    code="email_required",
                ),
            )
        return cleaned

    def submit_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "requester_name", "requester_address", "requester_email", "requester_phone",
                "information", "purpose", "delivery",
            )
        }  # fmt: skip


class TrackForm(PublicForm):
    number = forms.CharField(
        label=_("Nomor permohonan"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "PPID-0000-0000-000000",
            }
        ),
        error_messages={"required": _("Isi nomor permohonan."), "max_length": TOO_LONG},
    )
    secret = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=60,
        # Never shown again after a POST: a wrong and an unknown number must answer alike.
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Isi kode pelacakan."), "max_length": TOO_LONG},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ya, saya mencabut permohonan ini. Langkah ini tidak dapat dibatalkan."),
        error_messages={"required": _("Centang konfirmasi untuk mencabut permohonan.")},
    )


class ObjectionForm(PublicForm):
    reason = forms.ChoiceField(
        label=_("Alasan keberatan (UU 14/2008 Pasal 35)"),
        choices=ObjectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih alasan keberatan."),
            "invalid_choice": _("Pilih alasan keberatan dari daftar."),
        },
    )
    statement = _text(
        Objection,
        "statement",
        label=_("Uraian keberatan"),
        textarea=True,
        help_text=_("Jelaskan mengapa Anda keberatan dan apa yang Anda harapkan."),
    )
