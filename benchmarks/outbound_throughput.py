"""Outbound throughput to a local SMTP listener; target ≥ 200 messages/s with connection reuse.

    .venv/bin/python -m benchmarks.outbound_throughput [--messages N] [--batch N]
        [--connections N] [--runs N] [--relay pipelining|plain]

Per run: enqueues rendered confirmations into a fresh SQLite outbox, starts an aiosmtpd
listener in its own process (as a real relay would be, so it does not share our GIL)
on a free loopback port, and drains the outbox through `SmtpSender` (one reused
connection per lane per batch). The relay is `benchmarks.outbound_relay.PipeliningSink`
(aiosmtpd's Sink advertising PIPELINING, like mainstream relays) or, with
``--relay plain``, the stock Sink (one command per round trip). The timed part is the
drain: claim, SMTP, and the grouped mark transactions. "cpu_ms_per_message" is this
process's CPU time over the drain, the figure that decides the rate on a loaded
machine. Prints one JSON object (every run, and the worst and median);
exits 1 when the worst run misses the target.
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


RELAYS = {
    "pipelining": "benchmarks.outbound_relay.PipeliningSink",
    "plain": "aiosmtpd.handlers.Sink",
}


def _start_listener(port: int, handler: str) -> subprocess.Popen[bytes]:
    """``python -m aiosmtpd`` with `handler`; returns once the port accepts."""
    listener = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            handler,
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


def run(messages: int, batch: int, connections: int, relay: str) -> dict[str, object]:
    """One run on a fresh outbox and a fresh listener process."""
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
        listener = _start_listener(port, RELAYS[relay])
        sender = SmtpSender(
            SmtpSettings(host="127.0.0.1", port=port, timeout=10, connections=connections)
        )
        try:
            start, cpu_start = time.perf_counter(), time.process_time()
            sent = 0
            while sent < messages:
                report = drain_outbox(factory, sender, batch)
                if report.claimed == 0:
                    break
                sent += report.sent
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        finally:
            listener.terminate()
            listener.wait(timeout=10)
            engine.dispose()
    return {
        "sent": sent,
        "seconds": round(elapsed, 3),
        "per_second": round(sent / elapsed if elapsed else 0.0, 1),
        "cpu_ms_per_message": round(1000 * cpu / max(sent, 1), 3),
        "connections_opened": sender.connections_opened,
        "pipelined_connections": sender.pipelined_connections,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--relay", choices=sorted(RELAYS), default="pipelining")
    args = parser.parse_args()
    runs = [run(args.messages, args.batch, args.connections, args.relay) for _ in range(args.runs)]
    rates = sorted(float(r["per_second"]) for r in runs)  # type: ignore[arg-type]
    ok = rates[0] >= TARGET_PER_SECOND and all(r["sent"] == args.messages for r in runs)
    result = {
        "benchmark": "outbound_throughput",
        "date": date.today().isoformat(),
        "relay": args.relay,
        "messages": args.messages,
        "batch": args.batch,
        "connections_per_batch": args.connections,
        "runs": runs,
        "worst_per_second": rates[0],
        "median_per_second": rates[len(rates) // 2],
        "target_per_second": TARGET_PER_SECOND,
        "ok": ok,
    }
    print(json.dumps(result))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
