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

from classifier.milestones import FIRM_ONLY, MILESTONE_PATTERNS, MILESTONE_PHRASES
from classifier.signals import sample_sheet_header
from classifier.types import Entity

MAX_CHARS = 20000
MAX_PER_TYPE = 200

_CURRENCY = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "chf": "CHF",
    "cny": "CNY",
    "rmb": "CNY",
    "jpy": "JPY",
    "¥": "JPY",
}
# Money and dates are found from a cheap trigger (a currency, a year) and then read with
# an anchored pattern around it; scanning every digit of a results table is what is slow.
_AMT = r"\d{1,3}(?:[,.'\xa0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# Trigger alternations are flat, each alternative starting with a spelled-out character:
# the regex engine then scans for that set of first characters instead of entering the
# pattern at every position (about twice as fast on long tables).
_CUR_TRIGGER = re.compile(r"us\$|usd|eur|gbp|chf|cny|rmb|jpy|\$|€|£|¥")
# Between a currency and its number only a space (or none): never a tab or a line break,
# which in extracted tables separate cells ("1\tUSD 12,000.00": the 1 is a line number).
_AMT_AFTER = re.compile(rf"[ \xa0]?({_AMT})(?:[ \xa0]?(k|m|million)\b)?")
_AMT_BEFORE = re.compile(rf"(?<![\w.,/-])({_AMT})[ \xa0]?\Z")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# Starts with the literal "20" (the digit before it is checked in `_dates`): a literal
# prefix lets the regex engine skip to candidates instead of trying every position.
_YEAR = re.compile(r"20\d\d(?!\d)")
_DATE_AT_YEAR = re.compile(r"(?P<iy>20\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)\b")
_DATE_TO_YEAR = re.compile(
    rf"(?:\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?[ -]{_MON}[ -,]*"
    rf"|\b{_MON.replace('mon', 'mon2')} (?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,? "
    r"|\b(?P<ed>[0-3]?\d)\.(?P<em>[01]?\d)\."
    r"|\b(?P<ua>[01]?\d)/(?P<ub>[0-3]?\d)/)\Z"
)
# An identifier: letter segments ("inv-nb-", "mbv-") then a part with digits.
_ID = r"(?P<id>[-/]?(?:[a-z]{1,6}[-/])*[a-z]{0,6}[-/#]?\d[\w/-]*\d[a-z]?|[a-z]{0,6}-?\d+)"
# Cue-first patterns start with plain literals (no leading \b) so the regex engine can
# skip ahead; the word boundary before the cue is checked in `_numbered`.
_QUOTE = re.compile(
    rf"(?:(?:quot(?:e|ation)|proposal)(?:\s+(?:no\.?|number|ref\.?|#))?[ \t:#]*{_ID}"
    r"|(?P<bare>q(?:t|uo)?[-/]\d{4}[-/]\d{3,5}|qt\d{6})\b)"
    r"(?P<rev>[ \t]*(?:rev(?:ision)?\.?[ \t]*[a-z0-9]\b|v\d+\b))?"
)
# Where a numbered pattern can begin: every match of the pattern starts with a match of
# its cue. The patterns open with groups, on which the regex engine cannot skip ahead, so
# it would try them at every position; a cue starts with plain characters, and the full
# pattern is tried only where the cue matched (most texts name no tracking number at all).
_QUOTE_CUE = re.compile(r"quot|proposal|q(?:t|uo)?[-/]\d|qt\d")
_CHANGE_CUE = re.compile(r"c[or]-?\d|ccr-\d|change (?:order|request)")
_TRACKING_CUE = re.compile(r"1z|tracking|awb|air ?waybill|waybill")
_QUOTE_VERB = re.compile(r"(?:please|pls|kindly|always) \Z")
_PO = re.compile(rf"(?:p\.?o\.?|purchase order)(?:\s+(?:no\.?|number|#))?[\s:#]*{_ID}")
_INVOICE = re.compile(
    rf"(?:invoices?|inv\.?|rechnung|facture)(?:\s+(?:no\.?|number|#))?[\s:#]*{_ID}"
)
_CHANGE = re.compile(
    r"(?P<id>c[or]-?\d{1,4}(?:-\d+)?|ccr-\d{4}-\d+)\b"
    r"|(?P<id2>change (?:order|request)\s*(?:no\.?|number)?\s*#?\s*\d{1,4})\b"
)
_TRACKING = re.compile(
    r"(?P<ups>1z[0-9a-z]{16})\b"
    r"|(?:tracking(?: number| no\.?| #| id)?|awb|air ?waybill|waybill)[\s:#.]*(?:is\s+)?"
    r"(?P<id>(?=[\d -]{8,})\d[\d -]{6,28}\d|[a-z]{2}\d{9,20}[a-z]{0,2})"
)
_COUNT_NOUN = re.compile(
    r"samples\b|tubes\b|vials\b|cryovials\b|aliquots\b|specimens\b|compounds\b|animals\b"
    r"|number of samples\s*[:=]?\s*(?P<n2>\d+)"
)
# "48 plasma samples", but not "cohort 1 samples", "2\tAnimals: …" (a table's line number),
# "72 h samples" (a timepoint) or a count that starts on another line.
_COUNT_BEFORE = re.compile(
    r"(?<!cohort )(?<!group )(?<!batch )(?<!phase )(?<!part )(?<!box )(?<!week )(?<!day )"
    r"(?<!lot )(?<!no\. )(?<!#)\b(\d{1,3}(?:,\d{3})?|\d+) +"
    r"(?:(?!(?:h|hrs?|hours?|min|mins|minutes?|d|days?|wks?|weeks?|months?)\b)[a-z-]+ )?\Z"
)
# "PO 10 mg/kg" is a dose given by mouth (per os), not purchase order 10.
_DOSE_AFTER = re.compile(r"\d{1,4}(?:[.,]\d+)?\s*(?:mg|µg|μg|ug|mcg|ng|g|ml|mpk|iu)(?:/|\b)")
_SAMPLE_CUE = re.compile(r"samples?(?:\s+id)?\s*[:#]?\s*(?P<id>[a-z]{1,5}\d*-[\w-]*\d[\w-]*)")


