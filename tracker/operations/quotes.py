"""Quotes: read the facts out of a quote's text, keep one record per version, diff versions.

A CRO's quote arrives as a PDF, XLSX or DOCX whose text ingest has already extracted. The
parser here is pure and forgiving: rows are tab-separated (spreadsheets) or aligned with runs
of spaces (PDF text); a header row, when present, tells which column is which; sections such as
"Assumptions:" are bullet lists that end at the next section or a blank line followed by prose.
Whatever cannot be read stays ``None`` or empty rather than guessed.

Each recorded quote is a version in the project's quote family (previous + 1), so a revised
quote never overwrites the old one and ``quote_diff`` can say what moved between them. Only the
sponsor side accepts a quote; accepting one marks the others as not accepted (a quote family
has at most one accepted version).

This module is longer than most because parsing, recording and diffing the same facts belong
together; the parsing half has no database access.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound
from tracker.models.quote import Quote
from tracker.operations import require_role
from tracker.types import SPONSOR_ROLES, Actor

# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineItem:
    """One priced row of a quote; numbers are ``None`` where the text did not give them."""

    description: str
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    line_total: Decimal | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "description": self.description,
            "quantity": _dec_str(self.quantity),
            "unit": self.unit,
            "unit_price": _dec_str(self.unit_price),
            "line_total": _dec_str(self.line_total),
        }

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> LineItem:
        return cls(
            description=data.get("description") or "",
            quantity=_dec_or_none(data.get("quantity")),
            unit=data.get("unit"),
            unit_price=_dec_or_none(data.get("unit_price")),
            line_total=_dec_or_none(data.get("line_total")),
        )


@dataclass(frozen=True)
class QuoteFacts:
    """What a quote says, as far as its text tells."""

    number: str | None = None
    revision: str | None = None
    issue_date: date | None = None
    currency: str | None = None
    total: Decimal | None = None
    line_items: tuple[LineItem, ...] = ()
    optional_items: tuple[LineItem, ...] = ()
    assumptions: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    payment_terms: tuple[str, ...] = ()
    validity_days: int | None = None
    expiry_date: date | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def reference(self) -> str | None:
        """``Q-2026-0147 Rev B`` style label, or None when the text had no number."""
        if self.number is None:
            return None
        return f"{self.number} Rev {self.revision}" if self.revision else self.number


# ---------------------------------------------------------------------------------------------
# Amounts and dates
# ---------------------------------------------------------------------------------------------

ISO_CURRENCIES = ("USD", "EUR", "GBP", "CHF", "CNY", "JPY", "CAD", "AUD", "SEK", "DKK", "NOK")
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CUR = "|".join(ISO_CURRENCIES)
_NUM = r"\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
AMOUNT_RE = re.compile(
    rf"(?P<pre>{_CUR}|[$€£¥])?\s?(?P<num>-?(?:{_NUM}))\s?(?P<post>{_CUR}|[$€£¥])?(?![\d%])"
)
_CURRENCY_RE = re.compile(rf"(?<![A-Za-z])({_CUR})(?![A-Za-z])|([$€£¥])")


def parse_number(text: str) -> Decimal | None:
    """Read ``12,500.00``, ``12.500,00``, ``1'250``, ``1 250,5`` or ``60`` as a Decimal."""
    s = re.sub(r"[\s'\u00a0\u202f]", "", text.strip())
    if not s or not re.fullmatch(r"-?[\d.,]+", s):
        return None
    if "," in s and "." in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        s = s.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        s = s.replace(",", "") if len(tail) == 3 or s.count(",") > 1 else f"{head}.{tail}"
    elif s.count(".") > 1 or (
        s.count(".") == 1
        and len(s.rpartition(".")[2]) == 3
        and len(s.partition(".")[0].lstrip("-")) <= 3
        and s.partition(".")[0].lstrip("-") not in {"0", ""}
    ):
        # "1.250" in a price column is a thousands separator; "0.250" or "12.5" are decimals.
        s = s.replace(".", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """The last money amount in ``text`` and its currency (ISO code or symbol), if any."""
    best: tuple[Decimal | None, str | None] = (None, None)
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        marker = m.group("pre") or m.group("post")
        best = (value, _currency_code(marker) if marker else None)
    return best


def find_currency(text: str) -> str | None:
    m = _CURRENCY_RE.search(text)
    if not m:
        return None
    return _currency_code(m.group(1) or m.group(2))


def _currency_code(marker: str) -> str:
    return SYMBOLS.get(marker, marker.upper())


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({_MON})\.?,?[\s-]+(\d{{4}})\b", re.I),
        "dmy_name",
    ),
    (re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy_name"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "dmy"),
)


