"""`open_source`: decide what a path is (Maildir, mail folder, mbox, one mail file)."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import SourceError
from ingest.sniff import looks_like_email
from ingest.sources.base import Source
from ingest.sources.mail_folder import MESSAGE_SUFFIXES, MailFolderSource
from ingest.sources.maildir import MaildirSource, is_maildir
from ingest.sources.mbox import MboxSource, is_mbox

_MBOX_SUFFIXES = frozenset({".mbox", ".mbx"})


def open_source(path: Path | str) -> Source:
    """The source for a path, or `SourceError` saying why it is none of them."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"no such file or folder: {path}")
    if path.is_dir():
        return _open_folder(path)
    return _open_file(path)


def _open_folder(path: Path) -> Source:
    if is_maildir(path):
        return MaildirSource(path)
    source = MailFolderSource(path)
    if not source.files():
        raise SourceError(
            f"not a Maildir and holds no mail (.eml or .msg files, mbox files, or files "
            f"that start with mail headers): {path}"
        )
    return source


def _open_file(path: Path) -> Source:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from exc
    if is_mbox(head) or (path.suffix.lower() in _MBOX_SUFFIXES and not head):
        return MboxSource(path)
    if looks_like_email(head) or path.suffix.lower() in MESSAGE_SUFFIXES:
        return MailFolderSource(path)  # named as mail: kept, and parsing says what is wrong
    raise SourceError(f"not an email, mbox or Maildir: {path}")
