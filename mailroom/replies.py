"""`mailroom parse-reply`: the reading of a reply, as reply-to-confirm would do it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifier.reply_decision import read_decision
from ingest import MailKind, ParsedEmail

REPLY_SUBJECT = re.compile(r"^\s*(re|aw|antw|sv|vs|tr|r|rif|odp)\s*(\[\d+\])?\s*:", re.I)


@dataclass(frozen=True)
class ReplyReadingOut:
    reply_text: str
    decision: str  # approve | reject | needs_review | ignore
    reason: str


def read_reply_file(parsed: ParsedEmail) -> ReplyReadingOut:
    """Auto-replies, bounces, our own mail and mail that answers nothing are `ignore`."""
    if parsed.kind is not MailKind.NORMAL:
        return ReplyReadingOut(parsed.reply_text, "ignore", f"{parsed.kind}: {parsed.kind_reason}")
    if not (parsed.in_reply_to or parsed.references or REPLY_SUBJECT.match(parsed.subject)):
        return ReplyReadingOut(parsed.reply_text, "ignore", "not a reply to a request")
    reading = read_decision(parsed.reply_text)
    return ReplyReadingOut(parsed.reply_text, str(reading.decision), reading.reason)
