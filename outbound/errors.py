"""Outbound errors, grouped by what the caller must do.

    OutboundError
    ├── MessageError         the OutgoingEmail is invalid (no recipients, bad address)
    ├── TemplateError        a declaration problem: unknown template, wrong context type,
    │                        missing variable. Stop start-up / fix the caller; never retry.
    └── DeliveryError        one message could not be handed to the next hop
        ├── TemporaryFailure 4xx reply, connection refused or dropped, timeout, TLS or
        │                    auth trouble: keep the outbox row, retry with backoff.
        └── PermanentFailure 5xx reply to MAIL/RCPT/DATA: record the reason, never retry.

Connection-level problems (including a 535 on AUTH) are temporary on purpose: the message
is not at fault, and fixing the relay settings must let the queue drain unchanged. For
the same reason a 530 ("authentication required", "must issue STARTTLS first") is
temporary even when it answers MAIL FROM: see `is_permanent`.
"""

from __future__ import annotations


class OutboundError(Exception):
    """Base of all outbound errors."""


class TemplateError(OutboundError):
    """A template or its context is wrong: a programming or configuration error."""


class DeliveryError(OutboundError):
    """A message was not accepted by the next hop."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class TemporaryFailure(DeliveryError):
    """Try again later; the row stays pending."""


class PermanentFailure(DeliveryError):
    """Do not try again; the row is marked failed with the reason."""


class MessageError(OutboundError):
    """The `OutgoingEmail` itself is invalid (no recipients, bad address, bad subject)."""


# Replies that refuse the session, not the message: fixing our settings makes them pass.
SESSION_REFUSALS = frozenset({530})


def is_permanent(code: int) -> bool:
    """A 5xx reply that retrying the same message cannot change."""
    return 500 <= code < 600 and code not in SESSION_REFUSALS
