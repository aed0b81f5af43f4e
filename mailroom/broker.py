"""Pick the dramatiq broker from settings; the one module that knows broker failures.

Redis or RabbitMQ at scale; a `StubBroker` for the embedded default, drained by an
in-process worker thread. Retries are bounded here (dramatiq's default of 20 is unsafe
for work that writes records); the pipeline itself is idempotent, so a redelivered
batch does nothing twice.

A broker that cannot be reached is `QueueUnavailable` for the caller (translated in
`send`): the raw bytes are already stored, so the caller records that a sweep is owed
and carries on; the sweeper finds the messages once the broker is back.

    QueueUnavailable   Redis / RabbitMQ refused or dropped the connection: retry later
"""

from __future__ import annotations

from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.errors import BrokerConnectionError
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications

from mailroom.settings import Settings

# A worker that dies holding tasks gives them back after this long (dramatiq's default is
# 60 s); the sweeper usually gets there first, and either way the work is idempotent.
HEARTBEAT_TIMEOUT_MS = 30_000


class QueueUnavailable(Exception):
    """The broker cannot take work right now; what was stored waits for the sweeper."""


def _middleware(max_retries: int) -> list[dramatiq.Middleware]:
    return [
        AgeLimit(),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(max_retries=max_retries, min_backoff=500, max_backoff=30_000),
    ]


def make_broker(settings: Settings) -> dramatiq.Broker:
    """Build and install the configured broker (`set_broker`), returning it."""
    kind = settings.get("queue", "broker")
    url = settings.get("queue", "url")
    namespace = settings.get("queue", "namespace")
    middleware = _middleware(int(settings.get("queue", "max_retries")))
    broker: dramatiq.Broker
    if kind == "redis":
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(
            url=url,
            namespace=namespace,
            middleware=middleware,
            heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
        )
    elif kind == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        # Publisher confirms: a task the broker did not take is `QueueUnavailable`
        # (a sweep is owed), never silently lost. One round trip per batch task.
        broker = RabbitmqBroker(url=url, middleware=middleware, confirm_delivery=True)
    else:
        broker = StubBroker(middleware=middleware)
    dramatiq.set_broker(broker)
    return broker


def uses_external_broker(settings: Settings) -> bool:
    """True when work goes over Redis or RabbitMQ (workers are other processes)."""
    return settings.get("queue", "broker") != "inprocess"


def _connection_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [BrokerConnectionError, ConnectionError, TimeoutError]
    try:
        import redis

        errors.append(redis.exceptions.ConnectionError)
        errors.append(redis.exceptions.TimeoutError)
    except ImportError:  # redis is only needed for the Redis broker
        pass
    return tuple(errors)


def send(actor: dramatiq.Actor[Any, Any], *args: Any) -> None:
    """Enqueue one task; a broker that cannot be reached raises `QueueUnavailable`."""
    try:
        actor.send(*args)
    except _connection_errors() as exc:
        raise QueueUnavailable(f"{type(exc).__name__}: {exc}") from exc
