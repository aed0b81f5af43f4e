"""In-process intake on more than one core: prepare the next batch while this one files.

Filing needs the database and runs in the process that holds the lease; parsing and
classifying need only the raw bytes and the model. With a spare core, a helper process
(started with ``spawn``: no inherited threads, connections or locks) parses and
classifies batch *k+1* while this process stores batch *k+2* and files batch *k*.
Messages travel by sha256; the prepared values come back pickled.

A batch goes to the helpers in parts. When this process comes to file a batch and some of
its parts have not started in a helper yet, it takes them back and prepares them itself
(work stealing): on two cores the helper's lane (parse + classify) is the longer one, and
this process would otherwise wait for it idle.

Nothing depends on the helper: a batch whose preparation fails (the helper died, a
value would not pickle) is prepared inline, and a broken pool is replaced for the next
batch. Filing, claims and retries are exactly `pipeline.process_until_settled`'s, so
the outcome of every message is the same as without the pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.logs import log_event
from mailroom.pipeline import Outcome, Prepared, pending_of, prepare, process_until_settled

if TYPE_CHECKING:
    from mailroom.settings import Settings
    from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.prepare_pool")

MAX_AUTO_PROCESSES = 2
# Messages per helper task. The executor hands a helper its next tasks ahead of time
# (they count as started and cannot be taken back), so small parts leave more to steal.
PART = 10
ORPHAN_CHECK_SECONDS = 1.0

_helper_ws: Workspace | None = None  # in a helper process: its own workspace


def prepare_processes(settings: Settings) -> int:
    """How many helper processes `queue.prepare_processes` asks for on this machine."""
    wanted = settings.get("queue", "prepare_processes")
    if wanted == "auto":
        return max(0, min(MAX_AUTO_PROCESSES, (os.cpu_count() or 1) - 1))
    return int(wanted)


def _exit_with_parent(parent: int) -> None:
    """A helper whose parent was killed (kill -9) would wait on its queue forever."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _start_helper(settings: Settings, parent: int) -> None:
    global _helper_ws
    from mailroom.wiring import Workspace

    # The parent's pid comes from the parent: it may have died while this one started.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()

    _helper_ws = Workspace.from_settings(settings)
    _helper_ws.classifier  # noqa: B018 - load the model before the first batch arrives


def _prepare_in_helper(pending: list[tuple[str, str]]) -> dict[str, Prepared]:
    assert _helper_ws is not None, "helper process not started"
    return dict(zip((sha for sha, _ in pending), prepare(_helper_ws, pending), strict=True))


class PreparePool:
    """Helper processes that prepare batches; replaced when one of them dies."""

    def __init__(self, settings: Settings, processes: int) -> None:
        self.settings = settings
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_helper,
                initargs=(self.settings, os.getpid()),
            )
        return self._executor

    @property
    def started(self) -> bool:
        return self._executor is not None

    def submit(self, pending: list[tuple[str, str]]) -> Future[dict[str, Prepared]]:
        return self._pool().submit(_prepare_in_helper, pending)

    def discard(self) -> None:
        """Drop a broken pool; the next batch starts a new one."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


Filed = Callable[[list[str], dict[str, Outcome]], None]


Part = tuple[list[tuple[str, str]], Future[dict[str, Prepared]]]  # (pending, its future)


@dataclass
class _Batch:
    keys: list[str]
    parts: list[Part]  # empty: prepared inline at filing
    on_filed: Filed | None


class PipelinedIntake:
    """Files batches in order, each prepared by the pool while earlier ones were filed.

    `submit` hands a batch of stored keys over and files the oldest batch once more than
    ``depth`` are in flight; `drain` files the rest. The helpers start with the first
    batch of at least ``start_at`` messages (a backlog): until then, and without a pool,
    every batch is processed inline at `submit` — a single new mail is filed at once
    and a small run never pays for starting a process and loading a model twice.
    """

    def __init__(
        self, ws: Workspace, pool: PreparePool | None, *, depth: int = 1, start_at: int = 1
    ) -> None:
        self.ws = ws
        self.pool = pool
        self.depth = depth
        self.start_at = start_at
        self.outcomes: dict[str, Outcome] = {}
        self._inflight: deque[_Batch] = deque()

    @classmethod
    def for_workspace(cls, ws: Workspace, *, start_at: int) -> PipelinedIntake:
        processes = prepare_processes(ws.settings)
        pool = PreparePool(ws.settings, processes) if processes else None
        return cls(ws, pool, start_at=start_at)

    def submit(self, shas: Sequence[str], on_filed: Filed | None = None) -> None:
        """Hand over a batch; ``on_filed(keys, outcomes)`` runs once it is filed."""
        keys = list(dict.fromkeys(shas))
        if not keys:
            return
        pooled = self.pool is not None and (self.pool.started or len(keys) >= self.start_at)
        self._inflight.append(_Batch(keys, self._start(keys) if pooled else [], on_filed))
        while len(self._inflight) > (self.depth if pooled else 0):
            self._file_oldest()

    def drain(self) -> dict[str, Outcome]:
        """File everything still in flight; return the outcomes of all batches so far."""
        while self._inflight:
            self._file_oldest()
        return self.outcomes

    def close(self) -> None:
        """Drain, then stop the helpers."""
        try:
            self.drain()
        finally:
            if self.pool is not None:
                self.pool.close()

    def _start(self, keys: list[str]) -> list[Part]:
        if self.pool is None:
            return []
        try:
            pending = pending_of(self.ws, keys)
            chunks = [pending[i : i + PART] for i in range(0, len(pending), PART)]
            return [(chunk, self.pool.submit(chunk)) for chunk in chunks]
        except Exception as exc:  # a broken pool: this batch is prepared inline
            self._pool_failed(exc)
            return []

    def _file_oldest(self) -> None:
        batch = self._inflight.popleft()
        prepared = self._collect(batch.parts)
        outcomes = process_until_settled(self.ws, batch.keys, prepared=prepared)
        self.outcomes.update(outcomes)
        if batch.on_filed is not None:
            batch.on_filed(batch.keys, outcomes)

    def _collect(self, parts: list[Part]) -> dict[str, Prepared] | None:
        """What the helpers prepared of a batch, and here what they had not started.

        Parts no helper has started are taken back (the last first, so the helper goes
        on in order) and prepared here while the helper finishes the others; a part that
        fails in the helper is left out, and `process` prepares it inline.
        """
        if not parts:
            return None
        prepared: dict[str, Prepared] = {}
        waiting = []
        for chunk, future in reversed(parts):
            if future.cancel():
                shas = [sha for sha, _ in chunk]
                prepared.update(zip(shas, prepare(self.ws, chunk), strict=True))
            else:
                waiting.append(future)
        for future in reversed(waiting):
            try:
                prepared.update(future.result())
            except Exception as exc:
                self._pool_failed(exc)
        return prepared

    def _pool_failed(self, exc: BaseException) -> None:
        log_event(log, logging.WARNING, "prepare helper failed; preparing inline",
                  error=f"{type(exc).__name__}: {exc}")  # fmt: skip
        if self.pool is not None:
            self.pool.discard()
