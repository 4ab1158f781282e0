"""wrk as the load generator (the issue's `wrk -t2 -c32`), one short run per slice.

wrk is a C program: at 32 connections it takes far less of the shared cores than the Python
client, so cheap pages are not held back by the bench itself. It is a system tool (Debian
package ``wrk``), not a project dependency; without it the bench uses bench/load.py.

Rather than parse the human-readable ``--latency`` table (units vary: us, ms, s), a small Lua
``done`` hook prints the summary as one JSON line; it runs once at the end of a run and adds
nothing to the requests themselves.
"""

import json
import shutil
import subprocess
from pathlib import Path

from bench.load import Slice
from bench.server import HOST

RESULT_PREFIX = "BENCH-WRK "
# Longer than any request should take; wrk counts a request that hits it as a timeout error.
TIMEOUT_SECONDS = 10
THREADS = 2

DONE_SCRIPT = (
    """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %%d, "duration_us": %%d, "status_errors": %%d, "connect": %%d, '
    .. '"read": %%d, "write": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""
    % RESULT_PREFIX
)


def available() -> bool:
    return shutil.which("wrk") is not None


def version() -> str:
    # `wrk -v` prints its version and exits with status 1.
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).split("\n", 1)[0].strip()


def script_write(folder: Path) -> Path:
    path = folder / "bench-done.lua"
    path.write_text(DONE_SCRIPT)
    return path


def command(port: int, path: str, seconds: int, clients: int, script: Path) -> list[str]:
    return [
        "wrk",
        "-t%d" % min(THREADS, clients),
        "-c%d" % clients,
        "-d%ds" % seconds,
        "--timeout", "%ds" % TIMEOUT_SECONDS,
        "-s", str(script),
        "http://%s:%d%s" % (HOST, port, path),
    ]  # fmt: skip


def parse(output: str) -> Slice:
    """The Slice of one wrk run, from the line the done hook printed."""
    for line in reversed(output.splitlines()):
        if line.startswith(RESULT_PREFIX):
            data = json.loads(line[len(RESULT_PREFIX) :])
            break
    else:
        raise ValueError("wrk printed no %r line:\n%s" % (RESULT_PREFIX.strip(), output[-2000:]))
    socket_errors = {name: data[name] for name in ("connect", "read", "write", "timeout")}
    reasons = ["%d non-2xx/3xx" % data["status_errors"]] if data["status_errors"] else []
    reasons += ["%d %s" % (count, name) for name, count in socket_errors.items() if count]
    return Slice(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["status_errors"] + sum(socket_errors.values()),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        first_error=", ".join(reasons),
    )


def run(port: int, path: str, seconds: int, clients: int, script: Path) -> Slice:
    result = subprocess.run(
        command(port, path, seconds, clients, script),
        capture_output=True,
        text=True,
        timeout=seconds + TIMEOUT_SECONDS + 30,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError("wrk failed (exit %d): %s" % (result.returncode, result.stderr[-500:]))
    return parse(result.stdout)
