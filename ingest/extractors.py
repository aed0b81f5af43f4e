"""One text extractor per document type; each returns text or raises `Unreadable`.

PDF and XLSX have their own modules (`ingest.pdf_text`, `ingest.xlsx_text`).

Extractors stop early once they have ``max_chars`` of text (plus one, so the caller can
tell that the text was cut). Spreadsheet text is one block per sheet: a
``# Sheet: <name>`` line, then the rows as tab-separated cells in sheet order (so the
header row comes first), empty rows skipped. DOCX text keeps paragraphs and tables in
document order, table rows tab-separated.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile

import html2text
from docx.document import Document as DocxDocument
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table

from ingest.charsets import decode_text
from ingest.xlsx_text import xlsx_text as read_xlsx
from ingest.zip_guard import ZipRefused, check_zip

_OPC_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OPC_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_WML_DOCUMENT_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)


class Unreadable(Exception):
    """The data claims a type we read but is not readable as that type."""


def xlsx_text(data: bytes, max_chars: int) -> str:
    _guard_zip(data)
    return read_xlsx(data, max_chars)


def docx_text(data: bytes, max_chars: int) -> str:
    _guard_zip(data)
    document = DocxDocument(parse_xml(_word_document_xml(data)), None)
    parts: list[str] = []
    size = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            text = "\n".join("\t".join(c.text.strip() for c in r.cells) for r in block.rows)
        else:
            text = block.text
        if text.strip():
            parts.append(text)
            size += len(text) + 1
        if size > max_chars:
            break
    return "\n".join(parts)


def _word_document_xml(data: bytes) -> bytes:
    """The main document part of a .docx, read without loading the rest of the package.

    python-docx's ``Document()`` parses every part (styles, numbering, settings, theme, …)
    before it hands out the body, which cost ~10 ms a file; the text needs only the body.
    The checks it made stay: the package names its main part, and that part is a Word
    document (not a template or a macro-enabled file).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            relationships = parse_xml(package.read("_rels/.rels"))
            types = parse_xml(package.read("[Content_Types].xml"))
        except KeyError as exc:
            raise Unreadable(f"not a Word package: {exc}") from exc
        target = next(
            (
                rel.get("Target", "")
                for rel in relationships.iter(f"{{{_OPC_RELATIONSHIPS}}}Relationship")
                if rel.get("Type") == _RT_OFFICE_DOCUMENT
            ),
            None,
        )
        if not target:
            raise Unreadable("not a Word package: no main document part")
        name = posixpath.normpath(posixpath.join("/", target))
        content_type = _content_type(types, name)
        if content_type != _WML_DOCUMENT_MAIN:
            raise Unreadable(f"not a Word document, content type is {content_type!r}")
        try:
            return package.read(name.lstrip("/"))
        except KeyError as exc:
            raise Unreadable(f"not a Word package: {exc}") from exc


def _content_type(types: BaseOxmlElement, partname: str) -> str | None:
    for override in types.iter(f"{{{_OPC_CONTENT_TYPES}}}Override"):
        if (override.get("PartName") or "").lower() == partname.lower():
            return override.get("ContentType")
    extension = posixpath.splitext(partname)[1].lstrip(".").lower()
    for default in types.iter(f"{{{_OPC_CONTENT_TYPES}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType")
    return None


def csv_text(data: bytes, max_chars: int) -> str:
    text = plain_text(data, max_chars)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    return "\n".join("\t".join(cell.strip() for cell in row) for row in rows if any(row))


def plain_text(data: bytes, max_chars: int) -> str:
    decoded = decode_text(data[: max_chars * 4 + 4], None)
    if decoded.text is None:
        raise Unreadable("binary content, not text in any known charset")
    return decoded.text


def html_text(data: bytes, max_chars: int) -> str:
    return html_to_text(plain_text(data, max_chars))


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_links = True
    return converter.handle(html).strip()


def _guard_zip(data: bytes) -> None:
    try:
        check_zip(data)
    except ZipRefused as exc:
        raise Unreadable(str(exc)) from exc
