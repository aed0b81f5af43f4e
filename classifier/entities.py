"""Entity extraction in plain regular expressions, one named extractor per entity type.

Why not spaCy's EntityRuler: these entities are shapes next to a cue word ("invoice no.
INV-2026-0042", "USD 12,400.00"); a regular expression says that directly, runs on the
raw text (keeping the writer's casing for `text`) and costs far less than a token-pattern
pass, which matters at our throughput budget. Values are normalised: ISO dates, float
amounts with an ISO currency, milestone keys, integer counts.

Matching runs on a lower-cased copy (same offsets) and slices the original for `text`.
Input beyond `MAX_CHARS` is ignored so a 5 MB body costs the same as a long one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from classifier.milestones import MILESTONE_PHRASES
from classifier.signals import sample_sheet_header
from classifier.types import Entity

MAX_CHARS = 20000
MAX_PER_TYPE = 200

_CURRENCY = {"usd": "USD", "us$": "USD", "$": "USD", "eur": "EUR", "€": "EUR", "gbp": "GBP",
             "£": "GBP", "chf": "CHF", "cny": "CNY", "rmb": "CNY", "jpy": "JPY", "¥": "JPY"}
_CUR = r"(?P<cur>us\$|usd|eur|gbp|chf|cny|rmb|jpy|\$|€|£|¥)"
_AMT = r"(?P<amt>\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_MONEY = re.compile(
    rf"(?<![\w$€£¥]){_CUR}\s?{_AMT}(?:\s?(?P<mult>k|m|million)\b)?"
    rf"|(?<![\w.,]){_AMT.replace('amt', 'amt2')}\s?(?P<cur2>usd|eur|gbp|chf|cny|rmb|jpy)\b"
)
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    r"\b(?P<iy>20\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)\b"
    rf"|\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?[ -]{_MON}[ -,]*(?P<y1>20\d\d)\b"
    rf"|\b{_MON.replace('mon', 'mon2')} (?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,? (?P<y2>20\d\d)\b"
    r"|\b(?P<ed>[0-3]?\d)\.(?P<em>[01]?\d)\.(?P<ey>20\d\d)\b"
    r"|\b(?P<ua>[01]?\d)/(?P<ub>[0-3]?\d)/(?P<uy>20\d\d)\b"
)
_ID = r"(?P<id>[a-z]{0,6}[-/#]?\d[\w/-]*\d[a-z]?|[a-z]{0,6}-?\d+)"
_QUOTE = re.compile(
    rf"\b(?:quot(?:e|ation)|proposal|offer|estimate|angebot)(?:\s+(?:no\.?|number|ref\.?|#))?"
    rf"[\s:#]*{_ID}(?P<rev>\s*(?:rev(?:ision)?\.?\s*[a-z0-9]\b|v\d+\b))?"
    r"|\b(?P<bare>q(?:t|uo)?[-/]\d{4}[-/]\d{3,5}|qt\d{6})\b"
)
_PO = re.compile(rf"\b(?:p\.?o\.?|purchase order)(?:\s+(?:no\.?|number|#))?[\s:#]*{_ID}")
_INVOICE = re.compile(rf"\b(?:invoices?|inv\.?|rechnung|facture)(?:\s+(?:no\.?|number|#))?[\s:#]*{_ID}")
_CHANGE = re.compile(
    r"\b(?P<id>c[or]-?\d{1,4}(?:-\d+)?|ccr-\d{4}-\d+)\b"
    r"|\b(?P<id2>change (?:order|request)\s*(?:no\.?|number)?\s*#?\s*\d{1,4})\b")
_TRACKING = re.compile(
    r"\b(?P<ups>1z[0-9a-z]{16})\b"
    r"|\b(?:tracking(?: number| no\.?| #| id)?|awb|air ?waybill|waybill)[\s:#.]*(?:is\s+)?"
    r"(?P<id>(?=[\d -]{8,})\d[\d -]{6,28}\d|[a-z]{2}\d{9,20}[a-z]{0,2})")
_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}(?:,\d{3})?|\d+)\s+(?:[a-z-]+\s)?(?:samples|tubes|vials|cryovials|aliquots|"
    r"specimens|compounds|animals)\b|number of samples\s*[:=]?\s*(?P<n2>\d+)")
_SAMPLE_CUE = re.compile(r"\bsamples?(?:\s+id)?\s*[:#]?\s*(?P<id>[a-z]{1,5}\d*-[\w-]*\d[\w-]*)")


def _trie_pattern(phrases: list[str]) -> str:
    """One regex for many phrases, factored by prefix so matching is one pass."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(trie)


_PHRASE_KEY = {p: key for key, phrases in MILESTONE_PHRASES.items() for p in phrases}
_MILESTONE = re.compile(r"\b(?:" + _trie_pattern(sorted(_PHRASE_KEY)) + r")\b")


