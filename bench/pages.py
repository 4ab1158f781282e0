"""The public pages the bench measures, how it finds their addresses, and the ratio it reports.

Every page is measured against the floor, `/robots.txt` (a minimal view through the whole
middleware stack), in 1 s slices that alternate with a floor slice on the same server: a page's
"% of the floor" is its requests/s over the floor's requests/s from the same moments, so
whatever else the machine does meanwhile weighs on both alike.
"""

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException

from bench.load import Slice
from bench.server import HOST

FLOOR = "floor"
CACHED, UNCACHED = "cached", "uncached"
# Single requests outside the measured slices (checks, discovery, settling) may wait this long:
# a slow page is measured and reported slow, not mistaken for a broken one.
PATIENT_TIMEOUT = 60
SETTLE_SECONDS = 300


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # "{article}", "{category}" and "{sitemap_section}" are found by discover()
    what: str
    content_type: str
    # Checked once per server before measuring, so the bench never times an error page.
    marker: bytes
    # A private page (the complaint form) is never cached: measured once, on the server with
    # the page cache, which is how production runs it.
    private: bool = False

    @property
    def variants(self) -> tuple[str, ...]:
        return (CACHED,) if self.private else (CACHED, UNCACHED)


FLOOR_TARGET = Target(
    FLOOR, "/robots.txt", "a minimal view through the whole middleware stack", "text/plain",
    b"User-agent: *",
)  # fmt: skip
TARGETS = [
    Target("home", "/", "home page", "text/html", b"Bawaslu Kabupaten Jember"),
    Target("list", "/berita/", "news list", "text/html", b'href="/berita/'),
    Target("article", "{article}", "the newest article", "text/html", b"<h1"),
    Target("category", "{category}", "a category's list", "text/html", b'href="/berita/'),
    Target("feed", "/berita/feed/", "RSS feed", "application/rss+xml", b"<item>"),
    Target("search", "/cari/?q=pemilu", "full-text search", "text/html", b'href="/berita/'),
    Target("sitemap", "/sitemap.xml", "sitemap (an index once issue 14 is in)", "application/xml",
           b"<loc>"),
    Target("sitemap_section", "{sitemap_section}", "one page of the sitemap index",
           "application/xml", b"<loc>"),
    Target("statistics", "/pengaduan/statistik/", "complaint statistics", "text/html", b"<table"),
    Target("form", "/pengaduan/buat/", "the complaint form (private, never cached)", "text/html",
           b"<form", private=True),
]  # fmt: skip

_ARTICLE_LINK = re.compile(rb'href="(/berita/(?!kategori/|tag/|feed/|atom/)[\w-]+/)"')
_CATEGORY_LINK = re.compile(rb'href="(/berita/kategori/[\w-]+/)"')
_SITEMAP_LOC = re.compile(rb"<loc>\s*https?://[^/<]+(/[^<]*?)\s*</loc>")


class TargetBroken(Exception):
    """A target answered wrongly before measuring: the run fails (exit status 1)."""


