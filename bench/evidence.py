"""Complaint filings with a phone photo per second, against the server the bench measures.

One filing is what a citizen's browser does: GET the form (its CSRF cookie, one-time token and
signed stamp), POST the complaint (302 to the receipt), then POST one photo from the receipt
(``/pengaduan/bukti/``, 302 back to the receipt). The photo is generated once: 4000 x 3000
pixels (a 12 MP phone camera), about 3.5 MB of JPEG, with EXIF carrying GPS. A few client
threads (2-4) repeat filings for a bounded time; a filing counts when all three answers are
what a browser expects. The evidence POST also redirects when a file is refused (the reason is
a flash message), so at the end the stored Evidence rows must equal the counted filings, and
no stored photo may carry EXIF or the GPS marker: anything else is an error.

``run(mode=...)`` does the whole thing on its own in the bench's mode (its demo database, or
SQLite in a temporary var dir: migrate, seed_demo, gunicorn with 2 sync workers as
``bench.server`` starts it, the load, the checks, the stop) and returns a JSON-able dict;
``python -m bench`` calls it after the pages' servers have stopped. ``python -m bench.evidence
[--seconds 15] [--clients 3]`` runs it alone and prints the figures.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

from bench.load import REQUEST_TIMEOUT
from bench.server import (
    BASE_DIR,
    HOST,
    Gunicorn,
    Mode,
    SetupError,
    child_environment,
    database_ensure,
    database_refusal,
    free_port,
    manage,
    mode_detect,
    postgres_answers,
    redis_answers,
)

FORM = "/pengaduan/buat/"
RECEIPT = "/pengaduan/tanda-terima/"
EVIDENCE = "/pengaduan/bukti/"
PHOTO_SIZE = (4000, 3000)
# What the server needs to take filings this fast from one address: the form's minimum fill
# time (a bot guard) off, and the per-address and per-complaint limits out of the way. Nothing
# else differs from the HTTP bench's server.
SERVER_ENVIRONMENT = {
    "COMPLAINT_FORM_MIN_SECONDS": "0",
    "COMPLAINT_SUBMIT_LIMIT": "1000000",
    "COMPLAINT_ADDITIONS_LIMIT": "1000000",
    "COMPLAINT_ADDITIONS_CLIENT_LIMIT": "1000000",
}
GOAL_PER_SECOND = 10.0


def phone_photo() -> bytes:
    """A 4000 x 3000 JPEG of about 3.5 MB (quality 95) that looks like a photo to the encoder:
    smooth shapes and fine noise, and EXIF with a camera make and a GPS position."""
    from PIL import Image, ImageDraw

    width, height = PHOTO_SIZE
    rng = secrets.SystemRandom()
    image = Image.effect_noise((width // 8, height // 8), 60).convert("RGB")
    image = image.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + rng.randrange(20, 400), y + rng.randrange(20, 400)), fill=colour)
    image = Image.blend(image, Image.effect_noise(PHOTO_SIZE, 12).convert("RGB"), 0.15)
    exif = Image.Exif()
    exif[0x010F] = "KameraBench"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 24.0, 0.0), 3: "E", 4: (111.0, 30.0, 0.0)}  # GPS IFD
    output = BytesIO()
    image.save(output, "JPEG", quality=95, exif=exif)
    return output.getvalue()


# --- One browser -----------------------------------------------------------------------------


class FilingError(Exception):
    """An answer a browser would not expect; the filing counts as an error."""


class Browser:
    """Cookies and one request at a time; a new connection per request, as sync workers close
    it after every response."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, str]:
        """Status, Location header and body text of one request."""
        headers = {"Cookie": "; ".join("%s=%s" % item for item in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            raise FilingError("%s %s: %s: %s" % (method, path, type(exc).__name__, exc)) from None
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), text


def _hidden(page: str, name: str) -> str:
    match = re.search(r'name="%s" value="([^"]*)"' % name, page)
    if match is None:
        raise FilingError("the form has no %s" % name)
    return unescape(match.group(1))


def _first_option(page: str, select: str) -> str:
    """The selected option of a <select>, else its first option with a value."""
    match = re.search(r'<select name="%s".*?</select>' % select, page, re.DOTALL)
    if match is None:
        raise FilingError("the form has no %s list" % select)
    options = re.findall(r'<option value="([^"]+)"( selected)?', match.group(0))
    if not options:
        raise FilingError("the %s list is empty" % select)
    chosen = [value for value, selected in options if selected] or [options[0][0]]
    return unescape(chosen[0])


def _expect_redirect(answer: tuple[int, str, str], target: str, step: str) -> None:
    status, location, _ = answer
    if status != 302 or not location.endswith(target):
        raise FilingError("%s: HTTP %d to %r" % (step, status, location))


def _multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = "bench" + secrets.token_hex(12)
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary.encode(), name.encode(), value.encode())
        for name, value in fields.items()
    ]
    parts.append(
        b'--%s\r\nContent-Disposition: form-data; name="files"; filename="IMG_2026.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" % boundary.encode()
    )
    body = b"".join(parts) + photo + b"\r\n--%s--\r\n" % boundary.encode()
    return body, "multipart/form-data; boundary=" + boundary


