"""An mbox file, streamed line by line so a multi-gigabyte archive never sits in memory.

A message starts at a ``From `` line that opens the file or follows a blank line (the
mboxo/mboxrd convention; a ``From `` inside a paragraph is body text). The envelope
line itself is not part of the message, and the blank line the writer put before the
next envelope is dropped. ``>From `` quoting is left as it is: we keep the bytes we
were given rather than guess which mbox dialect wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest.errors import SourceUnavailable
from ingest.sources.base import PathSource
from ingest.types import RawEmail

ENVELOPE = b"From "


def is_mbox(head: bytes) -> bool:
    return head.startswith(ENVELOPE)


class MboxSource(PathSource):
    """See `Source`. Origins are ``mbox:<path>#<n>``, n counting from 1 in file order."""

    def count(self) -> int | None:
        return sum(1 for _ in self._messages(keep=False))

    def __iter__(self) -> Iterator[RawEmail]:
        for number, data in enumerate(self._messages(keep=True), start=1):
            yield RawEmail.from_bytes(data, f"mbox:{self.path}#{number}")

    def _messages(self, *, keep: bool) -> Iterator[bytes]:
        """Yield each message's bytes (or b"" when only counting)."""
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise SourceUnavailable(f"cannot read {self.path}: {exc.strerror}") from exc
        with handle:
            lines: list[bytes] | None = None
            previous_blank = True
            for line in handle:
                if previous_blank and line.startswith(ENVELOPE):
                    if lines is not None:
                        yield _finish(lines)
                    lines = []
                elif lines is not None and keep:
                    lines.append(line)
                previous_blank = line in (b"\n", b"\r\n")
            if lines is not None:
                yield _finish(lines)


def _finish(lines: list[bytes]) -> bytes:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)
