"""Pick the dramatiq broker from settings and make it the broker, explicitly.

Redis or RabbitMQ at scale; a `StubBroker` for the embedded default, drained by an
in-process worker thread. Retries are bounded here (dramatiq's default of 20 is unsafe
for work that writes records); the pipeline itself is idempotent, so a redelivered
batch does nothing twice.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications

from mailroom.settings import Settings


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

        broker = RedisBroker(url=url, namespace=namespace, middleware=middleware)
    elif kind == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url, middleware=middleware)
    else:
        broker = StubBroker(middleware=middleware)
    dramatiq.set_broker(broker)
    return broker
