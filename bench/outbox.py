"""The notifications outbox against plain smtplib, both delivering to one loopback SMTP sink.

In one run, to the same counting aiosmtpd sink on 127.0.0.1:
- raw: plain ``smtplib.SMTP`` in a child process, one connection, the bytes of one real outbox
  message sent N times: the reference;
- raw-built (informational): the same, with Django building and serialising the message for
  every send, so that the gap between raw and the outbox can be split into e-mail building and
  the outbox's own work (database, Celery);
- outbox per-message: ``notification_enqueue`` in transactions of NOTIFICATIONS_BATCH_SIZE rows,
  each row published on commit as its own task;
- outbox batched: the rows created first, then published as batches of NOTIFICATIONS_BATCH_SIZE
  ids with ``notifications_send.delay(ids)`` (the relay's and bulk sends' way).
The paths take turns in rounds (3 by default, 1 with --quick); each round's outbox rates are
divided by that round's raw rate and the median round is quoted against the 40 % target.
The outbox paths run through 2 separate Celery worker processes (prefork, concurrency 1 each)
on the bench's own broker: a redis-server it starts on a free port when the binary exists (as in
production), otherwise the filesystem broker in the temporary var dir. A rate is messages over
the time from the first publish to the sink's N-th message. The sink must count exactly N per
path: fewer is lost mail, more is duplicates; either fails the run.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.server import BASE_DIR, HOST, SetupError, free_port, result_line

WORKER_PROCESSES = 2
WARMUP_MESSAGES = 20
TARGET_SHARE = 0.40
# No new message at the sink for this long while some are missing: they are lost.
STALL_SECONDS = 30.0


class Lost(Exception):
    """The sink counted fewer or more messages than were sent (exit status 1)."""


# --- CPU accounting (Linux /proc; None elsewhere) -------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_cpu(path: str) -> float | None:
    """utime + stime of one /proc/.../stat, in seconds."""
    try:
        with open(path) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def _children(pid: int) -> list[int]:
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def process_tree_cpu(pids: list[int]) -> float | None:
    """CPU seconds of these processes and their children (a worker and its pool child)."""
    total = 0.0
    for pid in pids:
        for member in [pid, *_children(pid)]:
            cpu = _stat_cpu("/proc/%d/stat" % member)
            if cpu is None:
                return None
            total += cpu
    return total


# --- The sink -------------------------------------------------------------------------------


class _CountingHandler:
    """Accepts every message and notes when it arrived; nothing else."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.arrivals.append(time.time())
        return "250 2.0.0 OK"


