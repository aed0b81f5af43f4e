"""Render documents to real files: PDF (fpdf2), DOCX (python-docx), XLSX (openpyxl), CSV.

Reproducible bytes matter more than looks here: every renderer pins the creation and
modification dates it is given, and the OOXML zips are rewritten with fixed member
timestamps (openpyxl stamps "now" into docProps/core.xml on save, zipfile stamps "now"
into every member), so rerunning the generator changes nothing in git.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

import docx
import openpyxl
from docx.shared import Pt
from fpdf import FPDF
from openpyxl.styles import Font

from scripts.mailgen.docmodel import Document, Fields, Heading, Paragraph, Table

_ZIP_EPOCH = (2026, 1, 1, 0, 0, 0)
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def pdf_bytes(doc: Document, created: datetime) -> bytes:
    """Render `doc` as a one-column A4 PDF with core fonts (cp1252, so – and € work)."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(created)
    pdf.set_title(doc.title)
    pdf.set_author(doc.author or doc.issuer)
    pdf.set_creator("Mailroom demo generator")
    pdf.set_producer("fpdf2")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(0, 5, doc.issuer, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", 15)
    pdf.multi_cell(0, 8, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for block in doc.blocks:
        _pdf_block(pdf, block)
    if doc.footer:
        pdf.ln(4)
        pdf.set_font("helvetica", "I", 8)
        pdf.multi_cell(0, 4, doc.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_block(pdf: FPDF, block: Paragraph | Heading | Fields | Table) -> None:
    if isinstance(block, Heading):
        pdf.ln(2)
        pdf.set_font("helvetica", "B", 11)
        pdf.multi_cell(0, 6, block.text, new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, Paragraph):
        pdf.set_font("helvetica", "B" if block.bold else "", 9.5)
        pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif isinstance(block, Fields):
        pdf.set_font("helvetica", "", 9.5)
        with pdf.table(col_widths=(1, 2), first_row_as_headings=False, line_height=5) as t:
            for label, value in block.pairs:
                row = t.row()
                row.cell(label)
                row.cell(value)
        pdf.ln(2)
    else:
        pdf.set_font("helvetica", "", 8.5)
        widths = block.widths or tuple(1 for _ in block.header)
        with pdf.table(col_widths=widths, line_height=4.5) as t:
            for cells in (block.header, *block.rows):
                row = t.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(2)


def docx_bytes(doc: Document, created: datetime) -> bytes:
    """Render `doc` as a Word file with pinned core properties."""
    word = docx.Document()
    word.styles["Normal"].font.size = Pt(10)
    props = word.core_properties
    props.title = doc.title
    props.author = doc.author or doc.issuer
    props.last_modified_by = doc.author or doc.issuer
    props.created = created
    props.modified = created
    props.revision = 1
    word.add_paragraph(doc.issuer).runs[0].bold = True
    word.add_heading(doc.title, level=1)
    for block in doc.blocks:
        _docx_block(word, block)
    if doc.footer:
        word.add_paragraph(doc.footer).runs[0].italic = True
    buffer = io.BytesIO()
    word.save(buffer)
    return normalise_zip(buffer.getvalue(), created)


def _docx_block(word: docx.document.Document, block: Paragraph | Heading | Fields | Table) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=2)
    elif isinstance(block, Paragraph):
        word.add_paragraph().add_run(block.text).bold = block.bold
    else:
        rows = block.pairs if isinstance(block, Fields) else (block.header, *block.rows)
        table = word.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for cells in rows:
            for target, text in zip(table.add_row().cells, cells, strict=True):
                target.text = text


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]],
    created: datetime,
    creator: str,
) -> bytes:
    """A workbook with one bold header row per sheet: (sheet name, header, rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = creator
    book.properties.lastModifiedBy = creator
    book.properties.created = created.replace(tzinfo=None)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for index, title in enumerate(header, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, len(title) + 4)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), created)


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """CSV the way LIMS exports look: comma separated, CRLF, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def normalise_zip(data: bytes, created: datetime) -> bytes:
    """Rewrite an OOXML zip with fixed member times and pinned core dates."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, content)
    return out.getvalue()