def fetch(port: int, path: str) -> tuple[int, str, bytes]:
    connection = HTTPConnection(HOST, port, timeout=PATIENT_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def sitemap_section(index_xml: bytes) -> str | None:
    """The path of one page of a sitemap index (the news section's if it has one), or None
    when the sitemap is a plain list of URLs."""
    if b"<sitemapindex" not in index_xml:
        return None
    paths = [match.decode() for match in _SITEMAP_LOC.findall(index_xml)]
    news = [path for path in paths if any(word in path for word in ("article", "berita", "news"))]
    return (news or paths or [None])[0]


def discover(port: int) -> dict[str, str | None]:
    """The addresses that depend on the data: the newest article, its category, a sitemap
    section (None: this target is not measured)."""
    _status, _type, listing = fetch(port, "/berita/")
    article = _ARTICLE_LINK.search(listing)
    if article is None:
        raise TargetBroken("/berita/ links no article")
    _status, _type, article_page = fetch(port, article.group(1).decode())
    category = _CATEGORY_LINK.search(listing) or _CATEGORY_LINK.search(article_page)
    if category is None:
        raise TargetBroken("neither /berita/ nor %s links a category" % article.group(1).decode())
    _status, _type, sitemap = fetch(port, "/sitemap.xml")
    return {
        "article": article.group(1).decode(),
        "category": category.group(1).decode(),
        "sitemap_section": sitemap_section(sitemap),
    }


def resolve(targets: list[Target], found: dict[str, str | None]) -> list[Target]:
    """The targets with their found paths; a target whose path was not found is left out."""
    resolved = []
    for target in targets:
        path = target.path.format(**found) if "{" in target.path else target.path
        if path and path != "None":
            resolved.append(Target(**{**target.__dict__, "path": path}))
    return resolved


def check(port: int, target: Target) -> str | None:
    """What is wrong with one response from the target, or None."""
    try:
        status, content_type, body = fetch(port, target.path)
    except (OSError, HTTPException) as exc:
        return "%s: %s" % (type(exc).__name__, exc)
    if status != 200:
        return "HTTP %d" % status
    if not content_type.startswith(target.content_type):
        return "Content-Type %r, not %r" % (content_type, target.content_type)
    if target.marker not in body:
        return "%r not in the body: %r" % (target.marker, body[:200])
    return None


# --- Measuring and the ratio ----------------------------------------------------------------


def pooled_rps(slices: list[Slice]) -> float:
    """Requests over seconds of all slices together (not the mean of each slice's rate)."""
    seconds = sum(piece.seconds for piece in slices)
    return sum(piece.requests for piece in slices) / seconds if seconds else 0.0


def percent_of_floor(page: list[Slice], floor: list[Slice]) -> float:
    """The issue's unit: the page's requests/s over the floor's, times 100."""
    floor_rps = pooled_rps(floor)
    return pooled_rps(page) / floor_rps * 100 if floor_rps else 0.0


@dataclass
class Series:
    """One target on one server: its slices and the floor slices taken just before each."""

    path: str
    page: list[Slice] = field(default_factory=list)
    floor: list[Slice] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(piece.errors for piece in self.page + self.floor)

    @property
    def first_error(self) -> str:
        return next((piece.first_error for piece in self.page + self.floor if piece.errors), "")

    def summary(self) -> dict:
        # wrk reports percentiles per run; the median slice's is quoted (all are in "slices").
        return {
            "path": self.path,
            "rps": round(pooled_rps(self.page), 1),
            "floor_rps": round(pooled_rps(self.floor), 1),
            "percent_of_floor": round(percent_of_floor(self.page, self.floor), 1),
            "p50_ms": round(statistics.median(p.p50_ms for p in self.page), 2),
            "p99_ms": round(statistics.median(p.p99_ms for p in self.page), 2),
            "errors": self.errors,
            "first_error": self.first_error,
            "slices": [
                {"rps": round(p.rps, 1), "floor_rps": round(f.rps, 1), "p99_ms": round(p.p99_ms, 2)}
                for p, f in zip(self.page, self.floor, strict=True)
            ],
        }


Load = Callable[[int, str], Slice]  # (port, path) -> one slice


def settle(port: int) -> None:
    """Wait until the server has worked off what a slice left queued.

    When a slice ends, requests the load generator gave up on may still wait in the listen
    queue, and sync workers answer them all, to closed sockets; the next slice would pay for
    them. One request to the floor joins the end of that queue: its answer means it is empty.
    A page so slow that this takes longer than SETTLE_SECONDS stops the run.
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        try:
            fetch(port, FLOOR_TARGET.path)
            return
        except (OSError, HTTPException):
            continue
    raise TargetBroken(
        "the server on port %d was still working off queued requests after %d s"
        % (port, SETTLE_SECONDS)
    )


def measure(
    ports: dict[str, int],
    targets: list[Target],
    rounds: int,
    drive: Load,
    wait: Callable[[int], None] = settle,
) -> dict[str, dict[str, Series]]:
    """``rounds`` times, each target on each of its servers: a floor slice, then the page."""
    results = {
        target.name: {variant: Series(target.path) for variant in target.variants}
        for target in targets
    }
    for _round in range(rounds):
        for target in targets:
            for variant in target.variants:
                series = results[target.name][variant]
                series.floor.append(drive(ports[variant], FLOOR_TARGET.path))
                wait(ports[variant])
                series.page.append(drive(ports[variant], target.path))
                wait(ports[variant])
    return results
