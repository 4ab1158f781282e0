"""Public complaint forms: filing, evidence, tracking, additions and a new secret.

Every message is Indonesian and every refused form comes back with what was typed (the
tracking form excepted: it must answer a wrong and an unknown number alike). Lengths follow
the model, so the database never has to refuse what the form let through.
"""

from html import escape

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from complaints import selectors, services
from complaints.models import Category, Complaint, ComplaintEvent, Witness
from complaints.session import PURPOSES
from humas_portal.publicforms import ProtectedForm, PublicForm
from humas_portal.siteprofile.models import Region
from humas_portal.siteprofile.selectors import VillageChoices, office_villages
from humas_portal.uploads import video_evidence_accepted
from humas_portal.validators import EmailAddressField, PhoneField

WITNESS_ROWS = 3
EVIDENCE_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"
# Offered only where ffmpeg can strip them (humas_portal.uploads.ffmpeg_binary).
EVIDENCE_ACCEPT_VIDEO = "video/mp4,video/quicktime,video/webm,.mp4,.mov,.webm"
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Used for every length limit; Django's validator fills in both numbers.
TOO_LONG = _("Terlalu panjang: paling banyak %(limit_value)s karakter (sekarang %(show_value)s).")


def _text(
    model,
    name: str,
    *,
    label,
    required: bool = False,
    textarea: bool = False,
    help_text="",
    **attrs,
):
    limit = _max_length(model, name)
    widget = forms.Textarea(attrs={"rows": 4, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={"required": _("Bagian ini wajib diisi."), "max_length": TOO_LONG},
    )


class VillageSelect(forms.Select):
    """The village list as one string. Django's Select renders each option through a template
    of its own (about 600 for a regency); this one takes the options' markup built once and
    cached (siteprofile.selectors.office_villages) and marks the chosen one. A value that is
    not an option's stays unselected, so whatever was sent never reaches the page."""

    villages: VillageChoices

    def render(self, name, value, attrs=None, renderer=None):
        # The order and escaping of django/forms/widgets/attrs.html.
        tag = ['<select name="%s"' % escape(name)]
        for attr, attr_value in self.build_attrs(self.attrs, attrs).items():
            if attr_value is True:
                tag.append(" %s" % escape(attr))
            elif attr_value is not False:
                tag.append(' %s="%s"' % (escape(attr), escape(str(attr_value))))
        options = self.villages.options_html
        chosen = '<option value="%s">' % escape(str(value or ""))
        selected = bool(value) and chosen in options
        if selected:
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        placeholder = '<option value=""%s>%s</option>' % (
            "" if selected else " selected",
            escape(str(self.choices[0][1])),
        )
        return mark_safe("".join(tag) + ">" + placeholder + options + "</select>")  # noqa: S308


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=_DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggalnya. Jika tidak tahu persis, isi perkiraan."),
            "invalid": _("Tanggal tidak dikenali. Tulis seperti 31/12/2026."),
        },
    )


