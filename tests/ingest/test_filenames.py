from __future__ import annotations

import pytest

from ingest.filenames import safe_filename


@pytest.mark.parametrize(
    ("raw_name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\evil.exe", "evil.exe"),
        ("..", "attachment-3.pdf"),
        ("report\x00.pdf\x07", "report.pdf"),
        ("\u202eexe.pdf", "exe.pdf"),
        (".hidden", "hidden"),
        ("", "attachment-3.pdf"),
        (None, "attachment-3.pdf"),
        ("a..b.pdf", "a_b.pdf"),
    ],
)
def test_names_are_display_names_never_paths(raw_name: str | None, expected: str) -> None:
    assert safe_filename(raw_name, 3, "application/pdf") == expected


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = safe_filename("x" * 500 + ".xlsx", 1, "application/octet-stream", max_chars=40)
    assert len(name) == 40 and name.endswith(".xlsx")
