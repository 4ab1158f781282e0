"""A controllable SMTP sink: a real aiosmtpd server on 127.0.0.1 for delivery tests."""

import asyncio
import threading
import time
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller

from tests.conftest import free_port


class _Handler:
    def __init__(self, sink: "SmtpSink") -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:
        sink = self.sink
        if sink.reply:
            return sink.reply
        if sink.delay:
            # A slow server: every message takes this long to be accepted.
            await asyncio.sleep(sink.delay)
        if sink.hold_next:
            # Keep the client waiting before accepting, until the test releases it.
            sink.holding.set()
            while not sink.released.is_set():
                await asyncio.sleep(0.05)
        sink.received.append(message_from_bytes(envelope.content))
        sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 OK"


class SmtpSink:
    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        # A reply such as "451 4.3.0 Coba lagi nanti" or "550 5.1.1 Tidak ada" instead of 250.
        self.reply: str | None = None
        self.hold_next = False
        self.delay = 0.0
        self.holding = threading.Event()
        self.released = threading.Event()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self.released.set()
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return self.received
            time.sleep(0.05)
        raise AssertionError("the sink received %d of %d messages" % (len(self.received), count))
