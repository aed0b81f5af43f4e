"""XLSX text: a direct read of the sheets for plain workbooks, openpyxl for the rest.

openpyxl builds a whole workbook model (styles, theme, properties, defined names) before
the first row, and reads each sheet twice when it has no ``<dimension>``: ~15 ms for a
small workbook. Text needs the sheet order, the shared strings and the cell values, so
workbooks made only of numbers, strings (shared or inline), booleans and errors are read
here straight from the XML, with openpyxl's read-only rules for rows and columns (see
`_rows`), which makes the text the same. Anything else goes to openpyxl, from the start:
date-formatted numbers (openpyxl turns them into datetimes), chart sheets, missing parts,
and any file the direct read trips over (openpyxl then gives the same error as before).

Text layout: one block per sheet, a ``# Sheet: <name>`` line, then the rows as
tab-separated cells in sheet order (so the header row comes first), empty rows skipped.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator, Sequence, Set
from datetime import date, datetime
from typing import IO

import openpyxl
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKBOOK_TYPES = frozenset(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "openxmlformats-officedocument.spreadsheetml.sheet",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "ms-excel.template.macroEnabled",
    )
)
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES = "xl/styles.xml"
_PARSE_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}
_PARSER = etree.XMLParser(**_PARSE_OPTIONS)
Value = str | int | float | bool | None


class _Unplain(Exception):
    """The workbook uses something only openpyxl reads the way Mailroom always read it."""


def xlsx_text(data: bytes, max_chars: int) -> str:
    """Sheets as text blocks; stops once past ``max_chars``. Data is zip-guarded already."""
    try:
        return _blocks(_direct_sheets(data), max_chars)
    except Exception:  # outside the plain subset, or a broken file: openpyxl decides
        return _blocks(_openpyxl_sheets(data), max_chars)


def _blocks(sheets: Iterator[tuple[str, Iterator[Sequence[Value]]]], max_chars: int) -> str:
    blocks: list[str] = []
    size = 0
    for title, rows in sheets:
        lines = [f"# Sheet: {title}"]
        for row in rows:
            cells = [cell_text(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                line = "\t".join(cells)
                lines.append(line)
                size += len(line) + 1
            if size > max_chars:
                break
        blocks.append("\n".join(lines))
        if size > max_chars:
            break
    return "\n\n".join(blocks)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\t", " ").replace("\n", " ").strip()


def _openpyxl_sheets(data: bytes) -> Iterator[tuple[str, Iterator[Sequence[Value]]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _direct_sheets(data: bytes) -> Iterator[tuple[str, Iterator[Sequence[Value]]]]:
    """Sheets in workbook order, each row read as the text asks for it (a sheet is never
    held whole, and the text stops reading at its character limit)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = _xml(package, "[Content_Types].xml")
        workbook_name = _part_named(types, _WORKBOOK_TYPES)
        if workbook_name is None:
            raise _Unplain("no workbook part named in [Content_Types].xml")
        workbook = _xml(package, workbook_name)
        targets = _relationships(package, workbook_name)
        strings = _shared_strings(package, _part_named(types, {_SHARED_STRINGS}))
        dates = _date_styles(package)
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            kind, target = targets.get(sheet.get(_R_ID) or "", ("", ""))
            if target not in package.NameToInfo:
                continue  # openpyxl skips sheets whose part is missing
            if kind != _WORKSHEET:
                raise _Unplain(f"sheet of type {kind}")
            with package.open(target) as source:
                yield sheet.get("name") or "", _rows(source, strings, dates)


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name), _PARSER)


