"""RabbitMQ "also works by configuration": the live path through dramatiq's RabbitmqBroker.

Uses the machine's RabbitMQ with a queue named after the test (``queue.namespace``),
deleted afterwards. Counts are exact; conditions are polled, never timed.
"""

from __future__ import annotations

import pytest

from tests.fixtures.dovecot import ImapAccount
from tests.fixtures.live import RabbitQueue, assert_exact

pytestmark = [pytest.mark.dovecot, pytest.mark.postgres]


def test_rabbitmq_workers_process_each_batch_exactly_once(
    live, imap_account: ImapAccount, postgres_url: str, rabbit_queue: RabbitQueue
) -> None:
    # Given a workspace configured for RabbitMQ and 30 messages fetched 10 per batch
    home = live(imap_account, postgres_url, queue=rabbit_queue, imap_batch_size=10)
    home.deliver(30, "rabbit")
    result = home.run("poll", "--once")
    assert result.returncode == 0, result.stderr
    # Then the poller stored them and left one task per batch in our queue
    assert home.ledger()["stored"] == 30
    assert rabbit_queue.ready() == 3
    # When two workers consume the queue (each also asks for a sweep of all stored mail)
    home.spawn("worker")
    home.spawn("worker")
    home.wait_processed(30)
    # Then every message is processed and filed exactly once, and no task is dead-lettered
    home.wait_until(lambda: rabbit_queue.ready() == 0, "the queue to drain")
    assert_exact(home, 30)
    assert rabbit_queue.ready(f"{rabbit_queue.namespace}.XQ") == 0