class Sink:
    def __init__(self) -> None:
        self.port = free_port()
        self.handler = _CountingHandler()
        self._controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # server_hostname: without it aiosmtpd calls socket.getfqdn() for every connection.
        self._controller = Controller(
            self.handler, hostname=HOST, port=self.port, server_hostname="bench-sink"
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def cpu_seconds(self) -> float | None:
        """CPU time of the sink's own thread (the aiosmtpd event loop)."""
        thread = getattr(self._controller, "_thread", None)
        if thread is None or thread.native_id is None:
            return None
        return _stat_cpu("/proc/self/task/%d/stat" % thread.native_id)

    @property
    def count(self) -> int:
        return len(self.handler.arrivals)

    def arrival(self, index: int) -> float:
        return self.handler.arrivals[index]


# --- Processes the bench owns ---------------------------------------------------------------


def _stop(process: subprocess.Popen | None, timeout: float = 15.0) -> None:
    """SIGTERM, then SIGKILL to the process's own group (it was started as its leader)."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class OwnRedis:
    """A redis-server for this run only, on a free loopback port, without persistence."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.version = ""

    @property
    def url(self) -> str:
        return "redis://%s:%d/0" % (HOST, self.port)

    def start(self, timeout: float = 10.0) -> None:
        binary = shutil.which("redis-server")
        self.version = (
            subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
            .stdout.split(" v=")[-1]
            .split()[0]
        )
        self.process = subprocess.Popen(
            [
                binary, "--bind", HOST, "--port", str(self.port), "--save", "",
                "--appendonly", "no", "--dir", str(self.folder),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError("redis-server exited (status %d)" % self.process.returncode)
            with socket.socket() as sock:
                if sock.connect_ex((HOST, self.port)) == 0:
                    return
            time.sleep(0.05)
        raise SetupError("redis-server did not listen on %s:%d" % (HOST, self.port))

    def stop(self) -> None:
        _stop(self.process)


def worker_command(number: int) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "humas_portal", "worker",
        "--loglevel", "INFO", "--concurrency", "1", "--pool", "prefork",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--hostname", "bench-worker-%d@%%h" % number,
    ]  # fmt: skip


class Workers:
    """WORKER_PROCESSES separate Celery workers, each stopped by its PID at the end."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, timeout: float = 60.0) -> None:
        for number in range(1, WORKER_PROCESSES + 1):
            log_path = self.folder / ("worker-%d.log" % number)
            with log_path.open("wb") as log:
                self.processes.append(
                    subprocess.Popen(
                        worker_command(number),
                        cwd=BASE_DIR,
                        env=self.env,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        # Its own group, so that SIGKILL can reach the pool child as well.
                        start_new_session=True,
                    )
                )
            self.logs.append(log_path)
        deadline = time.monotonic() + timeout
        waiting = set(range(WORKER_PROCESSES))
        while waiting and time.monotonic() < deadline:
            self.check_alive()
            waiting = {i for i in waiting if " ready." not in self.log_text(i)}
            time.sleep(0.1)
        if waiting:
            raise SetupError("worker did not get ready:\n%s" % _log_tail(self.logs[min(waiting)]))

    def log_text(self, index: int) -> str:
        return self.logs[index].read_text("utf-8", "replace")

    def check_alive(self) -> None:
        for process, log in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                raise SetupError(
                    "a worker exited (status %d):\n%s" % (process.returncode, _log_tail(log))
                )

    def cpu_seconds(self) -> float | None:
        return process_tree_cpu([process.pid for process in self.processes])

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            _stop(process)


# --- The Django side, in child processes ----------------------------------------------------


def _child_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.outbox_child", *args]


def _parse_result(stdout: str, what: str, log: Path) -> dict:
    return result_line(stdout, what, _log_tail(log))


def child_run(env: dict[str, str], folder: Path, name: str, *args: str) -> dict:
    log = folder / ("%s.log" % name)
    with log.open("wb") as stderr:
        result = subprocess.run(
            _child_command(*args),
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=900,
            check=False,
        )
    if result.returncode != 0:
        raise SetupError("bench.outbox_child %s failed (exit %d):\n%s" % (
            " ".join(args), result.returncode, _log_tail(log)))  # fmt: skip
    return _parse_result(result.stdout, name, log)


# --- Measuring ------------------------------------------------------------------------------


def _cpu_ms_per_message(before: float | None, after: float | None, count: int) -> float | None:
    if before is None or after is None:
        return None
    return round((after - before) * 1000 / count, 3)


@dataclass
class PathResult:
    """One path's measurement in one round."""

    count: int
    seconds: float
    sender_cpu_ms: float | None = None  # per message: the smtplib client, or both workers
    sink_cpu_ms: float | None = None  # per message: the sink's event-loop thread
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        return {
            "messages": self.count,
            "seconds": round(self.seconds, 3),
            "rate": round(self.rate, 1),
            "sender_cpu_ms_per_message": self.sender_cpu_ms,
            "sink_cpu_ms_per_message": self.sink_cpu_ms,
            **self.extra,
        }


def wait_for_sink(
    sink: Sink, expected: int, workers: Workers, producer: subprocess.Popen | None
) -> None:
    """Until the sink has counted ``expected``; Lost if it stalls short of that."""
    last_count, last_progress = sink.count, time.monotonic()
    while sink.count < expected:
        workers.check_alive()
        if sink.count != last_count:
            last_count, last_progress = sink.count, time.monotonic()
        producing = producer is not None and producer.poll() is None
        if not producing and time.monotonic() - last_progress > STALL_SECONDS:
            raise Lost(
                "the sink counted %d of %d messages and nothing arrived for %d s (lost mail)"
                % (sink.count, expected, STALL_SECONDS)
            )
        time.sleep(0.01)


def settle_and_check(sink: Sink, expected: int, seconds: float = 1.0) -> None:
    """Give stray duplicates a moment to arrive, then demand the exact count."""
    time.sleep(seconds)
    if sink.count != expected:
        raise Lost(
            "the sink counted %d messages where %d were sent (%s)"
            % (sink.count, expected, "duplicates" if sink.count > expected else "lost mail")
        )


def outbox_path(
    mode: str,
    count: int,
    first_index: int,
    run_id: str,
    env: dict[str, str],
    folder: Path,
    sink: Sink,
    workers: Workers,
) -> PathResult:
    base = sink.count
    log = folder / ("enqueue-%s-%d.log" % (mode, first_index))
    cpu_before = workers.cpu_seconds(), sink.cpu_seconds()
    with log.open("wb") as stderr:
        producer = subprocess.Popen(
            _child_command(
                "enqueue", "--mode", mode, "--count", str(count),
                "--first-index", str(first_index), "--run-id", run_id,
            ),
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,  # _stop() may have to SIGKILL its group
        )  # fmt: skip
        try:
            wait_for_sink(sink, base + count, workers, producer)
            cpu_after = workers.cpu_seconds(), sink.cpu_seconds()
            stdout, _ = producer.communicate(timeout=900)
        finally:
            _stop(producer)
    if producer.returncode != 0:
        raise SetupError("enqueue %s failed (exit %d):\n%s" % (
            mode, producer.returncode, _log_tail(log)))  # fmt: skip
    result = _parse_result(stdout, "enqueue %s" % mode, log)
    last_arrival = sink.arrival(base + count - 1)
    settle_and_check(sink, base + count)
    enqueue_seconds = result["enqueue_finished"] - result["enqueue_started"]
    return PathResult(
        count=count,
        seconds=last_arrival - result["first_publish"],
        # Both workers together (main process and pool child), over the whole phase.
        sender_cpu_ms=_cpu_ms_per_message(cpu_before[0], cpu_after[0], count),
        sink_cpu_ms=_cpu_ms_per_message(cpu_before[1], cpu_after[1], count),
        extra={
            "tasks": result["tasks"],
            "batch_size": result["batch_size"],
            "enqueue_seconds": round(enqueue_seconds, 3),
            "enqueue_rate": round(count / enqueue_seconds, 1) if enqueue_seconds else None,
        },
    )


def raw_path(
    env: dict[str, str], folder: Path, sink: Sink, count: int, build_each: bool = False
) -> PathResult:
    base = sink.count
    sink_before = sink.cpu_seconds()
    result = child_run(
        env, folder, "raw", "raw", "--host", HOST, "--port", str(sink.port),
        "--count", str(count), "--warmup", str(WARMUP_MESSAGES),
        *(["--build-each"] if build_each else []),
    )  # fmt: skip
    settle_and_check(sink, base + WARMUP_MESSAGES + count, seconds=0.2)
    return PathResult(
        count=count,
        seconds=result["seconds"],
        sender_cpu_ms=round(result["cpu_seconds"] * 1000 / count, 3),
        sink_cpu_ms=_cpu_ms_per_message(sink_before, sink.cpu_seconds(), WARMUP_MESSAGES + count),
        extra={"message_bytes": result["message_bytes"]},
    )


def rows_all_sent(env: dict[str, str], folder: Path, run_id: str, expected: int) -> dict:
    """Every row this run enqueued is 'sent', each in one attempt (polls briefly: the last
    settle transaction may still be running when the sink has counted the message). Only this
    run's rows count: seed_demo's unsent demo messages and earlier runs' rows are not ours."""
    deadline = time.monotonic() + 15
    while True:
        status = child_run(env, folder, "status", "status", "--run-id", run_id)
        if status["by_status"].get("sent", 0) == expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if status["by_status"] != {"sent": expected} or status["more_than_one_attempt"]:
        raise Lost("outbox rows are not all sent once: %s" % status)
    return status


def broker_choice(requested: str) -> str:
    if requested == "auto":
        return "redis" if shutil.which("redis-server") else "filesystem"
    if requested == "redis" and not shutil.which("redis-server"):
        raise SetupError("--broker redis needs the redis-server binary on PATH")
    return requested


# raw: the reference; raw-built: informational (where the outbox's time goes); then the outbox.
PATHS = {
    "raw": "raw smtplib, 1 connection",
    "raw-built": "  same, Django builds each message",
    "per-message": "outbox, one task per message",
    "batched": "outbox, batches of ids",
}
OUTBOX_PATHS = ("per-message", "batched")


def sizes(quick: bool, messages: int | None) -> dict[str, int]:
    batched = messages or (300 if quick else 2000)
    per_message = max(100, batched // 4)
    return {"raw": batched, "raw-built": batched, "per-message": per_message, "batched": batched}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run(
    env: dict[str, str],
    folder: Path,
    broker: str,
    quick: bool,
    messages: int | None,
    rounds: int,
) -> dict:
    """Measure everything; returns the JSON section. Raises SetupError or Lost."""
    n = sizes(quick, messages)
    broker = broker_choice(broker)
    sink = Sink()
    redis = OwnRedis(folder) if broker == "redis" else None
    outbox_env = dict(env)
    outbox_env.update(
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        # The bench's own broker only: a caller's Redis may have workers of another database
        # listening, which would take these tasks.
        REDIS_URL=redis.url if redis else "",
        PYTHONPATH=str(BASE_DIR),
    )
    workers = Workers(outbox_env, folder)
    run_id = "%x" % int(time.time() * 1000)
    results: dict[str, list[PathResult]] = {name: [] for name in PATHS}
    try:
        if redis:
            redis.start()
        sink.start()
        workers.start()
        broker_text = (
            "redis-server %s on %s:%d" % (redis.version, HOST, redis.port)
            if redis
            else "filesystem broker (temporary var dir)"
        )
        print(
            "bench: outbox: sink aiosmtpd on %s:%d; %d x `celery worker --concurrency 1 "
            "--pool prefork`; %s; rounds: %d" % (HOST, sink.port, WORKER_PROCESSES, broker_text,
                                                rounds),
            flush=True,
        )  # fmt: skip
        index = 0
        # Warm-up: each worker's pool child imports, connects to the database, loads templates.
        outbox_path(
            "per-message", WARMUP_MESSAGES, index, run_id, outbox_env, folder, sink, workers
        )
        index += WARMUP_MESSAGES
        # The paths take turns, round after round, so that a slower spell of the machine
        # (a virtual machine's neighbours, another engineer's tests) weighs on all of them.
        for number in range(1, rounds + 1):
            results["raw"].append(raw_path(outbox_env, folder, sink, n["raw"]))
            results["raw-built"].append(
                raw_path(outbox_env, folder, sink, n["raw-built"], build_each=True)
            )
            for mode in OUTBOX_PATHS:
                results[mode].append(
                    outbox_path(mode, n[mode], index, run_id, outbox_env, folder, sink, workers)
                )
                index += n[mode]
            print(
                "  round %d: %s"
                % (number, ", ".join("%s %.0f msg/s" % (name, results[name][-1].rate)
                                     for name in PATHS)),
                flush=True,
            )  # fmt: skip
        status = rows_all_sent(outbox_env, folder, run_id, index)
    finally:
        workers.stop()
        if redis:
            redis.stop()
        sink.stop()

    # Each round's outbox rates against that round's raw rate; the median round is quoted.
    ratios = {
        name: [result.rate / raw.rate for result, raw in zip(results[name], results["raw"],
                                                             strict=True)]
        for name in PATHS
        if name != "raw"
    }  # fmt: skip
    report(results, ratios)
    return {
        "sink": "aiosmtpd %s, counting handler, in the bench process" % _version("aiosmtpd"),
        "workers": "%d processes: %s" % (WORKER_PROCESSES, " ".join(worker_command(1)[1:])),
        "broker": "redis-server %s (bench-owned)" % redis.version if redis else "filesystem",
        "database": "PostgreSQL" if env.get("DATABASE_URL") else "SQLite (temporary file)",
        "rounds": rounds,
        "batch_size": results["batched"][0].extra["batch_size"],
        "paths": {
            name: {
                "label": PATHS[name].strip(),
                "rounds": [result.as_json() for result in path_results],
                "total_rate": round(_total_rate(path_results), 1),
            }
            for name, path_results in results.items()
        },
        "ratios_to_raw": {
            name: {"median": round(_median(values), 3), "rounds": [round(v, 3) for v in values]}
            for name, values in ratios.items()
        },
        "target_share": TARGET_SHARE,
        "rows": status,
    }


def _total_rate(path_results: list[PathResult]) -> float:
    seconds = sum(result.seconds for result in path_results)
    return sum(result.count for result in path_results) / seconds if seconds else 0.0


def _version(name: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(name)


def _ms(value: float | None) -> str:
    return "-" if value is None else "%.2f" % value


def report(results: dict[str, list[PathResult]], ratios: dict[str, list[float]]) -> None:
    batch_size = results["batched"][0].extra["batch_size"]
    print()
    print(
        "%-36s %9s %8s %8s %12s %10s"
        % ("path (all rounds)", "messages", "msg/s", "of raw", "sender CPU", "sink CPU")
    )
    for name, label in PATHS.items():
        path_results = results[name]
        count = sum(result.count for result in path_results)

        def mean_cpu(attribute: str, path_results=path_results, count=count) -> float | None:
            values = [getattr(result, attribute) for result in path_results]
            if any(value is None for value in values):
                return None
            return sum(v * r.count for v, r in zip(values, path_results, strict=True)) / count

        share = "" if name == "raw" else "%.0f%%" % (_median(ratios[name]) * 100)
        print(
            "%-36s %9d %8.0f %8s %9s ms %7s ms"
            % (label.replace("batches of", "batches of %d" % batch_size), count,
               _total_rate(path_results), share, _ms(mean_cpu("sender_cpu_ms")),
               _ms(mean_cpu("sink_cpu_ms")))
        )  # fmt: skip
    print("  msg/s: all rounds' messages over their seconds; of raw: the median round's ratio")
    print("  CPU per message: sender is the smtplib client, or both workers together")
    for mode in OUTBOX_PATHS:
        seconds = sum(result.extra["enqueue_seconds"] for result in results[mode])
        count = sum(result.count for result in results[mode])
        print(
            "  %s: %d tasks; creating the rows took %.0f rows/s"
            % (mode, sum(result.extra["tasks"] for result in results[mode]), count / seconds)
        )
    print()
    print("Ratios against raw, per round (target: outbox >= %.0f %% of raw)" % (TARGET_SHARE * 100))
    for name in OUTBOX_PATHS:
        median = _median(ratios[name])
        print(
            "  %-12s %s  median %4.1f %%  %s"
            % (name, "  ".join("%4.1f %%" % (value * 100) for value in ratios[name]),
               median * 100, "target met" if median >= TARGET_SHARE else "target MISSED")
        )  # fmt: skip
