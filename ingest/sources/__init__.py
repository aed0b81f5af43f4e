"""Where raw mail comes from: ``.eml`` files or folders, mbox, Maildir (and IMAP)."""

from __future__ import annotations

from ingest.sources.base import Source
from ingest.sources.detect import open_source
from ingest.sources.eml_folder import EmlFolderSource
from ingest.sources.maildir import MaildirSource
from ingest.sources.mbox import MboxSource

__all__ = ["EmlFolderSource", "MaildirSource", "MboxSource", "Source", "open_source"]
