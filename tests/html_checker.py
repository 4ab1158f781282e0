"""The Nu HTML checker (vnu.jar, the W3C validator's engine), pinned and installed from npm.

The jar needs Java; npm is only its registry (the ``vnu-jar`` package holds nothing but the
jar). It is installed once per version under the user's cache folder, shared by every checkout:
by ``make test`` (``python -m tests.html_checker``), by ``.ci/run`` through it, and by the test
itself when it is missing. Without Java (or without npm to fetch the jar) there is no checker,
and the test that needs it skips; ``REQUIRE_SERVICES=1`` makes that skip a failure.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

VNU_VERSION = "26.9.27"


def vnu_folder() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "portal-humas" / ("vnu-%s" % VNU_VERSION)


def vnu_jar() -> Path:
    return vnu_folder() / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_missing() -> str:
    """Why the checker cannot run here, or "" when it can (installing the jar if needed)."""
    if not shutil.which("java"):
        return "needs Java for the Nu HTML checker (apt-get install default-jre-headless)"
    if vnu_jar().exists():
        return ""
    if not shutil.which("npm"):
        return "needs npm to install vnu-jar@%s (apt-get install npm)" % VNU_VERSION
    subprocess.run(
        [
            "npm", "install", "--prefix", str(vnu_folder()), "--no-audit", "--no-fund",
            "--ignore-scripts", "--loglevel", "error", "vnu-jar@%s" % VNU_VERSION,
        ],
        check=True,
    )  # fmt: skip
    return ""


def vnu_errors(folder: Path) -> list[str]:
    """Check every .html file under ``folder`` in one JVM; each error as one readable line
    (file, line, column, message) followed by the source it points at."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stderr)
    except ValueError:
        # Not a report: the JVM itself failed (no memory, a broken jar). Say what it said.
        raise RuntimeError(
            "vnu.jar exited with %d:\n%s" % (result.returncode, result.stderr)
        ) from None
    errors = []
    for message in report["messages"]:
        where = Path(message.get("url", "?").removeprefix("file:")).name
        errors.append(
            "%s:%s:%s: %s\n      %s"
            % (
                where,
                message.get("lastLine", "?"),
                message.get("firstColumn", message.get("lastColumn", "?")),
                message.get("message", message),
                " ".join(message.get("extract", "").split()),
            )
        )
    return errors


if __name__ == "__main__":
    # `make test` and .ci/run: install the pinned jar where Java is there to run it.
    reason = vnu_missing()
    sys.stdout.write(
        ("Nu HTML checker: %s\n" % vnu_jar()) if not reason else ("skipped: %s\n" % reason)
    )
