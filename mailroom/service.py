"""Long-running processes: `mailroom poll`, `mailroom worker`, `mailroom serve`.

All stop cleanly on SIGTERM or SIGINT: the poller stops fetching (its checkpoint only
ever covers stored mail) and hands its lease on, the scheduler stops ticking, and
dramatiq workers finish the task in hand; anything not acknowledged is redelivered by
the broker or found again by the sweeper, because the database — not the queue — is
the truth.

Deployments: `serve` alone on one machine (in-process StubBroker and worker threads, or
the configured broker); or `poll` + `scheduler` + any number of `worker` processes
sharing Redis (or RabbitMQ) and PostgreSQL.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

import dramatiq

from mailroom.actors import ACTORS, declare_actors
from mailroom.broker import QueueUnavailable, make_broker, uses_external_broker
from mailroom.logs import log_event
from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.service")
WORKER_STOP_TIMEOUT_MS = 30_000


def install_stop_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: object) -> None:
        log_event(log, logging.INFO, "stop requested", signal=signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def connect_queue(ws: Workspace) -> dramatiq.Broker:
    """Build the configured broker and declare the actors on it (no worker)."""
    broker = make_broker(ws.settings)
    declare_actors(broker, ws)
    return broker


def _request_sweep() -> None:
    try:
        ACTORS.send("sweep_unprocessed")
    except QueueUnavailable as exc:  # the scheduler's sweep tick will do it later
        log_event(log, logging.WARNING, "could not request a sweep", error=str(exc))


def start_worker(ws: Workspace, threads: int) -> tuple[dramatiq.Broker, dramatiq.Worker]:
    broker = connect_queue(ws)
    _ = ws.classifier  # load the model once, before the first task
    _ = ws.project_rulesets  # a broken rule overlay stops start-up, not the first mail
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=250)
    worker.start()
    return broker, worker


def _stop_worker(broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
    worker.stop(timeout=WORKER_STOP_TIMEOUT_MS)
    broker.close()


def run_worker(ws: Workspace, *, threads: int = 2, stop: threading.Event | None = None) -> None:
    """Consume pipeline tasks until stopped; sweep once at start (a worker may have died)."""
    stop = stop or threading.Event()
    install_stop_signals(stop)
    broker, worker = start_worker(ws, threads)
    log_event(log, logging.INFO, "worker started", broker=type(broker).__name__, threads=threads)
    _request_sweep()
    stop.wait()
    _stop_worker(broker, worker)
    log_event(log, logging.INFO, "worker stopped")


def run_poll(ws: Workspace, *, once: bool = False, stop: threading.Event | None = None) -> None:
    """The poller alone: enqueue batches when a broker is configured, else file inline."""
    from mailroom.poller import run_poller

    stop = stop or threading.Event()
    install_stop_signals(stop)
    enqueue = uses_external_broker(ws.settings)
    if enqueue:
        connect_queue(ws)
    else:
        _ = ws.classifier  # fail on a missing model now, not at the first message
    run_poller(ws, once=once, stop=stop, enqueue=enqueue)


def run_scheduler_service(ws: Workspace, *, once: bool = False) -> None:
    """The scheduler alone: ticks go to the broker when one is configured."""
    from mailroom.scheduler import run_scheduler

    stop = threading.Event()
    install_stop_signals(stop)
    enqueue = uses_external_broker(ws.settings)
    if enqueue:
        connect_queue(ws)
    run_scheduler(ws, once=once, stop=stop, enqueue=enqueue)


class _Guarded:
    """Run a service thread; on an error, remember it and stop the whole service."""

    def __init__(self, name: str, target: Callable[[], None], stop: threading.Event) -> None:
        self.error: Exception | None = None
        self._target = target
        self._stop = stop
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self._target()
        except Exception as exc:
            log_event(log, logging.ERROR, "service thread failed",
                      thread=self.thread.name, error=str(exc))  # fmt: skip
            self.error = exc
            self._stop.set()


def run_serve(ws: Workspace, *, stop: threading.Event | None = None) -> None:
    """Poller + scheduler + in-process workers for a single machine."""
    from mailroom.poller import imap_configured, run_poller
    from mailroom.scheduler import run_scheduler

    stop = stop or threading.Event()
    install_stop_signals(stop)
    broker, worker = start_worker(ws, threads=2)
    parts = [_Guarded("scheduler", lambda: run_scheduler(ws, stop=stop, enqueue=True), stop)]
    if imap_configured(ws.settings):
        parts.append(_Guarded("poller", lambda: run_poller(ws, stop=stop, enqueue=True), stop))
    else:
        log_event(log, logging.WARNING, "no IMAP host configured: poller not started")
    log_event(log, logging.INFO, "serve started", broker=type(broker).__name__)
    stop.wait()
    for part in parts:
        part.thread.join(timeout=30)
    _stop_worker(broker, worker)
    log_event(log, logging.INFO, "serve stopped")
    errors = [part.error for part in parts if part.error is not None]
    if errors:
        raise errors[0]
