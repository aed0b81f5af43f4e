"""Reply-text extraction (placeholder: being replaced by the real extractor)."""

from __future__ import annotations


def extract_reply(text: str, html: str = "") -> str:
    """Return the new text of a reply: no quoted history, signature or disclaimer."""
    lines = []
    for line in (text or "").splitlines():
        if line.startswith(">"):
            break
        lines.append(line)
    return "\n".join(lines).strip()
