"""IMAP fetch throughput from a local Dovecot, at batch sizes 50, 100 and 200.

    .venv/bin/python -m benchmarks.imap_fetch [--messages N] [--size BYTES] [--batch 50 100 200]

Starts a throwaway Dovecot on a free loopback port (the same configuration as the test
fixture in `tests.fixtures.dovecot`), APPENDs N generated messages of about ``--size``
bytes (default 2,000 × 50 kB), fetches everything once untimed so Dovecot's index and
the page cache are warm, then times `ImapSource.fetch_new` alone (SELECT, UID SEARCH,
RFC822.SIZE, BODY.PEEK[] in batches) for each batch size over a fresh connection.
Prints one line per batch size and a JSON object at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ingest.sources.imap import ImapSettings, ImapSource
from tests.fixtures.dovecot import DovecotServer, ImapAccount, dovecot_binary, make_message

APPEND_CHUNK = 200


def fill(account: ImapAccount, count: int, size: int) -> int:
    """APPEND ``count`` messages of about ``size`` bytes; returns the bytes sent."""
    sent = 0
    for start in range(0, count, APPEND_CHUNK):
        chunk = [
            make_message(f"benchmark message {i}", f"Body of message {i}.\n", size=size)
            for i in range(start, min(count, start + APPEND_CHUNK))
        ]
        account.append_many(chunk)
        sent += sum(len(m) for m in chunk)
    return sent


def time_fetch(account: ImapAccount, batch_size: int) -> tuple[int, int, float]:
    """(messages, bytes, seconds) for one full `fetch_new` over a fresh connection."""
    settings = ImapSettings(
        host=account.host,
        port=account.port,
        username=account.username,
        password=account.password,
        security="none",
        batch_size=batch_size,
    )
    with ImapSource(settings) as source:
        started = time.perf_counter()
        messages = total = 0
        for batch in source.fetch_new("INBOX", None):
            messages += len(batch.messages)
            total += sum(len(m.data) for m in batch.messages)
        return messages, total, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--batch", type=int, nargs="+", default=[50, 100, 200])
    args = parser.parse_args()
    binary = dovecot_binary()
    if binary is None:
        print("dovecot not found (install dovecot-imapd)", file=sys.stderr)
        return 1
    root = Path(tempfile.mkdtemp(prefix="mailroom-dovecot-bench-"))
    server = DovecotServer(root=root, binary=binary)
    try:
        server.start()
        account = server.add_user()
        started = time.perf_counter()
        sent = fill(account, args.messages, args.size)
        append_s = time.perf_counter() - started
        time_fetch(account, max(args.batch))  # warm-up, untimed
        results = []
        for batch_size in args.batch:
            count, size, seconds = time_fetch(account, batch_size)
            if count != args.messages:
                print(f"fetched {count} of {args.messages} messages", file=sys.stderr)
                return 1
            rate = count / seconds
            print(
                f"batch {batch_size:>4}: {count} messages, {size / 1e6:.1f} MB in {seconds:.2f} s"
                f" = {rate:,.0f} messages/s, {size / 1e6 / seconds:.0f} MB/s"
            )
            results.append(
                {"batch": batch_size, "seconds": round(seconds, 3), "messages_per_s": round(rate)}
            )
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    summary = {
        "messages": args.messages,
        "bytes_appended": sent,
        "append_s": round(append_s, 2),
        "fetch": results,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
