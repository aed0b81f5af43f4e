"""Build `Attachment` values from kept bytes, opening TNEF and ``.msg`` wrappers.

A wrapper stays an attachment itself (its text is the wrapper's own body, so nothing
the sender wrote is lost), and each file inside it becomes another attachment whose
``container`` names the wrapper. Files inside wrappers are not MIME leaves, so they never
enter the leaf ledger; limits still apply to them and a refusal is recorded as a defect.
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace

from ingest.attachment_text import extract_text
from ingest.containers import container_kind, unpack
from ingest.extractors import html_to_text
from ingest.filenames import safe_filename
from ingest.raw_store import sha256_hex
from ingest.settings import ParseLimits
from ingest.types import Attachment, TextStatus


class AttachmentBuilder:
    """Turns bytes into attachments for one message; shares its defect list and sha set."""

    def __init__(self, limits: ParseLimits, defects: list[str], seen: dict[str, str]) -> None:
        self.limits = limits
        self.defects = defects
        self.seen = seen  # sha256 -> where it was first kept

    def build(
        self,
        data: bytes,
        filename: str,
        content_type: str,
        *,
        depth: int,
        inline: bool = False,
        content_id: str | None = None,
        container: str | None = None,
    ) -> list[Attachment]:
        """The attachment for these bytes, plus any files unpacked from inside it."""
        base = _base_attachment(data, filename, content_type, inline, content_id, container)
        kind = container_kind(filename, content_type, data)
        if kind is None:
            text, status, error = extract_text(
                data, filename, content_type, max_chars=self.limits.max_text_chars
            )
            return [replace(base, text=text, text_status=status, text_error=error)]
        if depth >= self.limits.max_nested_depth:
            reason = f"{kind} container nested deeper than {self.limits.max_nested_depth} levels"
            self.defects.append(f"{filename}: {reason}, not opened")
            return [replace(base, text_status=TextStatus.UNSUPPORTED, text_error=reason)]
        return self._unpack(kind, base, depth)

    def _unpack(self, kind: str, base: Attachment, depth: int) -> list[Attachment]:
        filename = base.filename
        unpacked = unpack(kind, base.data)
        if unpacked.error:
            self.defects.append(f"{filename}: {unpacked.error}")
            return [replace(base, text_status=TextStatus.UNREADABLE, text_error=unpacked.error)]
        self.defects.extend(f"{filename}: {problem}" for problem in unpacked.problems)
        text = unpacked.text or (html_to_text(unpacked.html) if unpacked.html else "")
        text = text[: self.limits.max_text_chars]
        status = TextStatus.OK if text.strip() else TextStatus.EMPTY
        result = [replace(base, text=text, text_status=status)]
        for number, (inner_name, inner_data) in enumerate(unpacked.files, start=1):
            result.extend(self._inner(filename, number, inner_name, inner_data, depth))
        return result

    def _inner(
        self, container: str, number: int, raw_name: str | None, data: bytes, depth: int
    ) -> list[Attachment]:
        content_type = mimetypes.guess_type(raw_name or "")[0] or "application/octet-stream"
        name = safe_filename(raw_name, number, content_type, self.limits.max_filename_chars)
        where = f"{container} file {number} ({name})"
        if len(data) > self.limits.max_attachment_bytes:
            self.defects.append(f"{where}: rejected, {over_limit(self.limits)}")
            return []
        sha = sha256_hex(data)
        if sha in self.seen:
            return []  # same bytes already kept from this message
        self.seen[sha] = where
        return self.build(data, name, content_type, depth=depth + 1, container=container)


def over_limit(limits: ParseLimits) -> str:
    size = limits.max_attachment_bytes
    if size % (1024 * 1024) == 0:
        return f"over size limit {size // (1024 * 1024)} MB"
    return f"over size limit {size} bytes"


def _base_attachment(
    data: bytes,
    filename: str,
    content_type: str,
    inline: bool,
    content_id: str | None,
    container: str | None,
) -> Attachment:
    return Attachment(
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=sha256_hex(data),
        data=data,
        inline=inline,
        content_id=content_id,
        container=container,
    )
