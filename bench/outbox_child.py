"""The Django side of the outbox bench, run by bench/outbox.py as `python -m bench.outbox_child`.

Each command runs in its own process with the bench's environment (temporary PORTAL_VAR_DIR,
the bench's broker, EMAIL_HOST pointing at the sink), so it sees the same database and broker as
the worker processes. It prints one line ``BENCH-RESULT {json}`` on stdout.

- ``raw``: render one real outbox message (subscription_confirm, text + HTML alternative),
  then send its bytes N times with plain ``smtplib.SMTP`` over one connection; with
  ``--build-each``, Django builds and serialises the message again for every send.
- ``enqueue --mode per-message``: ``notification_enqueue`` in transactions of
  NOTIFICATIONS_BATCH_SIZE rows; each row is published on commit as its own task.
- ``enqueue --mode batched``: the same rows, created first without publishing; then published
  as batches of NOTIFICATIONS_BATCH_SIZE ids with ``notifications_send.delay(ids)``, as the
  relay and bulk sends dispatch.
- ``status --run-id``: how many of this run's rows are in each status, and how many took more
  than one attempt.
"""

import argparse
import json
import smtplib
import sys
import time

import django

RESULT_PREFIX = "BENCH-RESULT "


def _emit(payload: dict) -> None:
    print(RESULT_PREFIX + json.dumps(payload), flush=True)


def _context(index: int) -> dict:
    from django.conf import settings

    return {
        "topics": ["Berita"],
        "confirm_url": "%s/langganan/konfirmasi/bench-%06d-0123456789abcdef/"
        % (settings.PORTAL_BASE_URL, index),
    }


def _recipient(index: int) -> str:
    return "warga%06d@example.test" % index


def raw(host: str, port: int, count: int, warmup: int, build_each: bool) -> None:
    from django.conf import settings

    from humas_portal.notifications.email import email_build, email_render, message_id_new
    from humas_portal.notifications.models import Message
    from humas_portal.notifications.registry import kind_get

    kind = kind_get("subscription_confirm")
    rendered = email_render(
        template=kind.template,
        context={**_context(0), "links": None},
        language=settings.LANGUAGE_CODE,
    )
    message = Message(
        kind=kind.name,
        recipient=_recipient(0),
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        links={},
        message_id=message_id_new(),
    )
    email = email_build(message=message)
    # What Django's SMTP backend hands to smtplib for this message.
    data = email.message().as_bytes(linesep="\r\n")
    sender, recipients = settings.DEFAULT_FROM_EMAIL, [message.recipient]

    def payload() -> bytes:
        # --build-each: what Django's SMTP backend does per message on top of plain smtplib
        # (build the MIME tree, serialise it), without the outbox's database and Celery work.
        return email.message().as_bytes(linesep="\r\n") if build_each else data

    client = smtplib.SMTP(host, port, timeout=15)
    try:
        for _ in range(warmup):
            client.sendmail(sender, recipients, payload())
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(count):
            client.sendmail(sender, recipients, payload())
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        client.quit()
    finally:
        client.close()
    _emit(
        {
            "count": count,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "message_bytes": len(data),
        }
    )


def enqueue(mode: str, count: int, first_index: int, run_id: str) -> None:
    from django.conf import settings
    from django.db import transaction

    from humas_portal.notifications import services
    from humas_portal.notifications.tasks import notifications_send

    batch = settings.NOTIFICATIONS_BATCH_SIZE
    publishes: list[float] = []
    created: list[int] = []
    real_dispatch = services._dispatch

    def dispatch_timed(message_ids: list[int]) -> None:
        publishes.append(time.time())
        real_dispatch(message_ids)

    def dispatch_held(message_ids: list[int]) -> None:
        created.extend(message_ids)

    # The on-commit callback looks _dispatch up when it runs, so this decides what commit does.
    services._dispatch = dispatch_timed if mode == "per-message" else dispatch_held
    enqueue_started = time.time()
    for start in range(first_index, first_index + count, batch):
        with transaction.atomic():
            for index in range(start, min(start + batch, first_index + count)):
                services.notification_enqueue(
                    kind="subscription_confirm",
                    recipient=_recipient(index),
                    context=_context(index),
                    idempotency_key=idempotency_key(run_id, index),
                )
    enqueue_finished = time.time()
    services._dispatch = real_dispatch

    if mode == "batched":
        # Rows exist; now publish them the way the relay and bulk sends do.
        for start in range(0, len(created), batch):
            publishes.append(time.time())
            notifications_send.delay(created[start : start + batch])
    _emit(
        {
            "mode": mode,
            "count": count,
            "tasks": len(publishes),
            "batch_size": batch,
            "enqueue_started": enqueue_started,
            "enqueue_finished": enqueue_finished,
            "first_publish": publishes[0] if publishes else None,
            "last_publish": time.time(),
        }
    )


def idempotency_key(run_id: str, index: int) -> str:
    return "%s%d" % (run_prefix(run_id), index)


def run_prefix(run_id: str) -> str:
    return "bench:%s:" % run_id


def status(run_id: str) -> None:
    from django.db.models import Count

    from humas_portal.notifications.models import Message

    # This run's rows only: seed_demo leaves unsent demo messages, earlier runs their rows.
    own = Message.objects.filter(idempotency_key__startswith=run_prefix(run_id))
    by_status = dict(
        own.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    _emit(
        {
            "by_status": by_status,
            "more_than_one_attempt": own.filter(attempts__gt=1).count(),
        }
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox_child")
    commands = parser.add_subparsers(dest="command", required=True)
    raw_parser = commands.add_parser("raw")
    raw_parser.add_argument("--host", required=True)
    raw_parser.add_argument("--port", type=int, required=True)
    raw_parser.add_argument("--count", type=int, required=True)
    raw_parser.add_argument("--warmup", type=int, default=0)
    raw_parser.add_argument("--build-each", action="store_true")
    enqueue_parser = commands.add_parser("enqueue")
    enqueue_parser.add_argument("--mode", choices=["per-message", "batched"], required=True)
    enqueue_parser.add_argument("--count", type=int, required=True)
    enqueue_parser.add_argument("--first-index", type=int, required=True)
    enqueue_parser.add_argument("--run-id", required=True)
    status_parser = commands.add_parser("status")
    status_parser.add_argument("--run-id", required=True)
    args = parser.parse_args(argv)

    django.setup()
    if args.command == "raw":
        raw(args.host, args.port, args.count, args.warmup, args.build_each)
    elif args.command == "enqueue":
        enqueue(args.mode, args.count, args.first_index, args.run_id)
    else:
        status(args.run_id)


if __name__ == "__main__":
    main(sys.argv[1:])
