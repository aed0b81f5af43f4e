"""The dramatiq actors: one thin actor per pipeline step, declared in one literal table.

Actors take IDs (sha256 keys, outbox row ids), never ORM objects or parsed mail. Each
body calls one `mailroom` function and enqueues the next step. They are declared
explicitly against the broker `mailroom.broker.make_broker` installed, never against
dramatiq's implicit global one, and their retries are bounded.

Work travels in batches (a task per fetch batch of stored messages): a task on Redis
costs about 0.5 ms, a large slice of a per-message budget of a few milliseconds.
`process_batch` retries (with dramatiq's backoff) only while some of its messages are
still pending; the pipeline quarantines a message after ``queue.max_retries`` attempts,
which is below the actor's own retry bound, so dramatiq never drops live work.

Queue names: on Redis every key carries ``queue.namespace``, so the queue is simply
`QUEUE`. RabbitMQ has no namespace (short of a vhost), so there the queue itself is named
after ``queue.namespace`` (default ``mailroom``): deployments sharing one RabbitMQ keep
apart by namespace on either broker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq

from mailroom.broker import send
from mailroom.settings import Settings
from mailroom.wiring import Workspace

QUEUE = "mailroom"
_workspace: Workspace | None = None


class RetryLater(Exception):
    """Some messages of a batch failed but are not yet quarantined: let dramatiq back off."""


def queue_name(settings: Settings) -> str:
    """The queue this deployment's actors use (see the module docstring)."""
    if settings.get("queue", "broker") == "rabbitmq":
        return str(settings.get("queue", "namespace"))
    return QUEUE


def bind_workspace(ws: Workspace) -> None:
    """Tell this process's actors which workspace they serve (once, at worker start)."""
    global _workspace
    _workspace = ws


def _ws() -> Workspace:
    if _workspace is None:
        raise RuntimeError("actors used before bind_workspace()")
    return _workspace


def process_batch(shas: list[str]) -> None:
    """Parse, classify, file and decide a batch of stored messages."""
    from mailroom.pipeline import Outcome, process

    outcomes = process(_ws(), shas)
    if outcomes:
        ACTORS.send("send_outbox")
    if any(o is Outcome.PENDING for o in outcomes.values()):
        raise RetryLater(f"{sum(o is Outcome.PENDING for o in outcomes.values())} to retry")


def send_outbox() -> None:
    """Send what is due in the outbox (idempotent: rows are claimed)."""
    from mailroom.outgoing import drain

    drain(_ws())


def sweep_unprocessed(min_age_seconds: int = 0) -> None:
    """Re-enqueue stored-but-unprocessed messages (after a broker outage, a lost task)."""
    from datetime import timedelta

    from mailroom.sweeper import unprocessed_batches

    for batch in unprocessed_batches(_ws(), min_age=timedelta(seconds=min_age_seconds)):
        ACTORS.send("process_batch", batch)


def send_weekly_summaries() -> None:
    """Queue this week's summaries that are due and not yet sent."""
    from mailroom.summaries import queue_due_summaries

    queue_due_summaries(_ws())
    ACTORS.send("send_outbox")


@dataclass(frozen=True)
class ActorSpec:
    name: str
    fn: Callable[..., None]
    max_retries: int
    time_limit_ms: int


TABLE: tuple[ActorSpec, ...] = (
    ActorSpec("process_batch", process_batch, max_retries=5, time_limit_ms=600_000),
    ActorSpec("send_outbox", send_outbox, max_retries=3, time_limit_ms=300_000),
    ActorSpec("sweep_unprocessed", sweep_unprocessed, max_retries=1, time_limit_ms=120_000),
    ActorSpec("send_weekly_summaries", send_weekly_summaries, max_retries=3, time_limit_ms=600_000),
)


class ActorRegistry:
    """The declared actors of this process, by name."""

    def __init__(self) -> None:
        self._actors: dict[str, dramatiq.Actor[Any, Any]] = {}

    def declare(self, broker: dramatiq.Broker, queue: str = QUEUE) -> None:
        names = [spec.name for spec in TABLE]
        if len(set(names)) != len(names):
            raise RuntimeError("duplicate actor name in mailroom.actors.TABLE")
        self._actors = {
            spec.name: dramatiq.Actor(
                spec.fn,
                broker=broker,
                actor_name=spec.name,
                queue_name=queue,
                priority=0,
                options={"max_retries": spec.max_retries, "time_limit": spec.time_limit_ms},
            )
            for spec in TABLE
        }

    def get(self, name: str) -> dramatiq.Actor[Any, Any]:
        if name not in self._actors:
            raise RuntimeError(f"actor {name!r} is not declared (call declare_actors first)")
        return self._actors[name]

    def send(self, name: str, *args: Any) -> None:
        """Enqueue a task by actor name (`QueueUnavailable` when the broker is down)."""
        send(self.get(name), *args)


ACTORS = ActorRegistry()


def declare_actors(broker: dramatiq.Broker, ws: Workspace) -> ActorRegistry:
    """Declare every actor of `TABLE` on ``broker`` and bind them to ``ws``."""
    bind_workspace(ws)
    ACTORS.declare(broker, queue_name(ws.settings))
    return ACTORS