def _amount(raw: str) -> float | None:
    s = raw.replace("'", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?|\d+,\d{1,2}", s):
        s = s.replace(".", "").replace(",", ".")  # European: 12.450,00
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def _iso(y: str, m: int, d: str) -> str | None:
    try:
        return date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


Found = Iterator[tuple[int, int, str, str | int | float | None, str | None]]


def _money(low: str) -> Found:
    for m in _MONEY.finditer(low):
        cur = m.group("cur") or m.group("cur2")
        value = _amount(m.group("amt") or m.group("amt2"))
        if value is None:
            continue
        mult = m.group("mult")
        if mult:
            value *= 1000 if mult == "k" else 1_000_000
        yield m.start(), m.end(), "money", value, _CURRENCY[cur]


def _dates(low: str) -> Found:
    for m in _DATE.finditer(low):
        g = m.groupdict()
        if g["iy"]:
            iso = _iso(g["iy"], int(g["im"]), g["id"])
        elif g["y1"]:
            iso = _iso(g["y1"], _MONTHS[g["mon"]], g["d1"])
        elif g["y2"]:
            iso = _iso(g["y2"], _MONTHS[g["mon2"]], g["d2"])
        elif g["ey"]:
            iso = _iso(g["ey"], int(g["em"]), g["ed"])
        else:  # m/d/y unless the first part cannot be a month
            a, b = int(g["ua"]), int(g["ub"])
            iso = _iso(g["uy"], a, g["ub"]) if a <= 12 else _iso(g["uy"], b, g["ua"])
        if iso:
            yield m.start(), m.end(), "date", iso, None


def _numbered(kind: str, rx: re.Pattern[str]) -> Callable[[str], Found]:
    def find(low: str) -> Found:
        for m in rx.finditer(low):
            g = m.groupdict()
            key = next(k for k in ("id", "id2", "bare", "ups") if g.get(k))
            if key in ("id", "id2") and not any(ch.isdigit() for ch in g[key]):
                continue
            yield m.start(key), m.end("rev") if g.get("rev") else m.end(key), kind, None, None
    return find


def _counts(low: str) -> Found:
    for m in _COUNT.finditer(low):
        n = int((m.group("n") or m.group("n2")).replace(",", ""))
        yield m.start(), m.end(), "sample_count", n, None


def _milestones(low: str) -> Found:
    for m in _MILESTONE.finditer(low):
        yield m.start(), m.end(), "milestone", _PHRASE_KEY[m.group()], None


def _sample_ids(low: str) -> Found:
    for m in _SAMPLE_CUE.finditer(low):
        yield m.start("id"), m.end("id"), "sample_id", None, None
    if sample_sheet_header(low) is None:
        return
    yield from _sample_id_column(low)


def _sample_id_column(low: str) -> Found:
    """Values of the first column of a manifest table (the sample ID column)."""
    lines = low.splitlines()
    offset = 0
    in_table = False
    for line in lines:
        cells = re.split(r"\t|\s*[,;|]\s*|\s{2,}", line.strip())
        if not in_table:
            in_table = sample_sheet_header(line) is not None
        elif len(cells) >= 2 and cells[0] and any(ch.isdigit() for ch in cells[0]):
            start = offset + line.index(cells[0])
            yield start, start + len(cells[0]), "sample_id", None, None
        elif not line.strip():
            in_table = False
        offset += len(line) + 1


EXTRACTORS: tuple[tuple[str, Callable[[str], Found]], ...] = (
    ("money", _money),
    ("date", _dates),
    ("quote_number", _numbered("quote_number", _QUOTE)),
    ("po_number", _numbered("po_number", _PO)),
    ("invoice_number", _numbered("invoice_number", _INVOICE)),
    ("change_number", _numbered("change_number", _CHANGE)),
    ("tracking_number", _numbered("tracking_number", _TRACKING)),
    ("sample_count", _counts),
    ("milestone", _milestones),
    ("sample_id", _sample_ids),
)


def extract_entities(text: str) -> tuple[Entity, ...]:
    """Entities in `text`, in extractor order, without duplicate (type, value) pairs."""
    head = text[:MAX_CHARS]
    low = head.lower()
    if len(low) != len(head):  # a few Unicode characters change length when lowered
        head = low
    seen: set[tuple[str, object]] = set()
    out: list[Entity] = []
    for _name, find in EXTRACTORS:
        per_type = 0
        for start, end, kind, value, currency in find(low):
            surface = head[start:end].strip()
            key = (kind, value if value is not None else surface.lower())
            if key in seen or per_type >= MAX_PER_TYPE:
                continue
            seen.add(key)
            per_type += 1
            out.append(Entity(kind, surface, value if value is not None else surface, currency))
    return tuple(out)
