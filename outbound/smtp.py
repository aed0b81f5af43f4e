"""The SMTP sender: the only importer of aiosmtplib.

One connection is opened per batch and reused for every message in it (a fresh TCP +
EHLO (+ STARTTLS + AUTH) per message would cap throughput far below what a relay
takes). ``SmtpSettings.connections`` > 1 splits a batch into that many lanes, each with
its own reused connection, sent concurrently (outcomes then arrive in completion order).
Each stored message is sent as its exact stored bytes, never re-serialised, so a retry
is byte-identical.

aiosmtplib opens the connection: TCP or implicit TLS, EHLO, STARTTLS, AUTH. Then, when
the server advertises PIPELINING (every mainstream relay does), the negotiated
transport is handed to `outbound.pipelining`, which writes each message's commands
and content in one group; otherwise each message goes through aiosmtplib's `sendmail`,
one command per round trip.

Error mapping (see `outbound.errors`):

- 5xx to MAIL FROM, to every RCPT TO, or to DATA → `PermanentFailure` for that message
  (except 530, a refusal of the session: see `outbound.errors.is_permanent`).
- 4xx anywhere, connection refused/reset/dropped, timeouts → `TemporaryFailure`.
- Connecting, TLS, EHLO or AUTH failing → `TemporaryFailure` for the whole rest of the
  batch (the relay, not the message, is at fault; fixing settings lets the queue drain).
- Some recipients refused and at least one accepted → sent, with the refusals recorded.

If the connection drops mid-batch, the messages in flight are temporary failures and
the sender reconnects for the rest; if that fails, the rest are temporary failures too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import aclosing
from typing import cast

import aiosmtplib

from outbound.errors import DeliveryError, PermanentFailure, TemporaryFailure, is_permanent
from outbound.pipelining import ConnectionLost, Extensions, ReplyReader, deliver
from outbound.settings import SmtpSettings, TlsMode
from outbound.types import Envelope, SendOutcome, SendStatus


class SmtpSender:
    """Sends envelopes through one reused connection per lane. See `Sender`."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.connections_opened = 0  # observable: connection reuse is a stated target
        self.pipelined_connections = 0  # of those, how many used PIPELINING

    async def send_batch(self, envelopes: Sequence[Envelope]) -> AsyncIterator[SendOutcome]:
        """See `Sender`. With ``connections`` > 1, lanes run concurrently, each reusing one."""
        lanes = [
            envelopes[i :: self.settings.connections] for i in range(self.settings.connections)
        ]
        lanes = [lane for lane in lanes if lane]
        if len(lanes) <= 1:
            async for outcome in self._send_lane(envelopes):
                yield outcome
            return
        queue: asyncio.Queue[SendOutcome | None] = asyncio.Queue()

        async def pump(lane: Sequence[Envelope]) -> None:
            try:
                async for outcome in self._send_lane(lane):
                    await queue.put(outcome)
            finally:
                await queue.put(None)

        tasks = [asyncio.create_task(pump(lane)) for lane in lanes]
        try:
            finished = 0
            while finished < len(tasks):
                item = await queue.get()
                if item is None:
                    finished += 1
                else:
                    yield item
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _send_lane(self, envelopes: Sequence[Envelope]) -> AsyncIterator[SendOutcome]:
        """Send in order over one connection, reconnecting after a drop; see module doc."""
        done = 0
        while done < len(envelopes):
            try:
                client = await self._connect()
            except TemporaryFailure as exc:
                for rest in envelopes[done:]:
                    yield _outcome(rest, SendStatus.TEMPORARY, exc.reason)
                return
            before = done
            async with aclosing(self._deliver(client, envelopes[done:])) as outcomes:
                async for outcome in outcomes:
                    done += 1
                    yield outcome
            if done == before:  # lost before any answer: do not spin on a flapping relay
                for rest in envelopes[done:]:
                    yield _outcome(rest, SendStatus.TEMPORARY, "connection lost")
                return

    async def _deliver(
        self, client: aiosmtplib.SMTP, envelopes: Sequence[Envelope]
    ) -> AsyncGenerator[SendOutcome, None]:
        """Pipelined when offered, else lockstep; ends early (after in-flight) on a drop."""
        if client.supports_extension("pipelining"):
            self.pipelined_connections += 1
            reader = _take_over(client)
            try:
                extensions = Extensions(
                    eight_bit_mime=client.supports_extension("8bitmime"),
                    smtputf8=client.supports_extension("smtputf8"),
                )
                async for outcome in deliver(reader, envelopes, extensions, self.settings.timeout):
                    yield outcome
            finally:
                await _quit_reader(reader, self.settings.timeout)
            return
        try:
            for envelope in envelopes:
                try:
                    detail = await self._send_one(client, envelope)
                except DeliveryError as exc:
                    yield _outcome(envelope, _status_of(exc), exc.reason)
                    if not client.is_connected:
                        return
                    continue
                yield _outcome(envelope, SendStatus.SENT, detail)
        finally:
            await _quit(client)

    async def send(self, envelope: Envelope) -> str | None:
        """Send one message on its own connection; raises Temporary/PermanentFailure."""
        client = await self._connect()
        try:
            return await self._send_one(client, envelope)
        finally:
            await _quit(client)

    async def _connect(self) -> aiosmtplib.SMTP:
        """Connect, secure, greet and log in; any failure is the relay's, so temporary."""
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            timeout=s.timeout,
            use_tls=s.tls == TlsMode.TLS,
            start_tls=s.tls == TlsMode.STARTTLS,
            validate_certs=s.validate_certs,
            cert_bundle=str(s.cert_bundle) if s.cert_bundle else None,
            username=s.username,
            password=s.password,
        )
        try:
            await client.connect()
            if client.is_ehlo_or_helo_needed:
                await client.ehlo()
        except (aiosmtplib.SMTPException, OSError) as exc:
            client.close()
            raise TemporaryFailure(
                f"cannot connect to {s.host}:{s.port}: {_describe(exc)}"
            ) from exc
        self.connections_opened += 1
        return client

    async def _send_one(self, client: aiosmtplib.SMTP, envelope: Envelope) -> str | None:
        try:
            refused, _reply = await client.sendmail(
                envelope.mail_from, list(envelope.recipients), envelope.raw
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise _classify_refusals(exc) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise _classify_code(exc.code, _describe(exc)) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(_describe(exc)) from exc
        if not refused:
            return None
        return "refused: " + "; ".join(
            f"{rcpt} {r.code} {r.message}" for rcpt, r in refused.items()
        )


def _take_over(client: aiosmtplib.SMTP) -> ReplyReader:
    """Move the negotiated (maybe TLS) transport from aiosmtplib to a `ReplyReader`.

    aiosmtplib has read every reply to what it wrote, so nothing is lost in between;
    the client object is not used again.
    """
    transport = cast(asyncio.Transport, client.transport)
    reader = ReplyReader(transport)
    transport.set_protocol(reader)
    return reader


def _classify_code(code: int, reason: str) -> DeliveryError:
    if is_permanent(code):
        return PermanentFailure(reason, code)
    return TemporaryFailure(reason, code)


def _classify_refusals(exc: aiosmtplib.SMTPRecipientsRefused) -> DeliveryError:
    """All recipients refused: permanent only if every refusal was permanent."""
    parts = [f"{r.recipient} {r.code} {r.message}" for r in exc.recipients]
    reason = "all recipients refused: " + "; ".join(parts)
    if exc.recipients and all(is_permanent(r.code) for r in exc.recipients):
        return PermanentFailure(reason, exc.recipients[0].code)
    return TemporaryFailure(reason)


def _status_of(exc: DeliveryError) -> SendStatus:
    return SendStatus.PERMANENT if isinstance(exc, PermanentFailure) else SendStatus.TEMPORARY


def _describe(exc: BaseException) -> str:
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{exc.code} {exc.message}".strip()
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _outcome(envelope: Envelope, status: SendStatus, detail: str | None) -> SendOutcome:
    return SendOutcome(envelope.outbox_id, envelope.message_id, status, detail)


async def _quit(client: aiosmtplib.SMTP) -> None:
    if not client.is_connected:
        return
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError):
        client.close()


async def _quit_reader(reader: ReplyReader, timeout: float) -> None:
    """QUIT politely if the connection is still up, then close it either way."""
    try:
        reader.write(b"QUIT\r\n")
        await reader.reply(min(timeout, 5.0))
    except ConnectionLost:
        pass
    finally:
        reader.transport.close()
