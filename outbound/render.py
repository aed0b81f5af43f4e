"""Render an `OutgoingEmail` into a complete RFC 5322 message (text + HTML alternative,
written by `outbound.mime`).

Every mail we send carries, and why:

- ``Auto-Submitted: auto-generated`` (RFC 3834): compliant responders stay silent.
- ``X-Mailroom-Sent: yes``: our own mail stays recognisable even through a relay that
  rewrites Message-IDs, so ingest can mark it ``own`` and never answer it.
- ``X-Auto-Response-Suppress: OOF, AutoReply``: Exchange/Outlook skip out-of-office replies.
- ``Precedence: bulk`` only on informational mail. Mail that asks a person to answer
  (approval request, review request, "we could not read your reply") does not carry it:
  some gateways file bulk mail as junk/clutter and some people's filters skip it, and a
  missed approval request costs more than one stray out-of-office reply, which ingest
  classifies as ``auto_reply`` and Mailroom never answers anyway (see `policy`).

The Message-ID is fixed here, once, when the outbox row is written; retries re-send the
same bytes (see `outbox`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses
from functools import lru_cache
from typing import cast

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2 import (
    TemplateError as JinjaTemplateError,
)

from outbound.errors import MessageError, TemplateError
from outbound.mime import compose
from outbound.types import TEMPLATE_CONTEXTS, ChangeApprovalContext, OutgoingEmail, TemplateContext

PARTS = ("subject", "txt", "html")
# Mail that asks a person to answer: no Precedence: bulk (see the module docstring).
EXPECTS_REPLY = frozenset(
    {"change_approval_request", "deliverable_received", "reply_not_understood"}
)
MAX_REFERENCES = 20

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_DOMAIN_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_REPLY_PREFIX_RE = re.compile(r"^\s*(re|aw|sv|vs|antw|tr|rif)\s*:", re.IGNORECASE)


def make_message_id(domain: str, token: str | None = None) -> str:
    """``<mr.<hex>@domain>``; with a reply token ``<mr.c-<token>.<hex>@domain>``.

    The token in the Message-ID lets a reply route by In-Reply-To/References even when a
    server strips the ``+c-<token>`` tag from the Reply-To address.
    """
    if not _DOMAIN_RE.match(domain):
        raise MessageError(f"invalid mail domain {domain!r}")
    if token is None:
        return f"<mr.{uuid.uuid4().hex}@{domain}>"
    if not _TOKEN_RE.match(token):
        raise MessageError("reply token must be URL-safe base64 or hex characters")
    return f"<mr.c-{token}.{uuid.uuid4().hex}@{domain}>"


def reply_token_address(domain: str, token: str) -> str:
    """The Reply-To address of an approval request: ``mailroom+c-<token>@domain``."""
    if not _TOKEN_RE.match(token):
        raise MessageError("reply token must be URL-safe base64 or hex characters")
    return f"mailroom+c-{token}@{domain}"


def reply_subject(original: str) -> str:
    """``Re: <original>`` unless it already starts with a reply prefix (keeps mail threads)."""
    original = " ".join(original.split())
    return original if _REPLY_PREFIX_RE.match(original) else f"Re: {original}"


def thread_references(parent_id: str, parent_references: tuple[str, ...] = ()) -> tuple[str, ...]:
    """References for a reply to `parent_id`: its chain plus itself, trimmed in the middle."""
    chain = (*(r for r in parent_references if r != parent_id), parent_id)
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1) :]
    return chain


def template_names() -> tuple[str, ...]:
    """Names with all three parts present in the package (for start-up cross-checks)."""
    listed = set(environment().list_templates(extensions=["j2"]))
    return tuple(
        name for name in TEMPLATE_CONTEXTS if all(f"{name}.{part}.j2" in listed for part in PARTS)
    )


def check_templates() -> None:
    """Compile every part of every template; raise `TemplateError` on the first problem."""
    missing = set(TEMPLATE_CONTEXTS) - set(template_names())
    if missing:
        raise TemplateError(f"templates missing parts: {', '.join(sorted(missing))}")
    env = environment()
    for name in TEMPLATE_CONTEXTS:
        for part in PARTS:
            try:
                env.get_template(f"{name}.{part}.j2")
            except JinjaTemplateError as exc:
                raise TemplateError(f"{name}.{part}.j2: {exc}") from exc


@dataclass(frozen=True)
class Rendered:
    """A mail in wire form, with the two headers the outbox row keeps."""

    raw: bytes
    subject: str
    message_id: str


def render_bytes(
    outgoing: OutgoingEmail, *, now: datetime | None = None, domain: str | None = None
) -> Rendered:
    """The mail as it is stored and sent. A missing Message-ID is made for `domain`
    (default: From's domain)."""
    variables = _variables(outgoing)
    subject = outgoing.subject or _render(f"{outgoing.template}.subject.j2", variables)
    subject = " ".join(subject.split())
    _check_subject(outgoing, subject)
    message_id = outgoing.message_id or _new_message_id(outgoing, domain)
    headers = _headers(outgoing, subject, message_id, now or datetime.now(UTC))
    text = _render(f"{outgoing.template}.txt.j2", variables)
    html = _render(f"{outgoing.template}.html.j2", variables)
    return Rendered(compose(headers, text, html), subject, message_id)


def render(
    outgoing: OutgoingEmail, *, now: datetime | None = None, domain: str | None = None
) -> EmailMessage:
    """The mail as a message object (previews, tests): `render_bytes` read back."""
    raw = render_bytes(outgoing, now=now, domain=domain).raw
    return cast(EmailMessage, message_from_bytes(raw, policy=SMTP))


def message_bytes(msg: EmailMessage) -> bytes:
    """The wire form (CRLF line ends) of a message object."""
    return msg.as_bytes(policy=SMTP)


def envelope_addresses(recipients: tuple[str, ...]) -> tuple[str, ...]:
    """Bare, lower-cased addr-specs of `recipients`, deduplicated in order."""
    seen: dict[str, None] = {}
    for _name, addr in getaddresses(list(recipients)):
        if "@" not in addr:
            raise MessageError(f"invalid recipient address {addr!r}")
        seen.setdefault(addr.lower(), None)
    return tuple(seen)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja environment: StrictUndefined, autoescape for ``*.html.j2`` only."""
    env = Environment(
        loader=PackageLoader("outbound", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day"] = format_day
    env.filters["human"] = humanize
    env.filters["rows"] = rows
    return env


def format_day(value: date | None) -> str:
    """``3 Mar 2025``: unambiguous across locales (no 03/04 confusion)."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b %Y}"


def humanize(value: object) -> str:
    return str(value).replace("_", " ")


def rows(items: object, *attrs: str) -> list[tuple[str, ...]]:
    """Table rows from records: one cell per attribute, dates formatted, None as a dash."""
    return [tuple(_cell(getattr(item, a)) for a in attrs) for item in items]  # type: ignore[attr-defined]


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return format_day(value)
    return str(value)


def _variables(outgoing: OutgoingEmail) -> Mapping[str, object]:
    expected = TEMPLATE_CONTEXTS.get(outgoing.template)
    if expected is None:
        raise TemplateError(f"unknown template {outgoing.template!r}")
    if not isinstance(outgoing.context, expected):
        raise TemplateError(
            f"template {outgoing.template!r} needs {expected.__name__}, "
            f"got {type(outgoing.context).__name__}"
        )
    return context_mapping(outgoing.context)


def context_mapping(context: TemplateContext) -> Mapping[str, object]:
    """The template variables: the context's top-level fields (records stay attribute-access)."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


def _render(name: str, variables: Mapping[str, object]) -> str:
    try:
        return environment().get_template(name).render(variables)
    except JinjaTemplateError as exc:
        raise TemplateError(f"{name}: {exc}") from exc


def _check_subject(outgoing: OutgoingEmail, subject: str) -> None:
    if not subject:
        raise MessageError("empty subject")
    ctx = outgoing.context
    if isinstance(ctx, ChangeApprovalContext) and f"CR-{ctx.change_number}" not in subject:
        raise MessageError(f"approval request subject must keep CR-{ctx.change_number}")


def _headers(
    out: OutgoingEmail, subject: str, message_id: str, now: datetime
) -> list[tuple[str, str]]:
    if not out.recipients:
        raise MessageError("no recipients")
    envelope_addresses(out.recipients)  # validates
    headers = [("Subject", subject), ("From", out.mail_from), ("To", ", ".join(out.recipients))]
    if out.reply_to:
        headers.append(("Reply-To", out.reply_to))
    headers.append(("Date", format_datetime(now.astimezone(UTC))))
    headers.append(("Message-ID", message_id))
    if out.in_reply_to:
        headers.append(("In-Reply-To", out.in_reply_to))
    references = out.references or ((out.in_reply_to,) if out.in_reply_to else ())
    if references:
        headers.append(("References", " ".join(references)))
    headers += [
        ("Auto-Submitted", "auto-generated"),
        ("X-Mailroom-Sent", "yes"),
        ("X-Mailroom-Template", out.template),
        ("X-Auto-Response-Suppress", "OOF, AutoReply"),
    ]
    if out.template not in EXPECTS_REPLY:
        headers.append(("Precedence", "bulk"))
    return headers


def _new_message_id(out: OutgoingEmail, domain: str | None) -> str:
    if domain is None:
        addrs = getaddresses([out.mail_from])
        domain = addrs[0][1].rpartition("@")[2] if addrs else ""
    token = out.context.reply_token if isinstance(out.context, ChangeApprovalContext) else None
    return make_message_id(domain, token)
