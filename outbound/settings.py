"""Typed outbound settings. Built by `mailroom.settings`; nothing here reads the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class TlsMode(StrEnum):
    NONE = "none"  # plain SMTP (loopback relays, tests)
    STARTTLS = "starttls"  # connect plain, then upgrade; fails if the server cannot
    TLS = "tls"  # implicit TLS from the first byte (port 465)


class DeliveryMode(StrEnum):
    SMTP = "smtp"
    FOLDER = "folder"  # the embedded default: .eml files in an outbox folder


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    tls: TlsMode = TlsMode.NONE
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    validate_certs: bool = True
    cert_bundle: Path | None = None  # extra CA file to trust (a private relay's own CA)
    connections: int = 1  # concurrent connections per batch, each reused for its share


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter for temporary failures."""

    max_attempts: int = 8
    base_seconds: float = 60.0
    cap_seconds: float = 3600.0
    lease_seconds: float = 300.0  # a claimed row not marked within this is claimed again


@dataclass(frozen=True)
class RateLimits:
    """Loop breakers: at most `per_thread` mails to one recipient in one thread per window."""

    per_thread: int = 3
    window_seconds: float = 3600.0


@dataclass(frozen=True)
class OutboundSettings:
    from_address: str = "mailroom@mailroom.example"
    domain: str = "mailroom.example"
    mode: DeliveryMode = DeliveryMode.FOLDER
    folder: Path = Path(".mailroom/outbox")
    smtp: SmtpSettings = SmtpSettings()
    retry: RetryPolicy = RetryPolicy()
    rate_limits: RateLimits = RateLimits()
    batch_size: int = 100
