"""Draining the outbox to a real aiosmtpd listener: reuse, retry, give up, outage, crash."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.eml_writer import EmlFolderSender, eml_filename
from outbound.sending import drain_outbox
from outbound.settings import RetryPolicy, SmtpSettings
from outbound.smtp import SmtpSender
from outbound.types import Envelope
from tests.fixtures.smtp import SmtpListener
from tests.outbound.contexts import outgoing
from tracker.types import OutboxStatus

NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)  # past any backoff of the default policy's first attempts


def _enqueue(factory: sessionmaker[Session], n: int, **changes: object) -> list[int]:
    with factory.begin() as s:
        rows = [outbox.enqueue(s, outgoing(**changes), now=NOW) for _ in range(n)]
    return [r.id for r in rows if r is not None]


def _sender(server: SmtpListener) -> SmtpSender:
    return SmtpSender(SmtpSettings(host=server.host, port=server.port, timeout=5))


def _status(factory: sessionmaker[Session], row_id: int) -> tuple[OutboxStatus, str | None]:
    with factory() as s:
        row = outbox.get_row(s, row_id)
    return row.status, row.last_error


def test_drain_sends_a_batch_over_one_connection(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given five pending mails
    _enqueue(sqlite_sessions, 5)
    sender = _sender(smtp_server)
    # When the outbox is drained once
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    # Then all five arrive, over a single SMTP connection
    assert (report.claimed, report.sent) == (5, 5)
    assert len(smtp_server.messages) == 5
    assert smtp_server.connections == 1 and sender.connections_opened == 1


def test_what_arrives_is_what_was_stored(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given one threaded confirmation
    (row_id,) = _enqueue(sqlite_sessions, 1, in_reply_to="<m1@cro.example>")
    # When drained
    drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then the listener got our headers and the envelope from the row
    got = smtp_server.messages[0]
    with sqlite_sessions() as s:
        assert got.message["Message-ID"] == outbox.get_row(s, row_id).message_id
    assert got.message["Auto-Submitted"] == "auto-generated"
    assert got.message["In-Reply-To"] == "<m1@cro.example>"
    assert got.mail_from == "mailroom@mailroom.example"
    assert got.rcpt_tos == ("pm@cro.example",)


def test_temporary_4xx_is_retried_later_and_then_sent_once(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a pending mail and a relay that answers 451 once
    (row_id,) = _enqueue(sqlite_sessions, 1)
    smtp_server.reply_next("451 4.3.0 try again later")
    sender = _sender(smtp_server)
    # When drained now, and again after the backoff
    first = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    pending = _status(sqlite_sessions, row_id)
    second = drain_outbox(sqlite_sessions, sender, 10, now=LATER)
    # Then the first pass leaves it pending with the reason, the second sends it once
    assert first.retrying == 1 and pending == (OutboxStatus.PENDING, "451 4.3.0 try again later")
    assert second.sent == 1 and _status(sqlite_sessions, row_id)[0] == OutboxStatus.SENT
    assert len(smtp_server.messages) == 1


def test_permanent_5xx_gives_up_and_records_why(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a relay that rejects the message with 554
    (row_id,) = _enqueue(sqlite_sessions, 1)
    smtp_server.reply_next("554 5.7.1 message refused")
    sender = _sender(smtp_server)
    # When drained, and drained again much later
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    drain_outbox(sqlite_sessions, sender, 10, now=NOW + timedelta(days=2))
    # Then it failed once, with the relay's reason, and was never sent
    assert report.failed == 1
    assert _status(sqlite_sessions, row_id) == (OutboxStatus.FAILED, "554 5.7.1 message refused")
    assert smtp_server.messages == []


def test_all_recipients_refused_permanently_fails_the_row(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a mail to an address the relay does not know
    smtp_server.refuse_recipient("ghost@cro.example", "550 5.1.1 no such user")
    (row_id,) = _enqueue(sqlite_sessions, 1, recipients=("ghost@cro.example",))
    # When drained
    drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then the row failed and says which recipient and why
    status, error = _status(sqlite_sessions, row_id)
    assert status == OutboxStatus.FAILED and "ghost@cro.example 550" in (error or "")


def test_one_refused_recipient_still_sends_to_the_others(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a mail to one good and one refused address
    smtp_server.refuse_recipient("ghost@cro.example", "550 5.1.1 no such user")
    (row_id,) = _enqueue(sqlite_sessions, 1, recipients=("pm@cro.example", "ghost@cro.example"))
    # When drained
    drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then it is sent to the good one and the refusal is recorded
    status, error = _status(sqlite_sessions, row_id)
    assert status == OutboxStatus.SENT and "ghost@cro.example" in (error or "")
    assert smtp_server.messages[0].rcpt_tos == ("pm@cro.example",)


def test_outage_leaves_rows_pending_then_drains_each_exactly_once(
    session_factory: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given ten pending mails and the relay down
    ids = _enqueue(session_factory, 10)
    smtp_server.stop()
    sender = _sender(smtp_server)
    # When the outbox is drained during the outage
    during = drain_outbox(session_factory, sender, 100, now=NOW)
    # Then nothing is lost or failed: every row waits, with the reason
    assert during.retrying == 10 and smtp_server.messages == []
    assert all(_status(session_factory, i)[0] == OutboxStatus.PENDING for i in ids)
    # And when the relay is back and the outbox drains (twice, to be sure)
    smtp_server.start()
    after = drain_outbox(session_factory, sender, 100, now=LATER)
    again = drain_outbox(session_factory, sender, 100, now=LATER + timedelta(hours=2))
    # Then each mail arrived exactly once
    assert after.sent == 10 and again.claimed == 0
    assert sorted(Counter(smtp_server.message_ids).values()) == [1] * 10


def test_crash_after_accept_resends_same_bytes_and_message_id(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a row that was claimed and accepted by the relay, but never marked (a crash)
    retry = RetryPolicy(lease_seconds=300)
    (row_id,) = _enqueue(sqlite_sessions, 1)
    with sqlite_sessions.begin() as s:
        outbox.claim_due(s, 1, NOW, lease=timedelta(seconds=retry.lease_seconds))
        envelopes = outbox.load_envelopes(s, [row_id])
    asyncio.run(_send_all(_sender(smtp_server), envelopes))
    # When a worker drains after the lease has run out
    report = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW + timedelta(minutes=6))
    # Then the retry is byte-identical: same Message-ID, same bytes (clients can dedupe)
    assert report.sent == 1
    first, second = smtp_server.messages
    assert first.message["Message-ID"] == second.message["Message-ID"]
    assert first.raw == second.raw


async def _send_all(sender: SmtpSender, envelopes: list[Envelope]) -> None:
    async for _ in sender.send_batch(envelopes):
        pass


def test_eml_folder_sender_writes_one_file_per_message_id(
    sqlite_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    # Given two pending mails and the embedded folder sender
    ids = _enqueue(sqlite_sessions, 2)
    sender = EmlFolderSender(tmp_path / "outbox")
    # When drained, and one row is written again (as after a crash)
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    with sqlite_sessions() as s:
        envelopes = outbox.load_envelopes(s, ids)
    sender.write(envelopes[0])
    # Then there is exactly one complete .eml per Message-ID, holding the stored bytes
    files = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert report.sent == 2
    assert files == sorted(eml_filename(e.message_id) for e in envelopes)
    assert (tmp_path / "outbox" / eml_filename(envelopes[0].message_id)).read_bytes() == (
        envelopes[0].raw
    )


def test_eml_filename_cannot_escape_the_folder() -> None:
    # Given a hostile Message-ID
    # When turned into a file name
    name = eml_filename("<../../etc/passwd@evil>")
    # Then it has no path separators
    assert "/" not in name and not name.startswith(".")
