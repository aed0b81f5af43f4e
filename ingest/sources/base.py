"""The `Source` Protocol: something that yields raw emails, bytes first.

File sources (``.eml`` files or folders, mbox, Maildir) read without changing anything:
they never mark, move or delete mail, so a backfill can be run twice and the raw store
(keyed by sha256) turns the second run into duplicates. ``origin`` is stable across runs
so a failure report can point at the exact message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ingest.types import RawEmail


@runtime_checkable
class Source(Protocol):
    """An iterable of `RawEmail` in a stable order."""

    @property
    def location(self) -> str:
        """Where the mail comes from, for messages to the user."""
        ...

    def __iter__(self) -> Iterator[RawEmail]: ...

    def count(self) -> int | None:
        """How many messages iteration will yield, or None when unknown (progress bars)."""
        ...


class PathSource:
    """The part every file source shares: the path it reads, resolved once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()

    @property
    def location(self) -> str:
        return str(self.path)
