"""Ticks: the sweeper, the outbox, overdue milestones and weekly summaries.

Every tick is idempotent, so running it late, twice, or from two schedulers changes
nothing: the sweeper only picks `stored` messages, the outbox claims rows, and a weekly
summary is keyed by (project, member, ISO week) in the outbox.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from mailroom.logs import log_event
from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.scheduler")


@dataclass(frozen=True)
class Tick:
    name: str
    every_seconds: int
    run_inline: Callable[[Workspace], object]
    actor: str | None  # the actor that does the same work on a broker
    actor_args: tuple[int, ...] = ()


# A routine sweep leaves alone what was stored in the last minute: its task is most
# likely still in the queue.
SWEEP_MIN_AGE = timedelta(seconds=60)


def _sweep(ws: Workspace) -> object:
    from mailroom.pipeline import process_until_settled
    from mailroom.sweeper import unprocessed_batches

    batches = unprocessed_batches(ws, min_age=SWEEP_MIN_AGE)
    return [process_until_settled(ws, batch) for batch in batches]


def _drain(ws: Workspace) -> object:
    from mailroom.outgoing import drain

    return drain(ws)


def _summaries(ws: Workspace) -> object:
    from mailroom.summaries import queue_due_summaries

    return queue_due_summaries(ws)


def _overdue(ws: Workspace) -> object:
    from mailroom.overdue import check_overdue

    return check_overdue(ws)


TICKS: tuple[Tick, ...] = (
    Tick("sweep", 60, _sweep, "sweep_unprocessed", (int(SWEEP_MIN_AGE.total_seconds()),)),
    Tick("outbox", 15, _drain, "send_outbox"),
    Tick("overdue", 3600, _overdue, None),
    Tick("weekly_summary", 900, _summaries, "send_weekly_summaries"),
)


def run_tick(ws: Workspace, tick: Tick, *, enqueue: bool) -> None:
    try:
        if enqueue and tick.actor:
            from mailroom.actors import ACTORS

            ACTORS.send(tick.actor, *tick.actor_args)
        else:
            tick.run_inline(ws)
    except Exception as exc:  # a failing tick is logged and retried next time
        log_event(log, logging.ERROR, "tick failed", tick=tick.name, error=repr(exc))


def run_scheduler(
    ws: Workspace,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    enqueue: bool = False,
) -> None:
    """Run due ticks until `stop` is set (or once)."""
    stop = stop or threading.Event()
    last: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for tick in TICKS:
            if now - last.get(tick.name, -1e9) >= tick.every_seconds:
                last[tick.name] = now
                run_tick(ws, tick, enqueue=enqueue)
        if once:
            return
        stop.wait(5)
