"""The wire form of a Mailroom mail: headers, then text and HTML as multipart/alternative.

Every mail we send has the same shape, so it is written directly instead of being built
as an `EmailMessage` and flattened: the email package's content manager and generator
were most of what queuing a confirmation cost, paid inside the filing transaction.
Headers that need it (non-ASCII, addresses, anything long) still go through the email
package's header registry, which encodes and folds them as it always did; message-id
lists are folded between ids and never encoded (an encoded word in References is not a
message id any more, and the reply would lose its thread). Bodies are quoted-printable
UTF-8 with CRLF line ends, as the SMTP policy writes them.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from email import quoprimime
from email.policy import SMTP
from functools import lru_cache

from outbound.errors import MessageError

CRLF = "\r\n"
MAX_LINE = 78  # RFC 5322's recommended line length (the SMTP policy's max_line_length)
MESSAGE_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})
# Headers written by the registry whatever they hold (it normalises addresses).
REGISTRY_HEADERS = frozenset({"subject", "from", "to", "cc", "reply-to"})
_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))


def compose(headers: Sequence[tuple[str, str]], text: str, html: str) -> bytes:
    """The complete message: ``headers`` in order, MIME headers, then both parts."""
    body_text, body_html = _qp_body(text), _qp_body(html)
    boundary = _boundary(body_text, body_html)
    lines = [header_line(name, value) for name, value in headers]
    lines.append("MIME-Version: 1.0" + CRLF)
    lines.append(f'Content-Type: multipart/alternative;{CRLF} boundary="{boundary}"{CRLF}')
    lines.append(CRLF)
    for subtype, body in (("plain", body_text), ("html", body_html)):
        lines.append(f"--{boundary}{CRLF}")
        lines.append(f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}')
        lines.append(f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}")
        lines.append(body + CRLF)
    lines.append(f"--{boundary}--{CRLF}")
    return "".join(lines).encode("ascii")


@lru_cache(maxsize=1024)  # From, To and the project's subjects repeat from mail to mail
def header_line(name: str, value: str) -> str:
    """One header in wire form, folded, ending in CRLF."""
    if "\r" in value or "\n" in value:
        raise MessageError(f"{name} header value may not contain a line break")
    key = name.lower()
    if key not in REGISTRY_HEADERS:
        if len(name) + 2 + len(value) <= MAX_LINE and value.isascii() and value.isprintable():
            return f"{name}: {value}{CRLF}"
        if key in MESSAGE_ID_HEADERS and value.isascii() and value.isprintable():
            return _fold_ids(name, value.split())
    return str(SMTP.header_factory(name, value).fold(policy=SMTP))


def _fold_ids(name: str, ids: Sequence[str]) -> str:
    """Message ids folded between ids; an id longer than a line keeps a line to itself."""
    lines = [f"{name}:"]
    for one in ids:
        if len(lines[-1]) + 1 + len(one) > MAX_LINE and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += f" {one}"
    return CRLF.join(lines) + CRLF


def _qp_body(text: str) -> str:
    """Quoted-printable UTF-8, one trailing line end, CRLF (as the email package writes it)."""
    lines = text.encode("utf-8").splitlines()
    normal = (b"\n".join(lines) + b"\n").decode("latin-1")
    return quoprimime.body_encode(normal, MAX_LINE).replace("\n", CRLF)


def _boundary(*bodies: str) -> str:
    """A random boundary no body line starts with (quoted-printable encodes every "=",
    so a clash cannot happen; checked all the same)."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):0{_BOUNDARY_DIGITS}d}" + "=="
        if not any(f"--{boundary}" in body for body in bodies):
            return boundary
