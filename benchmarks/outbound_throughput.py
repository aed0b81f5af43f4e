"""Outbound throughput to a local SMTP listener; target ≥ 200 messages/s with connection reuse.

    .venv/bin/python -m benchmarks.outbound_throughput [--messages N] [--batch N] [--connections N]

Enqueues rendered confirmations into a fresh SQLite outbox, starts an aiosmtpd listener
(its stock ``Sink`` handler, in its own process as a real relay would be, so it does not
share our GIL) on a free loopback port, and drains the outbox through `SmtpSender` (one
connection per batch). The timed part is the drain: claim, SMTP, and one mark
transaction per message. "received" counts the listener's 250 replies.
Prints one JSON object; exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from outbound import outbox
from outbound.sending import drain_outbox
from outbound.settings import SmtpSettings
from outbound.smtp import SmtpSender
from outbound.types import DocumentFiledContext, Fact, OutgoingEmail, ProjectRef
from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade

TARGET_PER_SECOND = 200.0


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


def _start_listener(port: int) -> subprocess.Popen[bytes]:
    """``python -m aiosmtpd`` with the Sink handler; returns once the port accepts."""
    listener = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return listener
        except OSError:
            time.sleep(0.05)
    listener.kill()
    raise RuntimeError("aiosmtpd listener did not start")


def run(messages: int, batch: int, connections: int) -> dict[str, object]:
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
        listener = _start_listener(port)
        sender = SmtpSender(
            SmtpSettings(host="127.0.0.1", port=port, timeout=10, connections=connections)
        )
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
            listener.terminate()
            listener.wait(timeout=10)
            engine.dispose()
    rate = sent / elapsed if elapsed else 0.0
    return {
        "benchmark": "outbound_throughput",
        "date": date.today().isoformat(),
        "messages": messages,
        "sent": sent,
        "received": sent,
        "connections_per_batch": connections,
        "connections_opened": sender.connections_opened,
        "seconds": round(elapsed, 3),
        "per_second": round(rate, 1),
        "target_per_second": TARGET_PER_SECOND,
        "ok": rate >= TARGET_PER_SECOND and sent == messages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    result = run(args.messages, args.batch, args.connections)
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
