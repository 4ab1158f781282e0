"""`python -m bench`: the public pages against the floor, with the page cache and without, on
the demo data and on a 5,000-article archive; the evidence filings when bench/evidence.py is
there; and the notifications outbox against plain smtplib. One run, one JSON record.

Exit status: 0 when every page answered 200 throughout, the evidence part (if any) reported ok
and the SMTP sink counted exactly the messages sent; 1 when a page did not answer 200 (or
answered wrongly before measuring), the evidence part failed, or mail was lost or duplicated;
2 when the bench could not set up (configuration, databases, migrate, gunicorn, workers).
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import evidence, load, outbox, pages, wrk
from bench.server import (
    BASE_DIR,
    HOST,
    WORKERS,
    Gunicorn,
    Mode,
    SetupError,
    child_environment,
    database_ensure,
    database_refusal,
    free_port,
    gunicorn_command,
    manage,
    mode_detect,
    postgres_answers,
    redis_answers,
    result_line,
)

SIZES = ("demo", "archive")
PARTS = ("http", "evidence", "outbox")
SLICE_SECONDS = 1
WARMUP_SECONDS = 0.5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--rounds",
        type=int,
        help="HTTP: slices of 1 s per page and server, each after its floor slice "
        "(default 3, --quick 1); the outbox part's rounds likewise",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 round, 300 outbox messages: a smoke test",
    )
    parser.add_argument("--only", choices=PARTS, help="run one part only (default: all)")
    parser.add_argument(
        "--size",
        choices=[*SIZES, "both"],
        default="both",
        help="HTTP: the demo data, the archive (5,000 articles, 20,000 complaints) or both",
    )
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="HTTP load generator: wrk when on PATH (auto), else the Python client",
    )
    parser.add_argument(
        "--clients",
        type=int,
        help="concurrent connections (default 32 with wrk, as the issue measured; 8 with the "
        "Python client; at most 64)",
    )
    parser.add_argument(
        "--messages",
        type=int,
        help="outbox part: messages per round for raw and batched (default 2000, --quick 300); "
        "per-message sends a quarter as many",
    )
    parser.add_argument(
        "--broker",
        choices=["auto", "redis", "filesystem"],
        default="auto",
        help="outbox part: the workers' broker; auto is a bench-owned redis-server when the "
        "binary exists, else the filesystem broker",
    )
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    if args.load == "auto":
        args.load = "wrk" if wrk.available() else "python"
    elif args.load == "wrk" and not wrk.available():
        parser.error("--load wrk: wrk is not on PATH (Debian package wrk)")
    if args.clients is None:
        args.clients = 32 if args.load == "wrk" else 8
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    if args.messages is not None and not 100 <= args.messages <= 100_000:
        parser.error("--messages must be between 100 and 100000")
    args.parts = [args.only] if args.only else list(PARTS)
    args.sizes = list(SIZES) if args.size == "both" else [args.size]
    if "http" not in args.parts:
        # The evidence and outbox parts run on the demo data only.
        args.sizes = ["demo"]
    return args


def _stop_on_sigterm(signum, frame) -> None:
    # Like Ctrl-C, so that the finally blocks stop the servers.
    raise KeyboardInterrupt


def write_json(payload: dict) -> Path:
    folder = BASE_DIR / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


# --- One data size --------------------------------------------------------------------------


class Size:
    """One data size: its database, its data, and two servers on it (page cache on and off)."""

    def __init__(self, name: str, mode: Mode, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.database_url = mode.database_urls()[name]
        self.ports = {pages.CACHED: free_port(), pages.UNCACHED: free_port()}
        # One base URL for both servers: absolute links (feed, sitemap) are the same bytes.
        base_url = "http://%s:%d" % (HOST, self.ports[pages.CACHED])
        self.env = {
            variant: child_environment(
                folder / "var",
                base_url,
                self.database_url,
                mode.redis_url,
                page_cache=variant == pages.CACHED,
            )
            for variant in self.ports
        }
        self.servers = {
            variant: Gunicorn(self.env[variant], port, folder / ("gunicorn-%s.log" % variant))
            for variant, port in self.ports.items()
        }
        self.data: dict = {}

    def prepare(self) -> None:
        if self.database_url:
            self.data["database_created"] = database_ensure(self.database_url)
        env = self.env[pages.CACHED]
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        if self.name == "archive":
            self.data.update(archive_run(env))
        database_analyze(env)
        # Pages of the other size, or of an earlier run's code, must not be served from the
        # cache: the bench's Redis cache database starts empty (a no-op for the local-memory
        # cache, which lives in each server process).
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    def start(self) -> None:
        for server in self.servers.values():
            server.start()

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


# PostgreSQL plans from statistics that autovacuum gathers some time after a bulk load, or
# never where it is off (as on the bench machine): without them the search planned a scan that
# computed every article's text vector (1.6 s instead of 62 ms). VACUUM also fills the
# visibility map, which lets a count be answered from an index alone. SQLite has neither.
ANALYZE_SCRIPT = (
    "from django.db import connection\n"
    "if connection.vendor == 'postgresql':\n"
    "    connection.cursor().execute('VACUUM ANALYZE')\n"
)


def database_analyze(env: dict[str, str]) -> None:
    """The statistics and visibility map production's autovacuum would have by now."""
    manage(env, "shell", "-c", ANALYZE_SCRIPT)


