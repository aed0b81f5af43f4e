"""The demo's people answering Mailroom's requests in the outbox folder, as a person would.

* Each **change approval request** is answered "Approved" by the approver it went to: to
  the request's Reply-To (the signed token address), threaded under it, quoting it below
  the new text — including our own "reply APPROVE or REJECT" line, so the demo also shows
  that quoted instructions never count as a decision.
* Each **review request for a final deliverable** still awaiting review is answered
  "Accepted - no further comments" by the project's sponsor PM, in its thread.

A reply is dated a day after the mail it is about (the change proposal, the delivery),
so the record reads as the story happened, not as the day the demo ran.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from mailroom.wiring import Workspace
from tracker import tokens
from tracker.db import utcnow
from tracker.operations import changes, deliverables
from tracker.operations.messages import find_filed_message
from tracker.queries import members
from tracker.types import DeliverableStatus, Role

APPROVE = "Approved - please go ahead.\n\nThanks,\n{name}\n"
ACCEPT = "Accepted - no further comments.\n\nThanks,\n{name}\n"


def _outbox(folder: Path) -> list[EmailMessage]:
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]  # type: ignore[misc]


def _reply(request: EmailMessage, sender: str, name: str, text: str, when: datetime) -> bytes:
    body = request.get_body(("plain",))
    quoted = "\n".join(f"> {line}" for line in (body.get_content() if body else "").splitlines())
    reply = EmailMessage()
    reply["From"] = f"{name} <{sender}>" if name else sender
    reply["To"] = str(request["Reply-To"] or request["From"])
    reply["Subject"] = f"Re: {request['Subject']}"
    reply["Date"] = format_datetime(when)
    reply["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "example.com")
    reply["In-Reply-To"] = str(request["Message-ID"])
    reply["References"] = " ".join(
        filter(None, (str(request.get("References", "")), str(request["Message-ID"])))
    )
    first = (name or sender).split()[0]
    reply.set_content(
        text.format(name=first) + f"\nOn {request['Date']}, Mailroom wrote:\n{quoted}\n"
    )
    return bytes(reply)


def _day_after(sent: datetime | None) -> datetime:
    return min(utcnow(), sent + timedelta(days=1)) if sent else utcnow()


def _approval(ws: Workspace, request: EmailMessage) -> bytes | None:
    token = tokens.find_token(str(request.get("Reply-To", "")))
    if token is None:
        return None
    name, approver = parseaddr(str(request["To"]))
    with ws.transaction() as session:
        row = tokens.token_row(session, token)
        change = changes.get_change(session, row.project_id, row.change_id) if row else None
        proposed = change.proposed_message_id if change else None
        filed = find_filed_message(session, str(proposed)) if proposed else None
    when = _day_after(filed.sent_at if filed else None)
    return _reply(request, approver, name, APPROVE, when)


def _acceptance(ws: Workspace, request: EmailMessage) -> bytes | None:
    with ws.transaction() as session:
        delivery = find_filed_message(session, str(request.get("In-Reply-To", "")))
        if delivery is None or delivery.project_id is None:
            return None
        awaiting = [
            d for d in deliverables.list_deliverables(session, delivery.project_id)
            if d.source_message_id == delivery.id and d.is_final
            and d.status is DeliverableStatus.AWAITING_REVIEW
        ]  # fmt: skip
        pm = next(
            (m for m in members(session, delivery.project_id) if Role.SPONSOR_PM in m.roles),
            None,
        )
    if not awaiting or pm is None or not pm.emails:
        return None
    return _reply(request, pm.emails[0], pm.name, ACCEPT, _day_after(delivery.sent_at))


def _answers(ws: Workspace) -> list[bytes]:
    found = []
    for request in _outbox(ws.settings.outbox_dir):
        template = str(request.get("X-Mailroom-Template", ""))
        if template == "change_approval_request":
            found.append(_approval(ws, request))
        elif template == "deliverable_received":
            found.append(_acceptance(ws, request))
    return [reply for reply in found if reply is not None]


def demo_replies(ws: Workspace) -> Path | None:
    """Write one reply per request a person would answer; None when there are none."""
    answers = _answers(ws)
    if not answers:
        return None
    folder = ws.settings.home / "demo-replies"
    folder.mkdir(parents=True, exist_ok=True)
    for index, data in enumerate(answers, start=1):
        (folder / f"reply-{index:02d}.eml").write_bytes(data)
    return folder


approver_replies = demo_replies  # the name `mailroom.demo.run` used before acceptances