class ComplaintForm(ProtectedForm, PublicForm):
    """The filing form. ``submit_kwargs()`` is what ``complaint_submit`` takes; its one-time
    ``form_token`` makes a filing sent twice store one complaint."""

    stamp_salt = "complaints.form-started"
    min_seconds_setting = "COMPLAINT_FORM_MIN_SECONDS"

    election = forms.ModelChoiceField(
        label=_("Pemilihan"),
        queryset=selectors.election_choices(),
        empty_label=_("— Pilih pemilihan —"),
        error_messages={
            "required": _("Pilih pemilihan yang berkaitan dengan kejadian ini."),
            "invalid_choice": _("Pemilihan itu tidak ada dalam daftar. Pilih dari daftar."),
        },
    )

    anonymous = forms.BooleanField(
        label=_("Saya melapor tanpa nama (anonim)"),
        required=False,
        help_text=_(
            "Nama dan alamat tidak disimpan. Pengaduan anonim tetap kami kaji sebagai informasi "
            "awal, tetapi tidak dapat menjadi laporan resmi. Nomor telepon atau e-mail boleh "
            "diisi agar kami dapat bertanya dan mengirim tanda terima."
        ),
    )
    reporter_name = _text(
        Complaint,
        "reporter_name",
        label=_("Nama lengkap"),
        help_text=_("Wajib jika tidak anonim."),
        autocomplete="name",
    )
    reporter_phone = PhoneField(
        label=_("Nomor telepon atau WhatsApp"),
        required=False,
        help_text=_("Wajib jika tidak anonim. Contoh: 0812 3456 7890."),
    )
    reporter_email = EmailAddressField(
        label=_("Alamat e-mail (tidak wajib)"),
        required=False,
        max_length=_max_length(Complaint, "reporter_email"),
        help_text=_(
            "Untuk menerima tanda terima, kode pelacakan dan kabar perkembangan. Hanya dengan "
            "e-mail kode yang hilang dapat diganti."
        ),
    )
    reporter_address = _text(
        Complaint,
        "reporter_address",
        label=_("Alamat"),
        textarea=True,
        help_text=_("Wajib jika tidak anonim."),
        autocomplete="street-address",
        rows=2,
    )

    category = forms.ChoiceField(
        label=_("Jenis dugaan pelanggaran"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih jenis dugaan pelanggaran. Jika ragu, pilih Lainnya."),
            "invalid_choice": _("Pilih salah satu jenis dari daftar."),
        },
    )
    title = _text(
        Complaint,
        "title",
        label=_("Judul singkat"),
        required=True,
        help_text=_("Contoh: Pembagian uang di dekat TPS 05."),
    )
    description = _text(
        Complaint,
        "description",
        label=_("Uraian kejadian"),
        required=True,
        textarea=True,
        help_text=_(
            "Apa yang terjadi, siapa yang terlibat, kapan, dan bagaimana Anda mengetahuinya. "
            "Paling banyak 10.000 karakter. Foto, video atau PDF dapat diunggah setelah "
            "pengaduan terkirim."
        ),
        rows=8,
    )
    occurred_on = _date_field(_("Tanggal kejadian"))
    known_on = _date_field(
        _("Tanggal Anda mengetahuinya"),
        help_text=_("Batas waktu melapor dihitung dari tanggal ini."),
    )
    location = forms.ChoiceField(
        label=_("Desa/kelurahan tempat kejadian"),
        widget=VillageSelect,
        error_messages={
            "required": _("Pilih desa atau kelurahan tempat kejadian."),
            "invalid_choice": _("Desa/kelurahan itu tidak ada dalam daftar. Pilih dari daftar."),
        },
    )
    location_detail = _text(
        Complaint,
        "location_detail",
        label=_("Tempat persisnya (tidak wajib)"),
        help_text=_("Contoh: balai desa, dekat TPS 05, Jl. Mawar."),
    )
    reported_party = _text(
        Complaint,
        "reported_party",
        label=_("Pihak yang diduga melanggar (tidak wajib)"),
        textarea=True,
        help_text=_("Nama, jabatan atau ciri-cirinya."),
        rows=2,
    )
    consent = forms.BooleanField(
        label=_(
            "Saya setuju data dalam pengaduan ini diproses untuk menangani pengaduan, "
            "sesuai pemberitahuan privasi."
        ),
        error_messages={"required": _("Centang persetujuan agar pengaduan dapat diproses.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline_passed = False
        self.video_accepted = video_evidence_accepted()
        if not self.video_accepted:
            self.fields["description"].help_text = _(
                "Apa yang terjadi, siapa yang terlibat, kapan, dan bagaimana Anda mengetahuinya. "
                "Paling banyak 10.000 karakter. Foto atau PDF dapat diunggah setelah pengaduan "
                "terkirim."
            )
        villages = office_villages()
        self.fields["location"].choices = [("", _("— Pilih desa/kelurahan —")), *villages.groups]
        self.fields["location"].widget.villages = villages
        if not self.is_bound:
            # With one election open (the usual case) the reporter need not choose.
            open_ids = list(self.fields["election"].queryset.values_list("pk", flat=True)[:2])
            if len(open_ids) == 1:
                self.initial.setdefault("election", open_ids[0])
        today = timezone.localdate().isoformat()
        for name in ("occurred_on", "known_on"):
            self.fields[name].widget.attrs["max"] = today
        for row in range(1, WITNESS_ROWS + 1):
            self.fields["witness_%d_name" % row] = _text(
                Witness, "name", label=_("Nama saksi %(row)s") % {"row": row}
            )
            self.fields["witness_%d_contact" % row] = _text(
                Witness, "contact", label=_("Kontak saksi %(row)s") % {"row": row}
            )
            for part in ("name", "contact"):
                self.fields["witness_%d_%s" % (row, part)].widget.attrs["class"] = "form__input"

    @property
    def witness_rows(self) -> list[tuple]:
        return [
            (row, self["witness_%d_name" % row], self["witness_%d_contact" % row])
            for row in range(1, WITNESS_ROWS + 1)
        ]

    def clean_location(self) -> Region:
        region = Region.objects.filter(code=self.cleaned_data["location"]).first()
        if region is None:
            raise ValidationError(self.fields["location"].error_messages["invalid_choice"])
        return region

    def _date_checks(self, cleaned: dict) -> None:
        today = timezone.localdate()
        for name in ("occurred_on", "known_on"):
            day = cleaned.get(name)
            if day is not None and day > today:
                self.add_error(
                    name, _("Tanggal ini belum lewat. Isi tanggal hari ini atau sebelumnya.")
                )
        occurred, known = cleaned.get("occurred_on"), cleaned.get("known_on")
        if occurred and known and known < occurred and "known_on" not in self.errors:
            self.add_error(
                "known_on",
                _("Tanggal diketahui tidak boleh lebih awal dari tanggal kejadian."),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        self._date_checks(cleaned)
        anonymous = cleaned.get("anonymous", False)
        if anonymous:
            # What the reporter asked: no name and no address are kept; contacts stay if given,
            # so the receipt can be e-mailed and officers can ask back.
            cleaned["reporter_name"] = ""
            cleaned["reporter_address"] = ""
        else:
            needed = {
                "reporter_name": _("Isi nama Anda, atau centang anonim."),
                "reporter_phone": _("Isi nomor telepon Anda, atau centang anonim."),
                "reporter_address": _("Isi alamat Anda, atau centang anonim."),
            }
            for name, message in needed.items():
                if name not in self.errors and not cleaned.get(name, "").strip():
                    self.add_error(name, message)
        for row in range(1, WITNESS_ROWS + 1):
            name_field, contact_field = "witness_%d_name" % row, "witness_%d_contact" % row
            if cleaned.get(contact_field, "").strip() and not cleaned.get(name_field, "").strip():
                self.add_error(name_field, _("Isi nama saksi untuk kontak ini."))
        election, known = cleaned.get("election"), cleaned.get("known_on")
        if election is not None and known is not None and "known_on" not in self.errors:
            self.deadline_passed = services.complaint_reporting_deadline_passed(
                election=election, known_on=known
            )
        return cleaned

    def submit_kwargs(self) -> dict:
        data = self.cleaned_data
        witnesses = []
        for row in range(1, WITNESS_ROWS + 1):
            name = data["witness_%d_name" % row].strip()
            if name:
                witnesses.append((name, data["witness_%d_contact" % row].strip()))
        return {
            "form_token": data["form_token"],
            "election": data["election"],
            "anonymous": data["anonymous"],
            "reporter_name": data["reporter_name"].strip(),
            "reporter_phone": data["reporter_phone"],
            "reporter_email": data["reporter_email"],
            "reporter_address": data["reporter_address"].strip(),
            "category": data["category"],
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "occurred_on": data["occurred_on"],
            "known_on": data["known_on"],
            "location": data["location"],
            "location_detail": data["location_detail"].strip(),
            "reported_party": data["reported_party"].strip(),
            "consent": data["consent"],
            "witnesses": witnesses,
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """The files as sent; each is checked on its own by the service, so one refused file
    never takes the others with it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


class EvidenceForm(forms.Form):
    """Several files in one POST; each is checked on its own by ``evidence_add``."""

    # Which of this browser's complaints the files are for: the one filed or the one tracked.
    back = forms.ChoiceField(
        choices=[(purpose, purpose) for purpose in PURPOSES], widget=forms.HiddenInput
    )
    files = MultipleFileField(
        label=_("Pilih foto, video atau PDF"),
        widget=MultipleFileInput(
            attrs={"class": "complaint-additions__file", "aria-describedby": "evidence-help"}
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.video_accepted = video_evidence_accepted()
        files = self.fields["files"]
        if self.video_accepted:
            files.widget.attrs["accept"] = EVIDENCE_ACCEPT + "," + EVIDENCE_ACCEPT_VIDEO
        else:
            files.widget.attrs["accept"] = EVIDENCE_ACCEPT
            files.label = _("Pilih foto atau PDF")

    def clean(self) -> dict:
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if not files:
            self.add_error("files", _("Pilih paling sedikit satu berkas."))
        elif len(files) > settings.COMPLAINT_EVIDENCE_MAX_FILES:
            self.add_error(
                "files",
                _(
                    "Terlalu banyak berkas sekaligus: paling banyak %(max)s. Tidak ada yang "
                    "disimpan; pilih lagi lebih sedikit."
                )
                % {"max": settings.COMPLAINT_EVIDENCE_MAX_FILES},
            )
        return cleaned


def _number_field() -> forms.CharField:
    return forms.CharField(
        label=_("Nomor pengaduan"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ADU-0000-0000-000000",
            }
        ),
        error_messages={
            "required": _("Isi nomor pengaduan."),
            "max_length": TOO_LONG,
        },
    )


class TrackForm(PublicForm):
    number = _number_field()
    secret = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=60,
        strip=True,
        # Never shown again after a POST: a wrong and an unknown number must answer alike.
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Isi kode pelacakan."), "max_length": TOO_LONG},
    )


class InfoForm(PublicForm):
    back = forms.ChoiceField(
        choices=[(purpose, purpose) for purpose in PURPOSES], widget=forms.HiddenInput
    )
    text = _text(
        ComplaintEvent,
        "public_note",
        label=_("Informasi tambahan"),
        required=True,
        textarea=True,
    )


class SecretResetForm(PublicForm):
    number = _number_field()
    email = EmailAddressField(
        label=_("Alamat e-mail yang Anda isi saat melapor"),
        error_messages={"required": _("Isi alamat e-mail.")},
    )
