"""Long-running processes: `mailroom worker` and `mailroom serve`.

Both stop cleanly on SIGTERM or SIGINT: the poller stops fetching (its checkpoint only
ever covers stored mail), the scheduler stops ticking, and dramatiq workers finish the
task in hand; anything not acknowledged is redelivered by the broker or found again by
the sweeper, because the database — not the queue — is the truth.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

import dramatiq

from mailroom.actors import declare_actors
from mailroom.broker import make_broker
from mailroom.logs import log_event
from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.service")


def install_stop_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: object) -> None:
        log_event(log, logging.INFO, "stop requested", signal=signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def start_worker(ws: Workspace, threads: int) -> tuple[dramatiq.Broker, dramatiq.Worker]:
    broker = make_broker(ws.settings)
    declare_actors(broker, ws)
    _ = ws.classifier  # load the model once, before the first task
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=250)
    worker.start()
    return broker, worker


def run_worker(ws: Workspace, *, threads: int = 2, stop: threading.Event | None = None) -> None:
    """Consume pipeline tasks until stopped."""
    stop = stop or threading.Event()
    install_stop_signals(stop)
    broker, worker = start_worker(ws, threads)
    log_event(log, logging.INFO, "worker started", broker=type(broker).__name__, threads=threads)
    from mailroom.actors import ACTORS

    ACTORS.get("sweep_unprocessed").send()
    stop.wait()
    worker.stop(timeout=30_000)
    broker.close()
    log_event(log, logging.INFO, "worker stopped")


def _thread(name: str, target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def run_serve(ws: Workspace, *, stop: threading.Event | None = None) -> None:
    """Poller + scheduler + in-process workers for a single machine."""
    from mailroom.poller import imap_configured, run_poller
    from mailroom.scheduler import run_scheduler

    stop = stop or threading.Event()
    install_stop_signals(stop)
    broker, worker = start_worker(ws, threads=2)
    threads = [_thread("scheduler", lambda: run_scheduler(ws, stop=stop, enqueue=True))]
    if imap_configured(ws.settings):
        threads.append(_thread("poller", lambda: run_poller(ws, stop=stop, enqueue=True)))
    else:
        log_event(log, logging.WARNING, "no IMAP host configured: poller not started")
    log_event(log, logging.INFO, "serve started", broker=type(broker).__name__)
    stop.wait()
    for thread in threads:
        thread.join(timeout=30)
    worker.stop(timeout=30_000)
    broker.close()
    log_event(log, logging.INFO, "serve stopped")
