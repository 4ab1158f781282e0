"""The bench's pure parts (bench/): arguments, the ratio, wrk's result line, mode detection,
the outbox's own-rows count and the archive generator. No timing: speed is what the bench
itself reports."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bench import __main__ as bench_main
from bench import archive, outbox_child, pages, wrk
from bench.load import Slice
from bench.server import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    SetupError,
    archive_database_url,
    mode_detect,
    result_line,
)


def _slice(requests: int, seconds: float = 1.0, errors: int = 0) -> Slice:
    return Slice(requests=requests, seconds=seconds, errors=errors, p50_ms=1.0, p99_ms=2.0)


# --- Arguments ------------------------------------------------------------------------------


def test_defaults_measure_both_sizes_and_every_part_in_three_rounds():
    args = bench_main.parse_args(["--load", "python"])

    assert args.rounds == 3
    assert args.sizes == ["demo", "archive"]
    assert args.parts == ["http", "evidence", "outbox"]
    assert args.clients == 8


def test_quick_is_one_round():
    assert bench_main.parse_args(["--quick", "--load", "python"]).rounds == 1


@pytest.mark.parametrize(("on_path", "load", "clients"), [(True, "wrk", 32), (False, "python", 8)])
def test_wrk_when_on_path_with_the_issues_32_connections(monkeypatch, on_path, load, clients):
    monkeypatch.setattr(wrk, "available", lambda: on_path)

    args = bench_main.parse_args([])

    assert (args.load, args.clients) == (load, clients)


def test_parts_without_http_run_on_the_demo_data_only():
    args = bench_main.parse_args(["--only", "outbox", "--load", "python"])

    assert args.parts == ["outbox"]
    assert args.sizes == ["demo"]


@pytest.mark.parametrize("argv", [["--clients", "0"], ["--clients", "65"], ["--rounds", "0"]])
def test_out_of_range_arguments_are_refused(argv):
    with pytest.raises(SystemExit):
        bench_main.parse_args([*argv, "--load", "python"])


# --- The ratio ------------------------------------------------------------------------------


def test_percent_of_floor_pools_requests_over_seconds():
    page = [_slice(100), _slice(50, seconds=2.0)]  # 150 requests in 3 s: 50/s
    floor = [_slice(1000), _slice(1000)]  # 1000/s

    assert pages.pooled_rps(page) == 50
    assert pages.percent_of_floor(page, floor) == pytest.approx(5.0)


def test_percent_of_floor_without_floor_requests_is_zero_not_a_division_error():
    assert pages.percent_of_floor([_slice(10)], [_slice(0)]) == 0


def test_each_page_slice_follows_a_floor_slice_on_the_same_server():
    calls = []

    def drive(port: int, path: str) -> Slice:
        calls.append((port, path))
        return _slice(10)

    targets = [
        pages.Target("home", "/", "", "text/html", b""),
        pages.Target("form", "/pengaduan/buat/", "", "text/html", b"", private=True),
    ]
    results = pages.measure(
        {pages.CACHED: 1, pages.UNCACHED: 2}, targets, 2, drive, wait=lambda port: None
    )

    assert calls[:6] == [
        (1, "/robots.txt"), (1, "/"), (2, "/robots.txt"), (2, "/"),
        (1, "/robots.txt"), (1, "/pengaduan/buat/"),
    ]  # fmt: skip
    assert len(calls) == 12
    assert set(results["form"]) == {pages.CACHED}
    summary = results["home"][pages.UNCACHED].summary()
    assert summary["percent_of_floor"] == 100
    assert len(summary["slices"]) == 2


def test_errors_of_page_or_floor_slices_are_counted():
    series = pages.Series("/", page=[_slice(10, errors=2)], floor=[_slice(10)])

    assert series.summary()["errors"] == 2


# --- wrk ------------------------------------------------------------------------------------

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.13ms    5.02ms  61.24ms   80.00%
  1565 requests in 1.00s, 1.41MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1563.12
Transfer/sec:      1.41MB
BENCH-WRK {"requests": 1565, "duration_us": 1001234, "status_errors": 3, "connect": 0, \
"read": 1, "write": 0, "timeout": 0, "p50_us": 19500, "p99_us": 48250}
"""


def test_wrk_result_line_is_parsed_into_a_slice():
    piece = wrk.parse(WRK_OUTPUT)

    assert piece.requests == 1565
    assert piece.seconds == pytest.approx(1.001234)
    assert piece.errors == 4
    assert piece.first_error == "3 non-2xx/3xx, 1 read"
    assert (piece.p50_ms, piece.p99_ms) == (19.5, 48.25)


def test_wrk_output_without_the_result_line_is_an_error():
    with pytest.raises(ValueError, match="BENCH-WRK"):
        wrk.parse(WRK_OUTPUT.rsplit("BENCH-WRK", 1)[0])


def test_wrk_command_is_the_issues_setup_for_one_slice(tmp_path):
    command = wrk.command(8000, "/cari/?q=pemilu", 1, 32, tmp_path / "done.lua")

    assert command[:4] == ["wrk", "-t2", "-c32", "-d1s"]
    assert command[-1] == "http://127.0.0.1:8000/cari/?q=pemilu"


# --- Mode detection -------------------------------------------------------------------------


