from django import forms
from django.utils.translation import gettext_lazy as _

from humas_portal.notifications.registry import topics_all
from humas_portal.validators import EmailAddressField


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
    email = EmailAddressField(
        label=_("Alamat e-mail"),
        error_messages={"required": _("Isi alamat e-mail Anda.")},
        # The template writes the <input type="email"> itself, to tie in its help and errors.
    )
    topics = TopicsField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].refresh_choices()


class PreferencesForm(forms.Form):
    # Unticking every topic ends the subscription, so none is a valid answer.
    topics = TopicsField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].refresh_choices()
