"""Outbound throughput to a local SMTP listener; target ≥ 200 messages/s with connection reuse.

    .venv/bin/python -m benchmarks.outbound_throughput [--messages 2000] [--batch 500]

Enqueues rendered confirmations into a fresh SQLite outbox, starts an aiosmtpd listener
on a free loopback port, and drains the outbox through `SmtpSender` (one connection per
batch). The timed part is the drain: claim, SMTP, and one mark transaction per message.
Prints one JSON object; exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from outbound import outbox
from outbound.sending import drain_outbox
from outbound.settings import SmtpSettings
from outbound.smtp import SmtpSender
from outbound.types import DocumentFiledContext, Fact, OutgoingEmail, ProjectRef
from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade

TARGET_PER_SECOND = 200.0


class _Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


def _mail(i: int) -> OutgoingEmail:
    ctx = DocumentFiledContext(
        project=ProjectRef(f"bench-{i % 50}", "Benchmark project"),
        document_title=f"Quote v{i}",
        label="quote",
        milestone="quote_accepted",
        facts=(Fact("Total", "USD 48,500"), Fact("Valid to", "valid to 31 Mar 2025")),
    )
    return OutgoingEmail(
        template="document_filed",
        context=ctx,
        mail_from="mailroom@mailroom.example",
        recipients=(f"user{i % 20}@cro.example",),
        in_reply_to=f"<m{i}@cro.example>",
    )


def run(messages: int, batch: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with factory.begin() as s:
            for i in range(messages):
                outbox.enqueue(s, _mail(i))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        handler = _Counter()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        sender = SmtpSender(SmtpSettings(host="127.0.0.1", port=port, timeout=10))
        try:
            start = time.perf_counter()
            sent = 0
            while sent < messages:
                report = drain_outbox(factory, sender, batch)
                if report.claimed == 0:
                    break
                sent += report.sent
            elapsed = time.perf_counter() - start
        finally:
            controller.stop()
            engine.dispose()
    rate = sent / elapsed if elapsed else 0.0
    return {
        "benchmark": "outbound_throughput",
        "date": date.today().isoformat(),
        "messages": messages,
        "sent": sent,
        "received": handler.received,
        "connections": sender.connections_opened,
        "seconds": round(elapsed, 3),
        "per_second": round(rate, 1),
        "target_per_second": TARGET_PER_SECOND,
        "ok": rate >= TARGET_PER_SECOND and handler.received == messages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    result = run(args.messages, args.batch)
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
