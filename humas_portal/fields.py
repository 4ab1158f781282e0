from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6 default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


def language_field() -> models.CharField:
    """The site language a person used when they acted (filed, subscribed, registered): every
    e-mail to them is written in it. One of settings.LANGUAGES; the site's default otherwise."""
    return models.CharField(
        _("bahasa"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )


def language_check(name: str) -> models.CheckConstraint:
    """The database's own guard for a language_field() named ``language``."""
    return models.CheckConstraint(
        condition=Q(language__in=[code for code, _name in settings.LANGUAGES]), name=name
    )
