"""Where raw mail comes from: mail files or folders of them, mbox, Maildir (and IMAP)."""

from __future__ import annotations

from ingest.sources.base import Source
from ingest.sources.detect import open_source
from ingest.sources.mail_folder import MailFolderSource
from ingest.sources.maildir import MaildirSource
from ingest.sources.mbox import MboxSource

__all__ = ["MailFolderSource", "MaildirSource", "MboxSource", "Source", "open_source"]
