"""A tiny document model so one description renders as PDF or DOCX alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, printed as a two-column block (quote no., date, PO, ...)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths; equal when empty


Block = Paragraph | Heading | Fields | Table


@dataclass(frozen=True)
class Document:
    """A business document: who issued it, what it is, and its body blocks."""

    issuer: str
    title: str
    blocks: tuple[Block, ...]
    author: str = ""
    footer: str = ""
