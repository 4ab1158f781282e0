"""`python -m bench`: measure the portal's hot paths against the bare stack, and the
notifications outbox against plain smtplib, in one run.

Exit status: 0 when every target answered 200 throughout and the SMTP sink counted exactly the
messages sent; 1 when a target did not answer 200 (or answered wrongly before measuring) or mail
was lost or duplicated; 2 when the bench could not set up (configuration, migrate, gunicorn,
workers).
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path

from bench import load, outbox
from bench.server import (
    BASE_DIR,
    HOST,
    WORKERS,
    Gunicorn,
    SetupError,
    child_environment,
    database_refusal,
    free_port,
    gunicorn_command,
    manage,
    mode_description,
)

BASELINE = "robots"


class TargetBroken(Exception):
    """A target answered wrongly before measuring: the run fails (exit status 1)."""


def _healthz_parts_ok(body: bytes, content_type: str) -> bool:
    # The worker is not running here, so the overall status is "degraded"; the parts the
    # request exercises (database, cache, broker) must still all answer.
    checks = json.loads(body).get("checks", {})
    return all(checks.get(part) == "ok" for part in ("database", "cache", "broker"))


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    what: str
    # Checked once before measuring, so the bench never times an error page or an empty one.
    looks_right: Callable[[bytes, str], bool]


TARGETS = [
    Target(
        BASELINE,
        "/robots.txt",
        "minimal view through the whole middleware stack (baseline)",
        lambda body, content_type: body.startswith(b"User-agent: *"),
    ),
    Target(
        "home",
        "/",
        "template + office profile (cached) + region query",
        lambda body, content_type: b"Bawaslu Kabupaten Jember" in body,
    ),
    Target("healthz", "/healthz", "database + cache + broker checks", _healthz_parts_ok),
    Target(
        "static",
        "/static/css/portal.css",
        "WhiteNoise",
        lambda body, content_type: content_type.startswith("text/css") and len(body) > 0,
    ),
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="measured seconds per target (default 5)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 s per target and 300 messages, for a smoke test",
    )
    parser.add_argument(
        "--only", choices=["http", "outbox"], help="run one part only (default: both)"
    )
    parser.add_argument(
        "--messages",
        type=int,
        help="outbox part: messages per round for raw and batched (default 2000, --quick 300); "
        "per-message sends a quarter as many",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="outbox part: rounds in which the paths take turns (default 3, --quick 1)",
    )
    parser.add_argument(
        "--broker",
        choices=["auto", "redis", "filesystem"],
        default="auto",
        help="outbox part: the workers' broker; auto is a bench-owned redis-server when the "
        "binary exists, else the filesystem broker",
    )
    parser.add_argument(
        "--clients", type=int, default=8, help="concurrent connections (default 8, at most 64)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = 1.0
    if not 0 < args.seconds <= 120:
        parser.error("--seconds must be more than 0 and at most 120")
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    if args.messages is not None and not 100 <= args.messages <= 100_000:
        parser.error("--messages must be between 100 and 100000")
    return args


def check_target(port: int, target: Target) -> str | None:
    """What is wrong with one response from the target, or None."""
    connection = HTTPConnection(HOST, port, timeout=load.REQUEST_TIMEOUT)
    try:
        connection.request("GET", target.path)
        response = connection.getresponse()
        body = response.read()
    except (OSError, HTTPException) as exc:
        return "%s: %s" % (type(exc).__name__, exc)
    finally:
        connection.close()
    if response.status != 200:
        return "HTTP %d" % response.status
    if not target.looks_right(body, response.getheader("Content-Type", "")):
        return "unexpected body: %r" % body[:200]
    return None


def ratios(results: dict[str, load.Tally]) -> dict[str, float]:
    """Cost per request of each target relative to the baseline (>1: costlier)."""
    base = results[BASELINE].rps
    return {
        "%s/%s" % (name, BASELINE): base / result.rps if result.rps else float("inf")
        for name, result in results.items()
        if name != BASELINE
    }


def report(results: dict[str, load.Tally], run_ratios: dict[str, float]) -> None:
    print()
    print(
        "%-8s %-24s %9s %8s %8s %7s %10s"
        % ("target", "path", "req/s", "p50 ms", "p95 ms", "errors", "bench CPU")
    )
    for name, result in results.items():
        print(
            "%-8s %-24s %9.0f %8.1f %8.1f %7d %9.0f%%"
            % (
                name,
                result.path,
                result.rps,
                result.percentile_ms(0.50),
                result.percentile_ms(0.95),
                result.errors,
                result.client_cpu_share * 100,
            )
        )
    print()
    print("Ratios: cost per request against %s (its req/s over the target's)" % BASELINE)
    for label, value in run_ratios.items():
        print("  %-18s %5.2f" % (label.replace("/", " / "), value))


def write_json(payload: dict) -> Path:
    folder = BASE_DIR / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def measure(port: int, args: argparse.Namespace) -> dict[str, load.Tally]:
    for target in TARGETS:
        problem = check_target(port, target)
        if problem:
            raise TargetBroken("%s (%s) answered wrongly: %s" % (target.name, target.path, problem))
        # Warm-up fills each worker's caches (office profile, templates, WhiteNoise's file
        # list) and opens its database connection; none of that is what we measure.
        load.run(port, target.path, warmup_seconds(args), args.clients)
        print("  %-8s %s — %s" % (target.name, target.path, target.what), flush=True)
    # Targets take turns in slices of about a second: whatever else the machine does meanwhile
    # then weighs on every target alike instead of on whichever ran at the time, and the
    # ratios stay comparable.
    rounds = max(1, round(args.seconds))
    results = {target.name: load.Tally(target.path) for target in TARGETS}
    for _ in range(rounds):
        for target in TARGETS:
            results[target.name].add(
                load.run(port, target.path, args.seconds / rounds, args.clients)
            )
    return results


def warmup_seconds(args: argparse.Namespace) -> float:
    return max(0.5, args.seconds / 5)


def _stop_on_sigterm(signum, frame) -> None:
    # Like Ctrl-C, so that the finally blocks stop gunicorn.
    raise KeyboardInterrupt


def http_payload(
    results: dict[str, load.Tally], run_ratios: dict[str, float], port: int, args
) -> dict:
    return {
        "versions": {
            name: importlib.metadata.version(name) for name in ("django", "gunicorn", "whitenoise")
        },
        "server": {
            "command": "python %s" % " ".join(gunicorn_command(port)[1:]),
            "mode": mode_description(),
        },
        "load": {
            "clients": args.clients,
            "seconds_per_target": args.seconds,
            "warmup_seconds": warmup_seconds(args),
            "rounds": max(1, round(args.seconds)),
        },
        "targets": {
            name: {
                "path": result.path,
                "requests": result.requests,
                "seconds": round(result.seconds, 3),
                "rps": round(result.rps, 1),
                "p50_ms": round(result.percentile_ms(0.50), 2),
                "p95_ms": round(result.percentile_ms(0.95), 2),
                "errors": result.errors,
                "first_error": result.first_error,
                "bench_cpu_share": round(result.client_cpu_share, 3),
            }
            for name, result in results.items()
        },
        "ratios": {label: round(value, 3) for label, value in run_ratios.items()},
        "ok": not any(result.errors for result in results.values()),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    parts = [args.only] if args.only else ["http", "outbox"]
    refusal = database_refusal()
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    if "http" in parts and importlib.util.find_spec("gunicorn") is None:
        print(
            "bench: gunicorn is not installed in %s; run `pip install -e .`." % sys.prefix,
            file=sys.stderr,
        )
        return 2
    if "outbox" in parts and importlib.util.find_spec("aiosmtpd") is None:
        print(
            "bench: aiosmtpd is not installed in %s; run `pip install -e '.[dev]'`." % sys.prefix,
            file=sys.stderr,
        )
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    # Other work on the machine takes cores from both sides; the record should show it.
    load_before = os.getloadavg()[0]
    payload: dict = {
        "started_at": started_at,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg_1min_before": round(load_before, 2),
        },
    }
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        var_dir = Path(tmp) / "var"
        port = free_port()
        env = child_environment(var_dir, port)
        server = Gunicorn(env, port, Path(tmp) / "gunicorn.log")
        # The HTTP part's mode; the outbox part names its own broker when it starts.
        print("bench: %s; %s" % (mode_description(), var_dir), flush=True)
        if load_before > 0.5:
            print("bench: the machine is busy (load %.1f): ratios will be noisy" % load_before)
        try:
            manage(env, "migrate", "--noinput")
            manage(env, "seed_demo")
            if "http" in parts:
                server.start()
                print(
                    "bench: gunicorn -w %d -k sync on %s:%d; %d clients, %g s per target"
                    % (WORKERS, HOST, port, args.clients, args.seconds),
                    flush=True,
                )
                results = measure(port, args)
                # Stopped before the outbox part: its processes get the cores to themselves.
                server.stop()
                run_ratios = ratios(results)
                report(results, run_ratios)
                payload.update(http_payload(results, run_ratios, port, args))
                failures += [
                    "%s: %d errors, first: %s" % (name, result.errors, result.first_error)
                    for name, result in results.items()
                    if result.errors
                ]
            if "outbox" in parts:
                print(flush=True)
                try:
                    payload["outbox"] = outbox.run(
                        env, Path(tmp), args.broker, args.quick, args.messages, args.rounds
                    )
                    payload["outbox"]["ok"] = True
                except outbox.Lost as exc:
                    payload["outbox"] = {"ok": False, "error": str(exc)}
                    failures.append("outbox: %s" % exc)
        except SetupError as exc:
            print("bench: %s" % exc, file=sys.stderr)
            return 2
        except TargetBroken as exc:
            print("bench: FAILED %s" % exc, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("bench: interrupted", file=sys.stderr)
            return 130
        finally:
            server.stop()

    payload["ok"] = not failures
    print("\nbench: wrote %s" % write_json(payload).relative_to(BASE_DIR))
    for failure in failures:
        print("bench: FAILED %s" % failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
