"""The registration form of an event, one per audience: everyone gives a name, an e-mail
address and a phone number; journalists their outlet, position and (optionally) press card;
ad hoc staff their body and area. Lengths follow the model, so the database never has to
refuse what the form let through."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from humas_portal.publicforms import ProtectedForm, PublicForm
from humas_portal.validators import EmailAddressField, PhoneField
from media_forum.forms import single_line
from media_forum.models import AdhocBody, Event, EventAudience, Registration

TOO_LONG = _("Terlalu panjang: paling banyak %(limit_value)s karakter (sekarang %(show_value)s).")
REQUIRED = _("Bagian ini wajib diisi.")


def _text(name: str, *, label, required: bool = True, help_text="", autocomplete=""):
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(
        label=label,
        max_length=Registration._meta.get_field(name).max_length,
        required=required,
        help_text=help_text,
        validators=[single_line],
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": REQUIRED, "max_length": TOO_LONG},
    )


class RegistrationForm(ProtectedForm, PublicForm):
    """The public audience's form; the others add their fields. ``registration_kwargs()`` is
    what media_forum.registrations.registration_create takes besides the event."""

    stamp_salt = "media_forum.registration-started"
    min_seconds_setting = "FORUM_MEDIA_FORM_MIN_SECONDS"
    audience_fields: tuple[str, ...] = ()

    name = _text("name", label=_("Nama lengkap"), autocomplete="name")
    email = EmailAddressField(
        label=_("Alamat e-mail"),
        help_text=_("Tautan konfirmasi dan tiket dikirim ke alamat ini."),
        error_messages={"required": REQUIRED},
    )
    phone = PhoneField(
        label=_("Nomor telepon atau WhatsApp"),
        help_text=_("Untuk menghubungi Anda bila acara berubah. Contoh: 0812 3456 7890."),
        error_messages={"required": REQUIRED},
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": _("Centang persetujuan agar pendaftaran dapat diproses.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The purpose and how long the data is kept, as UU 27/2022 asks of consent.
        self.fields["consent"].label = gettext(
            "Saya setuju data di formulir ini dipakai untuk mengurus pendaftaran saya pada "
            "acara ini (konfirmasi, tiket, pengingat, kabar perubahan jadwal, pencatatan "
            "kehadiran dan pengiriman materi), dan dihapus %(months)d bulan setelah acara "
            "selesai."
        ) % {"months": settings.FORUM_MEDIA_CONTACT_RETENTION_MONTHS}

    def registration_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            **{name: data[name] for name in self.audience_fields},
        }


class JournalistRegistrationForm(RegistrationForm):
    audience_fields = ("outlet", "position", "press_card")

    outlet = _text(
        "outlet",
        label=_("Media"),
        help_text=_("Nama media tempat Anda bekerja, misalnya Radar Jember."),
        autocomplete="organization",
    )
    position = _text(
        "position",
        label=_("Jabatan"),
        help_text=_("Misalnya wartawan, redaktur, fotografer."),
        autocomplete="organization-title",
    )
    press_card = _text(
        "press_card",
        label=_("Nomor kartu pers atau sertifikat kompetensi wartawan"),
        required=False,
        help_text=_("Tidak wajib."),
    )


class AdhocRegistrationForm(RegistrationForm):
    audience_fields = ("adhoc_body", "area")

    adhoc_body = forms.ChoiceField(
        label=_("Lembaga"),
        choices=[("", _("— Pilih lembaga —")), *AdhocBody.choices],
        error_messages={
            "required": REQUIRED,
            "invalid_choice": _("Pilih lembaga dari daftar."),
        },
    )
    area = _text(
        "area",
        label=_("Wilayah tugas"),
        help_text=_("Kecamatan, desa/kelurahan atau nomor TPS. Contoh: Kecamatan Sumbersari."),
    )


FORMS = {
    EventAudience.PUBLIC: RegistrationForm,
    EventAudience.JOURNALISTS: JournalistRegistrationForm,
    EventAudience.ADHOC: AdhocRegistrationForm,
}


def registration_form_class(event: Event) -> type[RegistrationForm]:
    return FORMS[event.audience]


class CancelForm(forms.Form):
    """Cancelling is for good: the registrant ticks that they mean it."""

    sure = forms.BooleanField(
        label=_("Ya, saya ingin membatalkan pendaftaran ini."),
        error_messages={"required": _("Centang kotak ini untuk membatalkan pendaftaran.")},
    )