def file_once(browser: Browser, photo: bytes, steps: dict[str, list[float]]) -> None:
    """One filing with one photo, as a fresh browser; raises FilingError on a wrong answer."""
    browser.cookies.clear()
    began = time.perf_counter()
    status, _, page = browser.request("GET", FORM)
    if status != 200:
        raise FilingError("form: HTTP %d" % status)
    today = date.today()
    fields = {
        "csrfmiddlewaretoken": _hidden(page, "csrfmiddlewaretoken"),
        "form_token": _hidden(page, "form_token"),
        "started": _hidden(page, "started"),
        "election": _first_option(page, "election"),
        "reporter_name": "Pelapor Bench",
        "reporter_phone": "0812-3456-7890",
        "reporter_address": "Jl. Mawar 1",
        "category": "money_politics",
        "title": "Pembagian amplop di balai desa",
        "description": "Sekitar pukul 19.00 ada pembagian amplop berisi uang.",
        "occurred_on": (today - timedelta(days=2)).isoformat(),
        "known_on": (today - timedelta(days=1)).isoformat(),
        "location": _first_option(page, "location"),
        "consent": "on",
    }
    form_done = time.perf_counter()
    answer = browser.request(
        "POST", FORM, urlencode(fields).encode(), "application/x-www-form-urlencoded"
    )
    _expect_redirect(answer, RECEIPT, "filing")
    filed = time.perf_counter()
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "back": "filed"}, photo
    )
    _expect_redirect(browser.request("POST", EVIDENCE, body, content_type), RECEIPT, "evidence")
    done = time.perf_counter()
    steps["form"].append(form_done - began)
    steps["filing"].append(filed - form_done)
    steps["evidence"].append(done - filed)


# --- The load --------------------------------------------------------------------------------


@dataclass
class FilingTally:
    seconds: float = 0.0
    filings: int = 0
    errors: int = 0
    first_error: str = ""
    steps: dict[str, list[float]] = field(
        default_factory=lambda: {"form": [], "filing": [], "evidence": []}
    )

    def percentile_ms(self, step: str, share: float) -> float:
        ordered = sorted(self.steps[step])
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000


def _drive(port: int, photo: bytes, deadline: float, tally: FilingTally, lock) -> None:
    browser = Browser(port)
    while time.perf_counter() < deadline:
        steps = {"form": [], "filing": [], "evidence": []}
        try:
            file_once(browser, photo, steps)
        except FilingError as error:
            with lock:
                tally.errors += 1
                tally.first_error = tally.first_error or str(error)
            continue
        with lock:
            tally.filings += 1
            for step, values in steps.items():
                tally.steps[step] += values


