"""outbound: speaks. Templates → rendered message → outbox row → sender.

    row = enqueue(session, OutgoingEmail(...))       # in the caller's transaction
    report = drain_outbox(session_factory, sender)   # claim, send, mark (no session over I/O)

Senders: `SmtpSender(SmtpSettings)` (aiosmtplib; PIPELINING when the relay offers it, see
`outbound.pipelining`) or `EmlFolderSender(folder)` (embedded default). Loop breakers
and recipient rules live in `outbound.policy`; weekly summaries in `outbound.summary`.
jinja2 and aiosmtplib are imported only inside this package.
"""

from __future__ import annotations

from outbound.eml_writer import EmlFolderSender
from outbound.errors import (
    DeliveryError,
    MessageError,
    OutboundError,
    PermanentFailure,
    TemplateError,
    TemporaryFailure,
)
from outbound.outbox import (
    claim_due,
    enqueue,
    mark_permanent_failure,
    mark_sent,
    mark_sent_many,
    mark_temporary_failure,
)
from outbound.render import check_templates, make_message_id, render, template_names
from outbound.sending import DrainReport, Sender, drain_outbox, drain_outbox_async
from outbound.settings import DeliveryMode, OutboundSettings, SmtpSettings, TlsMode
from outbound.smtp import SmtpSender
from outbound.types import TEMPLATE_CONTEXTS, OutboxRow, OutgoingEmail

__all__ = [
    "TEMPLATE_CONTEXTS",
    "DeliveryError",
    "DeliveryMode",
    "DrainReport",
    "EmlFolderSender",
    "MessageError",
    "OutboundError",
    "OutboundSettings",
    "OutboxRow",
    "OutgoingEmail",
    "PermanentFailure",
    "Sender",
    "SmtpSender",
    "SmtpSettings",
    "TemplateError",
    "TemporaryFailure",
    "TlsMode",
    "check_templates",
    "claim_due",
    "drain_outbox",
    "drain_outbox_async",
    "enqueue",
    "make_message_id",
    "mark_permanent_failure",
    "mark_sent",
    "mark_sent_many",
    "mark_temporary_failure",
    "render",
    "template_names",
]
