"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then every page it lists."""

from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from django.urls import reverse

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(client, path: str) -> ET.Element:
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "application/xml", path
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def sitemap_index(client) -> list[str]:
    """The pages /sitemap.xml lists, as absolute URLs, in order."""
    root = _xml(client, reverse("sitemap"))
    assert root.tag == NS + "sitemapindex"
    return [entry.find(NS + "loc").text for entry in root.iter(NS + "sitemap")]


def sitemap_entries(client) -> dict[str, str | None]:
    """Every URL of every page the index lists, in order, with its lastmod (None if absent)."""
    entries = {}
    for page in sitemap_index(client):
        parts = urlsplit(page)
        root = _xml(client, parts.path + ("?" + parts.query if parts.query else ""))
        for url in root.iter(NS + "url"):
            lastmod = url.find(NS + "lastmod")
            entries[url.find(NS + "loc").text] = None if lastmod is None else lastmod.text
    return entries
