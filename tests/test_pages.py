"""Every public URL answers with the security headers; navigation, errors, language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from humas_portal.navigation import nav_entries
from tests.factories import office_create
from tests.sitemap_reader import sitemap_entries, sitemap_index

# How to visit each named public pattern. A new pattern that is not listed here fails
# test_every_public_pattern_is_visited, so no page escapes the header checks.
PUBLIC_VISITS = {
    "home": ("get", reverse("home"), 200),
    "healthz": ("get", reverse("healthz"), 200),
    "robots_txt": ("get", reverse("robots_txt"), 200),
    "favicon": ("get", reverse("favicon"), 301),
    "sitemap": ("get", reverse("sitemap"), 200),
    "sitemap_section": ("get", reverse("sitemap_section", args=["articles"]), 200),
    "set_language": ("post", reverse("set_language"), 302),
    "media": ("get", settings.MEDIA_URL + "tidak-ada.png", 404),
    "subscriptions:subscribe": ("get", reverse("subscriptions:subscribe"), 200),
    # A bogus token: every wrong token gets the same 404 page.
    "subscriptions:confirm": ("get", reverse("subscriptions:confirm", args=["x" * 43]), 404),
    "subscriptions:preferences": (
        "get",
        reverse("subscriptions:preferences", args=["x" * 43]),
        404,
    ),
    "subscriptions:unsubscribe": (
        "get",
        reverse("subscriptions:unsubscribe", args=["x" * 43]),
        404,
    ),
    "search": ("get", reverse("search") + "?q=pemilu", 200),
    "news:article_list": ("get", reverse("news:article_list"), 200),
    "press:register": ("get", reverse("press:register"), 200),
    "news:feed_rss": ("get", reverse("news:feed_rss"), 200),
    "news:feed_atom": ("get", reverse("news:feed_atom"), 200),
    "news:feed_kind": ("get", reverse("news:feed_kind", args=["siaran-pers"]), 200),
    # No rows exist in this test: an unknown category, tag or article gets the 404 page.
    "news:category": ("get", reverse("news:category", args=["tidak-ada"]), 404),
    "news:tag": ("get", reverse("news:tag", args=["tidak-ada"]), 404),
    "news:article_detail": ("get", reverse("news:article_detail", args=["tidak-ada"]), 404),
    "education:item_list": ("get", reverse("education:item_list"), 200),
    "education:feed_rss": ("get", reverse("education:feed_rss"), 200),
    "education:feed_atom": ("get", reverse("education:feed_atom"), 200),
    "education:segment": ("get", reverse("education:segment", args=["tidak-ada"]), 404),
    "education:item_detail": ("get", reverse("education:item_detail", args=["tidak-ada"]), 404),
    "complaints:index": ("get", reverse("complaints:index"), 200),
    "complaints:create": ("get", reverse("complaints:create"), 200),
    "complaints:track": ("get", reverse("complaints:track"), 200),
    "complaints:secret_reset": ("get", reverse("complaints:secret_reset"), 200),
    "complaints:statistics": ("get", reverse("complaints:statistics"), 200),
    "complaints:statistics_csv": ("get", reverse("complaints:statistics_csv"), 200),
    # No election in this test: the timeline says none is under way.
    "education:stages": ("get", reverse("education:stages"), 200),
    # Only the session that filed or tracked a complaint may use these.
    "complaints:receipt": ("get", reverse("complaints:receipt"), 403),
    "complaints:evidence_add": ("post", reverse("complaints:evidence_add"), 403),
    "complaints:info_add": ("post", reverse("complaints:info_add"), 403),
    # Staff only; to anyone else the same 404 as a file that does not exist.
    "complaints:export": ("get", reverse("complaints:export", args=["csv"]), 404),
    "complaints:evidence_download": (
        "get",
        reverse("complaints:evidence_download", args=["00000000-0000-0000-0000-000000000000"]),
        404,
    ),
    "complaints:evidence_thumbnail": (
        "get",
        reverse("complaints:evidence_thumbnail", args=["00000000-0000-0000-0000-000000000000"]),
        404,
    ),
    # Education's FAQ, glossary and quizzes; no quiz exists in this test.
    "education:faq": ("get", reverse("education:faq"), 200),
    "education:glossary": ("get", reverse("education:glossary"), 200),
    "education:quiz_list": ("get", reverse("education:quiz_list"), 200),
    "education:quiz": ("get", reverse("education:quiz", args=["tidak-ada"]), 404),
    "education:quiz_result": ("post", reverse("education:quiz_result", args=["tidak-ada"]), 404),
    # Forum Media's public pages; no event exists in this test.
    "forum_media:event_list": ("get", reverse("forum_media:event_list"), 200),
    "forum_media:press_room": ("get", reverse("forum_media:press_room"), 200),
    "forum_media:calendar": ("get", reverse("forum_media:calendar"), 200),
    "forum_media:event": ("get", reverse("forum_media:event", args=["tidak-ada"]), 404),
    "forum_media:event_ics": ("get", reverse("forum_media:event_ics", args=["tidak-ada"]), 404),
    # Forum Media's registration: an unknown event, a wrong token.
    "forum_media:register": ("get", reverse("forum_media:register", args=["tidak-ada"]), 404),
    "forum_media:register_sent": (
        "get",
        reverse("forum_media:register_sent", args=["tidak-ada"]),
        404,
    ),
    "forum_media:registration_confirm": (
        "get",
        reverse("forum_media:registration_confirm", args=["x" * 43]),
        404,
    ),
    "forum_media:registration_manage": (
        "get",
        reverse("forum_media:registration_manage", args=["x" * 43]),
        404,
    ),
    "forum_media:registration_cancel": (
        "post",
        reverse("forum_media:registration_cancel", args=["x" * 43]),
        404,
    ),
    "forum_media:registration_ticket_png": (
        "get",
        reverse("forum_media:registration_ticket_png", args=["x" * 43]),
        404,
    ),
    "forum_media:registration_ics": (
        "get",
        reverse("forum_media:registration_ics", args=["x" * 43]),
        404,
    ),
    # The door's check-in pages are staff's: anyone else is sent to sign in.
    "forum_media:checkin_search": ("get", reverse("forum_media:checkin_search"), 302),
    "forum_media:checkin": (
        "get",
        reverse(
            "forum_media:checkin",
            args=["00000000-0000-0000-0000-000000000000", "AAAABBBBCCCC"],
        ),
        302,
    ),
    # The request desk (ppid.request_views): the form, tracking, and what only the browser
    # that tracked a request may do.
    "ppid:request": ("get", reverse("ppid:request"), 200),
    "ppid:track": ("get", reverse("ppid:track"), 200),
    "ppid:answer_document": ("get", reverse("ppid:answer_document"), 403),
    "ppid:withdraw": ("post", reverse("ppid:withdraw"), 403),
    "ppid:objection": ("post", reverse("ppid:objection"), 403),
    # The register of public information; no entry exists in this test.
    "ppid:index": ("get", reverse("ppid:index"), 200),
    "ppid:entry": ("get", reverse("ppid:entry", args=["tidak-ada"]), 404),
    "ppid:register_csv": ("get", reverse("ppid:register_csv"), 200),
    # The annual report of a year without requests: zeros, not an error.
    "ppid:report": ("get", reverse("ppid:report"), 200),
    "ppid:report_year": ("get", reverse("ppid:report_year", args=[2026]), 200),
    "ppid:report_csv": ("get", reverse("ppid:report_csv", args=[2026]), 200),
    "ppid:report_xlsx": ("get", reverse("ppid:report_xlsx", args=[2026]), 200),
}
# Pages that show or take a complaint's number, secret or timeline: no Referer leaves them.
# So do a quiz's results, which are per visitor.
NO_REFERRER = {
    "education:quiz_result",
    "complaints:create",
    "complaints:track",
    "complaints:secret_reset",
    "complaints:receipt",
    "complaints:evidence_add",
    "complaints:info_add",
    # A registration's token links (media_forum.registration_views): no Referer carries them.
    "forum_media:registration_confirm",
    "forum_media:registration_manage",
    "forum_media:registration_cancel",
    # The door's pages: a ticket's code is in the check-in address.
    "forum_media:checkin",
    "forum_media:checkin_search",
    # A request's receipt, tracking page and answer (ppid.request_views).
    "ppid:request",
    "ppid:track",
    "ppid:answer_document",
    "ppid:withdraw",
    "ppid:objection",
    # The register's CSV is written by humas_portal.exports, whose downloads are all private.
    "ppid:register_csv",
    "ppid:report_csv",
    "ppid:report_xlsx",
}

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def named_public_patterns() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add("%s:%s" % (namespace, pattern.name) if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_public_pattern_is_visited():
    assert named_public_patterns() == set(PUBLIC_VISITS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_VISITS))
@pytest.mark.usefixtures("office")
def test_public_url_sends_security_headers(client, name):
    method, url, status = PUBLIC_VISITS[name]
    response = getattr(client, method)(url)

    assert response.status_code == status
    expected = {**EXPECTED_HEADERS}
    if name in NO_REFERRER:
        expected["Referrer-Policy"] = "no-referrer"
        assert "no-store" in response.headers["Cache-Control"]
    for header, value in expected.items():
        assert response.headers.get(header) == value, header
    assert "camera=()" in response.headers["Permissions-Policy"]
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_every_navigation_link_answers_200(client):
    response = client.get(reverse("home"))
    assert next(entry.url_name for entry in nav_entries()) == "home"
    for entry in nav_entries():
        url = reverse(entry.url_name)
        assert ('href="%s"' % url) in response.text
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_home_shows_the_office_profile_and_how_to_report(client):
    office_create(full_region=True)  # the counts below are the official region's
    page = client.get(reverse("home")).text

    assert "<h1" in page
    assert page.count("<h1") == 1
    assert "Bawaslu Kabupaten Jember" in page
    assert "31 kecamatan, 248 desa dan kelurahan" in page
    assert "https://wa.me/6281100000000" in page
    assert "Melihat dugaan pelanggaran pemilu?" in page
    assert 'href="%s">Buat pengaduan' % reverse("complaints:create") in page
    assert 'href="%s">Lacak pengaduan' % reverse("complaints:track") in page
    assert "Langsung ke konten utama" in page


@pytest.mark.django_db
def test_home_renders_before_any_profile_exists(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Bawaslu" in response.text


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_home_query_count_is_pinned(client, django_assert_num_queries, settings):
    # The rendering's own cost; the page cache's hits (no query) are tests/test_page_cache.py's.
    settings.PAGE_CACHE_ENABLED = False
    client.get(reverse("home"))  # fills the profile cache, as on a running site
    # Four queries: the region summary, the news section (one query whatever the number of
    # articles; tests/news/test_public.py pins that), the running election stages (one,
    # tests/education/test_stages.py) and the upcoming Forum Media events (one,
    # tests/media_forum/test_public.py). The office profile comes from the cache.
    with django_assert_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_404_is_indonesian(client):
    response = client.get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert 'lang="id"' in response.text


@pytest.mark.django_db
def test_500_is_indonesian_and_needs_no_context(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Terjadi gangguan" in html
    assert "<h1>" in html


@pytest.mark.django_db
def test_csrf_failure_is_an_indonesian_403(client):
    from django.contrib.auth import get_user_model

    strict = Client(enforce_csrf_checks=True)
    get_user_model().objects.create_superuser("admin", password="x" * 16)
    response = strict.post(reverse("admin:login"), {"username": "admin", "password": "x" * 16})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.text


@pytest.mark.django_db
def test_robots_and_sitemap_use_the_base_url(client, settings):
    settings.PORTAL_BASE_URL = "https://jember.example.go.id"
    robots = client.get(reverse("robots_txt")).text
    assert "Sitemap: https://jember.example.go.id/sitemap.xml" in robots
    assert settings.DJANGO_ADMIN_URL not in robots  # never advertise the admin's path

    # The index and its pages too, whatever Host the request came with.
    assert sitemap_index(client) == [
        "https://jember.example.go.id/sitemap-pages.xml",
        "https://jember.example.go.id/sitemap-articles.xml",
        "https://jember.example.go.id/sitemap-education.xml",
        "https://jember.example.go.id/sitemap-forum-media.xml",
        "https://jember.example.go.id/sitemap-informasi-publik.xml",
    ]
    assert list(sitemap_entries(client)) == [
        "https://jember.example.go.id/",
        "https://jember.example.go.id/berita/",
        "https://jember.example.go.id/edukasi/",
        "https://jember.example.go.id/forum-media/",
        "https://jember.example.go.id/forum-media/ruang-media/",
        "https://jember.example.go.id/edukasi/tanya-jawab/",
        "https://jember.example.go.id/edukasi/glosarium/",
        "https://jember.example.go.id/edukasi/kuis/",
        "https://jember.example.go.id/informasi-publik/",
    ]


@pytest.mark.django_db
def test_site_is_indonesian_whatever_the_browser_asks(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert 'lang="id"' in response.text


@pytest.mark.django_db
def test_english_only_by_explicit_choice_and_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(reverse("home"))
    assert page.headers["Content-Language"] == "en"
    assert 'lang="en"' in page.text
    assert "Skip to main content" in page.text

    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert client.get(reverse("home")).headers["Content-Language"] == "id"


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # Django may remember "fr" (it ships French), but only our two languages are served.
    page = client.get(reverse("home"))
    assert page.headers["Content-Language"] == "id"
    assert 'lang="id"' in page.text


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_public_pages_set_no_cookie(client):
    """No session or CSRF cookie on plain pages: they stay cacheable and private."""
    response = client.get(reverse("home"))
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_admin_login_answers_and_is_branded(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    # The office's name alone, as on the public pages (issue 12 item 4; it was "Portal Humas
    # Bawaslu Kabupaten Jember").
    assert '<a href="/admin/">Bawaslu Kabupaten Jember</a>' in response.text
    assert "Portal Humas" not in response.text
