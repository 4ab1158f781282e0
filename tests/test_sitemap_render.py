"""Sitemap pages render their URLs in Python (humas_portal.templatetags.portal.sitemap_urlset):
the same bytes as Django's own sitemap.xml template."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.news.factories import published_article_create

pytestmark = pytest.mark.usefixtures("office")


@pytest.mark.parametrize("section", ["pages", "articles"])
def test_a_sitemap_page_is_what_djangos_template_renders(client, settings, section):
    settings.PAGE_CACHE_ENABLED = False
    for days in (1, 40):
        published_article_create(publish_at=timezone.now() - timedelta(days=days))

    response = client.get(reverse("sitemap_section", args=[section]))

    urlset = response.context_data["urlset"]
    assert len(urlset) >= 2
    assert response.content.decode() == render_to_string("sitemap.xml", {"urlset": urlset})


def test_escaping_alternates_and_the_local_date_are_those_of_djangos_template(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    urlset = [
        {
            "location": "https://example.test/a/?x=1&y=<2>",
            "lastmod": date(2026, 1, 2),
            "changefreq": None,
            "priority": "0.5",
            "alternates": [{"lang_code": "en", "location": "https://example.test/en/?x&y"}],
        },
        {
            "location": "https://example.test/b/",
            # 20:00 UTC is the next day in Jember.
            "lastmod": datetime(2026, 3, 4, 20, 0, tzinfo=UTC),
            "changefreq": "weekly",
            "priority": None,
            "alternates": [],
        },
        {
            "location": "https://example.test/c/",
            "lastmod": None,
            "changefreq": "daily",
            "priority": "1.0",
            "alternates": [],
        },
    ]

    ours = render_to_string("sitemap_section.xml", {"urlset": urlset})

    assert ours == render_to_string("sitemap.xml", {"urlset": urlset})
    assert "<lastmod>2026-03-05</lastmod>" in ours
    assert "x=1&amp;y=&lt;2&gt;" in ours
