"""Forms of the officers' actions on a complaint in the admin.

They only shape the input; the rules (which move, which reason, which target) live in
complaints.services, which every form hands its data to.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from complaints.models import (
    OPEN_STAGES,
    TRANSITIONS,
    CannedReply,
    Complaint,
    ComplaintEvent,
    ForwardedTo,
    Stage,
)
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER
from humas_portal.siteprofile.selectors import office_profile_current

NOTE_MAX = ComplaintEvent._meta.get_field("public_note").max_length

# Exactly the three placeholders of a canned reply. A plain substitution, not str.format: a
# body is written in the admin, and "{nomor.__class__}" must stay text, not reach Python.
PLACEHOLDER = re.compile(r"\{(nomor|tahap|kantor)\}")


def stage_moves(stage: str) -> list[str]:
    """The stages an officer may move a complaint to from ``stage``, in the table's order."""
    allowed = set(TRANSITIONS.get(stage, frozenset()))
    if stage in OPEN_STAGES:
        allowed.add(Stage.MERGED)
    return [value for value in Stage.values if value in allowed]


def canned_reply_fill(body: str, *, number: str, stage: str, office: str) -> str:
    """A canned reply's body with {nomor}, {tahap} and {kantor} filled in; any other brace
    is left as written."""
    values = {"nomor": number, "tahap": stage, "kantor": office}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], body).strip()


class CannedReplyField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.stage:
            return "%s (%s)" % (obj.title, obj.get_stage_display())
        return str(obj.title)


def canned_reply_field() -> CannedReplyField:
    return CannedReplyField(
        label=_("Templat balasan"),
        queryset=CannedReply.objects.none(),
        required=False,
        empty_label=_("— tulis sendiri —"),
        help_text=_(
            "Mengisi catatan untuk pelapor dengan teks templat (nomor, tahap dan nama kantor "
            "diisikan otomatis). Teksnya dapat diubah di langkah pratinjau."
        ),
    )


class CannedReplyMixin:
    """Picking a canned reply fills the public note; the preview then shows the result.

    The officer picks a reply or writes the note, not both: a typed note would otherwise be
    lost without notice. To adapt a reply, pick it, then "Ubah" on the preview.
    """

    complaint: Complaint | None = None

    def canned_reply_apply(self, stage: str, *, stage_checked: bool = True) -> None:
        reply = self.cleaned_data.get("canned_reply")
        if reply is None:
            return
        if self.cleaned_data.get("public_note"):
            self.add_error(
                "canned_reply",
                _(
                    "Pilih templat atau tulis catatan sendiri, tidak keduanya. Kosongkan "
                    "catatan untuk memakai templat; teksnya dapat diubah setelah pratinjau."
                ),
            )
            return
        if stage_checked and reply.stage and reply.stage != stage:
            self.add_error(
                "canned_reply",
                _("Templat ini untuk tahap %(stage)s.") % {"stage": reply.get_stage_display()},
            )
            return
        # The reporter reads the office's language, whatever the officer's admin session uses.
        with translation.override(settings.LANGUAGE_CODE):
            stage_label = str(Stage(stage).label) if stage in Stage.values else ""
        text = canned_reply_fill(
            reply.body,
            number=self.complaint.number if self.complaint else "",
            stage=stage_label,
            office=office_profile_current().name,
        )
        if len(text) > NOTE_MAX:
            self.add_error(
                "canned_reply",
                _("Teks templat terlalu panjang (paling banyak %(max)s karakter).")
                % {"max": NOTE_MAX},
            )
            return
        self.cleaned_data["public_note"] = text


class TransitionForm(CannedReplyMixin, forms.Form):
    # The stage the officer saw: the service refuses the move if it has changed since.
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("Pindahkan ke tahap"))
    canned_reply = canned_reply_field()
    public_note = forms.CharField(
        label=_("Catatan untuk pelapor"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Dikirim ke pelapor dan tampil di halaman lacak. Wajib untuk Tidak Diregistrasi "
            "dan Dihentikan: tuliskan alasannya."
        ),
    )
    internal_note = forms.CharField(
        label=_("Catatan internal"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya untuk petugas; tidak pernah tampil bagi pelapor."),
    )
    merged_into_number = forms.CharField(
        label=_("Nomor pengaduan induk"),
        required=False,
        max_length=32,
        help_text=_(
            "Hanya untuk Digabung: nomor pengaduan yang sama isinya, mis. ADU-3509-2026-000123."
        ),
    )
    forwarded_to = forms.ChoiceField(
        label=_("Diteruskan ke"),
        required=False,
        choices=[("", "---------"), *ForwardedTo.choices],
        help_text=_("Hanya untuk Diteruskan."),
    )
    forwarded_agency = forms.CharField(
        label=_("Nama instansi lain"),
        required=False,
        max_length=150,
        help_text=_("Hanya bila diteruskan ke instansi lain."),
    )

    def __init__(self, data=None, *, stage: str, complaint: Complaint | None = None, **kwargs):
        # The moves offered are those from the stage the officer saw (the form's hidden field
        # when posted), so a stale form reaches the service and gets its "moved meanwhile"
        # answer instead of a bare "not a valid choice".
        seen = stage
        if data is not None and data.get("expected_stage") in Stage.values:
            seen = data.get("expected_stage")
        super().__init__(data, initial={"expected_stage": stage}, **kwargs)
        self.complaint = complaint
        moves = stage_moves(seen)
        self.fields["to"].choices = [(value, Stage(value).label) for value in moves]
        # Replies for any stage, or for one of the stages this move can reach.
        self.fields["canned_reply"].queryset = CannedReply.objects.filter(
            Q(stage="") | Q(stage__in=moves), is_active=True
        )

    def clean(self):
        cleaned = super().clean()
        self.canned_reply_apply(cleaned.get("to", ""))
        return cleaned


class ReplyForm(CannedReplyMixin, forms.Form):
    canned_reply = canned_reply_field()
    public_note = forms.CharField(
        label=_("Balasan untuk pelapor"),
        # Not required when a canned reply is picked: clean() checks that one of them is there.
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim ke pelapor dan tampil di halaman lacak, tanpa mengubah tahap."),
    )

    def __init__(self, *args, complaint: Complaint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        # A reply keeps the stage: any active reply may fit, {tahap} is the current stage.
        self.fields["canned_reply"].queryset = CannedReply.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        self.canned_reply_apply(self.complaint.stage if self.complaint else "", stage_checked=False)
        if not self.errors and not cleaned.get("public_note"):
            self.add_error("public_note", forms.Field.default_error_messages["required"])
        return cleaned


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Catatan internal"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya untuk petugas; tidak pernah tampil bagi pelapor."),
    )


class ExtendForm(forms.Form):
    public_note = forms.CharField(
        label=_("Catatan untuk pelapor"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Boleh dikosongkan. Dikirim ke pelapor dan tampil di halaman lacak, mis. keterangan "
            "apa yang masih diperlukan."
        ),
    )


class LegalHoldForm(forms.Form):
    # The state asked for, not a toggle: a second click on an old page changes nothing.
    hold = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def officers():
    """Active staff of the complaint desk, who may be given a complaint."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            groups__name__in=[COMPLAINT_OFFICER, COMPLAINT_COORDINATOR],
        )
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    officer = OfficerChoiceField(
        label=_("Petugas"),
        queryset=None,
        required=False,
        empty_label=_("— belum ditugaskan —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()
