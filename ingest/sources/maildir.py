"""A Maildir (``cur/`` and ``new/``), read-only.

We never rename files into ``cur/`` or touch flags: the mailbox belongs to the user's
mail system. The origin drops the ``:2,FLAGS`` suffix, because a mail client changing
flags renames the file and the origin must stay stable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.errors import SourceUnavailable
from ingest.sources.base import PathSource
from ingest.types import RawEmail

SUBFOLDERS = ("new", "cur")


def is_maildir(path: Path) -> bool:
    return path.is_dir() and any((path / sub).is_dir() for sub in SUBFOLDERS)


class MaildirSource(PathSource):
    """See `Source`. Origins are ``maildir:<root>#<unique name>``."""

    def files(self) -> list[Path]:
        found: list[Path] = []
        for sub in SUBFOLDERS:
            folder = self.path / sub
            if folder.is_dir():
                names = (p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
                found.extend(sorted(names, key=lambda p: p.name))
        return found

    def count(self) -> int | None:
        return len(self.files())

    def __iter__(self) -> Iterator[RawEmail]:
        for file in self.files():
            try:
                data = file.read_bytes()
            except FileNotFoundError:
                continue  # moved by the mail client between listing and reading
            except OSError as exc:
                raise SourceUnavailable(f"cannot read {file}: {exc.strerror}") from exc
            unique = file.name.split(":", 1)[0]
            origin = f"maildir:{self.path}#{unique}"
            yield RawEmail.from_bytes(data, origin)
