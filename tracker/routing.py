"""Which project(s) does an inbound message belong to?

The strategies below are tried in the order of `STRATEGIES`; the first that finds an
open project wins and names the `RouteRule`:

1. **reply_token**: a reply token in a recipient (`mailroom+c-<token>@domain`,
   `proj-<code>+c-<token>@domain`) or in In-Reply-To/References
   (`<mr.c-<token>.<hex>@domain>`, which survives servers that strip `+tags`).
2. **sub_address**: project addresses in To/Cc/Delivered-To: `proj-<code>@domain`,
   `proj-<code>+<anything>@domain`, `mailroom+<code>@domain`. Several project
   addresses file the message in each project.
3. **thread**: In-Reply-To/References naming a message already filed, a message that
   a filed message referenced (so a reply to an EARLIER message of a thread cc'd
   mid-way still joins), or a message Mailroom sent (the outbox).
4. **subject_tag**: `[PRJ-<code>]` in the subject. A routing hint only: nothing is
   ever authorised because of it.
5. **participants**: the sender's single active project (narrowed by the other
   known participants when the sender has several).

When none matches, the message is kept unrouted with the first reason a strategy gave
(`UnroutedReason`), else `no_project_address`. Routing decides *where*, never *whether
someone may*: a token here is only looked up, not verified (that is `tracker.tokens`
at approval time), and unknown senders to a project address are routed all the same
(filing marks them for review). Inbound `X-Mailroom-*` headers are never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import session_memo
from tracker.models.message import Message, MessageReference
from tracker.models.outbox import OutboxItem
from tracker.models.project import Membership, PersonAddress, Project
from tracker.operations.projects import CODE_RE
from tracker.tokens import find_token, token_row
from tracker.types import InboundMessage, ProjectStatus, Route, RouteRule, UnroutedReason

DEFAULT_DOMAIN = "mailroom.example"
SUBJECT_TAG_RE = re.compile(r"\[PRJ-([a-z0-9][a-z0-9-]{1,30})\]", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    """What one strategy found: projects, or the reason to report if nothing matches."""

    project_ids: tuple[int, ...] = ()
    detail: str = ""
    miss: UnroutedReason | None = None


Strategy = Callable[[Session, InboundMessage, str], Outcome]


def normalise_message_id(value: str) -> str:
    """A Message-ID without whitespace or angle brackets (how tracker stores them)."""
    return value.strip().strip("<>").strip()


def _recipients(msg: InboundMessage) -> list[str]:
    return list(dict.fromkeys(a.strip().lower() for a in (*msg.to, *msg.cc, *msg.delivered_to)))


def _local_parts(addresses: Iterable[str], domain: str) -> list[str]:
    parts = []
    for address in addresses:
        local, _, host = address.rpartition("@")
        if local and host == domain.lower():
            parts.append(local)
    return parts


def _thread_ids(msg: InboundMessage) -> list[str]:
    ids = [msg.in_reply_to or "", *reversed(msg.references)]
    return [i for i in dict.fromkeys(normalise_message_id(v) for v in ids) if i]


def _open_only(session: Session, project_ids: Sequence[int], detail: str) -> Outcome:
    """Keep open projects; report `project_closed` when only closed ones matched."""
    ordered = list(dict.fromkeys(project_ids))
    if not ordered:
        return Outcome()
    stmt = select(Project.id, Project.status).where(Project.id.in_(ordered))
    status = {key: value for key, value in session.execute(stmt)}
    return _keep_open(ordered, status, detail)


def _keep_open(ordered: list[int], status: dict[int, ProjectStatus], detail: str) -> Outcome:
    open_ids = tuple(p for p in ordered if status.get(p) == ProjectStatus.OPEN)
    if open_ids:
        return Outcome(open_ids, detail)
    return Outcome(miss=UnroutedReason.PROJECT_CLOSED, detail=f"{detail} (closed)")


def _projects_by_code(session: Session, codes: list[str]) -> dict[str, tuple[int, ProjectStatus]]:
    """Id and status of the known projects among ``codes`` (memoised per transaction)."""
    memo = session_memo.memo(session, "projects_by_code", (Project,))
    missing = [code for code in codes if code not in memo]
    if missing:
        stmt = select(Project.code, Project.id, Project.status).where(Project.code.in_(missing))
        memo.update({code: (pid, status) for code, pid, status in session.execute(stmt)})
    return {code: memo[code] for code in codes if code in memo}


def _by_codes(session: Session, codes: Sequence[str], detail: str) -> Outcome:
    codes = list(dict.fromkeys(c for c in codes if CODE_RE.fullmatch(c)))
    if not codes:
        return Outcome()
    found = _projects_by_code(session, codes)
    if not found:
        return Outcome(miss=UnroutedReason.UNKNOWN_PROJECT, detail=f"no project {codes[0]!r}")
    # One query for ids and statuses: `_open_only` without its second round trip.
    ordered = list(dict.fromkeys(found[c][0] for c in codes if c in found))
    return _keep_open(ordered, dict(found.values()), detail)


def by_reply_token(session: Session, msg: InboundMessage, domain: str) -> Outcome:
    """A reply token in a recipient local part or in a threading header we sent."""
    texts = [p for p in _local_parts(_recipients(msg), domain) if "+c-" in p]
    texts += [i for i in _thread_ids(msg) if i.lower().startswith("mr.c-")]
    tokens = [t for t in (find_token(text) for text in texts) if t]
    if not tokens:
        return Outcome()
    rows = [row for row in (token_row(session, t) for t in tokens) if row is not None]
    if not rows:
        return Outcome(miss=UnroutedReason.INVALID_TOKEN, detail="reply token not recognised")
    return _open_only(session, [r.project_id for r in rows], f"reply token {rows[0].token_id}")


def _codes_in(local_parts: Iterable[str]) -> list[str]:
    codes = []
    for local in local_parts:
        base, plus, tag = local.partition("+")
        if base.startswith("proj-"):
            codes.append(base[len("proj-") :])
        elif base == "mailroom" and plus:
            codes.append(tag)
    return codes


def by_sub_address(session: Session, msg: InboundMessage, domain: str) -> Outcome:
    """Project addresses among the recipients; each one found files the message there."""
    codes = _codes_in(_local_parts(_recipients(msg), domain))
    return _by_codes(session, codes, "project address " + ", ".join(codes))


def by_thread(session: Session, msg: InboundMessage, domain: str) -> Outcome:
    """Threading headers naming mail already filed, referenced by filed mail, or sent by us."""
    ids = _thread_ids(msg)
    if not ids:
        return Outcome()
    filed = select(Message.project_id).where(Message.message_id.in_(ids))
    referenced = (
        select(Message.project_id)
        .join(MessageReference, MessageReference.message_pk == Message.id)
        .where(MessageReference.ref.in_(ids))
    )
    sent = select(OutboxItem.project_id).where(
        OutboxItem.message_id.in_(ids + [f"<{i}>" for i in ids])
    )
    found: list[int] = []
    for stmt in (filed, referenced, sent):
        found += [p for p in session.scalars(stmt) if p is not None]
    return _open_only(session, found, "thread of an earlier message")


def by_subject_tag(session: Session, msg: InboundMessage, domain: str) -> Outcome:
    """`[PRJ-<code>]` in the subject: a hint for routing, never an authorisation."""
    codes = [c.lower() for c in SUBJECT_TAG_RE.findall(msg.subject or "")]
    return _by_codes(session, codes, "subject tag " + ", ".join(codes))


def _open_projects_of(session: Session, emails: Sequence[str]) -> set[int]:
    stmt = (
        select(Membership.project_id)
        .join(PersonAddress, PersonAddress.person_id == Membership.person_id)
        .join(Project, Project.id == Membership.project_id)
        .where(PersonAddress.email.in_(emails), Project.status == ProjectStatus.OPEN)
    )
    return set(session.scalars(stmt))


def by_participants(session: Session, msg: InboundMessage, domain: str) -> Outcome:
    """The sender's only open project, narrowed by the other participants if needed."""
    sender = msg.from_email.strip().lower()
    known = session.scalar(select(PersonAddress.id).where(PersonAddress.email == sender))
    if known is None:
        return Outcome(miss=UnroutedReason.UNKNOWN_SENDER, detail=f"unknown sender {sender}")
    candidates = _open_projects_of(session, [sender])
    others = [a for a in _recipients(msg) if not a.endswith("@" + domain.lower())]
    if len(candidates) > 1 and others:
        shared = candidates & _open_projects_of(session, others)
        candidates = shared or candidates
    if len(candidates) == 1:
        return Outcome((next(iter(candidates)),), f"single active project of {sender}")
    if candidates:
        return Outcome(miss=UnroutedReason.AMBIGUOUS_PARTICIPANTS, detail=f"{sender}: several")
    return Outcome()


