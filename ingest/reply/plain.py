"""The line walk that keeps a reply's new text.

One pass from the top. Each line is either kept, skipped, or ends the new text:

- skipped: quoted lines (`>` or `Bob>`), and an attribution ("On … wrote:") whose next
  non-blank line is quoted. Together these make interleaved replies work: new lines
  written between quotes are kept.
- ends the text: an attribution followed by unquoted text (clients that quote without
  `>`), a header block (From:/Sent:/To:/Subject: in many languages), an
  "Original Message" separator, a "reply above this line" marker, the "-- " signature
  separator, a mobile footer, a drawn line followed by a footer or a header block, a
  legal disclaimer paragraph.
- a forward marker at the very top (nothing new above it) is not an end: the sender
  forwarded a message with no comment, so the forwarded body *is* what they sent us.
  Its header block is skipped. Any other history with nothing above it yields "":
  a reply that only quotes says nothing new, and reading the quote (often our own
  request) as the sender's words would be wrong.

A mail gateway's "CAUTION: this email originated from outside" paragraph above the new
text is skipped. Code fences (```) are kept verbatim. Finally a trailing contact-signature
block goes.
"""

from __future__ import annotations

import re

from ingest.reply import markers, signature

# Zero-width characters, and the bidi controls Gmail wraps a right-to-left attribution in.
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u200e\u200f\ufeff\u1427\u2060\u202a-\u202e\u2066-\u2069]"
)
MAX_FOOTER_LINES = 12  # a drawn line followed by at most this many lines is a footer
HEADER_LOOKAHEAD = 3  # a drawn line within this many lines above a header block opens it
# Separators, forward and "reply above" markers, "-- " and mobile footers are all shorter.
SHORT_LINE = 200


def extract_plain(text: str) -> str:
    """New text of a text/plain reply body."""
    lines = normalise(text).split("\n")
    kept = _walk(lines)
    postscript = _postscript_start(kept)
    if postscript is not None:  # a P.S. below the signature: the signature goes, it stays
        before = signature.trailing_signature_start(kept[:postscript])
        if before is not None:
            return tidy([*kept[:before], "", *kept[postscript:]])
    start = signature.trailing_signature_start(kept)
    if start is not None:
        kept = kept[:start]
    return tidy(kept)


