"""Template filters of the whole portal: ``{% load portal %}``."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

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


@register.filter
def sitemap_urlset(urls: list[dict]) -> SafeString:
    """The ``<url>`` elements of a sitemap page, byte for byte what Django's ``sitemap.xml``
    loop renders inside its ``{% spaceless %}``, written in Python: its per-URL ``if`` tags
    and ``date`` filter cost ~0.1 ms a URL, ~100 ms for a full page of 1,000 articles."""
    parts = []
    for url in urls:
        parts.append("<url><loc>%s</loc>" % conditional_escape(url["location"]))
        lastmod = url["lastmod"]
        if lastmod:
            if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
                lastmod = timezone.localtime(lastmod)
            parts.append("<lastmod>%s</lastmod>" % lastmod.strftime("%Y-%m-%d"))
        if url["changefreq"]:
            parts.append("<changefreq>%s</changefreq>" % conditional_escape(url["changefreq"]))
        if url["priority"]:
            parts.append("<priority>%s</priority>" % conditional_escape(url["priority"]))
        for alternate in url.get("alternates", ()):
            parts.append(
                '<xhtml:link rel="alternate" hreflang="%s" href="%s"/>'
                % (
                    conditional_escape(alternate["lang_code"]),
                    conditional_escape(alternate["location"]),
                )
            )
        parts.append("</url>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
