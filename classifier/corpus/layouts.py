"""What text extraction does to a document: the layer between a clean text and real input.

A PDF's text comes out with running page headers and footers, hard line breaks at the
column edge (mid-sentence), table cells joined by single spaces or split one per line,
and bullets as odd characters; a DOCX table comes out tab-separated; an XLSX sheet comes
out tab-separated with a sheet name on top. Each function here applies one of these to
a generated text, drawing its choices from the generator context, so the models learn
documents as extractors deliver them instead of as we would write them.
"""

from __future__ import annotations

import re
from typing import Protocol

PAGE_HEADERS = (
    "{org} - Confidential",
    "Page {page} of {pages}",
    "{org} · {ref} · Page {page}",
    "CONFIDENTIAL",
    "{ref}    Page {page}/{pages}",
    "{org} | {ref}",
    "Printed {date} - uncontrolled copy",
    "- {page} -",
    "{org}, registered office {city}",
    "Version {version}    {date}",
    "{org} proprietary information",
    "{page}",
)
CITIES = ("Cambridge", "Basel", "Leiden", "Shanghai", "Boston", "Lyon", "Munich", "Dublin")
BULLETS = ("•", "-", "▪", "◦", "*", "", "o", "")


class Context(Protocol):
    def pick(self, bank: tuple[str, ...]) -> str: ...
    def fill(self, template: str) -> str: ...
    def chance(self, p: float) -> bool: ...
    def randint(self, a: int, b: int) -> int: ...


def running_lines(g: Context, text: str, ref: str) -> str:
    """Page headers and footers repeated every 30-60 lines, as a PDF extractor keeps them."""
    lines = text.split("\n")
    header = g.pick(PAGE_HEADERS)
    footer = g.pick(PAGE_HEADERS)
    every = g.randint(30, 60)
    pages = 1 + len(lines) // every
    values = {
        "org": g.fill("{org}"),
        "ref": ref,
        "pages": str(pages),
        "date": g.fill("{date}"),
        "city": CITIES[g.randint(0, len(CITIES) - 1)],
        "version": f"{g.randint(1, 3)}.{g.randint(0, 2)}",
    }
    out: list[str] = []
    for page in range(pages):
        values["page"] = str(page + 1)
        if g.chance(0.7):
            out.append(header.format(**values))
        out += lines[page * every : (page + 1) * every]
        if g.chance(0.7):
            out.append(footer.format(**values))
    return "\n".join(out)


def hard_wrap(g: Context, text: str) -> str:
    """Long lines broken at the column edge, as PDF text comes out."""
    width = g.randint(70, 130)
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut])
            line = line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


_CELLS = re.compile(r"\t| \| |;|,(?! )| {3,}")


def flatten_tables(g: Context, text: str) -> str:
    """Table rows as a PDF gives them: cells joined by one space, or one cell per line."""
    one_per_line = g.chance(0.25)
    out = []
    for line in text.split("\n"):
        cells = _CELLS.split(line)
        if len(cells) < 3:
            out.append(line)
        elif one_per_line and g.chance(0.5):
            out += [c.strip() for c in cells]
        else:
            out.append(" ".join(c.strip() for c in cells))
    return "\n".join(out)


def bullets(g: Context, items: list[str]) -> list[str]:
    mark = g.pick(BULLETS)
    return [f"{mark} {x}".strip() if mark else x for x in items]


def extracted(g: Context, text: str, content_type: str, ref: str) -> str:
    """The text an extractor would return for a document of `content_type`."""
    if "pdf" in content_type:
        if g.chance(0.6):
            text = flatten_tables(g, text)
        if g.chance(0.6):
            text = hard_wrap(g, text)
        if g.chance(0.6):
            text = running_lines(g, text, ref)
    elif "word" in content_type:
        if g.chance(0.3):
            text = running_lines(g, text, ref)
    elif "sheet" in content_type and g.chance(0.3):
        text = g.pick(("Sheet1", "Data", "Summary", "Table 1", "Export", "Manifest")) + "\n" + text
    return text
