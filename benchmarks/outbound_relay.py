"""The benchmark relay: aiosmtpd's ``Sink`` that also advertises PIPELINING.

    python -m aiosmtpd -n -l 127.0.0.1:PORT -c benchmarks.outbound_relay.PipeliningSink

aiosmtpd reads commands line by line, so it serves pipelined clients correctly; it just
does not say so in its EHLO. Postfix, Exim, Sendmail, Gmail and SES all do, so this is
the relay shape the throughput target is about. The stock ``Sink`` (no PIPELINING) is
the fallback case.
"""

from __future__ import annotations

from typing import Any

from aiosmtpd.handlers import Sink


class PipeliningSink(Sink):
    """Discards every message; offers PIPELINING in EHLO."""

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses
