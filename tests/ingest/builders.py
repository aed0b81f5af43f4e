"""Test inputs built in code: emails (stdlib `email`), documents, TNEF, a PNG pixel."""

from __future__ import annotations

import io
import struct
import zlib
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from ingest import RawEmail


def simple_mail(
    body: str = "Hello,\n\nplease find the quote attached.\n",
    subject: str = "Quote for PRJ-7",
    sender: str = "Alice Example <Alice@Sponsor.example>",
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "proj-abc@mailroom.example"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 05 Mar 2024 10:15:00 +0100"
    msg["Message-ID"] = "<m1@sponsor.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def raw(message: Message | bytes, origin: str = "test") -> RawEmail:
    data = message if isinstance(message, bytes) else message.as_bytes()
    return RawEmail.from_bytes(data, origin)


def mime_leaf_count(data: bytes) -> int:
    """Leaves as the stdlib sees them: every non-multipart part of `Message.walk()`."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.compat32)
    return sum(1 for part in message.walk() if not part.is_multipart())


def with_raw_part(
    content_type: str, payload: bytes, *, filename: str | None = None, **params: str
) -> bytes:
    """A multipart/mixed mail with a text body and one part carrying exactly these bytes."""
    outer = MIMEMultipart("mixed")
    outer["From"] = "cro@lab.example"
    outer["To"] = "proj-abc@mailroom.example"
    outer["Subject"] = "raw part"
    outer["Message-ID"] = "<raw@lab.example>"
    outer.attach(MIMEText("see attached", "plain", "utf-8"))
    maintype, subtype = content_type.split("/")
    part = MIMEBase(maintype, subtype, **params)
    part.set_payload(payload)
    from email import encoders

    encoders.encode_base64(part)
    if filename is not None:
        part.add_header("Content-Disposition", "attachment", filename=filename)
    outer.attach(part)
    return outer.as_bytes()


def png(width: int, height: int, extra: int = 0) -> bytes:
    """A valid PNG of the given size; ``extra`` pads it with a text chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    text = chunk(b"tEXt", b"Comment\x00" + b"x" * extra) if extra else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + text
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf(text: str) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.multi_cell(0, 10, text)
    return bytes(document.output())


def xlsx(rows: list[list[object]], title: str = "Samples") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tnef(files: list[tuple[str, bytes]], body: bytes = b"") -> bytes:
    """A minimal TNEF stream (what Outlook sends as winmail.dat), built from the spec:
    signature, key, then attributes ``level, id, type, length, data, checksum``."""

    def attribute(level: int, name: int, kind: int, data: bytes) -> bytes:
        checksum = sum(data) & 0xFFFF
        return (
            struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", checksum)
        )

    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    if body:
        out += attribute(1, 0x800C, 0x0002, body)  # attBody
    for name, data in files:
        out += attribute(2, 0x9002, 0x0006, b"\x00" * 14)  # attAttachRendData starts one
        out += attribute(2, 0x8010, 0x0001, name.encode() + b"\x00")  # attAttachTitle
        out += attribute(2, 0x800F, 0x0006, data)  # attAttachData
    return out
