"""Helpers for the end-to-end tests: one workspace between a real Dovecot and a real relay.

No tests here. A `MailLoop` is a workspace whose IMAP source is a fresh Dovecot account
(the project mailbox: everything addressed to the project, its `+c-<token>` reply
addresses included, is APPENDed there, as a catch-all delivery would) and whose outbound
mode is SMTP to an aiosmtpd listener on loopback. A step of the loop is what the
service does on its own: `poll` runs the poller once in-process (fetch, store, file,
decide) and `send` drains the outbox. What Mailroom said is read back from the listener,
exactly as a recipient's server received it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from mailroom.outgoing import drain
from mailroom.poller import run_poller
from mailroom.wiring import Workspace
from outbound import outbox
from outbound.render import make_message_id, reply_token_address
from outbound.sending import drain_outbox
from tests.fixtures.dovecot import ImapAccount
from tests.fixtures.smtp import ReceivedMail, SmtpListener
from tests.mailroom.conftest import (
    APPROVER,
    CRO_PM,
    DOCX_TYPE,
    PROJECT,
    Mail,
    change_order_docx,
    make_project,
    make_workspace,
    reply_to,
)
from tracker import tokens
from tracker.db import utcnow
from tracker.models.audit import AuditEvent
from tracker.models.outbox import OutboxItem
from tracker.operations import changes
from tracker.types import ChangeStatus, OutboxStatus

# The core paths run on SQLite and PostgreSQL (the `db_url` parameters); the variations
# on them only on SQLite, which keeps the set well under a minute on a busy machine.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@dataclass
class MailLoop:
    """The project mailbox on Dovecot → Mailroom → the relay, driven one step at a time."""

    ws: Workspace
    mailbox: ImapAccount
    relay: SmtpListener
    project_id: int

    def close(self) -> None:
        """Give the database connections back (PostgreSQL would otherwise see them linger)."""
        self.ws.engine.dispose()

    # -- the service's own steps ---------------------------------------------------------
    def deliver(self, mail: Mail | bytes) -> int:
        """APPEND one message to the project mailbox; returns its UID."""
        return self.mailbox.append(mail if isinstance(mail, bytes) else mail.build())

    def poll(self) -> None:
        run_poller(self.ws, once=True)

    def poll_command(self) -> subprocess.CompletedProcess[str]:
        """`mailroom poll --once` in a child process, configured by environment only."""
        settings = self.ws.settings
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAILROOM_")}
        env.update(
            MAILROOM_HOME=str(settings.home),
            MAILROOM_DATABASE_URL=settings.database_url,
            MAILROOM_SECRET=settings.secret.decode(),
            MAILROOM_IMAP_HOST=self.mailbox.host,
            MAILROOM_IMAP_PORT=str(self.mailbox.port),
            MAILROOM_IMAP_USERNAME=self.mailbox.username,
            MAILROOM_IMAP_PASSWORD=self.mailbox.password,
            MAILROOM_IMAP_SECURITY="none",
        )
        command = [str(Path(sys.executable).parent / "mailroom"), "poll", "--once"]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    def send(self) -> int:
        """Drain the outbox now; returns how many the relay accepted."""
        return drain(self.ws)

    def send_later(self, hours: float = 6) -> int:
        """Drain as a clock `hours` ahead would: rows waiting out a retry backoff are due.

        The backoff is minutes; passing the clock in keeps the test free of sleeps.
        """
        sent, now = 0, utcnow() + timedelta(hours=hours)
        while True:
            report = drain_outbox(self.ws.session_factory, self.ws.sender, now=now)
            sent += report.sent
            if report.claimed == 0:
                return sent

    def exchange(self, mail: Mail | bytes) -> list[EmailMessage]:
        """Deliver, poll and send; returns what reached the relay in this round."""
        before = len(self.relay.messages)
        self.deliver(mail)
        self.poll()
        self.send()
        return [m.message for m in self.relay.messages[before:]]

    # -- what arrived at the relay ----------------------------------------------------------
    def arrived_for(self, address: str) -> list[EmailMessage]:
        """Messages whose SMTP envelope named `address` as a recipient."""
        return [m.message for m in self.relay.messages if _envelope_has(m, address)]

    def requests_for(self, address: str) -> list[EmailMessage]:
        """Approval requests (a signed `+c-` Reply-To) that reached `address`."""
        return [m for m in self.arrived_for(address) if "+c-" in str(m["Reply-To"] or "")]

    def decisions(self) -> list[EmailMessage]:
        """Decision confirmations ("Change CR-n ... was approved/rejected.") at the relay."""
        return [m.message for m in self.relay.messages if " was " in _first_line(m.message)]

    def delivery_counts(self) -> Counter[str]:
        """How often each Message-ID reached the relay."""
        return Counter(self.relay.message_ids)

    # -- the record ------------------------------------------------------------------------
    def change_status(self, number: int = 1) -> ChangeStatus:
        with self.ws.transaction() as session:
            return changes.get_change(session, self.project_id, number).status

    def audit_actions(self) -> list[str]:
        with self.ws.transaction() as session:
            return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))

    def refusals(self) -> list[str]:
        """Why each decision by reply was refused (the token check's outcome), oldest first."""
        stmt = (
            select(AuditEvent.after)
            .where(AuditEvent.action == "decision_refused")
            .order_by(AuditEvent.seq)
        )
        with self.ws.transaction() as session:
            return [str((after or {}).get("token")) for after in session.scalars(stmt)]

    def notices_for(self, address: str) -> list[EmailMessage]:
        """What reached `address` that is neither a request nor a decision (refusal notices)."""
        decided = self.decisions()
        return [
            m for m in self.arrived_for(address)
            if "+c-" not in str(m["Reply-To"] or "") and not any(m is d for d in decided)
        ]  # fmt: skip

    def outbox_statuses(self) -> Counter[OutboxStatus]:
        with self.ws.transaction() as session:
            return Counter(outbox.count_by_status(session))

    def outbox_message_ids(self) -> set[str]:
        """The Message-ID fixed on every outbox row when it was written."""
        with self.ws.transaction() as session:
            return set(session.scalars(select(OutboxItem.message_id)))

    def expired_request(self, request: EmailMessage) -> EmailMessage:
        """The same request as if it had gone out weeks ago: its token has expired since.

        Issued for the same approver and change, with the headers a real request carries
        (token Reply-To, token Message-ID), so a reply to it looks like any other reply.
        """
        long_ago = utcnow() - timedelta(days=30)
        with self.ws.transaction() as session:
            approver = changes.approvers_of(session, self.project_id)[0]
            token = tokens.issue_token(
                session, self.ws.settings.secret, self.project_id, 1, approver.person_id,
                timedelta(days=14), now=long_ago,
            )  # fmt: skip
        domain = self.ws.settings.mail_domain
        old = EmailMessage()
        for name in ("From", "To", "Subject"):
            old[name] = str(request[name])
        old["Date"] = long_ago.strftime("%a, %d %b %Y %H:%M:%S +0000")
        old["Message-ID"] = make_message_id(domain, token)
        old["Reply-To"] = reply_token_address(domain, token)
        old.set_content(request.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        return old


def open_loop(
    home: Path, db_url: str, mailbox: ImapAccount, relay: SmtpListener, **env: str
) -> MailLoop:
    """An initialised workspace on `db_url` reading `mailbox` and sending through `relay`.

    `env` adds ``MAILROOM_*`` settings (say, ``MAILROOM_AUTH_TRUSTED_AUTHSERV_ID``).
    """
    ws = make_workspace(
        home, db_url,
        MAILROOM_IMAP_HOST=mailbox.host, MAILROOM_IMAP_PORT=str(mailbox.port),
        MAILROOM_IMAP_USERNAME=mailbox.username, MAILROOM_IMAP_PASSWORD=mailbox.password,
        MAILROOM_IMAP_SECURITY="none",
        MAILROOM_OUTBOUND_MODE="smtp",
        MAILROOM_SMTP_HOST=relay.host, MAILROOM_SMTP_PORT=str(relay.port), **env,
    )  # fmt: skip
    return MailLoop(ws, mailbox, relay, make_project(ws))


# -- mail as people write it ------------------------------------------------------------


def change_order(number: int = 1, sent: datetime | None = None) -> Mail:
    """The CRO's change order, To the approver and cc'd to the project address."""
    return Mail(
        CRO_PM, f"Change order CO-00{number} for approval - HLX-208-101 additional timepoints",
        f"Dear Michael,\n\nPlease find attached change order CO-00{number} for approval: two"
        " additional timepoints, out of scope. Cost impact +GBP 1,934.50.\n\nBest regards,"
        "\nJames", sent or datetime.now(UTC), to=(APPROVER,), cc=(PROJECT,),
        attachments=((f"CO-00{number}_HLX-208-101.docx", change_order_docx(), DOCX_TYPE),),
    )  # fmt: skip


def answer(request: EmailMessage, sender: str, text: str, **headers: str) -> Mail:
    """A reply to a request that arrived: to its Reply-To, In-Reply-To its Message-ID, quoted."""
    return reply_to(request, sender, text, datetime.now(UTC), **headers)


def resent_copy(raw: bytes, relay: str = "mx2.elsewhere.example") -> bytes:
    """The same message once more, as a second hop would hand it in: one more Received line."""
    return f"Received: from {relay} by mx.mailroom.example; resent\n".encode() + raw


def strip_tag(address: str) -> str:
    """``mailroom+c-<token>@domain`` → ``mailroom@domain``, as some servers rewrite it."""
    local, _, domain = address.partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _envelope_has(mail: ReceivedMail, address: str) -> bool:
    return address.lower() in (r.lower() for r in mail.rcpt_tos)


def _first_line(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    lines: Sequence[str] = body.get_content().splitlines() if body else ()  # type: ignore[union-attr]
    return lines[0] if lines else ""
