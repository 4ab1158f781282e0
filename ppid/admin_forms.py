"""The forms under a request and an objection in the admin (ppid.admin_requests).

They check what a form can (lengths, choices, a ground with a refusal, a clean PDF); the
services (ppid.services) check everything again under the row lock, and their refusals are
shown to the officer as they come.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppid.models import (
    DECISIONS,
    EXTENSION_MAX_WORKING_DAYS,
    ExemptGround,
    ObjectionOutcome,
    RequestStage,
)

NOTE_MAX = 4000
TEXTAREA = {"rows": 4, "cols": 60}


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("tambahan hari kerja"),
        min_value=1,
        max_value=EXTENSION_MAX_WORKING_DAYS,
        help_text=gettext_lazy("Paling lama 7 hari kerja, sekali saja (UU 14/2008 Pasal 22)."),
    )
    reason = forms.CharField(
        label=gettext_lazy("alasan perpanjangan"),
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=gettext_lazy("Dikirim kepada pemohon dan tampil di halaman lacak."),
    )


class DecideForm(forms.Form):
    # The stage the officer saw: a colleague's decision in between refuses this one.
    expected_stage = forms.CharField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        label=gettext_lazy("keputusan"),
        choices=[(stage.value, stage.label) for stage in DECISIONS],
    )
    note = forms.CharField(
        label=gettext_lazy("keterangan untuk pemohon"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=gettext_lazy(
            "Dikabulkan: di mana atau bagaimana informasinya diperoleh. Sebagian: apa yang "
            "tidak diberikan dan mengapa. Tidak dikuasai: ke badan publik mana pemohon dapat "
            "bertanya. Dikirim kepada pemohon."
        ),
    )
    refusal_ground = forms.ChoiceField(
        label=gettext_lazy("dasar penolakan"),
        choices=[("", "---------"), *ExemptGround.choices],
        required=False,
        help_text=gettext_lazy(
            "Wajib bila ditolak atau dikabulkan sebagian: pasal pengecualiannya."
        ),
    )
    document = forms.FileField(
        label=gettext_lazy("dokumen jawaban (PDF)"),
        required=False,
        help_text=gettext_lazy("Bila dikabulkan: informasi yang diberikan, berkas PDF."),
    )

    def clean_document(self):
        # Cleaned by the service (humas_portal.uploads.pdf_sanitize), which refuses a bad PDF.
        return self.cleaned_data.get("document") or None

    def clean(self):
        data = super().clean()
        stage = data.get("stage")
        ground = data.get("refusal_ground")
        if stage in (RequestStage.REFUSED, RequestStage.PARTLY_GRANTED) and not ground:
            self.add_error(
                "refusal_ground",
                _("Sebutkan dasar pengecualian untuk informasi yang tidak diberikan."),
            )
        if stage in (RequestStage.GRANTED, RequestStage.NOT_HELD) and ground:
            self.add_error(
                "refusal_ground",
                _("Dasar pengecualian hanya untuk penolakan atau pengabulan sebagian."),
            )
        if data.get("document") and stage not in (
            RequestStage.GRANTED,
            RequestStage.PARTLY_GRANTED,
        ):
            self.add_error("document", _("Dokumen jawaban hanya untuk permohonan yang dikabulkan."))
        return data


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("keterangan pencabutan"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=gettext_lazy(
            "Kapan dan bagaimana pemohon menyatakan mencabut permohonannya (mis. surat atau "
            "telepon tanggal sekian)."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("pemohon sendiri yang meminta pencabutan"),
        help_text=gettext_lazy("Permohonan yang dicabut tidak dapat dibuka lagi."),
    )


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=gettext_lazy("catatan internal"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=gettext_lazy("Hanya untuk petugas; tidak dikirim kepada pemohon."),
    )


class ObjectionAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("hasil"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=gettext_lazy("tanggapan atasan PPID"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=gettext_lazy(
            "Dikirim kepada pemohon. Bila pemohon tidak puas, ia dapat mengajukan sengketa ke "
            "Komisi Informasi; halaman lacak menjelaskan caranya."
        ),
    )

    def clean_answer(self) -> str:
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise ValidationError(_("Tuliskan tanggapan atas keberatan."), code="required")
        return answer