def _postscript_start(lines: list[str]) -> int | None:
    """Where the last paragraph starts, when it is a postscript."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    return start if start < end and signature.is_postscript(lines[start]) else None


def normalise(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # A regex, not `str.translate` with a dict (~100 ns a character on non-ASCII text).
    return text if text.isascii() else _INVISIBLE.sub("", text)


_LIST_MARK_GAP = re.compile(r"^(\s*(?:\d{1,3}[.)]|[a-z][.)]|[•·▪◦§o-]))\s{2,}(?=\S)")
_IMAGE_PLACEHOLDER = re.compile(r"^\s*\[(?:cid|image):[^\]]*\]\s*$", re.IGNORECASE)


def tidy(lines: list[str]) -> str:
    """Right-strip lines; drop leading/trailing blank and drawn lines; one blank in a row;
    no indent before the first word (webmail renders the body with a leading space); no
    "[cid:image002.png@…]" where an inline picture stood; "1.      Item" (Word's list
    indent) as "1. Item"."""
    out: list[str] = []
    for line in lines:
        if _IMAGE_PLACEHOLDER.match(line):
            continue
        line = _LIST_MARK_GAP.sub(r"\1 ", line)
        if line.strip() or (out and out[-1]):
            out.append(line.rstrip())
    while out and (not out[-1].strip() or markers.is_delimiter(out[-1])):
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    if out:
        out[0] = out[0].lstrip()
    return "\n".join(out)


def _walk(lines: list[str]) -> list[str]:
    out: list[str] = []
    has_new = False  # any non-blank line kept so far
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        fence_edge = stripped.startswith("```")
        in_fence = in_fence != fence_edge
        if not (in_fence or fence_edge) and markers.is_quoted(line) and not _is_data(lines, index):
            index += 1
            continue
        step = None if in_fence or fence_edge else _classify(lines, index, stripped, has_new)
        if step is None:
            out.append(line)
            has_new = has_new or bool(stripped)
            index += 1
        elif step < 0:
            if signature.is_mobile_footer(line) and _answers_below(lines, index + 1):
                index += 1  # the client's footer above a quote the sender answered inline
                continue
            _drop_name_above_footer(lines, index, out)
            break
        else:
            index = step
    return out


# "> 5 mg/mL", "> 2.5 %": a number (not a list's "2.") and its unit.
_COMPARISON = re.compile(
    r"^>\s?[<=]?\s?\d[\d,]*(?:\.\d+)?\s*(?:%|[a-zµ°/]{1,8}\b)", re.IGNORECASE
)


def _is_data(lines: list[str], index: int) -> bool:
    """"> 5 mg/mL" on a line of its own, new text right below it: a value, not a quote."""
    if not _COMPARISON.match(lines[index].strip()) or index + 1 >= len(lines):
        return False
    above, below = lines[index - 1] if index else "", lines[index + 1]
    return bool(below.strip()) and not markers.is_quoted(below) and not markers.is_quoted(above)


def _classify(lines: list[str], index: int, stripped: str, has_new: bool) -> int | None:
    """None: an ordinary line. -1: the new text ends here. n >= 0: continue at line n.

    The line is not quoted (the walk skips quoted lines); `stripped` is it stripped.

    Most lines are prose, so the tests that can only match a short line run on short
    lines only, and a line that ends a sentence (and names no address) skips the
    attribution test, which such a line never passes (`markers.attribution_end`).
    """
    line = lines[index]
    if not stripped:
        return None  # no marker is blank, and a blank line starts no paragraph
    if len(stripped) < SHORT_LINE:
        if markers.is_forward_marker(stripped):
            return -1 if has_new else _after_header_block(lines, index + 1)
        if (
            markers.is_separator(stripped)
            or markers.is_reply_above_marker(stripped)
            or markers.is_signature_dashes(line)
            or signature.is_mobile_footer(line)
        ):
            return -1
    if markers.header_block_end(lines, index) is not None:
        return -1
    if stripped[-1] not in ".!?" or "@" in stripped:
        end = markers.attribution_end(lines, index)
        if end is not None:
            following = _next_text(lines, end)
            if following is not None and markers.is_quoted(lines[following]):
                return end
            # Misplaced at the very top, above a greeting and then the quote it introduces
            # (a client that put the attribution first): skip it, not the reply.
            return end if not has_new and _quote_follows(lines, end) else -1
    if markers.is_delimiter(line) and _opens_footer(lines, index + 1):
        return -1 if has_new else index + 1
    if _starts_paragraph(lines, index):
        if not has_new and markers.is_external_banner(_paragraph(lines, index)):
            return _banner_end(lines, index)  # the gateway's warning, not the sender's
        if has_new and signature.is_disclaimer(_paragraph(lines, index)):
            return -1
    return None


def _answers_below(lines: list[str], start: int) -> bool:
    """An attribution next, then a quote with the sender's own lines between its quoted
    ones (answers typed inline): Proton Mail and others put their footer above the quote."""
    first = _next_text(lines, start)
    end = markers.attribution_end(lines, first) if first is not None else None
    if end is None:
        return False
    seen_quote = answered = False
    for line in lines[end:]:
        if not line.strip():
            continue
        if markers.is_quoted(line):
            if answered:
                return True  # quoted, then the sender's words, then quoted again
            seen_quote = True
        elif seen_quote:
            if markers.header_block_end([line], 0) is not None or signature.is_mobile_footer(line):
                return False
            answered = True
    return False


ATTRIBUTION_REACH = 3  # text lines between a misplaced attribution and its quote


def _quote_follows(lines: list[str], start: int) -> bool:
    texts = [i for i in range(start, len(lines)) if lines[i].strip()][: ATTRIBUTION_REACH + 1]
    return any(markers.is_quoted(lines[i]) for i in texts[1:])


def _has_text(out: list[str]) -> bool:
    return any(line.strip() for line in out)


def _next_text(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _after_header_block(lines: list[str], start: int) -> int:
    """Index after the header block (up to its first blank line) below a forward marker."""
    first = _next_text(lines, start)
    if first is None or markers.header_key(lines[first]) is None:
        return start
    index = first
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _opens_footer(lines: list[str], start: int) -> bool:
    """After a drawn line: a short tail, or a header block / attribution close below."""
    rest = [i for i in range(start, len(lines)) if lines[i].strip()]
    if len(rest) <= MAX_FOOTER_LINES:
        return True
    return any(
        markers.header_block_end(lines, i) is not None or markers.is_separator(lines[i])
        for i in rest[:HEADER_LOOKAHEAD]
    )


def _starts_paragraph(lines: list[str], index: int) -> bool:
    return index == 0 or not lines[index - 1].strip()


def _paragraph_end(lines: list[str], index: int) -> int:
    end = index
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


# Words of a gateway's warning that may run on over a second line.
_BANNER_WORDS = re.compile(
    r"\b(?:click|links?|attachments?|sender|safe|outside|external|phishing|report|caution"
    r"|organi[sz]ation|trust|suspicious)\b",
    re.IGNORECASE,
)


_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|hallo|liebe[rs]?|bonjour|hola|ciao|buongiorno|beste|good\s+"
    r"(?:morning|afternoon))\b",
    re.IGNORECASE,
)


def _banner_end(lines: list[str], index: int) -> int:
    """The end of a gateway banner: its paragraph, unless the sender's text follows on the
    next line with no blank between (HTML rendered without its rule): a line after a
    finished sentence that says nothing of links, senders or safety is the sender's."""
    end = _paragraph_end(lines, index)
    for at in range(index + 1, end):
        previous = lines[at - 1].rstrip()
        if _GREETING.match(lines[at]) or (
            previous.endswith((".", "!")) and not _BANNER_WORDS.search(lines[at])
        ):
            return at
    return end


def _paragraph(lines: list[str], index: int) -> str:
    return " ".join(line.strip() for line in lines[index : _paragraph_end(lines, index)])


def _drop_name_above_footer(lines: list[str], index: int, out: list[str]) -> None:
    """ "Stavros X\\nvia mobile": the name line right above a mobile footer goes too."""
    if not signature.is_mobile_footer(lines[index]) or len(out) < 2:
        return
    if signature.is_name_line(out[-1], min_words=2) and not out[-2].strip() and _has_text(out[:-1]):
        out.pop()
