"""SMTP transactions with PIPELINING (RFC 2920) on an already negotiated connection.

Why: without pipelining every message costs four writes and four round trips (MAIL,
RCPT, DATA, then the content), and on a loaded machine the socket writes themselves are
most of our CPU per message. A server that advertises PIPELINING lets us group them:

    write 1:  MAIL FROM · RCPT TO (each) · DATA          → read their replies
    write 2:  content of message 1 + "." · MAIL · RCPT · DATA of message 2
    write n:  content of message n-1 + "." · [RSET] · MAIL · RCPT · DATA of message n
    last:     content of message n + "."

The content may start a group (RFC 2920 §3.1); DATA ends one, and the content is only
written after its 354 arrived. So each message costs one write and one wake-up in
steady state, and replies are still matched one by one, in order, to their commands.
A transaction whose DATA was refused after a good MAIL is cleared with RSET at the head
of the next group. Outcomes are yielded in message order, each as soon as its final
reply is in (the content's reply, or the refusal that ended the transaction).

The connection is set up (TLS, EHLO, AUTH) by `outbound.smtp` with aiosmtplib, which
then hands the transport over to a `ReplyReader`: aiosmtplib reads one reply per
command written, so it cannot serve several outstanding commands.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from outbound.errors import is_permanent
from outbound.types import Envelope, SendOutcome, SendStatus

_LINE_ENDS = re.compile(rb"\r\n|\n|\r(?!\n)")
_LEADING_DOT = re.compile(rb"(?m)^\.")
_CONTROL = re.compile(r"[\x00-\x1f\x7f<>]")
_MAX_REPLY = 64 * 1024


class ConnectionLost(Exception):
    """The server closed the connection, sent garbage, or did not answer in time."""


@dataclass(frozen=True)
class Reply:
    code: int
    text: str

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()


class ReplyReader(asyncio.Protocol):
    """Parses server replies into a queue, so several commands may be outstanding."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self._buffer = bytearray()
        self._replies: deque[Reply] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._lost: str | None = None

    def data_received(self, data: bytes) -> None:
        self._buffer.extend(data)
        while (reply := self._take_reply()) is not None:
            self._replies.append(reply)
        if len(self._buffer) > _MAX_REPLY:
            self._lose("reply too long")
        self._wake()

    def eof_received(self) -> bool:
        self._lose("server closed the connection")
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._lose(f"connection lost: {exc}" if exc else "connection lost")

    async def reply(self, timeout: float) -> Reply:
        """The next reply in order; raises `ConnectionLost` on close or timeout."""
        if not self._replies and self._lost is None:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._waiter
            except TimeoutError:
                raise ConnectionLost(f"no reply within {timeout:g} s") from None
            finally:
                self._waiter = None
        if self._replies:
            return self._replies.popleft()
        raise ConnectionLost(self._lost or "connection lost")

    def write(self, data: bytes) -> None:
        if self._lost is not None or self.transport.is_closing():
            raise ConnectionLost(self._lost or "connection closed")
        self.transport.write(data)

    def _take_reply(self) -> Reply | None:
        """One complete (possibly multi-line "250-…") reply from the buffer, or None."""
        lines: list[bytes] = []
        offset = 0
        while (end := self._buffer.find(b"\n", offset)) != -1:
            line = bytes(self._buffer[offset : end + 1])
            offset = end + 1
            lines.append(line)
            if line[3:4] != b"-":
                del self._buffer[:offset]
                try:
                    code = int(line[:3])
                except ValueError:
                    code = 0  # malformed: report it as a temporary failure below
                text = "\n".join(x[4:].strip().decode("utf-8", "replace") for x in lines)
                return Reply(code, text or line.strip().decode("utf-8", "replace"))
        return None

    def _lose(self, reason: str) -> None:
        if self._lost is None:
            self._lost = reason
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


@dataclass(frozen=True)
class Extensions:
    """What the server's EHLO offered that changes the commands we write."""

    eight_bit_mime: bool = False
    smtputf8: bool = False


@dataclass
class _Open:
    """A transaction whose commands are written and whose replies are awaited."""

    envelope: Envelope
    content: bytes | None = None  # set once DATA got 354: written with the next group
    refused: str | None = None  # partial refusals, recorded on success
    settled: bool = False  # its outcome is already out (the content is only a "." to end)


