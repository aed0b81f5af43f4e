"""Draining the outbox to a real aiosmtpd listener: reuse, retry, give up, outage, crash.

Every test that talks SMTP runs twice: against a relay that offers PIPELINING (the
grouped path in `outbound.pipelining`) and one that does not (aiosmtplib, lockstep).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.eml_writer import EmlFolderSender, eml_filename
from outbound.sending import drain_outbox
from outbound.settings import RetryPolicy, SmtpSettings
from outbound.smtp import SmtpSender
from outbound.types import Envelope
from tests.fixtures.smtp import SmtpListener, StartListener
from tests.outbound.contexts import outgoing
from tracker.types import OutboxStatus

NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)  # past any backoff of the default policy's first attempts


@pytest.fixture(params=["pipelining", "lockstep"])
def smtp_server(request: pytest.FixtureRequest, smtp_listener: StartListener) -> SmtpListener:
    """The module's relay, in both shapes (overrides the shared pipelining-only fixture)."""
    return smtp_listener(pipelining=request.param == "pipelining")


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


def test_pipelining_is_used_exactly_when_the_relay_offers_it(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given three pending mails
    _enqueue(sqlite_sessions, 3)
    sender = _sender(smtp_server)
    # When drained
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    # Then they went over one connection, pipelined only if the relay said PIPELINING
    assert report.sent == 3 and len(smtp_server.messages) == 3
    assert sender.pipelined_connections == (1 if smtp_server.pipelining else 0)


def test_refused_mail_in_mid_batch_leaves_its_neighbours_sent(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given three mails on one connection, the middle one to an unknown address
    smtp_server.refuse_recipient("ghost@cro.example", "550 5.1.1 no such user")
    first = _enqueue(sqlite_sessions, 1)
    middle = _enqueue(sqlite_sessions, 1, recipients=("ghost@cro.example",))
    last = _enqueue(sqlite_sessions, 1)
    # When drained
    report = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then the middle one failed and the transaction it left open did not hurt the last
    assert (report.sent, report.failed) == (2, 1)
    assert [_status(sqlite_sessions, i)[0] for i in first + middle + last] == [
        OutboxStatus.SENT,
        OutboxStatus.FAILED,
        OutboxStatus.SENT,
    ]
    assert smtp_server.connections == 1


def test_sender_refused_with_5xx_fails_once_with_reason_and_is_never_retried(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a relay that refuses our MAIL FROM permanently
    smtp_server.refuse_sender("mailroom@mailroom.example", "553 5.7.1 sender not allowed")
    (row_id,) = _enqueue(sqlite_sessions, 1)
    sender = _sender(smtp_server)
    # When drained now and again days later
    first = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    later = drain_outbox(sqlite_sessions, sender, 10, now=NOW + timedelta(days=3))
    # Then the row failed on the first attempt with the relay's words, and stayed failed
    with sqlite_sessions() as s:
        row = outbox.get_row(s, row_id)
    assert first.failed == 1 and later.claimed == 0
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert row.last_error == "553 5.7.1 sender not allowed"
    assert smtp_server.messages == []


def test_content_refused_with_5xx_mid_batch_fails_only_that_row(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given two mails and a relay that rejects the first message's content
    ids = _enqueue(sqlite_sessions, 2)
    smtp_server.reply_next("554 5.6.0 content rejected")
    # When drained
    report = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then the first failed with the reason and the second arrived
    assert (report.failed, report.sent) == (1, 1)
    assert _status(sqlite_sessions, ids[0]) == (OutboxStatus.FAILED, "554 5.6.0 content rejected")
    assert _status(sqlite_sessions, ids[1])[0] == OutboxStatus.SENT


def test_sender_refused_with_4xx_is_retried(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given a relay that defers our MAIL FROM
    smtp_server.refuse_sender("mailroom@mailroom.example", "451 4.7.1 greylisted")
    (row_id,) = _enqueue(sqlite_sessions, 1)
    # When drained
    report = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW)
    # Then the row waits for another attempt, with the reason
    assert report.retrying == 1
    assert _status(sqlite_sessions, row_id) == (OutboxStatus.PENDING, "451 4.7.1 greylisted")


def test_marks_in_groups_record_every_outcome_of_the_batch(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given seven pending mails
    ids = _enqueue(sqlite_sessions, 7)
    # When drained with outcomes recorded three at a time
    report = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW, mark_every=3)
    # Then every row is marked sent, including the short last group
    assert report.sent == 7
    assert all(_status(sqlite_sessions, i) == (OutboxStatus.SENT, None) for i in ids)


class _CrashAfter:
    """A `Sender` that dies (like a killed worker) after `n` outcomes of a real sender."""

    def __init__(self, inner: SmtpSender, n: int) -> None:
        self.inner, self.n = inner, n

    async def send_batch(self, envelopes: list[Envelope]):  # type: ignore[no-untyped-def]
        async for count, outcome in _enumerate(self.inner.send_batch(envelopes)):
            if count == self.n:
                raise RuntimeError("worker killed")
            yield outcome


async def _enumerate(items):  # type: ignore[no-untyped-def]
    count = 0
    async for item in items:
        yield count, item
        count += 1


def test_crash_mid_batch_keeps_recorded_groups_and_resends_the_rest_unchanged(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given five mails and a worker that dies after the relay answered three of them
    ids = _enqueue(sqlite_sessions, 5)
    crashing = _CrashAfter(_sender(smtp_server), 3)
    with pytest.raises(RuntimeError):
        drain_outbox(sqlite_sessions, crashing, 10, now=NOW, mark_every=2)
    # When another worker drains after the lease ran out
    retry = drain_outbox(sqlite_sessions, _sender(smtp_server), 10, now=NOW + timedelta(minutes=6))
    # Then the recorded group was not sent again, and every re-sent mail is byte-identical
    assert [_status(sqlite_sessions, i)[0] for i in ids] == [OutboxStatus.SENT] * 5
    assert retry.claimed == 3  # the unrecorded third answer and the two never answered
    with sqlite_sessions() as s:
        recorded = [outbox.get_row(s, i).message_id for i in ids[:2]]
    assert [Counter(smtp_server.message_ids)[m] for m in recorded] == [1, 1]
    by_id: dict[str, set[bytes]] = {}
    for mail in smtp_server.messages:
        by_id.setdefault(str(mail.message["Message-ID"]), set()).add(mail.raw)
    assert len(by_id) == 5 and all(len(raws) == 1 for raws in by_id.values())


def test_connection_dropped_mid_batch_reconnects_and_each_mail_arrives_once(
    sqlite_sessions: sessionmaker[Session], smtp_server: SmtpListener
) -> None:
    # Given four pending mails and a relay that cuts the connection during the second
    ids = _enqueue(sqlite_sessions, 4)
    sender = _sender(smtp_server)
    first_ok = drain_outbox(sqlite_sessions, sender, 1, now=NOW)
    smtp_server.drop_at_next_data()
    # When the rest is drained, and drained again after the backoff
    during = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    after = drain_outbox(sqlite_sessions, sender, 10, now=LATER)
    # Then the mails in flight waited, a new connection took the rest, none arrived twice
    assert first_ok.sent == 1 and during.retrying >= 1 and during.sent >= 1
    assert during.sent + after.sent == 3
    assert [_status(sqlite_sessions, i)[0] for i in ids] == [OutboxStatus.SENT] * 4
    assert sorted(Counter(smtp_server.message_ids).values()) == [1] * 4
    assert sender.connections_opened >= 3  # first drain, the dropped one, the reconnect