def measure(port: int, *, seconds: float, clients: int, photo: bytes) -> FilingTally:
    """``clients`` browsers filing with ``photo`` for ``seconds`` against the server at ``port``
    (started with ``SERVER_ENVIRONMENT``)."""
    tally, lock = FilingTally(), threading.Lock()
    started = time.perf_counter()
    threads = [
        threading.Thread(
            target=_drive, args=(port, photo, started + seconds, tally, lock), daemon=True
        )
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The filings that finished after the deadline are in the count, so is their time.
    tally.seconds = time.perf_counter() - started
    return tally


# Run in the server's environment, for the rows above a given id (none for -1): how many were
# stored, and how many stored photos still carry EXIF (its APP1 header) or the camera's make.
STORED_CHECK = """
from django.conf import settings
from complaints.models import Evidence
after = %d
rows = list(Evidence.objects.filter(pk__gt=after)) if after >= 0 else []
dirty = 0
for row in rows:
    with row.file.open("rb") as stored:
        data = stored.read()
    dirty += b"Exif\\x00\\x00" in data or b"KameraBench" in data
last = Evidence.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
print("EVIDENCE %%d %%d %%d %%d" %% (len(rows), dirty, last, settings.EVIDENCE_IMAGE_MAX_SIDE))
"""


def stored_evidence(env: dict[str, str], after_id: int = -1) -> tuple[int, int, int, int]:
    """(Evidence rows stored with an id above ``after_id``, of which with metadata, the
    highest id, the server's EVIDENCE_IMAGE_MAX_SIDE) in the server's database; -1: only the
    highest id (a bench database keeps rows whose files went with an earlier run's temporary
    directory)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", STORED_CHECK % after_id],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    match = re.search(r"^EVIDENCE (\d+) (\d+) (\d+) (\d+)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or match is None:
        raise SetupError("counting the stored evidence failed:\n%s" % result.stderr[-2000:])
    stored, dirty, last, side = (int(number) for number in match.groups())
    return stored, dirty, last, side


def server_cpu_seconds(pid: int) -> float:
    """User and system CPU of gunicorn's master and its live workers, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        children = Path("/proc/%d/task/%d/children" % (pid, pid)).read_text().split()
    except OSError:
        return 0.0
    total = 0
    for process in [pid, *map(int, children)]:
        try:
            fields = Path("/proc/%d/stat" % process).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run(*, mode: Mode, seconds: float = 15.0, clients: int = 3, warmup: float = 2.0) -> dict:
    """Set up, start gunicorn, warm up, measure, check what was stored, stop; the figures."""
    photo = phone_photo()
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as directory:
        var_dir = Path(directory)
        port = free_port()
        base_url = "http://%s:%d" % (HOST, port)
        environment = child_environment(
            var_dir, base_url, mode.database_url, mode.redis_url, page_cache=False
        )
        env = {**environment, **SERVER_ENVIRONMENT}
        if mode.database_url:
            database_ensure(mode.database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        _, _, last_before, max_side = stored_evidence(env)
        server = Gunicorn(env, port, var_dir / "gunicorn.log")
        try:
            server.start()
            warm = measure(port, seconds=warmup, clients=clients, photo=photo)
            cpu_before = server_cpu_seconds(server.process.pid)
            tally = measure(port, seconds=seconds, clients=clients, photo=photo)
            server_cpu = server_cpu_seconds(server.process.pid) - cpu_before
        finally:
            server.stop()
        stored, dirty, _, _ = stored_evidence(env, last_before)
    stored -= warm.filings
    # A counted filing whose photo was refused has no row; a row without a counted filing
    # is one whose answer was lost.
    unaccounted = abs(stored - tally.filings)
    errors = tally.errors + warm.errors + unaccounted + dirty
    cpu_per_filing = server_cpu / tally.filings if tally.filings else 0.0
    return {
        "ok": errors == 0,
        "mode": mode.describe(),
        "clients": clients,
        "seconds": round(tally.seconds, 2),
        "photo_bytes": len(photo),
        "photo_pixels": list(PHOTO_SIZE),
        "evidence_image_max_side": max_side,
        "filings": tally.filings,
        "filings_per_second": round(tally.filings / tally.seconds, 2) if tally.seconds else 0.0,
        "errors": errors,
        "first_error": tally.first_error
        or ("%d filings without a stored photo" % unaccounted if unaccounted else "")
        or ("%d stored photos with metadata" % dirty if dirty else ""),
        "stored_with_metadata": dirty,
        # What the server spent, whatever else ran on the machine: the rate 2 cores could
        # reach with no client and nothing else on them is 2 / this.
        "server_cpu_ms_per_filing": round(cpu_per_filing * 1000, 1),
        "cores": os.cpu_count(),
        "p50_ms": {step: round(tally.percentile_ms(step, 0.5), 1) for step in tally.steps},
        "p95_ms": {step: round(tally.percentile_ms(step, 0.95), 1) for step in tally.steps},
        "goal_per_second": GOAL_PER_SECOND,
    }


def report(result: dict) -> str:
    lines = [
        "Filings with a %d x %d photo (%.1f MB, GPS EXIF; stored at most %d px): %s; "
        "%d clients, %.1f s"
        % (
            *result["photo_pixels"],
            result["photo_bytes"] / 1e6,
            result["evidence_image_max_side"],
            result["mode"],
            result["clients"],
            result["seconds"],
        ),
        "  filings/s %.2f (goal >= %.0f)   filings %d   errors %d%s"
        % (
            result["filings_per_second"],
            result["goal_per_second"],
            result["filings"],
            result["errors"],
            "  (%s)" % result["first_error"] if result["first_error"] else "",
        ),
        "  server CPU per filing %.0f ms (all %d cores busy with filings alone: %.1f/s)"
        % (
            result["server_cpu_ms_per_filing"],
            result["cores"],
            result["cores"] * 1000 / result["server_cpu_ms_per_filing"]
            if result["server_cpu_ms_per_filing"]
            else 0.0,
        ),
    ]
    for step in ("form", "filing", "evidence"):
        lines.append(
            "  %-9s p50 %6.1f ms   p95 %6.1f ms"
            % (step, result["p50_ms"][step], result["p95_ms"][step])
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evidence", description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0, help="measured time (max 20)")
    parser.add_argument("--clients", type=int, default=3, choices=range(1, 5))
    args = parser.parse_args(argv)
    refusal = database_refusal()
    if refusal:
        sys.stderr.write("%s\n" % refusal)
        return 2
    try:
        mode = mode_detect(os.environ, postgres_answers, redis_answers)
        result = run(mode=mode, seconds=min(args.seconds, 20.0), clients=args.clients)
    except SetupError as error:
        sys.stderr.write("bench: %s\n" % error)
        return 2
    sys.stdout.write(report(result) + "\n" + json.dumps(result) + "\n")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