async def deliver(
    reader: ReplyReader,
    envelopes: Sequence[Envelope],
    extensions: Extensions,
    timeout: float,
) -> AsyncIterator[SendOutcome]:
    """Send `envelopes` pipelined, yielding one outcome per envelope, in order.

    If the connection is lost, the messages in flight (at most two: one whose content
    was written, one whose commands were) get a temporary outcome and the generator
    ends; the caller reconnects for the rest.
    """
    pending: _Open | None = None  # DATA got 354: its content goes first in the next group
    rset = False
    for envelope in envelopes:
        commands = _commands(envelope, extensions)
        opened = _Open(envelope) if commands is not None else None
        group = [pending.content or b""] if pending else []
        group += [b"RSET\r\n"] if rset else []
        group += [commands] if commands is not None else []
        in_flight = [o for o in (pending, opened) if o is not None and not o.settled]
        try:
            if group:
                reader.write(b"".join(group))
            if pending is not None:
                reply = await reader.reply(timeout)
                if not pending.settled:
                    yield _content_outcome(pending, reply)
                    in_flight = [o for o in in_flight if o is not pending]
                pending = None
            if rset:
                await reader.reply(timeout)  # a refused RSET shows in the next MAIL reply
            if opened is None:
                yield _outcome(envelope, SendStatus.PERMANENT, "invalid envelope address")
                rset = False
                continue
            outcome, rset = await _read_transaction(reader, opened, timeout)
        except ConnectionLost as exc:
            for lost in in_flight:
                yield _outcome(lost.envelope, SendStatus.TEMPORARY, str(exc))
            return
        if outcome is not None:
            opened.settled = True
            yield outcome
        if opened.content is not None:
            pending = opened
    if pending is not None:
        try:
            reader.write(pending.content or b"")
            reply = await reader.reply(timeout)
        except ConnectionLost as exc:
            if not pending.settled:
                yield _outcome(pending.envelope, SendStatus.TEMPORARY, str(exc))
            return
        if not pending.settled:
            yield _content_outcome(pending, reply)


async def _read_transaction(
    reader: ReplyReader, opened: _Open, timeout: float
) -> tuple[SendOutcome | None, bool]:
    """Read the MAIL, RCPT… and DATA replies: (outcome unless DATA got 354, RSET needed)."""
    envelope = opened.envelope
    mail = await reader.reply(timeout)
    rcpts = [await reader.reply(timeout) for _ in envelope.recipients]
    data = await reader.reply(timeout)
    pairs = zip(envelope.recipients, rcpts, strict=True)
    refusals = [(rcpt, reply) for rcpt, reply in pairs if reply.code >= 300]
    opened.refused = _refusal_text(refusals) if refusals else None
    usable = mail.code < 300 and len(refusals) < len(envelope.recipients)
    if data.code == 354:
        # Content must follow a 354. With nobody to deliver to, end it empty and fail.
        opened.content = stuff(envelope.raw) if usable else b".\r\n"
        return (None if usable else _failure(envelope, mail, refusals, data)), False
    return _failure(envelope, mail, refusals, data), mail.code < 300


def _failure(
    envelope: Envelope, mail: Reply, refusals: list[tuple[str, Reply]], data: Reply
) -> SendOutcome:
    """The reply that ended the transaction decides: see `outbound.errors.is_permanent`."""
    if mail.code >= 300:
        return _coded(envelope, mail.code, str(mail))
    if len(refusals) == len(envelope.recipients):
        reason = "all recipients refused: " + _refusal_text(refusals)
        permanent = all(is_permanent(reply.code) for _rcpt, reply in refusals)
        status = SendStatus.PERMANENT if permanent else SendStatus.TEMPORARY
        return _outcome(envelope, status, reason)
    return _coded(envelope, data.code, str(data))


def _content_outcome(opened: _Open, reply: Reply) -> SendOutcome:
    if 200 <= reply.code < 300:
        return _outcome(opened.envelope, SendStatus.SENT, opened.refused)
    return _coded(opened.envelope, reply.code, str(reply))


def _coded(envelope: Envelope, code: int, reason: str) -> SendOutcome:
    status = SendStatus.PERMANENT if is_permanent(code) else SendStatus.TEMPORARY
    return _outcome(envelope, status, reason)


def _commands(envelope: Envelope, extensions: Extensions) -> bytes | None:
    """MAIL FROM, one RCPT TO per recipient, DATA; None for an address we cannot write."""
    addresses = (envelope.mail_from, *envelope.recipients)
    if any(_CONTROL.search(a) for a in addresses) or not envelope.recipients:
        return None
    options = ""
    if extensions.eight_bit_mime and not envelope.raw.isascii():
        options += " BODY=8BITMIME"
    if extensions.smtputf8 and not all(a.isascii() for a in addresses):
        options += " SMTPUTF8"
    lines = [f"MAIL FROM:<{envelope.mail_from}>{options}"]
    lines += [f"RCPT TO:<{rcpt}>" for rcpt in envelope.recipients]
    lines.append("DATA\r\n")
    return "\r\n".join(lines).encode("utf-8")


def stuff(raw: bytes) -> bytes:
    """The DATA content on the wire: CRLF line ends, leading dots doubled, "." to end."""
    crlf = raw.count(b"\r\n")
    # Stored bytes are already CRLF (policy SMTP), so the regexes rarely need to run.
    body = raw if raw.count(b"\n") == crlf == raw.count(b"\r") else _LINE_ENDS.sub(b"\r\n", raw)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    if body.startswith(b".") or b"\n." in body:
        body = _LEADING_DOT.sub(b"..", body)
    return body + b".\r\n"


def _refusal_text(refusals: list[tuple[str, Reply]]) -> str:
    return "; ".join(f"{rcpt} {reply}" for rcpt, reply in refusals)


def _outcome(envelope: Envelope, status: SendStatus, detail: str | None) -> SendOutcome:
    return SendOutcome(envelope.outbox_id, envelope.message_id, status, detail)
