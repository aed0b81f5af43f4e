"""A single mail file, or a folder of them (recursive, in sorted path order).

A folder is what people export or keep mail in, not always as ``.eml``: Outlook saves
``.msg``, MH and many test corpora keep one message per numbered or ``.txt`` file, and
archives sit beside them as mbox files. So a folder's files are taken by what they hold:

* ``.eml`` and ``.msg`` files are messages, always (a broken one is kept and reported
  by parsing, like any other message that is not mail);
* files that open with an mbox ``From `` line are read message by message, with
  ``mbox:`` origins;
* any other file is a message when it opens with a mail header block
  (`ingest.sniff.looks_like_email`), and is skipped otherwise (a README, a
  spreadsheet), which `skipped` lists.

Hidden files and folders (``.DS_Store``, ``.git``) are never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.errors import SourceUnavailable
from ingest.sniff import looks_like_email
from ingest.sources.base import PathSource
from ingest.sources.mbox import MboxSource, is_mbox
from ingest.types import RawEmail

MESSAGE_SUFFIXES = frozenset({".eml", ".msg"})
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class _Entry:
    path: Path
    mbox: MboxSource | None = None  # set for an mbox file: its messages, not its bytes


class MailFolderSource(PathSource):
    """See `Source` and the module docstring. Origins are ``file:<absolute path>``, or
    ``mbox:<absolute path>#<n>`` for the messages of an mbox file in the folder."""

    def files(self) -> list[Path]:
        """The files read, messages and mbox files, in the order they are read."""
        return [entry.path for entry in self._entries]

    def message_files(self) -> list[Path]:
        """The files that hold one message each (not the mbox files), in order."""
        return [entry.path for entry in self._entries if entry.mbox is None]

    @property
    def skipped(self) -> list[Path]:
        """Files of the folder that hold no mail, so were not read."""
        return self._listing[1]

    def count(self) -> int | None:
        return sum(1 if e.mbox is None else e.mbox.count() or 0 for e in self._entries)

    def __iter__(self) -> Iterator[RawEmail]:
        for entry in self._entries:
            if entry.mbox is not None:
                yield from entry.mbox
                continue
            try:
                data = entry.path.read_bytes()
            except OSError as exc:
                raise SourceUnavailable(f"cannot read {entry.path}: {exc.strerror}") from exc
            yield RawEmail.from_bytes(data, f"file:{entry.path}")

    @property
    def _entries(self) -> list[_Entry]:
        return self._listing[0]

    @cached_property
    def _listing(self) -> tuple[list[_Entry], list[Path]]:
        """Decided once, so counting and reading agree on what the folder holds."""
        if self.path.is_file():
            return [_Entry(self.path)], []
        entries: list[_Entry] = []
        skipped: list[Path] = []
        for file in sorted(_visible_files(self.path), key=lambda p: p.relative_to(self.path).parts):
            entry = _entry(file)
            if entry is None:
                skipped.append(file)
            else:
                entries.append(entry)
        return entries, skipped


def _visible_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        relative = path.relative_to(root).parts
        if not any(part.startswith(".") for part in relative) and path.is_file():
            yield path


def _entry(file: Path) -> _Entry | None:
    if file.suffix.lower() in MESSAGE_SUFFIXES:
        return _Entry(file)
    try:
        with file.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None  # unreadable and not named as mail: not ours to report
    if is_mbox(head):
        return _Entry(file, MboxSource(file))
    return _Entry(file) if looks_like_email(head) else None
