"""Read the verdict of a trusted receiving server from ``Authentication-Results`` (RFC 8601).

Anyone can write an ``Authentication-Results`` header: the sender, or any server on the
way. Only the header our own receiving server adds is evidence, and a well-behaved
server adds it on top. So exactly one header counts: the TOPMOST one whose authserv-id
equals the configured trusted id. Headers with another id, and headers with our id
further down (a sender forging ours before our server added the real one), are ignored.

Within that header a message passes when ``dmarc=pass``, or, when DMARC gave no
verdict, when ``dkim=pass`` with a signing domain (``header.d``) aligned to the From
domain: the same domain, or a parent of it (``example.com`` signs for
``lab.example.com``). An explicit DMARC failure is never overridden by DKIM.

Pure: header pairs in, a frozen verdict out. Comments ``( … )`` and quoted strings are
handled; anything unparseable simply does not count as a pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADER = "authentication-results"
_TOKEN_RE = re.compile(r'(?:[^\s"]+|"(?:[^"\\]|\\.)*")+')
_SPACES_AROUND_EQ = re.compile(r"\s*=\s*")


@dataclass(frozen=True)
class AuthVerdict:
    passed: bool
    method: str | None  # "dmarc" | "dkim" | None
    reason: str


@dataclass(frozen=True)
class AuthResult:
    method: str  # lower case, version dropped: "dkim", "spf", "dmarc", …
    result: str  # lower case: "pass", "fail", "none", …
    properties: tuple[tuple[str, str], ...] = ()  # ("header.d", "example.com"), …

    def prop(self, name: str) -> str | None:
        return next((v for k, v in self.properties if k == name), None)


@dataclass(frozen=True)
class AuthResultsHeader:
    authserv_id: str
    results: tuple[AuthResult, ...]


def dmarc_verdict(
    headers: Sequence[tuple[str, str]], authserv_id: str, from_domain: str
) -> AuthVerdict:
    """The trusted server's verdict for mail claiming to come from `from_domain`."""
    trusted = _topmost_trusted(headers, authserv_id)
    if trusted is None:
        return AuthVerdict(False, None, f"no Authentication-Results from {authserv_id}")
    domain = _domain(from_domain)
    if not domain:
        return AuthVerdict(False, None, "no From domain")
    dmarc = [r for r in trusted.results if r.method == "dmarc" and _about(r, domain)]
    if any(r.result == "pass" for r in dmarc):
        return AuthVerdict(True, "dmarc", f"dmarc=pass for {domain}")
    if any(r.result == "fail" for r in dmarc):
        return AuthVerdict(False, None, f"dmarc=fail for {domain}")
    for r in trusted.results:
        signer = _dkim_domain(r)
        if r.method == "dkim" and r.result == "pass" and signer and aligned(signer, domain):
            return AuthVerdict(True, "dkim", f"dkim=pass header.d={signer} aligned with {domain}")
    seen = ", ".join(f"{r.method}={r.result}" for r in trusted.results) or "none"
    return AuthVerdict(False, None, f"no dmarc pass or aligned dkim pass (saw: {seen})")


def aligned(signer: str, from_domain: str) -> bool:
    """Same domain, or `signer` is a parent of `from_domain` (never a bare TLD)."""
    signer, from_domain = _domain(signer), _domain(from_domain)
    if not signer or "." not in signer:
        return False
    return from_domain == signer or from_domain.endswith("." + signer)


def parse_authentication_results(value: str) -> AuthResultsHeader | None:
    """Parse one header value; None when it has no authserv-id."""
    text = _strip_comments(" ".join(value.split()))
    parts = _split_outside_quotes(text, ";")
    head = _TOKEN_RE.findall(parts[0]) if parts else []
    if not head:
        return None
    results = tuple(r for r in (_parse_resinfo(p) for p in parts[1:]) if r is not None)
    return AuthResultsHeader(authserv_id=_unquote(head[0]).lower(), results=results)


def _topmost_trusted(
    headers: Sequence[tuple[str, str]], authserv_id: str
) -> AuthResultsHeader | None:
    wanted = authserv_id.strip().lower()
    for name, value in headers:
        if name.strip().lower() != HEADER:
            continue
        parsed = parse_authentication_results(value)
        if parsed is not None and parsed.authserv_id == wanted:
            return parsed
    return None


def _parse_resinfo(part: str) -> AuthResult | None:
    tokens = _TOKEN_RE.findall(_SPACES_AROUND_EQ.sub("=", part.strip()))
    if not tokens or "=" not in tokens[0]:
        return None  # e.g. "none"
    method, _, result = tokens[0].partition("=")
    props = []
    for token in tokens[1:]:
        key, sep, val = token.partition("=")
        if sep and key.lower() != "reason":
            props.append((key.lower(), _unquote(val)))
    return AuthResult(method.split("/")[0].lower(), _unquote(result).lower(), tuple(props))


def _about(result: AuthResult, domain: str) -> bool:
    """A DMARC result names the From domain it evaluated; if it does, it must be ours."""
    header_from = result.prop("header.from")
    return header_from is None or _domain(header_from) == domain


def _dkim_domain(result: AuthResult) -> str | None:
    d = result.prop("header.d")
    if d:
        return _domain(d)
    i = result.prop("header.i")
    return _domain(i.rpartition("@")[2]) if i else None


def _domain(value: str) -> str:
    return value.strip().strip("<>").rpartition("@")[2].rstrip(".").lower()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _strip_comments(text: str) -> str:
    """Drop RFC 5322 comments (nested parentheses), leaving quoted strings intact."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for ch in text:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
            if depth == 0:
                out.append(ch)
        elif quoted:
            quoted = ch != '"'
            out.append(ch)
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if not depth:
                out.append(" ")
        elif depth == 0:
            quoted = ch == '"'
            out.append(ch)
    return "".join(out)


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts
