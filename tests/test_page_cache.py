"""The anonymous page cache (humas_portal/page_cache.py): what it serves, to whom, under which
key and headers, and what happens when Redis is away. News-specific invalidation is in
tests/news/test_page_cache.py."""

import logging
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.page_cache import cache_public_page
from humas_portal.roles import CHIEF_EDITOR, EDITOR
from news import services
from tests.factories import staff_create
from tests.news.factories import article_create, published_article_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

HOME = reverse("home")
LIST = reverse("news:article_list")
CACHED_HEADER = {"public", "max-age=60", "stale-while-revalidate=30"}


def queries(client, url: str, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return len(captured), response


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def article():
    return published_article_create(title="Pemilu Damai di Jember", slug="pemilu-damai")


@pytest.mark.parametrize(
    "url",
    [
        HOME,
        LIST,
        "/berita/pemilu-damai/",
        reverse("news:category", kwargs={"slug": "lainnya"}),
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("sitemap"),
        reverse("search") + "?q=pemilu",
        reverse("complaints:index"),
        reverse("complaints:statistics"),
        reverse("complaints:statistics_csv"),
    ],
)
def test_a_second_anonymous_request_costs_no_query(client, article, url):
    if "kategori" in url:
        url = reverse("news:category", kwargs={"slug": article.category.slug})
    count, first = queries(client, url)
    assert first.status_code == 200
    assert count > 0

    count, second = queries(client, url)

    assert count == 0
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The middleware's headers are there on a hit as on a miss.
    for header in ("Content-Security-Policy", "Content-Language", "X-Content-Type-Options"):
        assert second[header] == first[header]
    assert "Cookie" in second["Vary"]


def test_tracking_parameters_share_the_page_and_its_own_parameters_do_not(client, article):
    client.get(LIST)

    assert queries(client, LIST + "?utm_source=wa&fbclid=abc")[0] == 0
    assert queries(client, LIST + "?jenis=siaran-pers")[0] > 0
    assert queries(client, LIST + "?jenis=siaran-pers&utm_medium=x")[0] == 0


def test_a_search_is_cached_by_its_normalised_words(client, article):
    search = reverse("search")
    first = client.get(search + "?q=pemilu")
    assert "Pemilu Damai di Jember" in first.text

    assert queries(client, search + "?q=++pemilu++&utm_source=x")[0] == 0
    # Another page of results is another entry.
    assert queries(client, search + "?q=pemilu&halaman=2")[0] > 0


def test_a_visitor_with_csrf_and_language_cookies_gets_the_cached_page_in_their_language(article):
    Client().get(HOME)
    english = Client()
    english.cookies["csrftoken"] = "a" * 32
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    indonesian = Client()
    indonesian.cookies["csrftoken"] = "b" * 32

    count, response = queries(indonesian, HOME)
    assert (count, response.headers["Content-Language"]) == (0, "id")
    assert '<html lang="id">' in response.text

    english.get(HOME)
    count, response = queries(english, HOME)
    assert (count, response.headers["Content-Language"]) == (0, "en")
    assert '<html lang="en">' in response.text


def test_an_unknown_language_cookie_gets_the_indonesian_page(client, article):
    client.get(HOME)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    count, response = queries(client, HOME)

    assert count == 0
    assert '<html lang="id">' in response.text


def test_switching_language_shows_the_other_language_at_once(client, article):
    page = client.get(HOME)
    assert '<html lang="id">' in page.text
    # What keeps the browser from showing its own copy after the switch: the cookie changes.
    assert "Cookie" in page["Vary"]
    assert "public" in directives(page)

    response = client.post(reverse("set_language"), {"language": "en", "next": HOME}, follow=True)

    assert '<html lang="en">' in response.text
    client.post(reverse("set_language"), {"language": "id", "next": HOME})
    count, response = queries(client, HOME)
    assert count == 0
    assert '<html lang="id">' in response.text


def test_staff_with_a_session_get_the_page_rendered_and_not_public(client, article):
    client.get(HOME)
    staff = Client()
    staff.force_login(staff_create("redaksi"))

    staff.get(HOME)
    count, response = queries(staff, HOME)

    assert count > 0
    assert "public" not in directives(response)


def test_a_request_with_the_session_cookie_costs_no_query_before_the_view():
    seen = []

    @cache_public_page
    def view(request):
        seen.append(request)
        return HttpResponse("page")

    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session-key"
    request.LANGUAGE_CODE = "id"

    with CaptureQueriesContext(connection) as captured:
        view(request)
        view(request)

    assert len(captured) == 0
    assert len(seen) == 2


def test_a_request_with_the_messages_cookie_is_rendered(client, article):
    client.get(HOME)
    client.cookies["messages"] = "anything"

    assert queries(client, HOME)[0] > 0


@pytest.mark.parametrize("url", [reverse("complaints:create"), reverse("complaints:track")])
def test_complaint_pages_are_never_cached(client, url):
    first = client.get(url)
    second = client.get(url)

    # Rendered again: each carries its own masked CSRF token.
    assert "csrfmiddlewaretoken" in second.text
    assert second.content != first.content
    assert "no-store" in directives(second)
    assert "public" not in directives(second)


def test_a_page_that_uses_a_csrf_token_is_not_stored_and_is_logged_once(caplog):
    rendered = []
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    @cache_public_page
    def form_page(request):
        rendered.append(request)
        return HttpResponse(template.render({}, request))

    def request():
        made = RequestFactory().get("/formulir/")
        made.LANGUAGE_CODE = "id"
        return made

    with caplog.at_level(logging.WARNING, logger="humas_portal.page_cache"):
        responses = [form_page(request()) for _attempt in range(3)]

    assert len(rendered) == 3
    assert all("public" not in directives(response) for response in responses)
    assert [record.getMessage() for record in caplog.records] == [
        "Page cache: %s used a CSRF token; its pages are not cached" % form_page.__qualname__
    ]


def test_cache_control_on_a_miss_and_on_a_hit(client, article):
    miss = client.get(HOME)
    hit = client.get(HOME)

    assert directives(miss) == directives(hit) == CACHED_HEADER


def test_cache_control_never_outlasts_the_entry(client):
    writer = staff_create("penulis", role=EDITOR)
    chief = staff_create("pemred", role=CHIEF_EDITOR)
    draft = article_create(author=writer, publish_at=timezone.now() + timedelta(seconds=20))
    services.article_schedule(article_id=draft.pk, actor=chief)

    max_age = next(part for part in directives(client.get(HOME)) if part.startswith("max-age="))

    assert 18 <= int(max_age.split("=")[1]) <= 20


def test_switched_off_every_request_renders(client, settings, article):
    settings.PAGE_CACHE_ENABLED = False
    client.get(HOME)

    count, response = queries(client, HOME)

    assert count > 0
    assert "public" not in directives(response)


def test_a_page_error_is_not_stored(client):
    missing = reverse("news:article_detail", kwargs={"slug": "belum-ada"})
    assert client.get(missing).status_code == 404

    published_article_create(slug="belum-ada")

    assert client.get(missing).status_code == 200


def test_an_election_stage_boundary_ends_the_cached_pages(client, time_machine):
    from humas_portal.elections.models import Election, ElectionKind, ElectionStage

    tomorrow = timezone.localdate() + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, time.min))
    # Five minutes before: sooner than PAGE_CACHE_TIMEOUT, so the boundary is what ends them.
    time_machine.move_to(midnight - timedelta(minutes=5), tick=False)
    election = Election.objects.create(name="Pilkada Jember", kind=ElectionKind.PILKADA)
    ElectionStage.objects.create(
        election=election, name="Masa tenang", order=1, start_date=tomorrow, end_date=tomorrow
    )
    client.get(HOME)

    time_machine.move_to(midnight - timedelta(seconds=1), tick=False)
    assert queries(client, HOME)[0] == 0
    time_machine.move_to(midnight + timedelta(seconds=1), tick=False)
    assert queries(client, HOME)[0] > 0


# --- Redis ---------------------------------------------------------------------------------


def redis_caches(url: str) -> dict:
    """The production cache configuration (settings.py) on another Redis."""
    return {
        "default": {
            "BACKEND": "humas_portal.redis_outage.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "humas",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1.0,
                "SOCKET_TIMEOUT": 1.0,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


def test_requests_reuse_one_redis_connection_pool(client, settings, own_redis, article):
    settings.CACHES = redis_caches(own_redis.url)

    client.get(HOME)
    pool = caches["default"].client.get_client(write=False).connection_pool
    count, response = queries(client, HOME)
    again = caches["default"].client.get_client(write=False).connection_pool

    assert count == 0
    assert response.status_code == 200
    assert again is pool
    # One connection, taken back after each request.
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1


def test_with_redis_down_pages_are_rendered_not_failed(client, settings, own_redis, article):
    settings.CACHES = redis_caches(own_redis.url)
    client.get(HOME)
    own_redis.stop()

    for _attempt in range(2):
        count, response = queries(client, HOME)
        assert response.status_code == 200
        assert "Pemilu Damai di Jember" in response.text
        assert count > 0
