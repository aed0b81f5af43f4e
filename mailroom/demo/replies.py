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
from tracker import audit, tokens
from tracker.db import utcnow
from tracker.operations import deliverables
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


def _change_key(ws: Workspace, request: EmailMessage) -> tuple[int, int, int, datetime] | None:
    """(project, change, approver, created) of the token a request carries."""
    token = tokens.find_token(str(request.get("Reply-To", "")))
    if token is None:
        return None
    with ws.transaction() as session:
        row = tokens.token_row(session, token)
        if row is None:
            return None
        return row.project_id, row.change_id, row.approver_id, row.created_at


def _last_change_mail(ws: Workspace, project_id: int, change_id: int) -> datetime | None:
    """When the newest mail that shaped the change was sent (proposal or revision)."""
    with ws.transaction() as session:
        sources = [
            e.source_message_id for e in audit.events(session, project_id)
            if e.entity == "change" and e.entity_id == change_id and e.source_message_id
        ]  # fmt: skip
        sent = [
            filed.sent_at for pk in sources
            if (filed := find_filed_message(session, str(pk))) is not None and filed.sent_at
        ]  # fmt: skip
    return max(sent) if sent else None


def _approvals(ws: Workspace, requests: list[EmailMessage]) -> list[bytes]:
    """Each approver answers only the newest request for a change, after its last revision."""
    newest: dict[tuple[int, int, int], tuple[datetime, EmailMessage]] = {}
    for request in requests:
        key = _change_key(ws, request)
        if key is None:
            continue
        project_id, change_id, approver_id, created = key
        seen = newest.get((project_id, change_id, approver_id))
        if seen is None or created >= seen[0]:
            newest[(project_id, change_id, approver_id)] = (created, request)
    answers = []
    for (project_id, change_id, _approver), (_created, request) in newest.items():
        name, approver = parseaddr(str(request["To"]))
        when = _day_after(_last_change_mail(ws, project_id, change_id))
        answers.append(_reply(request, approver, name, APPROVE, when))
    return answers


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
    outbox = _outbox(ws.settings.outbox_dir)
    requests = [
        r for r in outbox if str(r.get("X-Mailroom-Template", "")) == "change_approval_request"
    ]
    found = [
        _acceptance(ws, r) for r in outbox
        if str(r.get("X-Mailroom-Template", "")) == "deliverable_received"
    ]  # fmt: skip
    return _approvals(ws, requests) + [reply for reply in found if reply is not None]


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
