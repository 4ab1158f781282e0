from django import forms
from django.utils.translation import gettext_lazy as _

from humas_portal.notifications.registry import topics_all
from humas_portal.notifications.subscriptions import EMAIL_MAX_LENGTH, email_normalise


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Pilih paling sedikit satu topik."),
                "invalid_choice": _("Pilih topik dari daftar yang tersedia."),
                "invalid_list": _("Pilih topik dari daftar yang tersedia."),
            },
        )
        super().__init__(label=_("Topik"), **kwargs)

    def refresh_choices(self) -> None:
        # Topics are registered by the apps at start-up: read them when a form is made.
        self.choices = [(topic.slug, topic.label) for topic in topics_all()]


class SubscribeForm(forms.Form):
    email = forms.CharField(
        label=_("Alamat e-mail"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": _("Isi alamat e-mail Anda."),
            "max_length": _(
                "Alamat e-mail terlalu panjang (paling banyak %(limit_value)d karakter)."
            ),
        },
        # The template writes the <input type="email"> itself, to tie in its help and errors.
    )
    topics = TopicsField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].refresh_choices()

    def clean_email(self) -> str:
        return email_normalise(self.cleaned_data["email"])


class PreferencesForm(forms.Form):
    # Unticking every topic ends the subscription, so none is a valid answer.
    topics = TopicsField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].refresh_choices()
