"""May we send? The loop breakers and recipient rules, as small named checks.

Order the composition root applies them in:

1. `may_answer(kind)`: never answer an auto-reply, a bounce, list traffic, a detected
   loop or Mailroom's own mail. The kind is the string value ingest computed; outbound
   does not import ingest.
2. `select_recipients(...)`: per project, the sender only, or every participant visible
   in To/Cc once — never our own addresses, never duplicates, and (when the member list
   is given) only known members, so non-members never receive project data.
3. `within_rate_limit(...)`: at most N mails to one recipient in one thread per window,
   counted from the outbox itself, so the limit holds across workers and restarts.
4. Notices about refused/unroutable mail: `may_send_notice` (known members only) plus
   `notice_dedupe_key` (one per address, reason and day; the outbox's unique dedupe_key
   makes the second enqueue a no-op).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import getaddresses
from enum import StrEnum

from sqlalchemy.orm import Session

from outbound import outbox
from outbound.settings import RateLimits

# Mail kinds (ingest's MailKind values) that are never answered, with the reason recorded.
NEVER_ANSWER: dict[str, str] = {
    "auto_reply": "never answer an auto-reply (RFC 3834)",
    "bounce": "never answer a bounce or delivery report",
    "list": "never answer mailing-list or bulk mail",
    "own": "never answer Mailroom's own mail",
    "loop": "mail loop detected",
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str


class RecipientMode(StrEnum):
    SENDER = "sender"  # confirmations go to the sender only
    ALL_PARTICIPANTS = "all_participants"  # once to everyone visible in To/Cc


def may_answer(kind: str) -> Verdict:
    """Whether a message of this kind may be answered at all."""
    reason = NEVER_ANSWER.get(str(kind))
    return Verdict(False, reason) if reason else Verdict(True, "normal mail")


def is_own_address(address: str, own_domain: str, own_addresses: Collection[str] = ()) -> bool:
    """Project, sub-address and reply-token addresses all live on our mail domain."""
    address = address.lower()
    return address.rpartition("@")[2] == own_domain.lower() or address in {
        a.lower() for a in own_addresses
    }


def select_recipients(
    mode: RecipientMode,
    sender: str,
    to: Iterable[str] = (),
    cc: Iterable[str] = (),
    *,
    own_domain: str,
    own_addresses: Collection[str] = (),
    members: Collection[str] | None = None,
) -> tuple[str, ...]:
    """Bare addresses to confirm to, in order of appearance, each once."""
    candidates = [sender] if mode == RecipientMode.SENDER else [sender, *to, *cc]
    known = None if members is None else {m.lower() for m in members}
    chosen: dict[str, None] = {}
    for _name, addr in getaddresses(candidates):
        addr = addr.lower()
        if "@" not in addr or is_own_address(addr, own_domain, own_addresses):
            continue
        if known is not None and addr not in known:
            continue
        chosen.setdefault(addr, None)
    return tuple(chosen)


def thread_root(in_reply_to: str | None, references: Iterable[str] = ()) -> str | None:
    """The first message of the thread: the oldest reference, else the parent."""
    refs = [r for r in references if r]
    return refs[0] if refs else in_reply_to


def within_rate_limit(
    session: Session,
    recipient: str,
    root: str | None,
    limits: RateLimits,
    now: datetime,
) -> Verdict:
    """At most `limits.per_thread` mails to `recipient` in thread `root` per window."""
    return _verdicts(session, (recipient,), root, limits, now)[recipient]


def rate_limited_recipients(
    session: Session,
    recipients: Iterable[str],
    in_reply_to: str | None,
    references: Iterable[str],
    limits: RateLimits,
    now: datetime,
) -> tuple[str, ...]:
    """The recipients still within the limit for this thread (others are dropped)."""
    wanted = tuple(dict.fromkeys(recipients))
    verdicts = _verdicts(session, wanted, thread_root(in_reply_to, references), limits, now)
    return tuple(r for r in wanted if verdicts[r].allowed)


def _verdicts(
    session: Session, recipients: tuple[str, ...], root: str | None, limits: RateLimits,
    now: datetime,
) -> dict[str, Verdict]:  # fmt: skip
    """The rate-limit verdict of each recipient (one query for all of them)."""
    if root is None:
        return {r: Verdict(True, "not a reply: no thread to limit") for r in recipients}
    since = now - timedelta(seconds=limits.window_seconds)
    sent = outbox.count_recent_many(session, recipients, root, since)
    return {
        r: Verdict(False, f"rate limit: {n} mails to {r} in this thread")
        if n >= limits.per_thread
        else Verdict(True, f"{n} earlier mails in this thread")
        for r, n in sent.items()
    }


def may_send_notice(address: str, members: Collection[str]) -> Verdict:
    """Refused/unroutable notices go only to known members (no backscatter to strangers)."""
    if address.lower() in {m.lower() for m in members}:
        return Verdict(True, "known member")
    return Verdict(False, "not a known member: no notice")


def notice_dedupe_key(address: str, reason: str, day: date) -> str:
    """One notice per address, reason and (UTC) day: ``notice:<email>:<reason>:<date>``."""
    return f"notice:{address.lower()}:{reason}:{day.isoformat()}"
