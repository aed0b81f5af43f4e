"""Walk a message's MIME tree and account for every leaf exactly once.

Each leaf (a part that is not multipart) ends with one `LeafOutcome`:

    BODY          text/plain or text/html of the message itself (no file name)
    STORED        kept as an attachment (including bodies of attached messages, and
                  text we could not decode, which is kept raw)
    DEDUPLICATED  same bytes as a leaf kept earlier in this message
    IGNORED       deliberately dropped: tracking pixel, delivery-status fields, too deep,
                  too many leaves
    REJECTED      refused: over the size limit

Containers are not leaves: ``multipart/*`` is walked, ``message/rfc822`` is opened and its
leaves join the ledger under the container's path (``2`` → ``2.1``, ``2.2``), one level
deeper. The walk is iterative, so a maliciously deep tree cannot exhaust the stack.
The ledger invariant (one leaf per non-multipart part of ``Message.walk()``) is tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import Message

from ingest.attachments import AttachmentBuilder, over_limit
from ingest.charsets import decode_text
from ingest.filenames import safe_filename
from ingest.flowed import unflow
from ingest.headers import decode_value
from ingest.images import is_tracking_pixel
from ingest.raw_store import sha256_hex
from ingest.settings import ParseLimits
from ingest.types import Attachment, Leaf, LeafOutcome, TextStatus

BODY_TYPES = ("text/plain", "text/html")
NESTED_MESSAGE_TYPES = ("message/rfc822", "message/global")


@dataclass
class Walk:
    """What one walk found (mutable while walking, read once by `parse`)."""

    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    leaves: list[Leaf] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Node:
    part: Message
    path: str
    depth: int
    container: str | None = None
    in_report: bool = False
    forward_name: str | None = None  # the file name of the forwarded message it sits in


def walk(message: Message, limits: ParseLimits) -> Walk:
    """Every leaf of the message, with bodies, attachments and defects."""
    result = Walk()
    builder = AttachmentBuilder(limits, result.defects, result.seen)
    stack = [_Node(message, "", 0)]
    while stack:
        node = stack.pop()
        children = _children(node)
        if children is None:
            _leaf(node, result, builder, limits)
        else:
            stack.extend(reversed(children))
    return result


def _children(node: _Node) -> list[_Node] | None:
    """The nodes inside a container, or None for a leaf."""
    part = node.part
    payload = part.get_payload() if part.is_multipart() else None
    if not isinstance(payload, list):
        return None
    content_type = part.get_content_type()
    if part.get_content_maintype() != "message":
        return [
            _Node(
                child, _join(node.path, n), node.depth, node.container, node.in_report,
                node.forward_name,
            )
            for n, child in enumerate(payload, start=1)
        ]  # fmt: skip
    if content_type not in NESTED_MESSAGE_TYPES:  # delivery-status header blocks
        return [
            _Node(child, _join(node.path, n), node.depth, node.container, True)
            for n, child in enumerate(payload, start=1)
        ]
    nodes = []
    name = _filename(part)  # "CO-003 for approval.eml", as the sender's client showed it
    for n, inner in enumerate(payload, start=1):
        opens_up = inner.is_multipart() and inner.get_content_maintype() != "message"
        path = node.path if opens_up and len(payload) == 1 else _join(node.path, n)
        nodes.append(
            _Node(inner, path, node.depth + 1, "message/rfc822", node.in_report, name)
        )
    return nodes


def _join(path: str, number: int) -> str:
    return f"{path}.{number}" if path else str(number)


Outcome = tuple[LeafOutcome, str | None, str | None]  # outcome, reason, display name


def _leaf(node: _Node, walk: Walk, builder: AttachmentBuilder, limits: ParseLimits) -> None:
    data = _payload(node.part)
    outcome, reason, filename = _settle(node, data, walk, builder, limits)
    walk.leaves.append(
        Leaf(
            path=node.path or "1",
            content_type=node.part.get_content_type(),
            filename=filename,
            size=len(data),
            outcome=outcome,
            reason=reason,
            sha256=sha256_hex(data),
        )
    )


def _settle(
    node: _Node, data: bytes, walk: Walk, builder: AttachmentBuilder, limits: ParseLimits
) -> Outcome:
    """Decide what becomes of one leaf, keeping what is kept."""
    part, path = node.part, node.path or "1"
    content_type = part.get_content_type()
    raw_name = _filename(part)
    index = len(walk.leaves) + 1
    skip = _skip_reason(node, index, limits)
    if skip:
        name = _safe(raw_name, index, content_type, limits) if raw_name else None
        return LeafOutcome.IGNORED, skip, name
    disposition = part.get_content_disposition()
    textual = content_type in BODY_TYPES or content_type.startswith("multipart/")
    if textual and raw_name is None and disposition != "attachment":
        if node.container is None:
            return _body(node, data, walk, limits)
        raw_name = _forwarded_body_name(node.forward_name, content_type)
    name = _safe(raw_name, index, content_type, limits)
    sha = sha256_hex(data)
    if len(data) > limits.max_attachment_bytes:
        return LeafOutcome.REJECTED, f"{over_limit(limits)} ({len(data)} bytes)", name
    if content_type.startswith("image/") and is_tracking_pixel(
        data, raw_name or "", limits.tracking_pixel_bytes
    ):
        return LeafOutcome.IGNORED, "tracking pixel", name
    if sha in walk.seen:
        return LeafOutcome.DEDUPLICATED, f"same bytes as {walk.seen[sha]}", name
    walk.seen[sha] = f"part {path}"
    content_id = _content_id(part)
    inline = disposition == "inline" or (content_id is not None and disposition is None)
    walk.attachments.extend(
        builder.build(
            data,
            name,
            content_type,
            depth=node.depth,
            inline=inline,
            content_id=content_id,
            container=node.container,
        )
    )
    return LeafOutcome.STORED, None, name


def _safe(raw_name: str | None, index: int, content_type: str, limits: ParseLimits) -> str:
    return safe_filename(raw_name, index, content_type, limits.max_filename_chars)


def _skip_reason(node: _Node, index: int, limits: ParseLimits) -> str | None:
    if index > limits.max_leaves:
        return f"over the limit of {limits.max_leaves} leaves per message"
    if node.depth > limits.max_nested_depth:
        return f"nested deeper than {limits.max_nested_depth} levels"
    if node.in_report:
        return "delivery-status fields"
    return None


def _body(node: _Node, data: bytes, walk: Walk, limits: ParseLimits) -> Outcome:
    part, path = node.part, node.path or "1"
    content_type = part.get_content_type()
    if content_type.startswith("multipart/"):
        walk.defects.append(f"part {path}: {content_type} without parts, read as text")
    declared = part.get_content_charset()
    decoded = decode_text(data, declared)
    if decoded.text is None:
        return _keep_undecodable(node, data, walk, limits, declared)
    if decoded.fell_back:
        said = f"declared charset {declared!r} failed" if declared else "no charset declared"
        walk.defects.append(f"part {path}: {said}, decoded as {decoded.charset}")
    text = decoded.text
    if content_type == "text/plain" and str(part.get_param("format", "")).lower() == "flowed":
        text = unflow(text, delsp=str(part.get_param("delsp", "")).lower() == "yes")
    if len(text) > limits.max_text_chars:
        walk.defects.append(f"part {path}: body cut at {limits.max_text_chars} characters")
        text = text[: limits.max_text_chars]
    (walk.htmls if content_type == "text/html" else walk.texts).append(text)
    return LeafOutcome.BODY, None, None


def _keep_undecodable(
    node: _Node, data: bytes, walk: Walk, limits: ParseLimits, declared: str | None
) -> Outcome:
    """A body no charset can read: kept raw as an attachment so nothing is lost."""
    path = node.path or "1"
    walk.defects.append(
        f"part {path}: declared charset {declared!r} failed and no fallback fits; kept raw"
    )
    reason = "text in no known charset, kept raw"
    name = _safe(None, len(walk.leaves) + 1, "application/octet-stream", limits)
    walk.attachments.append(
        Attachment(
            filename=name,
            content_type=node.part.get_content_type(),
            size=len(data),
            sha256=sha256_hex(data),
            data=data,
            text_status=TextStatus.UNREADABLE,
            text_error=reason,
        )
    )
    return LeafOutcome.STORED, reason, name


def _forwarded_body_name(forward_name: str | None, content_type: str) -> str:
    """The text of a forwarded message goes by the forward's file name (its HTML beside
    it), or by "message-body" when the sender's client gave it none."""
    html = content_type == "text/html"
    if not forward_name:
        return "message-body.html" if html else "message-body.txt"
    stem, dot, extension = forward_name.rpartition(".")
    if html:
        return f"{stem if dot else forward_name}.html"
    named_as_text = dot and extension.lower() in ("eml", "msg", "txt")
    return forward_name if named_as_text else f"{forward_name}.txt"


def _filename(part: Message) -> str | None:
    try:
        raw = part.get_filename()
    except (ValueError, LookupError, UnicodeError, AttributeError, TypeError):
        return None
    return decode_value(raw) if raw is not None else None


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, LookupError, UnicodeError, AttributeError, TypeError):
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _content_id(part: Message) -> str | None:
    value = part.get("Content-ID")
    if value is None:
        return None
    cleaned = decode_value(value).strip().strip("<>").strip()
    return cleaned or None
