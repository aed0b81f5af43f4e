"""The pipelined SMTP path: content framing, reply parsing, and bytes on the wire."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from outbound.pipelining import ConnectionLost, Reply, ReplyReader, stuff
from outbound.settings import SmtpSettings
from outbound.smtp import SmtpSender
from outbound.types import Envelope, SendStatus
from tests.fixtures.smtp import SmtpListener, StartListener


def test_stuff_doubles_leading_dots_and_ends_the_content() -> None:
    # Given content with a line that starts with a dot, and one that is only a dot
    raw = b"Subject: x\r\n\r\n.hidden\r\n.\r\nend\r\n"
    # When framed for DATA
    wire = stuff(raw)
    # Then those dots are doubled and the content ends with CRLF "." CRLF
    assert wire == b"Subject: x\r\n\r\n..hidden\r\n..\r\nend\r\n.\r\n"


def test_stuff_turns_bare_line_ends_into_crlf() -> None:
    # Given content with bare LF and CR line ends and no final line end
    raw = b"a\nb\rc"
    # When framed
    # Then every line ends in CRLF, then the terminator
    assert stuff(raw) == b"a\r\nb\r\nc\r\n.\r\n"


def _reader() -> ReplyReader:
    return ReplyReader(cast(asyncio.Transport, None))  # parsing only: nothing is written


def test_reply_reader_splits_several_replies_from_one_read() -> None:
    # Given a multi-line reply and a second reply, arriving split mid-line
    reader = _reader()
    reader.data_received(b"250-first\r\n250 second\r\n35")
    reader.data_received(b"4 go ahead\r\n")

    # When both are read
    async def read_two() -> list[Reply]:
        return [await reader.reply(1.0), await reader.reply(1.0)]

    # Then they come out in order, the multi-line one joined
    assert asyncio.run(read_two()) == [Reply(250, "first\nsecond"), Reply(354, "go ahead")]


def test_reply_reader_reports_a_lost_connection_to_the_waiting_reader() -> None:
    # Given a reader whose connection closes before any reply
    reader = _reader()

    async def read_after_close() -> None:
        asyncio.get_running_loop().call_soon(reader.connection_lost, None)
        await reader.reply(5.0)

    # When a reply is awaited
    # Then it raises ConnectionLost instead of waiting out the timeout
    with pytest.raises(ConnectionLost):
        asyncio.run(read_after_close())


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "lockstep"])
def test_content_with_dot_lines_arrives_unchanged(
    smtp_listener: StartListener, pipelining: bool
) -> None:
    # Given stored bytes with dot-led lines, sent over one connection after another mail
    server: SmtpListener = smtp_listener(pipelining=pipelining)
    raw = b"Message-ID: <d@x>\r\nSubject: dots\r\n\r\n.one\r\n..two\r\n.\r\nlast\r\n"
    envelopes = [
        Envelope(i, f"<d{i}@x>", "mailroom@mailroom.example", ("pm@cro.example",), raw)
        for i in (1, 2)
    ]
    sender = SmtpSender(SmtpSettings(host=server.host, port=server.port, timeout=5))

    # When sent
    async def send() -> list[SendStatus]:
        return [o.status async for o in sender.send_batch(envelopes)]

    statuses = asyncio.run(send())
    # Then the relay holds exactly the stored bytes, twice
    assert statuses == [SendStatus.SENT, SendStatus.SENT]
    assert [m.raw for m in server.messages] == [raw, raw]
