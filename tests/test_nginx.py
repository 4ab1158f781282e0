"""deploy/nginx.conf, run by Debian's nginx in front of a real gunicorn (issue 13, item 13).

The shipped file stays the source of truth: the test renders a copy with its paths, ports and
certificate replaced (each replaced text must still be in the file, so an edit there cannot
silently leave the test behind), checks it with ``nginx -t`` and then sends requests through
it over TLS: a page (proxied to gunicorn), a static file, a public image and an article's PDF
attachment (served by nginx from MEDIA_ROOT; Django does not serve media here).

``NginxPortal`` is the harness; other tests of the nginx configuration (compression, caching)
can use the ``nginx_portal`` fixture the same way.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from news.models import ArticleAttachment
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
            "include %s;\ndefault_type application/octet-stream;\n"
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
        self.processes.append(
            subprocess.Popen(
                self.nginx_command("-g", "daemon off;"),
                stdout=subprocess.DEVNULL,
                stderr=(self.workdir / "logs" / "nginx-stderr.log").open("wb"),
            )
        )
        wait_for_port(self.gunicorn_port, timeout=30)
        wait_for_port(self.https_port, timeout=30)

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop(process)

    # --- Requests --------------------------------------------------------------------------

    def get(self, path: str, *, method: str = "GET", https: bool = True) -> Response:
        """One request to the portal's host name, over TLS with SNI unless ``https=False``."""
        raw = socket.create_connection(
            ("127.0.0.1", self.https_port if https else self.http_port), timeout=30
        )
        if https:
            context = ssl.create_default_context(cafile=str(self.cert))
            raw = context.wrap_socket(raw, server_hostname=HOST)
        with raw:
            raw.sendall(
                (
                    "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n"
                    "Accept-Encoding: identity\r\n\r\n" % (method, path, HOST)
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
