"""Unpack the two Microsoft wrappers that hide attachments: TNEF ``winmail.dat`` and ``.msg``.

Both are treated like a nested message: the container's own body becomes the
container attachment's text, and each file inside becomes an attachment whose
``container`` names the wrapper. Unpacking never raises; a wrapper we cannot open is kept
as it is, with the reason.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from email.message import EmailMessage

from ingest.charsets import decode_lenient
from ingest.sniff import OLE_MAGIC

TNEF_MAGIC = b"\x78\x9f\x3e\x22"
TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
MSG_TYPES = frozenset({"application/vnd.ms-outlook", "application/x-msg"})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unpacked:
    """What a wrapper held: body text, HTML, files (name, bytes), and problems."""

    text: str = ""
    html: str = ""
    files: tuple[tuple[str | None, bytes], ...] = ()
    problems: tuple[str, ...] = ()
    error: str | None = None  # set when the wrapper could not be opened at all


def container_kind(filename: str, content_type: str, data: bytes) -> str | None:
    """ "tnef", "msg" or None."""
    name = filename.lower()
    if content_type in TNEF_TYPES or name == "winmail.dat" or data.startswith(TNEF_MAGIC):
        return "tnef"
    if (content_type in MSG_TYPES or name.endswith(".msg")) and data.startswith(OLE_MAGIC):
        return "msg"
    return None


def unpack(kind: str, data: bytes) -> Unpacked:
    try:
        return _unpack_tnef(data) if kind == "tnef" else _unpack_msg(data)
    except Exception as exc:  # tnefparse/extract-msg raise anything on hostile input
        log.debug("unpacking %s failed", kind, exc_info=True)
        return Unpacked(error=f"{kind} container unreadable: {type(exc).__name__}: {exc}"[:300])


def _unpack_tnef(data: bytes) -> Unpacked:
    from tnefparse import TNEF

    tnef = TNEF(data, do_checksum=False)
    files = tuple((_text(a.long_filename()) or None, bytes(a.data)) for a in tnef.attachments)
    return Unpacked(text=_text(tnef.body), html=_text(tnef.htmlbody), files=files)


def _unpack_msg(data: bytes) -> Unpacked:
    import extract_msg

    msg = extract_msg.openMsg(io.BytesIO(data), strict=False)
    try:
        files: list[tuple[str | None, bytes]] = []
        problems: list[str] = []
        for attachment in msg.attachments:
            payload = attachment.data
            name = attachment.longFilename or attachment.shortFilename or None
            if isinstance(payload, bytes):
                files.append((name, payload))
            else:
                problems.append(f"embedded item {name or '(unnamed)'} in .msg not unpacked")
        html = _text(getattr(msg, "htmlBody", None))
        return Unpacked(
            text=_text(getattr(msg, "body", None)),
            html=html,
            files=tuple(files),
            problems=tuple(problems),
        )
    finally:
        msg.close()


def msg_to_mime(data: bytes) -> tuple[bytes | None, str | None]:
    """An Outlook ``.msg`` given as a whole message, rewritten as MIME bytes (or an error)."""
    import extract_msg

    try:
        msg = extract_msg.openMsg(io.BytesIO(data), strict=False)
    except Exception as exc:  # extract-msg raises anything on hostile input
        return None, f"Outlook .msg unreadable: {type(exc).__name__}: {exc}"[:300]
    try:
        convert = getattr(msg, "asEmailMessage", None)
        if convert is None:
            return None, f"Outlook .msg is a {type(msg).__name__}, not an email"
        return _with_fixed_boundaries(convert(), data).as_bytes(), None
    except Exception as exc:  # same: conversion walks attacker-controlled streams
        return None, f"Outlook .msg not convertible: {type(exc).__name__}: {exc}"[:300]
    finally:
        msg.close()


def _with_fixed_boundaries(message: EmailMessage, data: bytes) -> EmailMessage:
    """Boundaries drawn from the bytes, not at random: the same .msg parses the same way
    every time (headers and all), so a replay reads exactly what the first run read."""
    seed = hashlib.sha256(data).hexdigest()[:24]
    for index, part in enumerate(message.walk()):
        if part.is_multipart() and part.get_boundary() is None:
            part.set_boundary(f"=_mailroom_{seed}_{index}")
    return message


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return decode_lenient(value).strip("\x00")
    return str(value).strip("\x00")
