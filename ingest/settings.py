"""Typed limits for parsing, passed in by the caller (never read from the environment)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    """Bounds that keep one hostile message from costing more than any honest one.

    Anything over a limit is recorded (a REJECTED or IGNORED leaf, a defect), never raised.
    """

    max_attachment_bytes: int = 25 * MB  # a leaf bigger than this is REJECTED
    max_text_chars: int = 200_000  # per attachment text and per body
    max_nested_depth: int = 5  # message/rfc822, TNEF and .msg containers inside each other
    max_leaves: int = 1_000  # leaves past this are IGNORED (still counted in the ledger)
    tracking_pixel_bytes: int = 200  # images smaller than this are treated as tracking pixels
    max_filename_chars: int = 150  # display names are cut to this length, extension kept
