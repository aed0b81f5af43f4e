"""Text/plain sent as ``format=flowed`` (RFC 3676), joined back into its paragraphs.

Apple Mail and Thunderbird wrap long lines at about 72 characters and mark each soft
break with a trailing space. Read as it arrives, a sentence is cut in two and the reply
text keeps line breaks its writer never typed. Quoted lines carry their depth in leading
``>`` and only join lines of the same depth; the signature separator ``-- `` never joins.
"""

from __future__ import annotations

SIGNATURE_SEPARATOR = "-- "


def unflow(text: str, *, delsp: bool = False) -> str:
    """Join soft-broken lines; ``delsp``: the trailing space belongs to the break, not the
    text (DelSp=yes, used by writers of languages without spaces between words)."""
    out: list[tuple[int, str]] = []  # (quote depth, text) of each logical line
    joining = False
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing (or the space after the quote marks)
        soft = content.endswith(" ") and content != SIGNATURE_SEPARATOR
        if soft and delsp:
            content = content[:-1]
        if joining and out and out[-1][0] == depth:
            out[-1] = (depth, out[-1][1] + content)
        else:
            out.append((depth, content))
        joining = soft
    return "\n".join(f"{'>' * depth} {content}" if depth else content for depth, content in out)