@dataclass(frozen=True)
class RoutingStrategy:
    rule: RouteRule
    find: Strategy


STRATEGIES: tuple[RoutingStrategy, ...] = (
    RoutingStrategy(RouteRule.REPLY_TOKEN, by_reply_token),
    RoutingStrategy(RouteRule.SUB_ADDRESS, by_sub_address),
    RoutingStrategy(RouteRule.THREAD, by_thread),
    RoutingStrategy(RouteRule.SUBJECT_TAG, by_subject_tag),
    RoutingStrategy(RouteRule.PARTICIPANTS, by_participants),
)
if len({s.rule for s in STRATEGIES}) != len(STRATEGIES):
    raise RuntimeError("duplicate routing strategy in tracker.routing.STRATEGIES")


def route(session: Session, msg: InboundMessage, *, domain: str = DEFAULT_DOMAIN) -> Route:
    """Try each strategy in order; the first that finds an open project wins."""
    first_miss: Outcome | None = None
    for strategy in STRATEGIES:
        outcome = strategy.find(session, msg, domain)
        if outcome.project_ids:
            return Route(outcome.project_ids, strategy.rule, None, outcome.detail)
        if outcome.miss is not None and first_miss is None:
            first_miss = outcome
    if first_miss is not None and first_miss.miss is not None:
        return Route((), None, first_miss.miss, first_miss.detail)
    return Route((), None, UnroutedReason.NO_PROJECT_ADDRESS, "no project address, thread or tag")
