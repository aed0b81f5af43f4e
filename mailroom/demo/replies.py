"""The demo's approvers: answer each approval request in the outbox folder, as a person would.

The reply goes to the request's Reply-To (the signed token address), threads under it,
and quotes it below the new text — including our own "reply APPROVE or REJECT" line, so
the demo also shows that quoted instructions never count as a decision.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from mailroom.wiring import Workspace
from tracker.db import utcnow

ANSWER = "Approved - please go ahead.\n\nThanks,\n{name}\n"


def _requests(folder: Path) -> list[EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if "+c-" in str(message.get("Reply-To", "")):
            found.append(message)  # type: ignore[arg-type]
    return found


def _reply(request: EmailMessage) -> bytes:
    name, approver = parseaddr(str(request["To"]))
    body = request.get_body(("plain",))
    quoted = "\n".join(f"> {line}" for line in (body.get_content() if body else "").splitlines())
    reply = EmailMessage()
    reply["From"] = f"{name} <{approver}>" if name else approver
    reply["To"] = str(request["Reply-To"])
    reply["Subject"] = f"Re: {request['Subject']}"
    reply["Date"] = format_datetime(utcnow())
    reply["Message-ID"] = make_msgid(domain=approver.rpartition("@")[2] or "example.com")
    reply["In-Reply-To"] = str(request["Message-ID"])
    reply["References"] = str(request["Message-ID"])
    reply.set_content(
        ANSWER.format(name=(name or approver).split()[0])
        + f"\nOn {request['Date']}, Mailroom wrote:\n{quoted}\n"
    )
    return bytes(reply)


def approver_replies(ws: Workspace) -> Path | None:
    """Write one reply per approval request into a folder; None when there were none."""
    requests = _requests(ws.settings.outbox_dir)
    if not requests:
        return None
    folder = ws.settings.home / "demo-replies"
    folder.mkdir(parents=True, exist_ok=True)
    for index, request in enumerate(requests, start=1):
        (folder / f"reply-{index:02d}.eml").write_bytes(_reply(request))
    return folder
