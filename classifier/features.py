"""What the models read: one normalised text per message and per attachment.

Both training and classification build their texts here, so the two cannot drift.
- Text is lower-cased and digits are folded to "0": the bag-of-words model then sees
  "inv-0000-0000" as one shape instead of thousands of one-off numbers.
- Texts are cut to a fixed head (the act of a mail is in its first lines, the kind of a
  document in its first pages); this also bounds the cost of a 5 MB body.
- A message text ends with one `xatt_<label>` marker per attachment (the attachment
  model's label, or the gold label in training) plus the attachment's file name (and
  `xlink` when the body carries a URL: a delivery by link has no attachment), so the
  message model learns that a cover note takes the label of what it carries, and that
  "our comments on the draft" stays `other` even with a report attached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MESSAGE_HEAD_CHARS = 4000
ATTACHMENT_HEAD_CHARS = 5000
UNSURE = "unsure"

_DIGITS = str.maketrans("123456789", "000000000")
_NAME_SEPARATORS = re.compile(r"[_.\-()\[\]]+")


def normalise(text: str) -> str:
    return text.lower().translate(_DIGITS)


def filename_words(filename: str) -> str:
    """'Quote_Q-2026-0147_RevB.pdf' → 'quote q 0000 0000 revb pdf'."""
    return normalise(_NAME_SEPARATORS.sub(" ", filename)).strip()


def content_kind(content_type: str, filename: str) -> str:
    """A short type word: pdf, sheet, doc, text, image, calendar, other."""
    ct = content_type.lower()
    name = filename.lower()
    if ct.startswith("image/"):
        return "image"
    if (
        "spreadsheet" in ct
        or "excel" in ct
        or ct == "text/csv"
        or name.endswith((".xlsx", ".xls", ".csv"))
    ):
        return "sheet"
    if "pdf" in ct or name.endswith(".pdf"):
        return "pdf"
    if "word" in ct or name.endswith((".docx", ".doc")):
        return "doc"
    if "calendar" in ct or name.endswith(".ics"):
        return "calendar"
    if ct.startswith("text/"):
        return "text"
    return "other"


def attachment_text(filename: str, content_type: str, text: str) -> str:
    kind = content_kind(content_type, filename)
    head = text[:ATTACHMENT_HEAD_CHARS]
    return f"xfile {filename_words(filename)} xkind_{kind}\n{normalise(head)}"


def message_text(subject: str, reply_text: str, attachments: Iterable[tuple[str, str]] = ()) -> str:
    """`attachments` are (filename, label-or-UNSURE) pairs."""
    tail = " ".join(f"xatt_{label} {filename_words(name)}" for name, label in attachments)
    body = reply_text[:MESSAGE_HEAD_CHARS]
    link = " xlink" if "://" in body or "www." in body else ""
    if link:
        body = _URL.sub(_url_words, body)
    return f"{normalise(subject)}\n{normalise(body)}\n{tail}{link}"


# A link is one feature (`xlink`), not its words: a URL's random ids hash onto the buckets
# of real words and move a bag-of-words model for no reason ("…calendar/event?eid=NXEx…"
# pushed an invitation towards `deliverable`).
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)


def _url_words(match: re.Match[str]) -> str:
    """The words of a link ("sharepoint", "reports", "final"), without its ids."""
    pieces = re.split(r"[^0-9A-Za-z]+", match.group(0))
    return " ".join(p for p in pieces if p.isalpha() and 2 < len(p) <= 20 and _wordlike(p))


def _wordlike(piece: str) -> bool:
    return piece.islower() or piece.isupper() or piece[1:].islower()
