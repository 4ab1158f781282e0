"""deploy/nginx.conf, run by Debian's nginx in front of a real gunicorn (issue 13, item 13),
and its compression and micro-cache (issue 14, item 8).

The shipped file stays the source of truth: the test renders a copy with its paths, ports and
certificate replaced (each replaced text must still be in the file, so an edit there cannot
silently leave the test behind), checks it with ``nginx -t`` and then sends requests through
it over TLS: a page (proxied to gunicorn), a static file, a public image and an article's PDF
attachment (served by nginx from MEDIA_ROOT; Django does not serve media here).

``NginxPortal`` is the harness; other tests of the nginx configuration can use the
``nginx_portal`` fixture the same way. The rules of the micro-cache that must hold whatever
Django answers (the complaint desk is never stored even if its headers allowed it) are tested
against ``StandInUpstream``, a small HTTP server in place of gunicorn that answers as told.
"""

import gzip
import http.client
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from news.models import Article, ArticleAttachment
from tests.conftest import ROOT, current_database_name, free_port, wait_for_port
from tests.news.factories import published_article_create

SHIPPED_CONFIG = ROOT / "deploy" / "nginx.conf"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
HOST = "portal.example.go.id"
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_binary() -> str | None:
    # Debian installs it in /usr/sbin, which is not on every user's PATH.
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class NginxPortal:
    """nginx with a rendered copy of deploy/nginx.conf, in front of gunicorn, on free loopback
    ports; both are started by the test and stopped by PID."""

    def __init__(self, workdir: Path, nginx: str) -> None:
        self.workdir = workdir
        self.nginx = nginx
        self.http_port, self.https_port, self.gunicorn_port = free_port(), free_port(), free_port()
        self.static_root = workdir / "static"
        self.media_root = workdir / "media"
        self.cert = workdir / "fullchain.pem"
        self.key = workdir / "privkey.pem"
        self.main_config = workdir / "nginx.conf"
        self.processes: list[subprocess.Popen] = []
        for folder in (self.static_root, self.media_root, workdir / "acme", workdir / "logs"):
            folder.mkdir(parents=True, exist_ok=True)

    # --- Configuration ---------------------------------------------------------------------

    def site_config(self) -> str:
        """deploy/nginx.conf with this test's paths and ports."""
        text = SHIPPED_CONFIG.read_text()
        replacements = [
            ("server 127.0.0.1:8000;", "server 127.0.0.1:%d;" % self.gunicorn_port),
            ("listen 80", "listen 127.0.0.1:%d" % self.http_port),
            ("listen 443", "listen 127.0.0.1:%d" % self.https_port),
            ("/etc/letsencrypt/live/%s/fullchain.pem" % HOST, str(self.cert)),
            ("/etc/letsencrypt/live/%s/privkey.pem" % HOST, str(self.key)),
            ("/srv/portal-humas/staticfiles/", "%s/" % self.static_root),
            ("/var/lib/portal-humas/media/", "%s/" % self.media_root),
            ("/var/log/nginx/", "%s/" % (self.workdir / "logs")),
            ("/var/www/letsencrypt", str(self.workdir / "acme")),
            ("/var/cache/nginx-portal-humas", str(self.workdir / "cache")),
        ]
        # The machine running the test may have no IPv6; the IPv4 lines carry the same servers.
        text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)
        for shipped, rendered in replacements:
            assert shipped in text, "deploy/nginx.conf no longer has %r: update this test" % shipped
            text = text.replace(shipped, rendered)
        return text

    def write_config(self) -> None:
        temp = self.workdir / "temp"
        temp.mkdir(exist_ok=True)
        # What Debian's /etc/nginx/nginx.conf provides around a site file, in the test's folder.
        # Run as root (CI), nginx's workers would switch to nobody, who cannot read pytest's
        # private temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.main_config.write_text(
            "%sworker_processes 1;\npid %s;\nerror_log %s warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "include %s;\ndefault_type application/octet-stream;\ngzip on;\n"
            "client_body_temp_path %s/body;\nproxy_temp_path %s/proxy;\n"
            "fastcgi_temp_path %s/fastcgi;\nuwsgi_temp_path %s/uwsgi;\nscgi_temp_path %s/scgi;\n"
            "%s\n}\n"
            % (
                user,
                self.workdir / "nginx.pid",
                self.workdir / "logs" / "error.log",
                MIME_TYPES,
                *[temp] * 5,
                self.site_config(),
            )
        )

    def write_certificate(self) -> None:
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-keyout", str(self.key), "-out", str(self.cert),
                "-subj", "/CN=%s" % HOST, "-addext", "subjectAltName=DNS:%s" % HOST,
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def nginx_command(self, *args: str) -> list[str]:
        return [self.nginx, "-p", str(self.workdir), "-c", str(self.main_config), *args]

    def check(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the rendered configuration."""
        return subprocess.run(
            self.nginx_command("-t"), capture_output=True, text=True, timeout=30, check=False
        )

    # --- Processes -------------------------------------------------------------------------

    def start(self) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CELERY_")) and key != "REDIS_URL"
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            PORTAL_TEST_DATABASE=str(current_database_name()),
            PORTAL_TEST_BROKER_URL="memory://",
            PORTAL_TEST_BROKER_OPTIONS=json.dumps({}),
            PORTAL_VAR_DIR=str(self.workdir / "var"),
            PORTAL_ENCRYPTION_KEYS=",".join(settings.ENCRYPTION_KEYS),
            DJANGO_ALLOWED_HOSTS=HOST,
            # Media must come from nginx, not from Django's development view.
            SERVE_MEDIA="0",
            WEB_CONCURRENCY="1",
            PYTHONPATH=str(ROOT),
        )
        log = (self.workdir / "logs" / "gunicorn.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
                    "--bind", "127.0.0.1:%d" % self.gunicorn_port,
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
        wait_for_port(self.gunicorn_port, timeout=30)
        self.start_nginx()

    def start_nginx(self) -> None:
        """nginx alone, in front of whatever listens on ``gunicorn_port``."""
        self.processes.append(
            subprocess.Popen(
                self.nginx_command("-g", "daemon off;"),
                stdout=subprocess.DEVNULL,
                stderr=(self.workdir / "logs" / "nginx-stderr.log").open("wb"),
            )
        )
        wait_for_port(self.https_port, timeout=30)

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop(process)

    # --- Requests --------------------------------------------------------------------------

    def get(
        self,
        path: str,
        *,
        method: str = "GET",
        https: bool = True,
        cookies: dict[str, str] | None = None,
        gzip: bool = False,
    ) -> Response:
        """One request to the portal's host name, over TLS with SNI unless ``https=False``;
        with ``gzip``, accepting a compressed answer (``body`` stays as sent)."""
        raw = socket.create_connection(
            ("127.0.0.1", self.https_port if https else self.http_port), timeout=30
        )
        if https:
            context = ssl.create_default_context(cafile=str(self.cert))
            raw = context.wrap_socket(raw, server_hostname=HOST)
        headers = {
            "Host": HOST,
            "Connection": "close",
            "Accept-Encoding": "gzip" if gzip else "identity",
            "Content-Length": "0",
        }
        if cookies:
            headers["Cookie"] = "; ".join("%s=%s" % item for item in cookies.items())
        with raw:
            raw.sendall(
                (
                    "%s %s HTTP/1.1\r\n%s\r\n"
                    % (method, path, "".join("%s: %s\r\n" % item for item in headers.items()))
                ).encode()
            )
            response = http.client.HTTPResponse(raw, method=method)
            response.begin()
            return Response(response.status, response.headers, response.read())

    def logs(self) -> str:
        return "\n".join(
            "--- %s\n%s" % (log.name, log.read_text(errors="replace"))
            for log in sorted((self.workdir / "logs").glob("*.log"))
        )


class StandInUpstream(http.server.ThreadingHTTPServer):
    """In place of gunicorn on ``port``: answers every request with 200 and a 4 KB body that
    names how many requests it has seen, so a test tells a stored answer from a fresh one.
    Query parameters choose the answer: ``type`` its Content-Type (else text/html), ``cc``
    its Cache-Control (else none, as Django's public pages today), ``cookie`` a Set-Cookie.
    Like Django, it always sends ``Vary: Cookie``.
    """

    def __init__(self, port: int) -> None:
        self.paths: list[str] = []
        # Paths answered 404 from now on, as an unpublished article.
        self.gone: set[str] = set()
        super().__init__(("127.0.0.1", port), StandInHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class StandInHandler(http.server.BaseHTTPRequestHandler):
    server: StandInUpstream

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        query = parse_qs(urlsplit(self.path).query)
        body = ("answer %d\n%s" % (len(self.server.paths), "x" * 4096)).encode()
        self.send_response(404 if self.path in self.server.gone else 200)
        self.send_header("Content-Type", query.get("type", ["text/html"])[0])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Cookie")
        if "cc" in query:
            self.send_header("Cache-Control", query["cc"][0])
        if "cookie" in query:
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format, *args) -> None:
        """Quiet: the test reads ``paths``."""


@pytest.fixture
def nginx_portal(tmp_path):
    nginx = nginx_binary()
    if nginx is None or not MIME_TYPES.exists():
        pytest.skip("needs Debian's nginx (apt-get install nginx)")
    portal = NginxPortal(tmp_path, nginx)
    portal.write_certificate()
    portal.write_config()
    yield portal
    portal.stop()


def test_the_shipped_configuration_passes_nginx_t(nginx_portal):
    result = nginx_portal.check()

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_limit(180)
def test_a_page_a_static_file_a_public_image_and_a_pdf_attachment_through_nginx(nginx_portal):
    article = published_article_create(
        title="Rekapitulasi Pengawasan Kampanye",
        cover="news/covers/sampul.jpg",
        cover_small="news/covers/sampul-small.jpg",
        cover_width=1600,
        cover_height=900,
        cover_alt="Pengawas mencatat kegiatan kampanye",
    )
    ArticleAttachment.objects.create(
        article=article, file="news/attachments/laporan.pdf", title="Laporan", size=9
    )
    media = nginx_portal.media_root
    (media / "news" / "covers").mkdir(parents=True)
    (media / "news" / "attachments").mkdir(parents=True)
    jpeg = b"\xff\xd8\xff\xe0 a stand-in for a re-encoded photo"
    for name in ("sampul.jpg", "sampul-small.jpg"):
        (media / "news" / "covers" / name).write_bytes(jpeg)
    pdf = b"%PDF-1.7\n%%EOF\n"
    (media / "news" / "attachments" / "laporan.pdf").write_bytes(pdf)
    # Under MEDIA_ROOT but not a type the upload code writes: never served.
    (media / "news" / "attachments" / "halaman.html").write_text("<script>alert(1)</script>")
    css = (ROOT / "static" / "css" / "portal.css").read_bytes()
    (nginx_portal.static_root / "css").mkdir()
    (nginx_portal.static_root / "css" / "portal.css").write_bytes(css)
    (nginx_portal.static_root / "css" / "portal.0123456789ab.css").write_bytes(css)
    nginx_portal.start()

    page = nginx_portal.get(reverse("news:article_detail", kwargs={"slug": article.slug}))
    assert page.status == 200, nginx_portal.logs()
    html = page.body.decode()
    assert "Rekapitulasi Pengawasan Kampanye" in html
    # What the page links to is what nginx serves.
    assert 'href="/media/news/attachments/laporan.pdf"' in html
    assert re.search(r'src="/media/news/covers/sampul(-small)?\.jpg"', html)

    static = nginx_portal.get("/static/css/portal.css")
    assert static.status == 200, nginx_portal.logs()
    assert static.body == css
    assert static.headers["Content-Type"] == "text/css"
    assert static.headers["X-Content-Type-Options"] == "nosniff"
    hashed = nginx_portal.get("/static/css/portal.0123456789ab.css")
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    image = nginx_portal.get("/media/news/covers/sampul.jpg")
    assert image.status == 200, nginx_portal.logs()
    assert image.body == jpeg
    assert image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Content-Disposition" not in image.headers

    attachment = nginx_portal.get("/media/news/attachments/laporan.pdf")
    assert attachment.status == 200, nginx_portal.logs()
    assert attachment.body == pdf
    assert attachment.headers["Content-Type"] == "application/pdf"
    assert attachment.headers["X-Content-Type-Options"] == "nosniff"
    assert attachment.headers["Content-Disposition"] == "attachment"
    assert attachment.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert nginx_portal.get("/media/news/attachments/laporan.pdf", method="POST").status == 403

    assert nginx_portal.get("/media/news/attachments/halaman.html").status == 404
    redirect = nginx_portal.get("/berita/", https=False)
    assert redirect.status == 301
    assert redirect.headers["Location"] == "https://%s/berita/" % HOST


# --- Compression and micro-cache (issue 14, item 8) ---------------------------------------

# What Django and the stand-in answer that nginx must compress (text/html is nginx's own).
COMPRESSED_TYPES = [
    "text/html; charset=utf-8",
    "application/xml",
    "text/xml",
    "application/json",
    "application/rss+xml; charset=utf-8",
    "application/atom+xml; charset=utf-8",
    "text/css",
    "application/javascript",
    "image/svg+xml",
    "text/calendar",
]
# Served from the micro-cache: a hit, or an expired copy while one request refreshes it.
FROM_CACHE = {"HIT", "UPDATING", "STALE"}


def vary(response: Response) -> set[str]:
    return {
        name.strip().lower()
        for header in response.headers.get_all("Vary", [])
        for name in header.split(",")
    }


@pytest.fixture
def stand_in(nginx_portal):
    """nginx with the shipped configuration in front of a ``StandInUpstream``."""
    upstream = StandInUpstream(nginx_portal.gunicorn_port)
    nginx_portal.start_nginx()
    yield nginx_portal, upstream
    upstream.shutdown()
    upstream.server_close()


@pytest.mark.parametrize("content_type", COMPRESSED_TYPES)
def test_text_answers_come_gzipped_with_vary_accept_encoding(stand_in, content_type):
    portal, _upstream = stand_in
    path = "/berita/?type=%s" % quote(content_type)

    compressed = portal.get(path, gzip=True)
    plain = portal.get(path)

    assert compressed.status == 200, portal.logs()
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == plain.body
    assert plain.body.startswith(b"answer ")
    assert "Content-Encoding" not in plain.headers
    # Django's Vary: Cookie stays, for browsers; caches keep the two encodings apart.
    assert {"accept-encoding", "cookie"} <= vary(compressed)
    assert {"accept-encoding", "cookie"} <= vary(plain)


def test_a_second_anonymous_get_is_served_from_the_micro_cache_in_its_language(stand_in):
    portal, upstream = stand_in

    first = portal.get("/berita/")
    second = portal.get("/berita/", cookies={"csrftoken": "dari-formulir-lain"}, gzip=True)

    assert first.headers["X-Cache-Status"] == "MISS"
    # A visitor who once opened a form (csrftoken) shares the cached page: Vary: Cookie is
    # not what nginx keys on.
    assert second.headers["X-Cache-Status"] in FROM_CACHE
    assert gzip.decompress(second.body) == first.body
    assert upstream.paths == ["/berita/"]

    english = portal.get("/berita/", cookies={"bahasa": "en", "csrftoken": "x"})
    assert english.headers["X-Cache-Status"] == "MISS"
    assert english.body != first.body
    assert portal.get("/berita/", cookies={"bahasa": "en"}).body == english.body
    assert portal.get("/berita/").body == first.body
    assert upstream.paths == ["/berita/"] * 2


@pytest.mark.parametrize(
    "cookie",
    [
        settings.SESSION_COOKIE_NAME,
        # Django's messages go in this cookie first (FallbackStorage).
        "messages",
    ],
)
def test_a_session_or_a_pending_message_always_reaches_django_and_is_not_stored(stand_in, cookie):
    portal, upstream = stand_in
    assert "$cookie_%s" % cookie in SHIPPED_CONFIG.read_text()
    portal.get("/berita/")

    bypass = portal.get("/berita/", cookies={cookie: "abc", "bahasa": "id"})
    after = portal.get("/berita/")

    assert bypass.headers["X-Cache-Status"] == "BYPASS"
    assert b"answer 2" in bypass.body
    # What the visitor with a session saw was not stored for everyone else.
    assert after.headers["X-Cache-Status"] in FROM_CACHE
    assert b"answer 1" in after.body
    assert len(upstream.paths) == 2


def test_a_post_is_never_answered_from_or_stored_in_the_micro_cache(stand_in):
    portal, upstream = stand_in
    portal.get("/berita/")

    posts = [portal.get("/berita/", method="POST") for _ in range(2)]

    assert [b"answer 2" in posts[0].body, b"answer 3" in posts[1].body] == [True, True]
    assert ["X-Cache-Status" in post.headers for post in posts] == [False, False]
    assert b"answer 1" in portal.get("/berita/").body
    assert len(upstream.paths) == 3


@pytest.mark.parametrize(
    "query",
    [
        "cc=no-store",
        "cc=private",
        # Django's never_cache (private_page, healthz) and the admin's no-store.
        "cc=" + quote("max-age=0, no-cache, no-store, must-revalidate, private"),
        # Every page with a CSRF token renews the csrftoken cookie.
        "cookie=1",
    ],
)
def test_what_django_forbids_to_store_is_never_served_from_the_micro_cache(stand_in, query):
    portal, upstream = stand_in
    path = "/berita/?%s" % query

    answers = [portal.get(path) for _ in range(3)]

    assert [answer.headers.get("X-Cache-Status") for answer in answers] == ["MISS"] * 3
    assert len(upstream.paths) == 3


def test_public_max_age_from_django_is_cached_for_nginx_s_seconds_only(stand_in):
    """Helper A's public pages: stored, but for proxy_cache_valid, not for 60 s."""
    portal, upstream = stand_in
    path = "/berita/?cc=%s" % quote("public, max-age=60, stale-while-revalidate=30")

    portal.get(path)
    cached = portal.get(path)

    assert cached.headers["X-Cache-Status"] in FROM_CACHE
    assert cached.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"
    assert len(upstream.paths) == 1
    assert re.search(r"proxy_cache_valid 200 [1-9]s;", SHIPPED_CONFIG.read_text())


@pytest.mark.time_limit(60)
def test_a_page_taken_down_is_gone_once_its_copy_expires(stand_in):
    portal, upstream = stand_in
    portal.get("/berita/ditarik/")
    assert portal.get("/berita/ditarik/").headers["X-Cache-Status"] in FROM_CACHE

    upstream.gone.add("/berita/ditarik/")
    lifetime = int(re.search(r"proxy_cache_valid 200 (\d+)s;", SHIPPED_CONFIG.read_text())[1])
    time.sleep(lifetime + 1)

    assert [portal.get("/berita/ditarik/").status for _ in range(2)] == [404, 404]


@pytest.mark.django_db
def test_the_complaint_desk_is_never_cached_nor_compressed_whatever_its_headers(stand_in):
    """The stand-in answers the private pages without Cache-Control, as if private_page were
    forgotten: nginx still never stores nor compresses them (BREACH)."""
    portal, upstream = stand_in
    private = [
        reverse("complaints:%s" % name)
        for name in ("create", "receipt", "evidence_add", "track", "info_add", "secret_reset")
    ] + [
        reverse(
            "complaints:evidence_download",
            kwargs={"public_id": "8d3c7f0e-2f4b-4c1e-9a57-2d5b8f1c9e10"},
        ),
        reverse("complaints:export", kwargs={"file_format": "csv"}),
    ]
    public = [reverse("complaints:%s" % name) for name in ("index", "statistics", "statistics_csv")]

    for path in private:
        answers = [portal.get(path, gzip=True) for _ in range(2)]
        assert [answer.headers.get("X-Cache-Status") for answer in answers] == [None, None], path
        assert ["Content-Encoding" in answer.headers for answer in answers] == [False] * 2, path
        assert upstream.paths.count(path) == 2, path
    for path in public:
        answers = [portal.get(path, gzip=True) for _ in range(2)]
        assert answers[1].headers["X-Cache-Status"] in FROM_CACHE, path
        assert answers[1].headers["Content-Encoding"] == "gzip", path
        assert upstream.paths.count(path) == 1, path


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_limit(180)
def test_pages_feeds_and_the_sitemap_through_nginx_come_gzipped(nginx_portal):
    for number in range(12):
        published_article_create(title="Patroli Pengawasan Kampanye %d" % number)
    nginx_portal.start()
    article = Article.objects.first()
    page = reverse("news:article_detail", kwargs={"slug": article.slug})
    title = b"Patroli Pengawasan Kampanye"
    expected = {
        reverse("home"): title,
        reverse("news:article_list"): title,
        page: title,
        reverse("news:feed_rss"): title,
        reverse("news:feed_atom"): title,
        # The index is a few hundred bytes, under gzip_min_length; its pages hold the URLs.
        reverse("sitemap_section", kwargs={"section": "articles"}): page.encode(),
    }

    for path, content in expected.items():
        response = nginx_portal.get(path, gzip=True)
        assert response.status == 200, nginx_portal.logs()
        assert response.headers["Content-Encoding"] == "gzip", path
        assert {"accept-encoding", "cookie"} <= vary(response), path
        assert content in gzip.decompress(response.body), path


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_limit(180)
def test_the_micro_cache_in_front_of_django(nginx_portal):
    article = published_article_create(title="Rekapitulasi Suara Kecamatan")
    nginx_portal.start()
    page = reverse("news:article_detail", kwargs={"slug": article.slug})

    first = nginx_portal.get(page)
    second = nginx_portal.get(page, cookies={"csrftoken": "a" * 32})
    assert first.status == 200, nginx_portal.logs()
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] in FROM_CACHE
    assert second.body == first.body

    # Staff with a session see the database, not the copy others are served.
    Article.objects.filter(pk=article.pk).update(title="Rekapitulasi Suara Kabupaten")
    staff = nginx_portal.get(page, cookies={settings.SESSION_COOKIE_NAME: "tidak-dikenal"})
    assert staff.headers["X-Cache-Status"] == "BYPASS"
    assert "Rekapitulasi Suara Kabupaten" in staff.body.decode()

    english = nginx_portal.get(page, cookies={settings.LANGUAGE_COOKIE_NAME: "en"})
    assert english.headers["X-Cache-Status"] == "MISS"
    assert english.headers["Content-Language"] == "en"
    assert first.headers["Content-Language"] == "id"

    # The complaint form (private_page), a page with a CSRF token (it sets the csrftoken
    # cookie) and the admin, signed in or not, are never served from the cache.
    for path in (
        reverse("complaints:create"),
        reverse("subscriptions:subscribe"),
        "/%slogin/" % settings.DJANGO_ADMIN_URL,
    ):
        answers = [nginx_portal.get(path, gzip=True) for _ in range(2)]
        assert [answer.status for answer in answers] == [200, 200], path
        assert FROM_CACHE.isdisjoint(a.headers.get("X-Cache-Status") for a in answers), path
    form = nginx_portal.get(reverse("complaints:create"), gzip=True)
    assert "no-store" in form.headers["Cache-Control"]
    assert "Content-Encoding" not in form.headers
    signed_in = nginx_portal.get(
        "/%s" % settings.DJANGO_ADMIN_URL, cookies={settings.SESSION_COOKIE_NAME: "abc"}
    )
    assert signed_in.headers["X-Cache-Status"] == "BYPASS"

    # Django's CSRF check answers the POST, not the copy of the page in the cache.
    posted = nginx_portal.get(page, method="POST")
    assert posted.status == 403
    assert "X-Cache-Status" not in posted.headers