def _never(url: str) -> bool:
    raise AssertionError("probed %s although the caller named the servers" % url)


def test_the_callers_servers_are_used_without_probing():
    environ = {"DATABASE_URL": "postgres://u@db:5432/bench_x", "REDIS_URL": "redis://r:6379/3"}
    mode = mode_detect(environ, _never, _never)

    assert (mode.name, mode.source) == ("services", "caller")
    assert mode.database_urls() == {
        "demo": "postgres://u@db:5432/bench_x",
        "archive": "postgres://u@db:5432/bench_x_archive",
    }
    assert mode.as_json()["databases"] == {"demo": "bench_x", "archive": "bench_x_archive"}


def test_half_a_stack_from_the_caller_is_refused():
    with pytest.raises(SetupError, match="both"):
        mode_detect({"DATABASE_URL": "postgres://u@db/bench"}, _never, _never)


def test_local_servers_are_used_when_both_answer():
    mode = mode_detect({}, lambda url: url == LOCAL_POSTGRES, lambda url: url == LOCAL_REDIS)

    assert (mode.name, mode.source) == ("services", "detected")
    assert mode.as_json()["databases"] == {"demo": "bench", "archive": "bench_archive"}
    assert mode.redis_url.endswith("/14")


@pytest.mark.parametrize(("postgres", "redis"), [(False, True), (True, False)])
def test_embedded_mode_when_a_local_server_is_missing(postgres, redis):
    mode = mode_detect({}, lambda url: postgres, lambda url: redis)

    assert mode.name == "embedded"
    assert mode.database_urls() == {"demo": "", "archive": ""}
    assert "embedded" in mode.describe()


def test_archive_database_keeps_the_servers_address():
    assert (
        archive_database_url("postgres://postgres@127.0.0.1:5432/bench?sslmode=disable")
        == "postgres://postgres@127.0.0.1:5432/bench_archive?sslmode=disable"
    )


# --- Discovery ------------------------------------------------------------------------------


def test_a_sitemap_index_gives_its_news_section():
    index = (
        b'<?xml version="1.0"?><sitemapindex><sitemap><loc>http://127.0.0.1:8000/sitemap-pages'
        b".xml</loc></sitemap><sitemap><loc>http://127.0.0.1:8000/sitemap-articles.xml?p=2</loc>"
        b"</sitemap></sitemapindex>"
    )

    assert pages.sitemap_section(index) == "/sitemap-articles.xml?p=2"


def test_a_plain_sitemap_has_no_section_and_that_target_is_left_out():
    assert pages.sitemap_section(b"<urlset><url><loc>http://x/</loc></url></urlset>") is None

    resolved = pages.resolve(
        pages.TARGETS,
        {"article": "/berita/a/", "category": "/berita/kategori/b/"} | {"sitemap_section": None},
    )

    names = [target.name for target in resolved]
    assert "sitemap_section" not in names
    assert next(t for t in resolved if t.name == "article").path == "/berita/a/"


# --- Child processes' result lines and the outbox's own rows --------------------------------


def test_result_line_is_the_last_one_printed():
    stdout = 'noise\nBENCH-RESULT {"n": 1}\nBENCH-RESULT {"n": 2}\nmore noise\n'

    assert result_line(stdout, "child") == {"n": 2}
    with pytest.raises(SetupError, match="child printed no result"):
        result_line("noise\n", "child")


@pytest.mark.django_db
def test_outbox_status_counts_only_this_runs_rows(capsys):
    from humas_portal.notifications.services import notification_enqueue

    def enqueue(key: str) -> None:
        notification_enqueue(
            kind="subscription_confirm",
            recipient="warga@example.test",
            context={"topics": ["Berita"], "confirm_url": "http://x/"},
            idempotency_key=key,
        )

    for index in range(3):
        enqueue(outbox_child.idempotency_key("run1", index))
    enqueue(outbox_child.idempotency_key("run0", 0))  # an earlier run's row
    enqueue("demo:unsent:1")  # like seed_demo's unsent demo messages
    capsys.readouterr()

    outbox_child.status("run1")

    printed = capsys.readouterr().out.strip()
    status = json.loads(printed.removeprefix(outbox_child.RESULT_PREFIX))
    assert sum(status["by_status"].values()) == 3
    assert status["more_than_one_attempt"] == 0


# --- The archive ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_archive_is_created_once_and_then_found(monkeypatch):
    from complaints.models import Complaint
    from news.models import Article

    call_command("seed_demo", stdout=StringIO())
    demo_articles, demo_complaints = Article.objects.count(), Complaint.objects.count()
    monkeypatch.setattr(archive, "ARTICLES", 40)
    monkeypatch.setattr(archive, "COMPLAINTS", 60)

    assert archive.archive_create() == {"created": True, "articles": 40, "complaints": 60}
    assert archive.archive_create() == {"created": False, "articles": 40, "complaints": 60}

    assert Article.objects.count() == demo_articles + 40
    assert Complaint.objects.count() == demo_complaints + 60
    years = {d.year for d in Article.objects.filter(slug__startswith="arsip-").dates(
        "publish_at", "year")}  # fmt: skip
    assert len(years) >= archive.YEARS
    assert Article.objects.public().filter(slug__startswith="arsip-").count() >= 30
