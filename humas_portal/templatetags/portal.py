"""Template filters of the whole portal: ``{% load portal %}``."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_seconds(value: date | datetime | None) -> str:
    """A machine-readable time (``<time datetime>``, Open Graph, JSON-LD) to the whole second,
    in the current (the office's) time zone: ``2026-11-30T19:15:13+07:00``.

    Not ``date:"c"``: times written by the portal carry microseconds, and HTML allows at most
    three fractional digits in ``datetime``. A date stays a date.
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    return value.isoformat()
