"""The embedded default sender: each message becomes one ``.eml`` file in a folder.

Same `Sender` Protocol as SMTP, so the outbox, retries and marking do not change. The
file name is derived from the Message-ID alone, and the file is written to a temporary
name and renamed into place, so sending the same row twice leaves one complete file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from outbound.types import Envelope, SendOutcome, SendStatus

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def eml_filename(message_id: str) -> str:
    """``<mr.abc@mailroom.example>`` → ``mr.abc_at_mailroom.example.eml``; no path tricks."""
    slug = message_id.strip().strip("<>").replace("@", "_at_")
    slug = _UNSAFE.sub("_", slug)
    slug = slug.strip("._") or "message"
    return f"{slug[:200]}.eml"


class EmlFolderSender:
    """Writes messages to `folder` as .eml files. See `Sender`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send_batch(self, envelopes: Sequence[Envelope]) -> AsyncIterator[SendOutcome]:
        for envelope in envelopes:
            try:
                self.write(envelope)
            except OSError as exc:
                yield SendOutcome(
                    envelope.outbox_id, envelope.message_id, SendStatus.TEMPORARY, str(exc)
                )
                continue
            yield SendOutcome(envelope.outbox_id, envelope.message_id, SendStatus.SENT)

    def write(self, envelope: Envelope) -> Path:
        """Write atomically; the same Message-ID always lands on the same path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / eml_filename(envelope.message_id)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(envelope.raw)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target
