"""Queue confirmations in the outbox (with the never-answer policy) and drain it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from mailroom.wiring import Workspace
from outbound import outbox, policy
from outbound.render import reply_subject, thread_references
from outbound.sending import drain_outbox
from outbound.settings import RateLimits
from outbound.types import OutgoingEmail, TemplateContext
from tracker.db import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Mails whose own subject says what happened ("CR-1 approved"): they thread under the
# mail they answer but keep their subject, so nobody reads a decision as a request.
OWN_SUBJECT = frozenset(
    {
        "change_decision",
        "change_approval_request",
        "deliverable_accepted",
        "payment_due",
        "weekly_summary",
    }
)


def enqueue_mail(
    session: Session,
    ws: Workspace,
    *,
    template: str,
    context: TemplateContext,
    recipients: Sequence[str],
    project_id: int | None,
    answering: tuple[str | None, tuple[str, ...], str] | None = None,
    reply_to: str | None = None,
    message_id: str | None = None,
    dedupe_key: str | None = None,
) -> int | None:
    """Write one outbox row in the caller's transaction; None when nobody may receive it.

    `answering` is (Message-ID, References, Subject) of the mail we reply to: the new
    mail threads under it and the per-thread rate limit applies.
    """
    if ws.quiet:
        ws.held_back += 1  # an import of old mail: recorded, never answered
        return None
    in_reply_to, references, subject = answering or (None, (), "")
    refs = thread_references(in_reply_to, references) if in_reply_to else ()
    allowed = policy.rate_limited_recipients(
        session, _clean(ws, recipients), in_reply_to, references, RateLimits(), utcnow()
    )
    if not allowed:
        return None
    outgoing = OutgoingEmail(
        template=template,
        context=context,
        mail_from=ws.settings.from_address,
        recipients=allowed,
        reply_to=reply_to,
        subject=(
            reply_subject(subject)
            if in_reply_to and subject and template not in OWN_SUBJECT
            else None
        ),
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=refs,
        project_id=project_id,
        dedupe_key=dedupe_key,
    )
    row = outbox.enqueue(session, outgoing, domain=ws.settings.mail_domain)
    return None if row is None else row.id


def _clean(ws: Workspace, recipients: Sequence[str]) -> tuple[str, ...]:
    """Each address once, never one of our own (no mail loops through the project address)."""
    seen: dict[str, None] = {}
    for address in recipients:
        address = address.strip().lower()
        if address and not policy.is_own_address(address, ws.settings.mail_domain):
            seen.setdefault(address, None)
    return tuple(seen)


def may_answer(kind: str) -> bool:
    return policy.may_answer(kind).allowed


def confirmation_recipients(
    ws: Workspace, sender: str, to: Sequence[str], cc: Sequence[str], members: Collection[str]
) -> tuple[str, ...]:
    """The sender only, or once to every member visible in To/Cc (setting)."""
    mode = (
        policy.RecipientMode.ALL_PARTICIPANTS
        if ws.settings.get("outbound", "confirmations") == "participants"
        else policy.RecipientMode.SENDER
    )
    return policy.select_recipients(
        mode, sender, to, cc, own_domain=ws.settings.mail_domain, members=members
    )


def drain(ws: Workspace, *, max_batches: int = 1000, now: datetime | None = None) -> int:
    """Send everything due (as of `now`); returns how many were sent."""
    sent = 0
    for _ in range(max_batches):
        report = drain_outbox(ws.session_factory, ws.sender, limit=100, now=now)
        sent += report.sent
        if report.claimed == 0:
            break
    return sent