def _first_character_alternation(phrases: list[str], patterns: list[str]) -> str:
    """One alternative per first character, for many phrases and patterns.

    Phrases are factored by prefix (a trie); each pattern joins the alternative of its
    first letter. The engine checks a spelled-out first character
    before entering an alternative, so a word start costs one comparison per distinct
    first character however many phrases and patterns there are.
    """
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

    for phrase in phrases:
        if not re.match(r"\w", phrase):
            raise ValueError(f"milestone phrase must start with a word character: {phrase!r}")
    rests: dict[str, list[str]] = {}
    for ch, child in sorted(trie.items()):
        rests.setdefault(re.escape(ch), []).append(emit(child))
    for pattern in patterns:
        if not pattern[:1].isalpha() or pattern[1:2] in ("*", "+", "?", "{", "|"):
            raise ValueError(f"milestone pattern must start with a plain letter: {pattern!r}")
        rests.setdefault(pattern[0], []).append(pattern[1:])
    return "|".join(
        head + (alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")")
        for head, alts in rests.items()
    )


_PHRASE_KEY = {p: key for key, phrases in MILESTONE_PHRASES.items() for p in phrases}
_SLOTTED = tuple((re.compile(p), key) for key, ps in MILESTONE_PATTERNS.items() for p in ps)
# One pass for every phrase and every slotted pattern; the key of a slotted match is found
# afterwards by trying only the patterns (matches are rare, positions are many).
_MILESTONE_ALTERNATION = _first_character_alternation(
    sorted(_PHRASE_KEY), [p.pattern for p, _ in _SLOTTED]
)
_MILESTONE = re.compile(rf"\b(?:{_MILESTONE_ALTERNATION})\b")
# The same, found by the non-word character before it: every alternative opens with a
# word character, so `\b` there means a non-word character (or the text's start) before
# it. A pattern that opens with a character class lets the engine skip over the letters
# of a word instead of entering the pattern at each one (about 4x faster).
_MILESTONE_AFTER_GAP = re.compile(rf"\W({_MILESTONE_ALTERNATION})\b")
# A mention right after a negation counts for no key; one after a condition or a future
# counts for no key in FIRM_ONLY ("once the PO is issued", "when the samples arrived").
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bnicht|\bpas|\bwithout|\byet\s+to)\b[^.!?\n;,]{0,16}\Z"
)
_CONDITIONAL_BEFORE = re.compile(
    r"(?:\bonce|\bwhen|\bafter|\buntil|\bupon|\bbefore|\bif|\bas\s+soon\s+as|\bto\s+be"
    r"|\bwill|\bshould|\bsobald|\bwenn|\bdès|\bquand|\bsi)\b[^.!?\n;,]{0,40}\Z"
)


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
    for m in _CUR_TRIGGER.finditer(low):
        cur = m.group()
        if m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] in "$€£¥"):
            continue
        if cur.isalpha() and m.end() < len(low) and low[m.end()].isalpha():
            continue  # "euro…", "usda"
        after = _AMT_AFTER.match(low, m.end())
        before = None if after else _AMT_BEFORE.search(low, max(0, m.start() - 24), m.start())
        found = after or before
        value = _amount(found.group(1)) if found else None
        if found is None or value is None:
            continue
        if after and after.group(2):
            value *= 1000 if after.group(2) == "k" else 1_000_000
        start, end = (m.start(), after.end()) if after else (before.start(1), m.end())  # type: ignore[union-attr]
        yield start, end, "money", value, _CURRENCY[cur]


