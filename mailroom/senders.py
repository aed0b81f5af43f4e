"""Outbound settings and the sender from the workspace settings (folder or SMTP)."""

from __future__ import annotations

from mailroom.settings import Settings
from outbound.eml_writer import EmlFolderSender
from outbound.sending import Sender
from outbound.settings import DeliveryMode, OutboundSettings, SmtpSettings, TlsMode
from outbound.smtp import SmtpSender


def outbound_settings(settings: Settings) -> OutboundSettings:
    smtp = SmtpSettings(
        host=settings.get("smtp", "host"),
        port=int(settings.get("smtp", "port")),
        tls=TlsMode(settings.get("smtp", "security")),
        username=settings.get("smtp", "username") or None,
        password=settings.get("smtp", "password") or None,
        timeout=float(settings.get("smtp", "timeout")),
    )
    return OutboundSettings(
        from_address=settings.from_address,
        domain=settings.mail_domain,
        mode=DeliveryMode(settings.get("outbound", "mode")),
        folder=settings.outbox_dir,
        smtp=smtp,
    )


def make_sender(settings: Settings) -> Sender:
    out = outbound_settings(settings)
    if out.mode is DeliveryMode.SMTP:
        return SmtpSender(out.smtp)
    out.folder.mkdir(parents=True, exist_ok=True)
    return EmlFolderSender(out.folder)
