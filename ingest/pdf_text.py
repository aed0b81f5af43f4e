"""PDF text through PDFium (pypdfium2), laid out the way Mailroom's readers expect.

PDFium reads the PDFs we get about ten times faster than pypdf (Mailroom's reader
before) and recovers broken cross-reference tables itself. Its text differs from
pypdf's in two ways that matter downstream, and both are put back here from PDFium's
character geometry: table rows whose cells wrap are one line again (`_rows`), and runs
of spaces that align columns survive (`_pieces`). Tracker's quote and sample parsers read
rows and split columns on runs of spaces; on PDFs like the ones the demo and the tests
generate, the text is the same as pypdf's.

PDFium is not thread-safe, so one lock serialises every call into it (workers may run
several threads).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.extractors import Unreadable

TextPage = pdfium_c.FPDF_TEXTPAGE  # the raw handle: ctypes calls on it skip a wrapper each
_PDFIUM_LOCK = threading.Lock()
_MAX_SPACE_RUN = 40  # restored runs of spaces are capped; a column gap, not a layout
_PDFIUM_HYPHEN = "\ufffe"  # PDFium joins a word hyphenated at a line end with this mark


def pdf_text(data: bytes, max_chars: int) -> str:
    """Page texts in order, pages separated by a blank line; stops past ``max_chars``."""
    if not data.startswith(b"%PDF-"):
        raise Unreadable("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise Unreadable("truncated PDF (no %%EOF marker at the end)")
    with _PDFIUM_LOCK:
        document = _open_pdf(data)
        try:
            if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
                raise Unreadable("encrypted PDF")
            pages: list[str] = []
            size = 0
            for index in range(len(document)):
                text = _page_text(document, index)
                pages.append(text)
                size += len(text)
                if size > max_chars:
                    break
        finally:
            document.close()
    return "\n\n".join(pages)


def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise Unreadable("encrypted PDF") from exc
        raise


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = _rows(textpage.raw, textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()
    return text.replace(_PDFIUM_HYPHEN, "-\n")


def _rows(textpage: TextPage, text: str) -> str:
    """PDFium's text re-cut into lines the way pypdf (Mailroom's reader before) cut it.

    Tracker's quote and sample parsers read a table row from one line. PDFium starts a new
    line when the baseline moves a little (a table row whose description cell wraps comes
    out as several lines) and sometimes keeps going when it moves a lot (a header row and
    the row below on one line). So the text is cut into pieces of one baseline each, and
    like pypdf, a piece joins the line before it when its baseline lies within 0.8 font
    sizes of the baselines that line spans: a vertically centred cell sits between the two
    baselines of a cell wrapped in two, and the row stays one line.
    """
    # Text and character indices coincide unless PDFium left characters out; the
    # geometry below is skipped in that rare case rather than mapped index by index.
    aligned = pdfium_c.FPDFText_CountChars(textpage) == len(text)
    out: list[str] = []
    span: tuple[float, float] | None = None  # lowest and highest baseline of out[-1]
    previous_size = 0.0
    offset = 0
    for line in text.split("\r\n"):
        pieces = _pieces(textpage, offset, line) if aligned else [_Piece(line)]
        offset += len(line) + 2
        for piece in pieces:
            if piece.baseline is None:
                out.append(piece.text)
                span = None
                continue
            low, high = span if span is not None else (piece.low, piece.high)
            distance = max(0.0, piece.low - high, low - piece.high)
            if span is not None and out[-1] and distance <= 0.8 * min(piece.size, previous_size):
                out[-1] += piece.text if out[-1].endswith(" ") else " " + piece.text
                span = (min(low, piece.low), max(high, piece.high))
            else:
                out.append(piece.text)
                span = (piece.low, piece.high)
            previous_size = piece.last_size
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class _Piece:
    """Part of a PDFium line on one baseline (within 0.8 font sizes), and where it sits."""

    text: str
    baseline: float | None = None  # of the first character; None: no geometry, keep as is
    low: float = 0.0  # lowest and highest baseline of the strings in the piece
    high: float = 0.0
    size: float = 0.0  # font size of the first character and of the last
    last_size: float = 0.0


def _pieces(textpage: TextPage, offset: int, line: str) -> list[_Piece]:
    """A PDFium line cut where the baseline jumps, with runs of spaces restored.

    PDFium separates strings with a space it generates, so a jump shows at a space: the
    space sits on the baseline of the string before it, the next character on its own.
    PDFium also keeps only one space of a run the PDF wrote (``"Validation      1   GBP"``),
    and the quote and sample parsers split aligned columns on runs of two or more. A
    run's length is read back from the advance to the next character of the same string,
    in units of the piece's narrowest such advance, not in space widths: justified text
    stretches every space of a line alike (PDF word spacing). The cost is a piece whose
    only gaps are runs of one length ("Total          1"), which comes out single-spaced.
    """
    origin, font_size = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetFontSize
    x, y, next_x, next_y = (ctypes.c_double() for _ in range(4))
    cuts: list[int] = []  # positions of the spaces where a new baseline starts
    gaps: list[tuple[int, float]] = []  # position of a space, advance to the next character
    shifts: list[tuple[int, float]] = []  # position of a space, baseline after it if moved
    at = line.find(" ")
    while 0 <= at < len(line) - 1:
        index = offset + at
        if (
            line[at + 1] != " "
            and origin(textpage, index, x, y)
            and origin(textpage, index + 1, next_x, next_y)
        ):
            moved = abs(next_y.value - y.value)
            if moved > 0.01:
                after = font_size(textpage, index + 1)
                before = font_size(textpage, index - 1) if at else after
                if moved > 0.8 * min(before, after):
                    cuts.append(at)
                else:
                    shifts.append((at, next_y.value))
            elif next_x.value > x.value:
                gaps.append((at, next_x.value - x.value))
        at = line.find(" ", at + 1)
    pieces = []
    start = 0
    for end in [*cuts, len(line)]:
        pieces.append(
            _piece(
                textpage,
                offset + start,
                line[start:end],
                [(a - start, g) for a, g in gaps if start <= a < end],
                [b for a, b in shifts if start <= a < end],
            )
        )
        start = end + 1
    return pieces


def _piece(
    textpage: TextPage, offset: int, text: str, gaps: list[tuple[int, float]], shifts: list[float]
) -> _Piece:
    spaced = _with_space_runs(textpage, offset, text, gaps)
    stripped = text.lstrip(" ")
    if not stripped.strip():
        return _Piece(spaced)
    first = offset + len(text) - len(stripped)
    last = offset + len(text.rstrip()) - 1
    x, y = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(textpage, first, x, y):
        return _Piece(spaced)
    baselines = [y.value, *shifts]
    return _Piece(
        spaced,
        baseline=y.value,
        low=min(baselines),
        high=max(baselines),
        size=pdfium_c.FPDFText_GetFontSize(textpage, first),
        last_size=pdfium_c.FPDFText_GetFontSize(textpage, last),
    )


def _with_space_runs(
    textpage: TextPage, offset: int, text: str, gaps: list[tuple[int, float]]
) -> str:
    """The piece with each written space widened to the run it stood for (see `_pieces`)."""
    if not gaps:
        return text
    unit = min(advance for _, advance in gaps)
    pieces: list[str] = []
    done = 0
    for at, advance in gaps:
        count = round(advance / unit)
        if count > 1 and _written_run(textpage, offset + at):
            pieces.append(text[done:at])
            pieces.append(" " * min(count, _MAX_SPACE_RUN))
            done = at + 1
    pieces.append(text[done:])
    return "".join(pieces)


def _written_run(textpage: TextPage, index: int) -> bool:
    """Whether the space at `index` was written in the same string as the next character."""
    if pdfium_c.FPDFText_IsGenerated(textpage, index):
        return False
    text_object = pdfium_c.FPDFText_GetTextObject
    found = ctypes.cast(text_object(textpage, index), ctypes.c_void_p).value
    following = ctypes.cast(text_object(textpage, index + 1), ctypes.c_void_p).value
    return found is not None and found == following
