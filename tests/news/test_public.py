"""The public news pages: list, filters, article page, home section and visibility (their query
counts: tests/test_query_budgets.py)."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from news.models import (
    ArticleAttachment,
    ArticleImage,
    ArticleKind,
    ArticleStatus,
    Correction,
    Verdict,
)
from tests.news.factories import (
    category_create,
    published_article_create,
    published_articles_bulk_create,
    staff_create,
    tag_create,
)

BASE_URL = "https://jember.example.go.id"
LIST = reverse("news:article_list")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


def article_url(article) -> str:
    return reverse("news:article_detail", kwargs={"slug": article.slug})


def structured_data(html: str) -> list[dict]:
    blocks = [json.loads(block) for block in JSON_LD.findall(html)]
    assert len(blocks) == 1
    data = blocks[0]
    return data if isinstance(data, list) else [data]


def meta(html: str, key: str) -> list[str]:
    pattern = r'<meta (?:property|name)="%s" content="([^"]*)">' % re.escape(key)
    return [unescape(value) for value in re.findall(pattern, html)]


# --- Visibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.ARCHIVED]
)
def test_an_unpublished_article_is_not_found_and_not_listed(client, status):
    article = published_article_create(title="Artikel Belum Terbit")
    article.status = status
    article.save()

    assert client.get(article_url(article)).status_code == 404
    assert "Artikel Belum Terbit" not in client.get(LIST).text
    assert "Artikel Belum Terbit" not in client.get(reverse("home")).text


def test_a_scheduled_article_appears_at_its_time_with_no_job_run(client):
    """Before publish_at: 404 and absent everywhere. After: present. Nothing runs in between."""
    start = timezone.now()
    article = published_article_create(
        title="Jadwal Debat Publik Calon Bupati", publish_at=start + timedelta(hours=2)
    )
    search = reverse("search") + "?q=Debat"
    places = {
        "list": LIST,
        "home": reverse("home"),
        "rss": reverse("news:feed_rss"),
        "atom": reverse("news:feed_atom"),
        "kind feed": reverse("news:feed_kind", kwargs={"kind": "berita"}),
        "sitemap": reverse("sitemap_section", kwargs={"section": "articles"}),
        "search": search,
    }

    with time_machine.travel(start + timedelta(hours=1, minutes=59), tick=False):
        assert client.get(article_url(article)).status_code == 404
        for name, url in places.items():
            response = client.get(url)
            assert response.status_code == 200, name
            assert article.slug not in response.content.decode(), name

    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert client.get(article_url(article)).status_code == 200
        for name, url in places.items():
            assert article.slug in client.get(url).content.decode(), name


# --- List and filters -----------------------------------------------------------------------


def test_list_is_paginated_by_twelve_newest_first(client):
    category = category_create()
    author = staff_create("penulis")
    published_articles_bulk_create(14, category=category, author=author)

    first = client.get(LIST).text
    assert first.count('class="news-card"') == 12
    assert "Angkatan 0<" in first  # the newest
    assert 'rel="next" href="?halaman=2"' in first

    second = client.get(LIST + "?halaman=2").text
    assert second.count('class="news-card"') == 2
    assert "Angkatan 13<" in second
    # A page number that is not one falls back cleanly.
    assert client.get(LIST + "?halaman=abc").status_code == 200
    assert client.get(LIST + "?halaman=999").status_code == 200


def test_list_filters_by_kind_year_category_and_tag(client):
    election = category_create("Pemilu")
    tag = tag_create("Politik Uang")
    news = published_article_create(title="Patroli Pengawasan Masa Tenang", category=election)
    news.tags.add(tag)
    release = published_article_create(
        title="Siaran Pers Hasil Rapat Pleno", kind=ArticleKind.PRESS_RELEASE
    )
    old = published_article_create(
        title="Laporan Akhir Pengawasan Lama", publish_at=timezone.now() - timedelta(days=800)
    )

    by_kind = client.get(LIST + "?jenis=siaran-pers").text
    assert release.title in by_kind
    assert news.title not in by_kind

    by_year = client.get(LIST + "?tahun=%d" % timezone.localtime(old.publish_at).year).text
    assert old.title in by_year
    assert news.title not in by_year

    by_category = client.get(reverse("news:category", kwargs={"slug": "pemilu"})).text
    assert news.title in by_category
    assert release.title not in by_category
    assert "Kategori: Pemilu" in by_category

    by_tag = client.get(reverse("news:tag", kwargs={"slug": "politik-uang"})).text
    assert news.title in by_tag
    assert release.title not in by_tag

    everything = client.get(LIST + "?jenis=&tahun=").text
    assert all(article.title in everything for article in (news, release, old))


@pytest.mark.parametrize(
    "query",
    [
        "?jenis=gosip",
        "?jenis=%3Cscript%3E",
        "?tahun=abc",
        "?tahun=99999",
        "?tahun=%D9%A2%D9%A0%D9%A2%D9%A4",  # Arabic-Indic digits: isdigit() but not a year
        "?tahun=-2024",
    ],
)
def test_bad_filter_values_are_404_not_500(client, query):
    assert client.get(LIST + query).status_code == 404


def test_unknown_category_tag_and_article_are_404(client):
    assert client.get(reverse("news:category", kwargs={"slug": "tidak-ada"})).status_code == 404
    assert client.get(reverse("news:tag", kwargs={"slug": "tidak-ada"})).status_code == 404
    assert client.get(reverse("news:article_detail", args=["tidak-ada"])).status_code == 404


def test_cards_load_only_the_first_image_eagerly(client):
    published_articles_bulk_create(3, category=category_create(), author=staff_create("penulis"))
    images = re.findall(r"<img class=\"news-card__image\"[^>]*>", client.get(LIST).text)

    assert len(images) == 3
    assert 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in image for image in images[1:])
    for image in images:
        assert re.search(r'srcset="/media/news/covers/sampul-\d-640\.jpg 640w, ', image)
        assert 'width="1280" height="720"' in image
        assert 'alt="Peserta sosialisasi di balai desa"' in image


def test_news_pages_advertise_the_feeds(client):
    page = client.get(LIST).text
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/berita/atom/"' in page


# --- Article page ---------------------------------------------------------------------------


def test_article_page_carries_its_parts(client):
    category = category_create("Pengawasan")
    tag = tag_create("Kampanye")
    body = "<p>%s</p><table><tr><td>Data</td></tr></table>" % " ".join(["kata"] * 450)
    article = published_article_create(
        title="Pengawasan Kampanye di Tiga Kecamatan",
        category=category,
        body=body,
        cover="news/covers/sampul.jpg",
        cover_small="news/covers/sampul-640.jpg",
        cover_width=1600,
        cover_height=900,
        cover_alt="Pengawas mencatat kegiatan kampanye",
        cover_credit="Humas Bawaslu Jember",
    )
    article.tags.add(tag)
    Correction.objects.create(article=article, note="Jumlah kecamatan semula tertulis empat.")
    ArticleAttachment.objects.create(
        article=article, file="news/attachments/laporan.pdf", title="Laporan", size=250_000
    )
    ArticleImage.objects.create(
        article=article,
        image="news/gallery/foto.jpg",
        image_small="news/gallery/foto-640.jpg",
        width=1200,
        height=800,
        alt="Rapat koordinasi pengawas",
    )
    # Edited a day after publication: the page says so.
    type(article).objects.filter(pk=article.pk).update(
        updated_at=article.publish_at + timedelta(days=1)
    )

    page = client.get(article_url(article)).text
    canonical = BASE_URL + "/berita/pengawasan-kampanye-di-tiga-kecamatan/"

    assert page.count("<h1") == 1
    assert '<link rel="canonical" href="%s">' % canonical in page
    assert 'href="/berita/kategori/pengawasan/"' in page  # breadcrumbs
    assert "3 menit baca" in page  # 450 + lead words / 200, rounded up
    assert "Diperbarui" in page
    assert "Jumlah kecamatan semula tertulis empat." in page
    assert "Laporan</a>" in page
    assert "(PDF, 244,1" in page  # filesizeformat, Indonesian decimals
    assert (
        'srcset="/media/news/gallery/foto-640.jpg 640w, /media/news/gallery/foto.jpg 1200w"' in page
    )
    assert 'alt="Rapat koordinasi pengawas" loading="lazy"' in page
    cover = re.search(r'<img class="article__cover-image"[^>]*>', page).group(0)
    assert 'loading="lazy"' not in cover  # the likely LCP image
    assert 'width="1600" height="900"' in cover
    assert "Foto: Humas Bawaslu Jember" in page
    assert 'href="/berita/tag/kampanye/"' in page

    # Share links as plain links, the copy field, and the script that enhances it.
    assert "https://wa.me/?text=Pengawasan+Kampanye" in page
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fjember.example.go.id" in page
    assert "https://x.com/intent/post?" in page
    assert "https://t.me/share/url?" in page
    assert 'value="%s" readonly' % canonical in page
    assert '<script src="/static/js/share.js" defer></script>' in page

    # Open Graph, Twitter card, JSON-LD.
    assert meta(page, "og:title") == [article.title]
    assert meta(page, "og:url") == [canonical]
    assert meta(page, "og:image") == [BASE_URL + "/media/news/covers/sampul.jpg"]
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert meta(page, "article:tag") == ["Kampanye"]
    [news_article] = structured_data(page)
    assert news_article["@type"] == "NewsArticle"
    assert news_article["headline"] == article.title
    assert news_article["url"] == canonical
    assert news_article["image"] == [BASE_URL + "/media/news/covers/sampul.jpg"]
    assert news_article["publisher"]["name"] == "Bawaslu Kabupaten Jember"
    assert news_article["datePublished"].startswith(str(article.publish_at.year))


def test_article_without_later_edit_shows_no_update_time(client):
    # Published on saving (the save itself touches updated_at a moment later).
    article = published_article_create(publish_at=timezone.now())
    page = client.get(article_url(article)).text
    assert "Diperbarui" not in page
    assert "1 menit baca" in page
    assert meta(page, "twitter:card") == ["summary"]


def test_related_articles_prefer_the_same_category(client):
    category = category_create()
    article = published_article_create(category=category)
    same = published_article_create(
        title="Artikel Sekategori", category=category, publish_at=timezone.now() - timedelta(days=9)
    )
    published_article_create(title="Artikel Lain Terbaru")

    page = client.get(article_url(article)).text
    related = page.split('id="related-title"')[1]
    assert related.index(same.title) < related.index("Artikel Lain Terbaru")
    assert article.title not in related


def test_hoax_clarification_page(client):
    article = published_article_create(
        title="Klarifikasi: Surat Suara Sudah Dicoblos",
        kind=ArticleKind.HOAX_CLARIFICATION,
        lead="Surat suara dicetak dan disimpan tersegel sampai hari pemungutan.",
        claim="Beredar video surat suara sudah dicoblos sebelum hari pemungutan.",
        verdict=Verdict.HOAX,
        evidence="Video itu rekaman simulasi tahun 2019.",
        sources="https://bawaslu.go.id/id/berita/simulasi\nKeterangan KPU Kabupaten Jember",
    )
    page = client.get(article_url(article)).text
    canonical = BASE_URL + article_url(article)

    assert 'class="verdict">HOAKS</strong>' in page
    assert article.claim in page
    assert "Video itu rekaman simulasi tahun 2019." in page
    assert '<a href="https://bawaslu.go.id/id/berita/simulasi" rel="nofollow noopener">' in page
    assert "<li>Keterangan KPU Kabupaten Jember</li>" in page
    assert 'href="https://wa.me/6281100000000" rel="noopener">Laporkan hoaks' in page
    assert 'href="/pengaduan/buat/">Laporkan hoaks ke posko aduan' in page
    share = re.search(r'href="(https://wa\.me/\?text=[^"]+)"[^>]*>Sebarkan', page).group(1)
    from urllib.parse import unquote

    assert unquote(unescape(share)) == "https://wa.me/?text=[HOAKS] %s — Faktanya: %s %s" % (
        article.claim,
        article.lead,
        canonical,
    )

    news_article, review = structured_data(page)
    assert news_article["@type"] == "NewsArticle"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == article.claim
    assert review["url"] == canonical
    assert review["reviewRating"]["alternateName"] == "HOAKS"
    assert review["reviewRating"]["ratingValue"] == 1


def test_markup_in_title_and_claim_stays_text_in_json_ld_and_meta(client):
    payload = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>'
    article = published_article_create(
        title="Hoaks %s" % payload[:150],
        slug="hoaks-berbahaya",
        kind=ArticleKind.HOAX_CLARIFICATION,
        lead="Ringkasan %s" % payload,
        claim="Klaim %s" % payload,
        verdict=Verdict.DISINFORMATION,
    )
    page = client.get(article_url(article)).text

    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    # Exactly the scripts the template writes: the JSON-LD block and share.js.
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    news_article, review = structured_data(page)
    assert news_article["headline"].startswith("Hoaks </script>")  # intact once parsed
    assert review["claimReviewed"] == article.claim
    assert meta(page, "og:title") == [article.title]
    assert meta(page, "og:description")[0].startswith("Ringkasan </script>")


def test_the_staff_preview_renders_an_unpublished_article_marked_as_such(client):
    from django.template.loader import render_to_string

    from news.selectors import article_detail_context

    draft = published_article_create(title="Draf Rilis Rekapitulasi", status=ArticleStatus.DRAFT)
    html = render_to_string(
        "news/article_detail.html", {**article_detail_context(draft), "preview": True}
    )
    assert "Pratinjau untuk staf. Status artikel: Draf" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<h1" in html
    assert "Draf Rilis Rekapitulasi" in html
    assert client.get(article_url(draft)).status_code == 404


# --- Home -----------------------------------------------------------------------------------


def test_home_shows_the_headline_and_the_latest(client):
    category = category_create()
    author = staff_create("penulis")
    published_articles_bulk_create(9, category=category, author=author)

    page = client.get(reverse("home")).text
    news = page.split('id="home-news-title"')[1].split('id="cta-title"')[0]
    assert news.count('class="news-card news-card--featured"') == 1
    assert news.index("Angkatan 0<") < news.index("Angkatan 1<")
    assert news.count('class="news-card"') == 6
    assert "Angkatan 7<" not in news
    assert 'href="/berita/"' in news
    assert page.count("<h1") == 1


def test_home_without_articles_has_no_news_section(client):
    assert 'id="home-news-title"' not in client.get(reverse("home")).text
