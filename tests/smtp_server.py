"""A real SMTP server on localhost for the tests (aiosmtpd), recording what it receives.

It can refuse addresses for good (550), refuse messages for now (451) and be slow, so the
outbox's faults are tested against a real server and a real connection.
"""
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    to: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    def part(self, subtype: str) -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content().replace("\r\n", "\n")


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)   # addresses answered with 550
    busy: bool = False                               # answer every message with 451
    delay: float = 0.0                               # seconds per message
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy:
            return "451 4.3.0 Try again later"
        if self.delay:
            time.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(Received(tuple(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.to]

    def wait_for(self, address: str, count: int = 1, seconds: float = 15) -> list[Received]:
        """The messages to the address once `count` have come: a server sends after its response,
        in its own thread, so a test in another process or thread waits for them."""
        deadline = time.monotonic() + seconds
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.to(address)
