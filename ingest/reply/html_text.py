"""HTML body to plain text, with quoted history marked by the mail client's own structure.

HTML replies carry more structure than their text/plain twins, and each client has its
own idea of where the quote starts:

- Gmail wraps the attribution and the quote in `div.gmail_quote` (`gmail_quote_container`
  in newer versions); Apple Mail and Thunderbird use `blockquote type=cite`, Thunderbird
  puts the attribution in `div.moz-cite-prefix`; Yahoo uses `div.yahoo_quoted`.
- Outlook desktop draws a `border-top` rule above a From/Sent/To/Subject block; Outlook on
  the web puts that block in `div#divRplyFwdMsg` (after `div#appendonsend`); Outlook for
  Mac uses `span#OLK_SRC_BODY_SECTION`; Outlook 2003, Hotmail and Zimbra use `<hr>`.

Quote containers are rendered as `> ` lines, so the plain-text walk treats them like any
quoted text (and keeps new text written between them). Outlook's separators cut the
document: they are followed by the whole history, unmarked. An `<hr>` becomes a drawn
line, and the plain-text walk decides from what follows whether it opens history.
lxml is used because mail HTML is rarely well-formed and its parser recovers like a
browser does.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ingest.reply.markers import header_key

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset(
    ["head", "script", "style", "title", "meta", "link", "xml", "noscript", "template"]
)
_QUOTE_CLASSES = ("gmail_quote", "gmail_quote_container", "moz-cite-prefix", "protonmail_quote")
_CUT_IDS = (
    "divrplyfwdmsg",
    "x_divrplyfwdmsg",
    "appendonsend",
    "olk_src_body_section",
    "mail-editor-reference-message-container",
    "x_appendonsend",
)
_CUT_CLASSES = (
    "yahoo_quoted",
    "outlookmessageheader",
    "x_outlookmessageheader",
    "ms-outlook-mobile-reference-message",
)
_DROP_CLASSES = ("gmail_signature", "moz-signature")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
RULE = "-" * 20
_BLOCK_EDGE = "\x00"
_EDGE_RUN = re.compile(r"\x00(?: *\x00)*")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML body; quotes as `> ` lines, Outlook history cut off."""
    root = _parse(markup)
    if root is None:
        return ""
    _drop_signatures(root)
    _cut_history(root)
    pieces: list[str] = []
    _render(root, pieces, preformatted=False)
    return _tidy("".join(pieces))


def _parse(markup: str) -> etree._Element | None:
    markup = _XML_DECLARATION.sub("", markup or "", count=1)
    if not markup.strip():
        return None
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


def _is_quote(element: etree._Element) -> bool:
    return element.tag == "blockquote" or bool(_classes(element) & set(_QUOTE_CLASSES))


def _is_cut(element: etree._Element) -> bool:
    if (element.get("id") or "").lower() in _CUT_IDS or _classes(element) & set(_CUT_CLASSES):
        return True
    if (element.get("id") or "").lower().startswith("yahoo_quoted"):
        return True
    return _is_outlook_rule(element)


def _is_outlook_rule(element: etree._Element) -> bool:
    """Outlook's `border-top:solid` box whose text opens with a From-like header."""
    style = (element.get("style") or "").lower().replace(" ", "")
    if "border-top" not in style or "solid" not in style:
        return False
    text = _SPACE.sub(" ", "".join(element.itertext())[:300]).strip()
    return header_key(text) is not None


def _drop_signatures(root: etree._Element) -> None:
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _classes(element) & set(_DROP_CLASSES):
            _remove_keeping_tail(element)


def _cut_history(root: etree._Element) -> None:
    """Remove the first history separator and everything after it in document order."""
    for element in root.iter():
        if isinstance(element.tag, str) and _is_cut(element):
            _cut_from(element)
            return


def _cut_from(element: etree._Element) -> None:
    node = element
    while True:
        parent = node.getparent()
        if parent is None:
            break
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node.tail = None
        node = parent
    element_parent = element.getparent()
    if element_parent is not None:
        element_parent.remove(element)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _render(element: etree._Element, out: list[str], preformatted: bool) -> None:
    """Append the text of `element` (not its tail) to `out`."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP_TAGS or not tag:
        return
    if tag == "br":
        out.append("\n")
        return
    if tag == "hr":
        out.append(f"{_BLOCK_EDGE}{RULE}{_BLOCK_EDGE}")
        return
    if _is_quote(element):
        inner: list[str] = []
        _render_children(element, inner, preformatted)
        quoted = _tidy("".join(inner))
        quoted_lines = "\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))
        out.append(f"{_BLOCK_EDGE}{quoted_lines}{_BLOCK_EDGE}")
        return
    block = tag in _BLOCK_TAGS
    if block:
        out.append(_BLOCK_EDGE)
    _render_children(element, out, preformatted or tag == "pre")
    if block:
        out.append(_BLOCK_EDGE)


def _render_children(element: etree._Element, out: list[str], preformatted: bool) -> None:
    out.append(_text(element.text, preformatted))
    for child in element:
        _render(child, out, preformatted)
        out.append(_text(child.tail, preformatted))


def _text(value: str | None, preformatted: bool) -> str:
    if not value:
        return ""
    return value if preformatted else _SPACE.sub(" ", value)


def _tidy(text: str) -> str:
    """Block edges become one line break; strip lines; at most one blank line in a row.

    Adjacent block edges (`</div><div>`) make one break, not a blank line; a blank line
    comes only from an empty block or a `<br>` (`<p>&nbsp;</p>`, `<div><br></div>`).
    """
    text = _EDGE_RUN.sub("\n", text)
    lines: list[str] = []
    for raw in text.replace("\u00a0", " ").split("\n"):
        line = raw.strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")
