"""Helpers for the live tests: a workspace driven through real `mailroom` processes.

No tests here. A `LiveHome` writes ``mailroom.toml`` for a Dovecot account (plaintext on
loopback), a database and optionally a Redis broker; spawns ``mailroom poll|worker|serve``
as child processes (logs under ``<home>/logs``), signals them, and reads the database
the way an operator would (ledger counts, filed messages, checkpoints, the lease).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.fixtures.dovecot import ImapAccount, make_message
from tests.fixtures.redis import RedisQueue

MAILROOM = str(Path(sys.executable).parent / "mailroom")
DEADLINE = 60.0  # generous: conditions are polled, never timed


@dataclass
class LiveHome:
    home: Path
    account: ImapAccount
    database_url: str
    queue: RedisQueue | None = None
    imap_batch_size: int = 100
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(exist_ok=True)
        queue = ""
        if self.queue is not None:
            queue = (f'[queue]\nbroker = "redis"\nurl = "{self.queue.url}"\n'
                     f'namespace = "{self.queue.namespace}"\nbatch_size = 100\n')  # fmt: skip
        (self.home / "mailroom.toml").write_text(
            f'[database]\nurl = "{self.database_url}"\n'
            f'[imap]\nhost = "{self.account.host}"\nport = {self.account.port}\n'
            f'username = "{self.account.username}"\npassword = "{self.account.password}"\n'
            f'security = "none"\nbatch_size = {self.imap_batch_size}\npoll_interval = 2\n' + queue
        )
        self.workspace().initialise()

    # -- the workspace, read in this process --------------------------------------------
    def workspace(self):  # -> mailroom.wiring.Workspace
        from mailroom.wiring import Workspace

        return Workspace(home=self.home)

    def ledger(self) -> dict[str, int]:
        """Raw messages per status, plus ``total``."""
        from tracker.operations import raw as raw_ledger

        with self.workspace().transaction() as session:
            counts = {str(k): v for k, v in raw_ledger.counts_by_status(session).items()}
        counts["total"] = sum(counts.values())
        return counts

    def filed(self) -> int:
        """Filed messages (these tests create no project: every message is unrouted)."""
        from tracker.operations.messages import message_count

        with self.workspace().transaction() as session:
            return message_count(session, None)

    def checkpoint(self, folder: str = "INBOX"):  # -> CheckpointState | None
        from tracker.operations import intake_state

        mailbox = f"{self.account.username}@{self.account.host}"
        with self.workspace().transaction() as session:
            return intake_state.get_checkpoint(session, mailbox, folder)

    def lease_holder(self) -> str | None:
        from mailroom.poller import lease_name
        from tracker.operations import intake_state

        ws = self.workspace()
        with ws.transaction() as session:
            return intake_state.lease_holder(session, lease_name(ws.settings))

    # -- processes ----------------------------------------------------------------------
    def run(self, *args: str, timeout: float = DEADLINE) -> subprocess.CompletedProcess[str]:
        return subprocess.run([MAILROOM, "--home", str(self.home), *args], env=self._env(),
                              capture_output=True, text=True, timeout=timeout)  # fmt: skip

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        log = self.home / "logs" / f"{args[0]}-{len(self.processes)}.log"
        with log.open("wb") as err:
            process = subprocess.Popen([MAILROOM, "--home", str(self.home), "-v", *args],
                                       env=self._env(), stdout=err, stderr=err)  # fmt: skip
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.home.glob("logs/*")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)

    @staticmethod
    def _env() -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k != "MAILROOM_HOME"}

    # -- mail ---------------------------------------------------------------------------
    def deliver(self, count: int, tag: str) -> list[int]:
        """APPEND ``count`` distinct messages; returns their UIDs."""
        return self.account.append_many(
            [make_message(f"{tag} {i}", f"Message {tag}-{i}.\n") for i in range(count)]
        )

    def wait_until(self, condition: Callable[[], bool], what: str,
                   timeout: float = DEADLINE) -> None:  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            for process in self.processes:
                if process.poll() not in (None, 0, -signal.SIGKILL, -signal.SIGTERM):
                    raise AssertionError(f"a process failed while waiting for {what}:\n"
                                         f"{self.logs()[-4000:]}")  # fmt: skip
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; ledger={self.ledger()}\n"
                             f"{self.logs()[-4000:]}")  # fmt: skip

    def wait_processed(self, count: int) -> None:
        self.wait_until(lambda: self.ledger()["processed"] >= count, f"{count} processed")


def holder_pid(holder: str | None) -> int | None:
    """The pid in a lease holder ``host:pid:tag``."""
    return int(holder.split(":")[1]) if holder else None
