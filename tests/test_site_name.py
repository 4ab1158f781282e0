"""Where a visitor sees the site's name, it is the office's (issue 12 item 4), never the
software's "Portal Humas": browser tabs, Open Graph, feeds, JSON-LD, the admin."""

import json
import re

import pytest
from django.urls import reverse

from humas_portal.siteprofile.demo import seed_office
from tests.news.factories import published_article_create

OFFICE = "Bawaslu Kabupaten Jember"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title(html: str) -> str:
    return TITLE.search(html).group(1).strip()


@pytest.fixture
def article():
    seed_office()
    return published_article_create(title="Sosialisasi Pengawasan Partisipatif")


@pytest.mark.django_db
def test_page_titles_end_with_the_office_name(client, article):
    pages = {
        reverse("home"): "Beranda · " + OFFICE,
        reverse("news:article_list"): "Berita dan Siaran Pers · " + OFFICE,
        "/berita/%s/" % article.slug: "Sosialisasi Pengawasan Partisipatif · " + OFFICE,
        reverse("complaints:index"): "Posko Aduan · " + OFFICE,
        reverse("complaints:create"): "Buat pengaduan · " + OFFICE,
        reverse("search"): "Cari · " + OFFICE,
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert title(response.content.decode()) == expected
        assert "Portal Humas" not in response.content.decode(), path


@pytest.mark.django_db
def test_article_open_graph_and_json_ld_name_the_office(client, article):
    html = client.get("/berita/%s/" % article.slug).content.decode()
    assert '<meta property="og:site_name" content="%s">' % OFFICE in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["publisher"]["name"] == OFFICE


@pytest.mark.django_db
def test_feed_titles_name_the_office(client, article):
    for name in ("news:feed_rss", "news:feed_atom"):
        feed = client.get(reverse(name)).content.decode()
        assert re.search(r"<title>[^<]*· %s</title>" % OFFICE, feed), name
        assert "Portal Humas" not in feed


@pytest.mark.django_db
def test_admin_tab_and_header_name_the_office(client, article):
    html = client.get(reverse("admin:login")).content.decode()
    assert title(html).endswith("| " + OFFICE)
    assert "Portal Humas" not in html
