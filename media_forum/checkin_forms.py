from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from media_forum.models import Event


class CheckinSearchForm(forms.Form):
    """The door's search: an event, then a name or a typed ticket code (GET)."""

    acara = forms.ModelChoiceField(
        label=_("Acara"),
        queryset=Event.objects.none(),
        empty_label=_("— pilih acara —"),
        error_messages={"invalid_choice": _("Pilih acara dari daftar.")},
    )
    cari = forms.CharField(
        label=_("Nama, media atau kode tiket"),
        max_length=100,
        required=False,
        strip=True,
        help_text=_("Kode tiket ada di bawah kode QR, misalnya ABCD-EFGH-JKLM."),
    )

    def __init__(self, *args, events: list[Event], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["acara"]
        field.queryset = Event.objects.filter(pk__in=[event.pk for event in events])
        # The selector's order (today and upcoming first), not the model's.
        field.choices = [("", field.empty_label)] + [(event.pk, _label(event)) for event in events]

    def clean_cari(self) -> str:
        # NUL and other control characters are no name; PostgreSQL refuses NUL outright.
        words = self.cleaned_data["cari"]
        return "".join(character for character in words if character.isprintable())


def _label(event: Event) -> str:
    return "%s — %s" % (
        formats.date_format(timezone.localtime(event.starts_at), "j M Y H.i"),
        event.title,
    )
