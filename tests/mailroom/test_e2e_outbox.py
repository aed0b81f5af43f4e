"""The outbox against a real SMTP listener that goes away: nothing lost, nothing doubled.

Mail comes in through Dovecot and is filed by the poller; what Mailroom answers is
queued in the outbox and drained to an aiosmtpd listener on loopback. The listener is
stopped (connection refused) or made to answer 451 for a while; once it takes mail again
every queued message arrives, each exactly once, counted by Message-ID at the listener.
Retries wait out a backoff of minutes: `MailLoop.send_later` drains with a clock passed
in rather than sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.dovecot import ImapAccount
from tests.fixtures.smtp import SmtpListener
from tests.mailroom.conftest import APPROVER
from tests.mailroom.e2e_support import MailLoop, answer, change_order, open_loop, sqlite_only
from tracker.types import ChangeStatus, OutboxStatus

pytestmark = [pytest.mark.dovecot]


@pytest.fixture
def loop(
    db_url: str, tmp_path: Path, imap_account: ImapAccount, smtp_server: SmtpListener
) -> Iterator[MailLoop]:
    loop = open_loop(tmp_path / "home", db_url, imap_account, smtp_server)
    yield loop
    loop.close()


def _file_two_change_orders(loop: MailLoop) -> None:
    """Two change orders filed: two approval requests wait in the outbox."""
    loop.deliver(change_order(1))
    loop.deliver(change_order(2))
    loop.poll()


def test_mail_queued_while_the_relay_is_down_arrives_once_it_is_back(loop: MailLoop) -> None:
    # Given a relay that refuses connections, and two approval requests queued meanwhile
    loop.relay.stop()
    _file_two_change_orders(loop)
    sent_while_down = loop.send() + loop.send_later(hours=1)
    # When the relay is back and the outbox drains after the backoff
    loop.relay.start()
    sent = loop.send_later()
    # Then nothing went out during the outage, and every queued mail arrived exactly once
    assert sent_while_down == 0
    assert sent == 2
    assert set(loop.delivery_counts().values()) == {1}
    assert set(loop.delivery_counts()) == loop.outbox_message_ids()
    assert loop.outbox_statuses() == {OutboxStatus.SENT: 2}


@sqlite_only
def test_draining_again_after_recovery_sends_nothing_twice(loop: MailLoop) -> None:
    # Given mail that waited out an outage and has since arrived
    loop.relay.stop()
    _file_two_change_orders(loop)
    loop.send()
    loop.relay.start()
    loop.send_later()
    # When the outbox is drained again, now and later
    again = loop.send() + loop.send_later(hours=48)
    # Then nothing is sent a second time
    assert again == 0
    assert sorted(loop.delivery_counts().values()) == [1, 1]


@sqlite_only
def test_decision_queued_during_an_outage_arrives_once_and_the_request_is_not_resent(
    loop: MailLoop,
) -> None:
    # Given the approval request delivered, then the relay going down
    loop.exchange(change_order())
    (request,) = loop.requests_for(APPROVER)
    loop.relay.stop()
    # When the approver's reply is filed, the drain fails, and the relay returns
    loop.exchange(answer(request, APPROVER, "Approved - please go ahead.\n\nMichael"))
    loop.relay.start()
    loop.send_later()
    # Then the change is approved, its confirmation arrived once, the request was not resent
    assert loop.change_status() is ChangeStatus.APPROVED
    assert len(loop.decisions()) == 1
    assert loop.delivery_counts()[str(request["Message-ID"])] == 1
    assert set(loop.delivery_counts().values()) == {1}


def test_mail_refused_with_451_is_retried_and_arrives_once(loop: MailLoop) -> None:
    # Given two queued requests and a relay that answers the first DATA with 451
    _file_two_change_orders(loop)
    loop.relay.reply_next("451 4.3.0 try again later")
    # When the outbox drains now, and again after the backoff
    first = loop.send()
    second = loop.send_later()
    # Then the other mail went at once, the refused one on retry, each exactly once
    assert (first, second) == (1, 1)
    assert set(loop.delivery_counts().values()) == {1}
    assert set(loop.delivery_counts()) == loop.outbox_message_ids()