def parse_date(text: str) -> date | None:
    """First date in ``text``: ISO, ``2 March 2026``, ``March 2, 2026`` or ``02.03.2026``.

    Slashed dates are read day-first (the usual order outside the US); ISO is preferred.
    """
    found: list[tuple[int, date]] = []
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            d = _make_date(kind, m.groups())
            if d is not None:
                found.append((m.start(), d))
    return min(found)[1] if found else None


def _make_date(kind: str, g: tuple[str, ...]) -> date | None:
    try:
        if kind == "ymd":
            return date(int(g[0]), int(g[1]), int(g[2]))
        if kind == "dmy_name":
            return date(int(g[2]), _MONTHS[g[1].lower().rstrip(".")], int(g[0]))
        if kind == "mdy_name":
            return date(int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
        return date(int(g[2]), int(g[1]), int(g[0]))
    except (ValueError, KeyError):
        return None


def _dec_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec_or_none(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------------

_NUMBER_RES = (
    re.compile(
        r"\b((?:Q|QT|QUO|PRO|P|EST)[-/]?\d[\w]*(?:[-/][\w]+)*)"
        r"(?:[\s,]*(?:Rev(?:ision)?\.?|v)\s*([A-Z]|\d{1,2}))?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:quote|quotation|proposal|estimate)\s*(?:no\.?|number|#|ref\.?|reference|id)"
        r"\s*[:#]?\s*([A-Z0-9][\w\-/.]*\w)(?:[\s,]*(?:Rev(?:ision)?\.?)\s*([A-Z]|\d{1,2}))?",
        re.I,
    ),
)
_REVISION_RE = re.compile(r"\brev(?:ision)?\.?\s*[:#]?\s*([A-Z]|\d{1,2})\b", re.I)
_ISSUE_RE = re.compile(r"^\s*(?:issue\s*date|date\s*of\s*issue|quote\s*date|date)\s*[:\-]", re.I)
_VALID_DAYS_RE = re.compile(
    r"valid(?:ity)?(?:\s+period)?\s*(?:for|of|:)?\s*(\d{1,3})\s*(?:calendar\s+)?days", re.I
)
_VALID_UNTIL_RE = re.compile(r"(?:valid\s+(?:until|through|till)|expir(?:es|y|y date)\b)", re.I)
_TOTAL_RE = re.compile(
    r"^\s*(grand\s+total|total\s+(?:price|cost|amount|quote|fee)s?|total)\b(?![-\w]*\s*%)",
    re.I,
)
_SKIP_ROW_RE = re.compile(r"^\s*(sub-?total|vat|tax|discount|net\b)", re.I)
_SECTION_RE = re.compile(
    r"^\s*(assumptions?|exclusions?|excluded|not\s+included|payment\s+terms?|payment\s+schedule"
    r"|optional(?:\s+items|\s+services)?|terms(?:\s+and\s+conditions)?|notes?|deliverables?"
    r"|timeline|validity|scope|line\s+items|pricing|price\s+breakdown)\s*:?\s*(.*)$",
    re.I,
)
# "7. Payment terms": a numbered heading opens (or, for other titles, closes) a section.
_NUMBERED_HEADING_RE = re.compile(
    r"^\s*\d{1,2}\.\s+(assumptions?|exclusions?|payment\s+terms?|payment\s+schedule|pricing"
    r"|study\s+design|timeline|deliverables?|acceptance|scope|validity|notes?|contacts?"
    r"|terms(?:\s+and\s+conditions)?|optional(?:\s+items)?)\s*:?\s*$",
    re.I,
)
_BULLET_RE = re.compile(r"^\s*(?:[-•*·▪–]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$")
_HEADER_WORDS = {
    "description": "description",
    "item": "item",
    "service": "description",
    "item no": "item_no",
    "item no.": "item_no",
    "no.": "item_no",
    "no": "item_no",
    "pos": "item_no",
    "activity": "description",
    "task": "description",
    "qty": "quantity",
    "quantity": "quantity",
    "no. of units": "quantity",
    "units": "quantity",
    "unit": "unit",
    "uom": "unit",
    "per": "unit",
    "unit price": "unit_price",
    "price": "unit_price",
    "rate": "unit_price",
    "unit cost": "unit_price",
    "price per unit": "unit_price",
    "total": "line_total",
    "line total": "line_total",
    "amount": "line_total",
    "total price": "line_total",
    "extended price": "line_total",
    "cost": "line_total",
}


def parse_quote_text(text: str) -> QuoteFacts:
    """Extract quote number, revision, dates, money, line items and term lists from text."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    number, revision = _find_number(text)
    issue = _find_issue_date(lines)
    days, until = _find_validity(lines)
    sections = _sections(lines)
    items, optional = _line_items(lines)
    total, total_cur = _find_total(lines)
    currency = total_cur or _dominant_currency(text)
    expiry = until or (issue + timedelta(days=days) if issue and days else None)
    warnings = _check_sum(items, total)
    return QuoteFacts(
        number=number,
        revision=revision,
        issue_date=issue,
        currency=currency,
        total=total,
        line_items=tuple(items),
        optional_items=tuple(optional),
        assumptions=tuple(sections.get("assumptions", ())),
        exclusions=tuple(sections.get("exclusions", ())),
        payment_terms=tuple(sections.get("payment_terms", ())),
        validity_days=days,
        expiry_date=expiry,
        warnings=warnings,
    )


def _find_number(text: str) -> tuple[str | None, str | None]:
    for pattern in reversed(_NUMBER_RES):  # a labelled number beats a bare Q-… token
        m = pattern.search(text)
        if m and any(ch.isdigit() for ch in m.group(1)):
            revision = m.group(2)
            if revision is None:
                rev = _REVISION_RE.search(text)
                revision = rev.group(1) if rev else None
            return m.group(1).upper(), revision.upper() if revision else None
    return None, None


def _find_issue_date(lines: list[str]) -> date | None:
    for line in lines:
        if _ISSUE_RE.match(line):
            d = parse_date(line)
            if d:
                return d
    for line in lines:  # no labelled date: the first date that is not a validity/expiry date
        if not _VALID_UNTIL_RE.search(line):
            d = parse_date(line)
            if d:
                return d
    return None


def _find_validity(lines: list[str]) -> tuple[int | None, date | None]:
    days: int | None = None
    until: date | None = None
    for line in lines:
        m = _VALID_DAYS_RE.search(line)
        if m and days is None:
            days = int(m.group(1))
        if _VALID_UNTIL_RE.search(line) and until is None:
            until = parse_date(line[_VALID_UNTIL_RE.search(line).start() :])  # type: ignore[union-attr]
    return days, until


def _section_key(title: str) -> str | None:
    t = title.lower()
    if t.startswith("assumption"):
        return "assumptions"
    if t.startswith(("exclusion", "excluded", "not included")):
        return "exclusions"
    if t.startswith("payment"):
        return "payment_terms"
    return None


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Collect the bullet lists under "Assumptions:", "Exclusions:" and "Payment terms:"."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    blank_seen = False
    for line in lines:
        if numbered := _NUMBERED_HEADING_RE.match(line):
            current, blank_seen = _section_key(numbered.group(1)), False
            continue
        header = _SECTION_RE.match(line)
        if header and (line.rstrip().endswith(":") or ":" in line or not header.group(2)):
            current = _section_key(header.group(1))
            blank_seen = False
            if current and header.group(2).strip():
                out.setdefault(current, []).extend(_split_inline(header.group(2), current))
            continue
        if current is None:
            continue
        if not line.strip():
            blank_seen = True
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            out.setdefault(current, []).extend(_split_inline(bullet.group(1), current))
            blank_seen = False
        elif not blank_seen and out.get(current) and line.startswith((" ", "\t")):
            out[current][-1] = f"{out[current][-1]} {line.strip()}"  # wrapped bullet
        elif not blank_seen and not out.get(current):
            out.setdefault(current, []).append(_clean_item(line))  # un-bulleted single line
        else:
            current = None
    return out


def _split_inline(text: str, key: str) -> list[str]:
    parts = [p for p in re.split(r";\s*", text) if p.strip()]
    if key == "payment_terms":  # "50% at kickoff, 50% at final report" is two tranches
        parts = [q for p in parts for q in re.split(r",\s*(?=\d+(?:\.\d+)?\s*%)", p)]
    return [_clean_item(p) for p in parts if p.strip()]


def _clean_item(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(";.").strip()


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if "|" in line and line.count("|") >= 2:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in re.split(r"\s{2,}", line.strip())]


def _header_map(cells: list[str]) -> dict[int, str] | None:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        key = re.sub(r"\s*\(.*?\)\s*|[#:]", "", cell.lower()).strip()
        role = _HEADER_WORDS.get(key)
        if role and role not in mapping.values():
            mapping[i] = role
    items = [i for i, role in mapping.items() if role == "item"]
    for i in items:  # "Item" names the description unless a "Description" column exists
        has_description = "description" in mapping.values()
        mapping[i] = "item_no" if has_description else "description"
    roles = set(mapping.values())
    if "description" in roles and roles & {"unit_price", "line_total", "quantity"}:
        return mapping
    return None


def _is_money_cell(cell: str) -> bool:
    return bool(re.fullmatch(rf"(?:{_CUR}|[$€£¥])?\s?-?(?:{_NUM})\s?(?:{_CUR}|[$€£¥])?", cell))


def _line_items(lines: list[str]) -> tuple[list[LineItem], list[LineItem]]:
    """Priced rows, split into included and optional ones."""
    items: list[LineItem] = []
    optional: list[LineItem] = []
    header: dict[int, str] | None = None
    in_optional = False
    for line in lines:
        if not line.strip():
            continue
        cells = [c for c in _cells(line) if c != ""] if "\t" not in line else _cells(line)
        section = _SECTION_RE.match(line)
        if section and len(cells) <= 1:
            in_optional = section.group(1).lower().startswith("optional")
            continue
        found = _header_map(cells)
        if found:
            header = found
            continue
        if _TOTAL_RE.match(line) or _SKIP_ROW_RE.match(line) or _BULLET_RE.match(line):
            continue
        item = _row_item(cells, header)
        if item is None:
            continue
        is_optional = in_optional or item.description.lower().startswith(("optional", "(optional"))
        (optional if is_optional else items).append(item)
    return items, optional


def _row_item(cells: list[str], header: dict[int, str] | None) -> LineItem | None:
    width = max(header) + 1 if header else 0
    if header and len(cells) == width and any(_is_money_cell(c) for c in cells):
        values = {role: cells[i] for i, role in header.items()}
        return _item_from_cells(values)
    # no (fitting) header: [item no] description, then qty [unit] unit_price total
    cells = [c for c in cells if c]
    if len(cells) > 3 and re.fullmatch(r"\d{1,3}[.)]?", cells[0]):
        cells = cells[1:]
    if len(cells) < 3 or _is_money_cell(cells[0]) or not re.search(r"[A-Za-z]", cells[0]):
        return None
    tail = [c for c in cells[1:]]
    money = [c for c in tail if _is_money_cell(c)]
    if len(money) < 2:
        return None
    values = {"description": cells[0], "line_total": money[-1], "unit_price": money[-2]}
    if len(money) >= 3:
        values["quantity"] = money[-3]
    units = [c for c in tail if not _is_money_cell(c)]
    if units:
        values["unit"] = units[0]
    return _item_from_cells(values)


def _item_from_cells(values: dict[str, str]) -> LineItem | None:
    description = values.get("description", "").strip()
    if not description or not re.search(r"[A-Za-z]", description):
        return None
    qty_text = values.get("quantity", "")
    qty_num = re.match(r"\s*([\d.,]+)\s*(.*)$", qty_text)
    unit = values.get("unit") or (qty_num.group(2).strip() if qty_num else None)
    return LineItem(
        description=re.sub(r"\s+", " ", description),
        quantity=parse_number(qty_num.group(1)) if qty_num else None,
        unit=unit or None,
        unit_price=parse_amount(values.get("unit_price", ""))[0],
        line_total=parse_amount(values.get("line_total", ""))[0],
    )


def _find_total(lines: list[str]) -> tuple[Decimal | None, str | None]:
    """The grand total wins over a plain "Total"; a total row with a percentage is skipped."""
    found: dict[str, tuple[Decimal, str | None]] = {}
    for line in lines:
        m = _TOTAL_RE.match(line)
        if not m:
            continue
        value, cur = parse_amount(line[m.end() :])
        if value is None:
            continue
        cur = cur or find_currency(line)
        kind = "grand" if m.group(1).lower().startswith("grand") else "total"
        found.setdefault(kind, (value, cur))
    chosen = found.get("grand") or found.get("total")
    return chosen if chosen else (None, None)


def _dominant_currency(text: str) -> str | None:
    codes = Counter(_currency_code(m.group(1) or m.group(2)) for m in _CURRENCY_RE.finditer(text))
    return codes.most_common(1)[0][0] if codes else None


def _check_sum(items: list[LineItem], total: Decimal | None) -> tuple[str, ...]:
    totals = [i.line_total for i in items if i.line_total is not None]
    if total is None or not totals or sum(totals) == total:
        return ()
    return (f"line totals add up to {sum(totals)}, the quote says {total}",)


# ---------------------------------------------------------------------------------------------
# Recording and accepting quote versions
# ---------------------------------------------------------------------------------------------


def _facts_json(facts: QuoteFacts) -> dict[str, object]:
    return {
        "number": facts.number,
        "revision": facts.revision,
        "currency": facts.currency,
        "total": _dec_str(facts.total),
        "validity_days": facts.validity_days,
        "expiry_date": facts.expiry_date,
        "issue_date": facts.issue_date,
        "line_items": len(facts.line_items),
    }


def record_quote(
    session: Session,
    actor: Actor,
    project_id: int,
    document_id: int | None,
    facts: QuoteFacts,
    source_message_id: int | None,
) -> Quote:
    """Keep a quote version; the same document recorded twice returns the first record."""
    if document_id is not None:
        same = session.scalar(
            select(Quote).where(Quote.project_id == project_id, Quote.document_id == document_id)
        )
        if same is not None:
            return same
    last = session.scalar(select(func.max(Quote.version)).where(Quote.project_id == project_id))
    quote = Quote(
        project_id=project_id,
        version=(last or 0) + 1,
        document_id=document_id,
        source_message_id=source_message_id,
        number=facts.number,
        revision=facts.revision,
        issue_date=facts.issue_date,
        currency=facts.currency,
        total=facts.total,
        line_items=[i.to_json() for i in facts.line_items],
        optional_items=[i.to_json() for i in facts.optional_items],
        assumptions=list(facts.assumptions),
        exclusions=list(facts.exclusions),
        payment_terms=list(facts.payment_terms),
        validity_days=facts.validity_days,
        expiry_date=facts.expiry_date,
    )
    session.add(quote)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="quote_recorded",
        entity="quote",
        entity_id=quote.id,
        before=None,
        after={"version": quote.version, **_facts_json(facts)},
        source_message_id=source_message_id,
    )
    return quote


def facts_of(quote: Quote) -> QuoteFacts:
    """The stored record back as a value (what ``quote_diff`` compares)."""
    return QuoteFacts(
        number=quote.number,
        revision=quote.revision,
        issue_date=quote.issue_date,
        currency=quote.currency,
        total=quote.total,
        line_items=tuple(LineItem.from_json(i) for i in quote.line_items or ()),
        optional_items=tuple(LineItem.from_json(i) for i in quote.optional_items or ()),
        assumptions=tuple(quote.assumptions or ()),
        exclusions=tuple(quote.exclusions or ()),
        payment_terms=tuple(quote.payment_terms or ()),
        validity_days=quote.validity_days,
        expiry_date=quote.expiry_date,
    )


def quote_versions(session: Session, project_id: int) -> list[Quote]:
    return list(
        session.scalars(select(Quote).where(Quote.project_id == project_id).order_by(Quote.version))
    )


def get_quote(session: Session, project_id: int, version: int | None = None) -> Quote:
    """A version of the project's quote (the latest when ``version`` is None)."""
    stmt = select(Quote).where(Quote.project_id == project_id)
    stmt = stmt.where(Quote.version == version) if version else stmt.order_by(Quote.version.desc())
    quote = session.scalars(stmt.limit(1)).first()
    if quote is None:
        which = f"version {version}" if version else "any version"
        raise NotFound(f"project {project_id} has no quote ({which})")
    return quote


def accept_quote(
    session: Session,
    actor: Actor,
    project_id: int,
    version: int | None = None,
    source_message_id: int | None = None,
) -> Quote:
    """Mark a quote version accepted (sponsor side only); a family has one accepted version."""
    require_role(session, project_id, actor, SPONSOR_ROLES)
    quote = get_quote(session, project_id, version)
    if quote.accepted:
        raise InvalidTransition(f"quote version {quote.version} is already accepted")
    previous = [q for q in quote_versions(session, project_id) if q.accepted]
    for old in previous:
        old.accepted = False
    quote.accepted = True
    quote.accepted_at = utcnow()
    quote.accepted_by_person_id = actor.person_id
    quote.accepted_message_id = source_message_id
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="quote_accepted",
        entity="quote",
        entity_id=quote.id,
        before={"accepted_version": previous[0].version if previous else None},
        after={"accepted_version": quote.version, "reference": facts_of(quote).reference},
        source_message_id=source_message_id,
    )
    return quote


# ---------------------------------------------------------------------------------------------
# Comparing two versions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    description: str
    before: LineItem
    after: LineItem

    @property
    def price_delta(self) -> Decimal | None:
        if self.before.line_total is None or self.after.line_total is None:
            return None
        return self.after.line_total - self.before.line_total


@dataclass(frozen=True)
class QuoteDiff:
    """What moved between two quote versions."""

    v_from: int
    v_to: int
    currency: str | None  # the newer version's (the one deltas are shown in)
    currency_before: str | None = None
    items_added: tuple[LineItem, ...] = ()
    items_removed: tuple[LineItem, ...] = ()
    items_changed: tuple[ItemChange, ...] = ()
    total_before: Decimal | None = None
    total_after: Decimal | None = None
    assumptions_added: tuple[str, ...] = ()
    assumptions_removed: tuple[str, ...] = ()
    exclusions_added: tuple[str, ...] = ()
    exclusions_removed: tuple[str, ...] = ()
    terms_changed: tuple[tuple[str, str, str], ...] = ()  # (field, before, after)

    @property
    def total_delta(self) -> Decimal | None:
        """None when a total is missing or the currency changed (no delta across currencies)."""
        if self.total_before is None or self.total_after is None:
            return None
        if self.currency_before and self.currency and self.currency_before != self.currency:
            return None
        return self.total_after - self.total_before

    @property
    def empty(self) -> bool:
        return not (
            self.items_added
            or self.items_removed
            or self.items_changed
            or self.total_delta
            or self.assumptions_added
            or self.assumptions_removed
            or self.exclusions_added
            or self.exclusions_removed
            or self.terms_changed
        )

    def format(self) -> str:
        """Plain text for ``mailroom quote diff PROJECT``."""
        cur = f" {self.currency}" if self.currency else ""
        out = [f"Quote v{self.v_from} -> v{self.v_to}"]
        if self.empty:
            return "\n".join([*out, "  no changes"])
        if self.total_before is not None or self.total_after is not None:
            delta = self.total_delta
            shown = f" ({_signed(delta)}{cur})" if delta is not None else ""
            old = f" {self.currency_before}" if self.currency_before else cur
            out.append(f"  total: {self.total_before}{old} -> {self.total_after}{cur}{shown}")
        out += [f"  + item: {_item_text(i)}" for i in self.items_added]
        out += [f"  - item: {_item_text(i)}" for i in self.items_removed]
        for c in self.items_changed:
            moved = f" ({_signed(c.price_delta)}{cur})" if c.price_delta is not None else ""
            out.append(
                f"  ~ item: {c.description}: {_item_text(c.before, False)} -> "
                f"{_item_text(c.after, False)}{moved}"
            )
        for label, items, sign in (
            ("assumption", self.assumptions_added, "+"),
            ("assumption", self.assumptions_removed, "-"),
            ("exclusion", self.exclusions_added, "+"),
            ("exclusion", self.exclusions_removed, "-"),
        ):
            out += [f"  {sign} {label}: {text}" for text in items]
        out += [f"  ~ {name}: {old} -> {new}" for name, old, new in self.terms_changed]
        return "\n".join(out)


def _signed(value: Decimal | None) -> str:
    return "" if value is None else (f"+{value}" if value > 0 else str(value))


def _item_text(item: LineItem, with_name: bool = True) -> str:
    parts = [item.description] if with_name else []
    if item.quantity is not None:
        parts.append(f"{item.quantity}{' ' + item.unit if item.unit else ''}")
    if item.unit_price is not None:
        parts.append(f"@ {item.unit_price}")
    if item.line_total is not None:
        parts.append(f"= {item.line_total}")
    return " ".join(parts)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _added_removed(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    old_keys, new_keys = {_norm(t) for t in old}, {_norm(t) for t in new}
    return (
        tuple(t for t in new if _norm(t) not in old_keys),
        tuple(t for t in old if _norm(t) not in new_keys),
    )


def diff_facts(a: QuoteFacts, b: QuoteFacts, v_from: int = 0, v_to: int = 0) -> QuoteDiff:
    """Pure comparison of two quotes; items are matched by their normalised description."""
    old = {_norm(i.description): i for i in a.line_items}
    new = {_norm(i.description): i for i in b.line_items}
    changed = tuple(
        ItemChange(new[k].description, old[k], new[k]) for k in new if k in old and old[k] != new[k]
    )
    a_add, a_rem = _added_removed(a.assumptions, b.assumptions)
    e_add, e_rem = _added_removed(a.exclusions, b.exclusions)
    terms = tuple(
        (name, str(x), str(y))
        for name, x, y in (
            ("payment terms", "; ".join(a.payment_terms), "; ".join(b.payment_terms)),
            ("validity days", a.validity_days, b.validity_days),
            ("expiry date", a.expiry_date, b.expiry_date),
            ("currency", a.currency, b.currency),
        )
        if x != y
    )
    return QuoteDiff(
        v_from=v_from,
        v_to=v_to,
        currency=b.currency or a.currency,
        currency_before=a.currency,
        items_added=tuple(i for k, i in new.items() if k not in old),
        items_removed=tuple(i for k, i in old.items() if k not in new),
        items_changed=changed,
        total_before=a.total,
        total_after=b.total,
        assumptions_added=a_add,
        assumptions_removed=a_rem,
        exclusions_added=e_add,
        exclusions_removed=e_rem,
        terms_changed=terms,
    )


def quote_diff(
    session: Session, project_id: int, v_from: int | None = None, v_to: int | None = None
) -> QuoteDiff:
    """Compare two versions (default: the latest with the one before it)."""
    versions = quote_versions(session, project_id)
    if len(versions) < 2 and (v_from is None or v_to is None):
        raise NotFound(f"project {project_id} has {len(versions)} quote version(s); need two")
    by_version = {q.version: q for q in versions}
    to_v = v_to if v_to is not None else versions[-1].version
    from_v = v_from if v_from is not None else to_v - 1
    missing = [v for v in (from_v, to_v) if v not in by_version]
    if missing:
        raise NotFound(f"project {project_id} has no quote version {missing[0]}")
    return diff_facts(facts_of(by_version[from_v]), facts_of(by_version[to_v]), from_v, to_v)
