"""The load generators' common result, and the fallback generator for a machine without wrk:
a few threads on loopback, each with one connection.

gunicorn's sync workers close the connection after every response, so http.client opens a new
one for the next request; that is what nginx in front of them does too. The client runs in this
process on the same cores as the server: cheap targets are held back by it, which is why its
numbers are only compared within one run, and why wrk is preferred.
"""

import http.client
import math
import threading
import time
from dataclasses import dataclass, field

from bench.server import HOST

# Longer than any request should take; a request that hits it is counted as an error.
REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Slice:
    """One load generator's run against one path: what ``wrk.run`` and ``run`` both give."""

    requests: int  # answered, whatever the status, plus failures
    seconds: float
    errors: int  # any status but 200 (wrk: but 2xx/3xx), no answer, a timeout
    p50_ms: float
    p99_ms: float
    first_error: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Tally:
    """What the clients saw while driving one path; tallies of the same path add up."""

    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def fail(self, reason: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or reason

    def add(self, other: "Tally") -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors
        self.first_error = self.first_error or other.first_error

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def percentile_ms(self, share: float) -> float:
        """Nearest-rank percentile of the successful requests' latencies."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    def as_slice(self) -> Slice:
        return Slice(
            requests=self.requests,
            seconds=self.seconds,
            errors=self.errors,
            p50_ms=self.percentile_ms(0.50),
            p99_ms=self.percentile_ms(0.99),
            first_error=self.first_error,
        )


def _drive(port: int, path: str, deadline: float, tally: Tally) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()  # the next request reconnects
                tally.fail("%s: %s" % (type(exc).__name__, exc))
                continue
            if response.status != 200:
                tally.fail("HTTP %d" % response.status)
                continue
            tally.latencies.append(time.perf_counter() - began)
    finally:
        connection.close()


def run(port: int, path: str, seconds: float, clients: int) -> Tally:
    """Keep ``clients`` requests to ``path`` in flight for ``seconds``."""
    tallies = [Tally(path) for _ in range(clients)]
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_drive, args=(port, path, deadline, tally), daemon=True)
        for tally in tallies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally(path)
    for tally in tallies:
        total.add(tally)
    # One wall clock for all clients; it includes the responses that arrived after the deadline.
    total.seconds = time.perf_counter() - started
    return total
