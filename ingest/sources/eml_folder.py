"""A single ``.eml`` file, or a folder of them (recursive, in sorted path order)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.errors import SourceUnavailable
from ingest.types import RawEmail


class EmlFolderSource:
    """See `Source`. Origins are ``file:<absolute path>``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()

    @property
    def location(self) -> str:
        return str(self.path)

    def files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        found = (p for p in self.path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
        return sorted(found, key=lambda p: p.relative_to(self.path).parts)

    def count(self) -> int | None:
        return len(self.files())

    def __iter__(self) -> Iterator[RawEmail]:
        for file in self.files():
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise SourceUnavailable(f"cannot read {file}: {exc.strerror}") from exc
            yield RawEmail.from_bytes(data, f"file:{file}")