def _dates(low: str) -> Found:
    for y in _YEAR.finditer(low):
        if y.start() and low[y.start() - 1].isdigit():
            continue
        iso_match = _DATE_AT_YEAR.match(low, y.start())
        if iso_match:
            g = iso_match.groupdict()
            iso = _iso(g["iy"], int(g["im"]), g["id"])
            if iso:
                yield iso_match.start(), iso_match.end(), "date", iso, None
            continue
        m = _DATE_TO_YEAR.search(low, max(0, y.start() - 20), y.start())
        if not m:
            continue
        g, year = m.groupdict(), y.group()
        if g["d1"]:
            iso = _iso(year, _MONTHS[g["mon"]], g["d1"])
        elif g["d2"]:
            iso = _iso(year, _MONTHS[g["mon2"]], g["d2"])
        elif g["ed"]:
            iso = _iso(year, int(g["em"]), g["ed"])
        else:  # m/d/y unless the first part cannot be a month
            a, b = int(g["ua"]), int(g["ub"])
            iso = _iso(year, a, g["ub"]) if a <= 12 else _iso(year, b, g["ua"])
        if iso:
            yield m.start(), y.end(), "date", iso, None


def _cued(rx: re.Pattern[str], cue: re.Pattern[str] | None, low: str) -> Iterator[re.Match[str]]:
    """`rx.finditer(low)`, trying `rx` only where `cue` matches (same matches, same order)."""
    if cue is None:
        yield from rx.finditer(low)
        return
    pos = 0
    while (hit := cue.search(low, pos)) is not None:
        m = rx.match(low, hit.start())
        if m is None:
            pos = hit.start() + 1
        else:
            yield m
            pos = max(m.end(), hit.start() + 1)


