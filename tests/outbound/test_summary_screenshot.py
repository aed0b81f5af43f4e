"""The weekly summary HTML opens in headless Chromium and renders a non-blank page."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from outbound.render import render
from tests.fixtures.services import require, which
from tests.outbound.contexts import outgoing

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@pytest.mark.chromium
def test_weekly_summary_html_renders_in_headless_chromium() -> None:
    # Given the rendered HTML part of a weekly summary
    chromium = which("chromium", "/usr/bin")
    require(chromium is not None, "chromium (Debian package) at /usr/bin/chromium")
    msg = render(outgoing("weekly_summary"))
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "weekly_summary.html"
    shot = ARTIFACTS / "weekly_summary.png"
    page.write_text(html, encoding="utf-8")
    shot.unlink(missing_ok=True)
    # When Chromium opens it headless and takes a screenshot
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(chromium),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                "--window-size=800,1400",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    # Then a valid PNG of that size exists, and it is not a blank page
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as image:
        image.verify()
    with Image.open(shot) as image:
        assert image.size == (800, 1400)
        gray = image.convert("L")
        assert len(gray.getcolors(maxcolors=256 * 256) or []) > 20  # text, tables, header
        assert ImageStat.Stat(gray).stddev[0] > 10
