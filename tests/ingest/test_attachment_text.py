from __future__ import annotations

import io
import os
import zipfile

from ingest import TextStatus, extract_text
from tests.ingest.builders import docx, pdf, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_pdf_text_is_extracted() -> None:
    # Given a generated PDF / When extracted / Then its words come out
    text, status, error = extract_text(
        pdf("Quotation Q-2024-17 total 12,500 EUR"), "q.pdf", "application/pdf"
    )
    assert status is TextStatus.OK and error is None
    assert "Quotation Q-2024-17" in text


def test_truncated_pdf_is_unreadable_with_a_reason() -> None:
    # Given the first half of a PDF
    data = pdf("Quotation " * 200)
    # When extracted / Then UNREADABLE, and the reason says truncated
    text, status, error = extract_text(data[: len(data) // 2], "q.pdf", "application/pdf")
    assert (text, status) == ("", TextStatus.UNREADABLE)
    assert error is not None and "truncated" in error


def test_xlsx_sheets_become_tab_separated_rows_header_first() -> None:
    # Given a sample sheet
    data = xlsx(
        [
            ["Sample ID", "Matrix", "Volume (µl)"],
            ["S-001", "plasma", 250],
            ["S-002", "serum", 125.5],
        ]
    )
    # When extracted
    text, status, _ = extract_text(data, "samples.xlsx", XLSX)
    # Then one block per sheet: title line, then header row, then data rows
    assert status is TextStatus.OK
    assert text.splitlines() == [
        "# Sheet: Samples",
        "Sample ID\tMatrix\tVolume (µl)",
        "S-001\tplasma\t250",
        "S-002\tserum\t125.5",
    ]


def test_random_bytes_named_xlsx_are_unreadable_not_an_exception() -> None:
    text, status, error = extract_text(os.urandom(5000), "samples.xlsx", XLSX)
    assert (text, status) == ("", TextStatus.UNREADABLE)
    assert error is not None and "not a valid zip" in error


def test_zip_bomb_xlsx_is_refused_before_opening() -> None:
    # Given an "xlsx" whose one member expands 20 MB of zeros from a few KB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    # When extracted / Then refused with the reason
    _, status, error = extract_text(buffer.getvalue(), "bomb.xlsx", XLSX)
    assert status is TextStatus.UNREADABLE
    assert error is not None and "zip bomb" in error


def test_docx_paragraphs_and_tables_in_order() -> None:
    # Given a change order with a paragraph and a table
    data = docx(
        ["Change Order CO-3", "Scope: add 20 samples"],
        table=[["Item", "Price"], ["Extra samples", "2,000 EUR"]],
    )
    # When extracted
    text, status, _ = extract_text(data, "co.docx", DOCX)
    # Then paragraphs come first, then the table rows tab-separated
    assert status is TextStatus.OK
    assert text.splitlines() == [
        "Change Order CO-3",
        "Scope: add 20 samples",
        "Item\tPrice",
        "Extra samples\t2,000 EUR",
    ]


def test_csv_becomes_tab_separated() -> None:
    text, status, _ = extract_text(b"Sample ID;Volume\nS-1;5\n", "m.csv", "text/csv")
    assert (text, status) == ("Sample ID\tVolume\nS-1\t5", TextStatus.OK)


def test_html_attachment_is_turned_into_text() -> None:
    text, _, _ = extract_text(b"<h1>Report</h1><p>All <b>passed</b></p>", "r.html", "text/html")
    assert "Report" in text and "All passed" in text and "<" not in text


def test_octet_stream_uses_the_extension() -> None:
    # Given a PDF sent as application/octet-stream / Then the extension picks the extractor
    _, status, _ = extract_text(pdf("hello"), "report.pdf", "application/octet-stream")
    assert status is TextStatus.OK


def test_images_are_unsupported() -> None:
    assert extract_text(b"\x89PNG...", "a.png", "image/png") == ("", TextStatus.UNSUPPORTED, None)


def test_long_text_is_truncated_at_max_chars() -> None:
    text, status, error = extract_text(b"a" * 500, "a.txt", "text/plain", max_chars=100)
    assert (len(text), status) == (100, TextStatus.TRUNCATED)
    assert error == "cut at 100 characters"


def test_empty_pdf_page_is_empty_not_ok() -> None:
    _, status, _ = extract_text(pdf(" "), "blank.pdf", "application/pdf")
    assert status is TextStatus.EMPTY


def _pdf_table(rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=8.5)
    with document.table(col_widths=widths, line_height=4.5) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    return bytes(document.output())


def test_pdf_table_row_with_a_wrapped_cell_stays_one_line() -> None:
    # Given a quote table whose description cell wraps onto a second line
    description = "Tech transfer package review, gap analysis and tech transfer plan"
    data = _pdf_table(
        [("No.", "Description", "Qty", "Line total"), ("1", description, "1", "EUR 28,000.00")],
        (1, 8, 1, 3),
    )
    # When extracted / Then the row is one line, cells in order (the quote parser reads rows)
    text, status, _ = extract_text(data, "quote.pdf", "application/pdf")
    assert status is TextStatus.OK
    assert f"1 {description} 1 EUR 28,000.00" in text.splitlines()


def test_pdf_runs_of_spaces_inside_a_line_survive() -> None:
    # Given a line whose columns are aligned with runs of spaces, and a justified paragraph
    line = "Method validation (ICH M10)          1   GBP 38,500.00"
    prose = "All runs passed acceptance and the report is attached for review. " * 4
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=10)
    document.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    document.multi_cell(0, 5, prose, align="J")
    # When extracted
    text, _, _ = extract_text(bytes(document.output()), "q.pdf", "application/pdf")
    # Then the column gaps keep their runs, and justified text keeps single spaces
    lines = text.splitlines()
    assert lines[0] == line
    assert all("  " not in prose_line.strip() for prose_line in lines[1:])


def test_encrypted_pdf_is_unreadable_with_a_reason() -> None:
    from fpdf import FPDF

    for user_password in ("", "secret"):
        document = FPDF()
        document.add_page()
        document.set_font("helvetica", size=10)
        document.set_encryption(owner_password="owner", user_password=user_password)
        document.cell(0, 6, "Quotation Q-1")
        text, status, error = extract_text(bytes(document.output()), "q.pdf", "application/pdf")
        assert (text, status, error) == ("", TextStatus.UNREADABLE, "pdf: encrypted PDF")


def test_docx_merged_cells_repeat_and_templates_are_unreadable() -> None:
    from docx import Document

    # Given a table whose first row spans two columns
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Quote Q-7"
    table.cell(1, 0).text, table.cell(1, 1).text = "Total", "EUR 5,000.00"
    buffer = io.BytesIO()
    document.save(buffer)
    # When extracted / Then the merged cell is repeated per column, as python-docx reads it
    text, status, _ = extract_text(buffer.getvalue(), "q.docx", DOCX)
    assert (text, status) == ("Quote Q-7\tQuote Q-7\nTotal\tEUR 5,000.00", TextStatus.OK)
    # And a package whose main part is not a Word document is unreadable, with the reason
    template = _rewritten(
        buffer.getvalue(),
        "[Content_Types].xml",
        lambda xml: xml.replace(b"document.main+xml", b"template.main+xml"),
    )
    _, status, error = extract_text(template, "q.docx", DOCX)
    assert status is TextStatus.UNREADABLE
    assert error is not None and "not a Word document" in error


def _rewritten(data: bytes, member: str, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, change(content) if item.filename == member else content)
    return buffer.getvalue()


def test_xlsx_values_and_dates_read_as_before() -> None:
    import datetime

    import openpyxl

    # Given a sheet with strings, numbers, a boolean, an error, a gap and a second sheet
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Quote"
    sheet.append(["Item", "Qty", "Unit price", "Approved"])
    sheet.append(["Validation", 1, 38500.5, True])
    sheet["A4"], sheet["E5"] = "#DIV/0!", "far"
    workbook.create_sheet("Notes")["B2"] = "tab\there"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # When extracted / Then rows come in order, cells tab-separated, blanks kept in place
    text, status, _ = extract_text(buffer.getvalue(), "q.xlsx", XLSX)
    assert status is TextStatus.OK
    assert text == (
        "# Sheet: Quote\nItem\tQty\tUnit price\tApproved\nValidation\t1\t38500.5\tTrue\n"
        "#DIV/0!\n\t\t\t\tfar\n\n# Sheet: Notes\n\ttab here"
    )
    # And date-formatted cells come out as ISO dates
    sheet["A7"] = datetime.date(2026, 3, 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    text, _, _ = extract_text(buffer.getvalue(), "q.xlsx", XLSX)
    assert "2026-03-02T00:00:00" in text.splitlines()