def _part_named(types: etree._Element, content_types: Set[str]) -> str | None:
    """The first part ``[Content_Types].xml`` gives one of these types (openpyxl's lookup)."""
    for override in types.iter(f"{_TYPES}Override"):
        if override.get("ContentType") in content_types:
            return (override.get("PartName") or "").lstrip("/")
    return None


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) for one part."""
    folder, name = posixpath.split(part)
    rels = _xml(package, posixpath.join(folder, "_rels", f"{name}.rels"))
    found = {}
    for rel in rels.iter(f"{_REL}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id") or ""] = (rel.get("Type") or "", posixpath.normpath(path))
    return found


def _shared_strings(package: zipfile.ZipFile, part: str | None) -> list[str]:
    """As openpyxl reads them (`_text`, with its removal of ``x005F_``)."""
    if part is None:
        return []
    strings = []
    for item in _xml(package, part).iter(f"{_MAIN}si"):
        strings.append(_text(item).replace("x005F_", ""))
    return strings


def _text(item: etree._Element) -> str:
    """A string item's text: plain text, then the text of each run; phonetics left out."""
    pieces = [item.findtext(f"{_MAIN}t")]
    pieces.extend(run.findtext(f"{_MAIN}t") for run in item.iterfind(f"{_MAIN}r"))
    return "".join(p for p in pieces if p is not None)


def _date_styles(package: zipfile.ZipFile) -> frozenset[int]:
    """Style indices whose number format is a date, time or duration (openpyxl's test).

    openpyxl reads the stylesheet from this fixed path; without one it falls back to its
    own defaults, and so does this module, to openpyxl.
    """
    if _STYLES not in package.NameToInfo:
        raise _Unplain("no stylesheet")
    styles = _xml(package, _STYLES)
    custom = {
        int(fmt.get("numFmtId") or ""): fmt.get("formatCode")
        for fmt in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")
    }
    dated = set()
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        raise _Unplain("no cell styles")
    for index, xf in enumerate(cell_xfs.iterfind(f"{_MAIN}xf")):
        number = int(xf.get("numFmtId") or 0)
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code) or is_timedelta_format(code):
            dated.add(index)
    return frozenset(dated)


def _rows(
    source: IO[bytes], strings: list[str], dates: frozenset[int]
) -> Iterator[tuple[Value, ...]]:
    """Rows as openpyxl's read-only ``iter_rows(values_only=True)`` gives them.

    Its rules: a ``<dimension>`` before ``<sheetData>`` bounds the rows and columns read
    (rows after its last row are not read); without one, a row ends at the column of its
    last cell in the file; rows out of order are dropped. Empty rows are left out here
    (the text skips them anyway).
    """
    max_col = max_row = None
    counter = 1
    row_number = 0
    tags = (f"{_MAIN}dimension", f"{_MAIN}row")
    for _, element in etree.iterparse(source, tag=tags, **_PARSE_OPTIONS):
        if element.tag == tags[0]:
            if row_number == 0:
                _, _, max_col, max_row = range_boundaries(element.get("ref"))
            continue
        number = element.get("r")
        row_number = _row_number(number) if number is not None else row_number + 1
        if max_row is not None and row_number > max_row:
            break
        cells = _cells(element, strings, dates) if counter <= row_number else None
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
        if cells is None:
            continue
        counter = row_number + 1
        if not cells and not max_col:
            continue
        width = max_col or cells[-1][0]
        values: list[Value] = [None] * width
        for column, value in cells:
            if 1 <= column <= width:
                values[column - 1] = value
        yield tuple(values)


def _cells(
    row: etree._Element, strings: list[str], dates: frozenset[int]
) -> list[tuple[int, Value]]:
    cells = []
    column = 0
    for cell in row:
        if cell.tag != f"{_MAIN}c":
            raise _Unplain("a row child that is not a cell")  # openpyxl reads it as one
        ref = cell.get("r")
        column = coordinate_to_tuple(ref)[1] if ref else column + 1
        kind = cell.get("t", "n")
        if kind == "inlineStr":  # what openpyxl itself writes
            inline = cell.find(f"{_MAIN}is")
            cells.append((column, None if inline is None else _text(inline)))
            continue
        if kind not in ("n", "s", "str", "b", "e"):
            raise _Unplain(f"cell type {kind}")
        text = cell.findtext(f"{_MAIN}v") or None
        if text is None:
            cells.append((column, None))
        elif kind == "n":
            if int(cell.get("s") or 0) in dates:
                raise _Unplain("date-formatted number")
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            cells.append((column, number))
        elif kind == "s":
            cells.append((column, strings[int(text)]))
        elif kind == "b":
            cells.append((column, bool(int(text))))
        else:
            cells.append((column, text))
    return cells


def _row_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        number = float(value)
        if not number.is_integer():
            raise
        return int(number)