def _numbered(
    kind: str, rx: re.Pattern[str], cue: re.Pattern[str] | None = None
) -> Callable[[str], Found]:
    def find(low: str) -> Found:
        for m in _cued(rx, cue, low):
            if m.start() and low[m.start() - 1].isalnum():
                continue
            g = m.groupdict()
            key = next(k for k in ("id", "id2", "bare", "ups") if g.get(k))
            if key in ("id", "id2") and not any(ch.isdigit() for ch in g[key]):
                continue
            if kind == "quote_number" and _QUOTE_VERB.search(low, max(0, m.start() - 8), m.start()):
                continue  # "please quote INV-… as the payment reference"
            if kind == "po_number" and _DOSE_AFTER.match(low, m.start(key)):
                continue  # "PO 10 mg/kg": the oral route and a dose
            start = m.start(key)
            if m.start(key) > m.start() and (
                low[m.start(key)] in "-/" or (m.start() and low[m.start() - 1] in "-/")
            ):
                start = _token_start(low, m.start())  # the cue is inside an ID: "cpr-inv-10388"
            yield start, m.end("rev") if g.get("rev") else m.end(key), kind, None, None

    return find


def _token_start(low: str, i: int) -> int:
    while i and (low[i - 1].isalnum() or low[i - 1] in "-/"):
        i -= 1
    return i


def _counts(low: str) -> Found:
    for m in _COUNT_NOUN.finditer(low):
        if m.group("n2"):
            yield m.start(), m.end(), "sample_count", int(m.group("n2")), None
            continue
        before = _COUNT_BEFORE.search(low, max(0, m.start() - 40), m.start())
        if before and not low.startswith(":", m.end()):
            yield (
                before.start(1),
                m.end(),
                "sample_count",
                int(before.group(1).replace(",", "")),
                None,
            )


def _milestones(low: str) -> Found:
    found: set[str | None] = {None}  # a key is reported once: later mentions skip the checks
    for start, end, phrase in _milestone_mentions(low):
        key = _PHRASE_KEY.get(phrase) or _slotted_key(low, start)
        if key in found:
            continue
        before = low[max(0, start - 48) : start]
        if _NEGATED_BEFORE.search(before, len(before) - 24) or (
            key in FIRM_ONLY and _CONDITIONAL_BEFORE.search(before)
        ):
            continue
        found.add(key)
        yield start, end, "milestone", key, None


def _milestone_mentions(low: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each match of `_MILESTONE.finditer(low)`, in order."""
    pos = 0
    first = _MILESTONE.match(low)
    if first is not None:
        yield first.start(), first.end(), first.group()
        pos = first.end() - 1  # the next match starts at or after the end of this one
    while (m := _MILESTONE_AFTER_GAP.search(low, pos)) is not None:
        yield m.start(1), m.end(1), m.group(1)
        pos = m.end() - 1


def _slotted_key(low: str, start: int) -> str | None:
    return next((key for rx, key in _SLOTTED if rx.match(low, start)), None)


def _sample_ids(low: str) -> Found:
    for m in _SAMPLE_CUE.finditer(low):
        if not (m.start() and low[m.start() - 1].isalnum()):
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


def _if_any(words: tuple[str, ...], find: Callable[[str], Found]) -> Callable[[str], Found]:
    """`find`, skipped for a text without any of `words`, one of which every match contains.

    A substring test is far cheaper than a regex pass, and most texts name no tracking
    number, no invoice and no sample count.
    """

    def found(low: str) -> Found:
        if any(word in low for word in words):
            yield from find(low)

    return found


EXTRACTORS: tuple[tuple[str, Callable[[str], Found]], ...] = (
    ("money", _money),
    ("date", _dates),
    ("quote_number", _numbered("quote_number", _QUOTE, _QUOTE_CUE)),
    ("po_number", _numbered("po_number", _PO)),
    (
        "invoice_number",
        _if_any(("inv", "rechnung", "facture"), _numbered("invoice_number", _INVOICE)),
    ),
    ("change_number", _numbered("change_number", _CHANGE, _CHANGE_CUE)),
    (
        "tracking_number",
        _if_any(
            ("1z", "tracking", "awb", "waybill"),
            _numbered("tracking_number", _TRACKING, _TRACKING_CUE),
        ),
    ),
    (
        "sample_count",
        _if_any(
            ("samples", "tubes", "vials", "aliquots", "specimens", "compounds", "animals"),
            _counts,
        ),
    ),
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