def archive_run(env: dict[str, str]) -> dict:
    """bench/archive.py in a child process; its result line (rows created or found)."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.archive"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError("bench.archive failed (exit %d):\n%s" % (result.returncode, result.stderr))
    return result_line(result.stdout, "bench.archive", result.stderr[-2000:])


def driver(args: argparse.Namespace, folder: Path) -> pages.Load:
    if args.load == "wrk":
        script = wrk.script_write(folder)
        return lambda port, path: wrk.run(port, path, SLICE_SECONDS, args.clients, script)
    return lambda port, path: load.run(port, path, SLICE_SECONDS, args.clients).as_slice()


def measure_size(size: Size, args: argparse.Namespace, drive: pages.Load) -> dict:
    targets = pages.resolve(pages.TARGETS, pages.discover(size.ports[pages.CACHED]))
    for target in [pages.FLOOR_TARGET, *targets]:
        for variant in target.variants:
            problem = pages.check(size.ports[variant], target)
            if problem:
                raise pages.TargetBroken(
                    "%s (%s, %s) answered wrongly: %s"
                    % (target.name, target.path, variant, problem)
                )
            # Fills the page cache and each worker's own (templates, office profile) and opens
            # its database connection; none of that is what is measured.
            load.run(size.ports[variant], target.path, WARMUP_SECONDS, 2 * WORKERS)
            pages.settle(size.ports[variant])
    print(
        "  %s: %s" % (size.name, ", ".join("%s %s" % (t.name, t.path) for t in targets)),
        flush=True,
    )
    results = pages.measure(size.ports, targets, args.rounds, drive)
    return {
        name: {variant: series.summary() for variant, series in by_variant.items()}
        for name, by_variant in results.items()
    }


def report(size_name: str, targets: dict) -> None:
    print()
    print("%s data: %% of the floor (page req/s / floor req/s x 100), p50 / p99 ms" % size_name)
    print(
        "%-16s %-34s %8s %15s %9s %15s %7s"
        % ("target", "path", "cached", "p50/p99", "uncached", "p50/p99", "errors")
    )
    for name, variants in targets.items():
        cells = []
        for variant in (pages.CACHED, pages.UNCACHED):
            summary = variants.get(variant)
            cells += (
                ["%7.1f%%" % summary["percent_of_floor"],
                 "%6.1f / %6.1f" % (summary["p50_ms"], summary["p99_ms"])]
                if summary else ["-", "-"]
            )  # fmt: skip
        errors = sum(summary["errors"] for summary in variants.values())
        path = next(iter(variants.values()))["path"]
        print("%-16s %-34s %8s %15s %9s %15s %7d" % (name, path[:34], *cells, errors))
    floors = {
        variant: [v[variant]["floor_rps"] for v in targets.values() if variant in v]
        for variant in (pages.CACHED, pages.UNCACHED)
    }
    print(
        "  floor (/robots.txt): %s"
        % ", ".join(
            "%s server %.0f-%.0f req/s" % (variant, min(values), max(values))
            for variant, values in floors.items()
        )
    )


def targets_failures(size_name: str, targets: dict) -> list[str]:
    return [
        "%s %s (%s): %d errors, first: %s"
        % (size_name, name, variant, summary["errors"], summary["first_error"])
        for name, variants in targets.items()
        for variant, summary in variants.items()
        if summary["errors"]
    ]


# --- The evidence part (bench/evidence.py, when present) ------------------------------------


def evidence_run(mode: Mode, args: argparse.Namespace) -> dict:
    """bench/evidence.py on the demo data, with its own gunicorn (the form's bot guard and the
    rate limits out of the way) once the pages' servers have stopped; the dict goes into the
    JSON as it is, and its "ok" decides the exit status."""
    seconds = 2 if args.quick else 10
    try:
        return evidence.run(mode=mode, seconds=seconds, clients=min(args.clients, 4))
    except Exception as exc:
        # Another module's failure is this run's failure, with the pages' figures still kept.
        return {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}


# --- The run ----------------------------------------------------------------------------------


def load_description(args: argparse.Namespace) -> dict:
    return {
        "generator": args.load,
        "version": wrk.version() if args.load == "wrk" else "bench/load.py",
        "threads": min(wrk.THREADS, args.clients) if args.load == "wrk" else args.clients,
        "clients": args.clients,
        "slice_seconds": SLICE_SECONDS,
        "rounds": args.rounds,
        "warmup_seconds": WARMUP_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    refusal = database_refusal()
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    for part, module, extra in (("http", "gunicorn", ""), ("outbox", "aiosmtpd", "[dev]")):
        if part in args.parts and importlib.util.find_spec(module) is None:
            print(
                "bench: %s is not installed in %s; run `pip install -e '.%s'`."
                % (module, sys.prefix, extra),
                file=sys.stderr,
            )
            return 2
    try:
        mode = mode_detect(os.environ, postgres_answers, redis_answers)
    except SetupError as exc:
        print("bench: %s" % exc, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    started = time.monotonic()
    load_before = os.getloadavg()[0]
    payload: dict = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg_1min_before": round(load_before, 2),
        },
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
        "mode": mode.as_json(),
        "versions": {
            name: importlib.metadata.version(name) for name in ("django", "gunicorn", "whitenoise")
        },
        "server": {
            "command": "python %s" % " ".join(gunicorn_command(0)[1:]).replace(":0", ":<port>"),
            "page_cache": "PORTAL_PAGE_CACHE=true on one server, false on the other",
        },
        "load": load_description(args),
        "sizes": {},
    }
    if mode.name == "embedded":
        print("bench: no PostgreSQL and Redis on 127.0.0.1 named or found: %s" % mode.describe())
    else:
        print("bench: %s" % mode.describe())
    if load_before > 0.5:
        print("bench: the machine is busy (load %.1f): ratios will be noisy" % load_before)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        drive = driver(args, Path(tmp))
        demo_env: dict[str, str] = {}
        try:
            for name in args.sizes:
                folder = Path(tmp) / name
                folder.mkdir()
                size = Size(name, mode, folder)
                print("bench: %s: migrate, seed_demo%s" % (
                    name, ", the archive" if name == "archive" else ""), flush=True)  # fmt: skip
                size.prepare()
                if name == "demo":
                    demo_env = size.env[pages.UNCACHED]
                if not {"http", "evidence"} & set(args.parts):
                    continue
                try:
                    size.start()
                    if "http" in args.parts:
                        print(
                            "bench: %s: gunicorn -w %d -k sync, cached on :%d, uncached on :%d; "
                            "%s, %d clients, %d round(s) of 1 s slices"
                            % (name, WORKERS, size.ports[pages.CACHED],
                               size.ports[pages.UNCACHED], args.load, args.clients,
                               args.rounds),
                            flush=True,
                        )  # fmt: skip
                        targets = measure_size(size, args, drive)
                        report(name, targets)
                        payload["sizes"][name] = {"data": size.data, "targets": targets}
                        failures += targets_failures(name, targets)
                finally:
                    # Stopped before the next part: its processes get the cores to themselves.
                    size.stop()
                if name == "demo" and "evidence" in args.parts:
                    print("bench: evidence: filings with a phone photo", flush=True)
                    payload["evidence"] = evidence_run(mode, args)
                    if payload["evidence"].get("ok"):
                        print(evidence.report(payload["evidence"]), flush=True)
                    else:
                        failures.append("evidence: %s" % payload["evidence"])
            if "outbox" in args.parts:
                print(flush=True)
                try:
                    payload["outbox"] = outbox.run(
                        demo_env, Path(tmp), args.broker, args.quick, args.messages, args.rounds
                    )
                    payload["outbox"]["ok"] = True
                except outbox.Lost as exc:
                    payload["outbox"] = {"ok": False, "error": str(exc)}
                    failures.append("outbox: %s" % exc)
        except SetupError as exc:
            print("bench: %s" % exc, file=sys.stderr)
            return 2
        except pages.TargetBroken as exc:
            print("bench: FAILED %s" % exc, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("bench: interrupted", file=sys.stderr)
            return 130

    payload["duration_seconds"] = round(time.monotonic() - started, 1)
    payload["machine"]["loadavg_1min_after"] = round(os.getloadavg()[0], 2)
    payload["ok"] = not failures
    print("\nbench: %.0f s; wrote %s" % (
        payload["duration_seconds"], write_json(payload).relative_to(BASE_DIR)))  # fmt: skip
    for failure in failures:
        print("bench: FAILED %s" % failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
