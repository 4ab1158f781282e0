"""Forms of the officers' actions on a complaint in the admin.

They only shape the input; the rules (which move, which reason, which target) live in
complaints.services, which every form hands its data to.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaints.models import OPEN_STAGES, TRANSITIONS, ComplaintEvent, ForwardedTo, Stage
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER

NOTE_MAX = ComplaintEvent._meta.get_field("public_note").max_length


def stage_moves(stage: str) -> list[str]:
    """The stages an officer may move a complaint to from ``stage``, in the table's order."""
    allowed = set(TRANSITIONS.get(stage, frozenset()))
    if stage in OPEN_STAGES:
        allowed.add(Stage.MERGED)
    return [value for value in Stage.values if value in allowed]


class TransitionForm(forms.Form):
    # The stage the officer saw: the service refuses the move if it has changed since.
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("Pindahkan ke tahap"))
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

    def __init__(self, data=None, *, stage: str, **kwargs):
        # The moves offered are those from the stage the officer saw (the form's hidden field
        # when posted), so a stale form reaches the service and gets its "moved meanwhile"
        # answer instead of a bare "not a valid choice".
        seen = stage
        if data is not None and data.get("expected_stage") in Stage.values:
            seen = data.get("expected_stage")
        super().__init__(data, initial={"expected_stage": stage}, **kwargs)
        self.fields["to"].choices = [(value, Stage(value).label) for value in stage_moves(seen)]


class ReplyForm(forms.Form):
    public_note = forms.CharField(
        label=_("Balasan untuk pelapor"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim ke pelapor dan tampil di halaman lacak, tanpa mengubah tahap."),
    )


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Catatan internal"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya untuk petugas; tidak pernah tampil bagi pelapor."),
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
