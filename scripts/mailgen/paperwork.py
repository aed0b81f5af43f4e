"""The documents of a sponsor–CRO engagement, built from a few numbers.

Each function returns a `Document` (see `docmodel`); totals are computed from line items
so the demo never shows a quote whose lines do not add up. Field choices follow what
quotes, change orders, CoAs and invoices carry in practice (shared domain notes b, d, e).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from scripts.mailgen.docmodel import Block, Document, Fields, Heading, Paragraph, Table


@dataclass(frozen=True)
class LineItem:
    description: str
    quantity: float
    unit: str
    unit_price: float

    @property
    def total(self) -> float:
        return round(self.quantity * self.unit_price, 2)


def money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


def _qty(value: float) -> str:
    return f"{value:g}"


def items_table(items: tuple[LineItem, ...], currency: str) -> Table:
    rows = tuple(
        (str(n), item.description, _qty(item.quantity), item.unit,
         money(item.unit_price, currency), money(item.total, currency))
        for n, item in enumerate(items, start=1)
    )
    header = ("No.", "Description", "Qty", "Unit", "Unit price", "Line total")
    return Table(header, rows, widths=(4, 34, 6, 10, 14, 15))


def total(items: tuple[LineItem, ...]) -> float:
    return round(sum(item.total for item in items), 2)


@dataclass(frozen=True)
class Quote:
    number: str  # "Q-2026-0147"
    revision: str  # "A"
    issued: date
    valid_days: int
    provider: str
    client: str
    prepared_by: str
    client_contact: str
    title: str
    design: str
    currency: str
    items: tuple[LineItem, ...]
    optional: tuple[LineItem, ...]
    timeline: tuple[str, ...]
    assumptions: tuple[str, ...]
    exclusions: tuple[str, ...]
    deliverables: tuple[str, ...]
    payment_terms: tuple[str, ...]
    pass_through: str = ""
    supersedes: str = ""
    msa: str = ""

    @property
    def reference(self) -> str:
        return f"{self.number} Rev {self.revision}"

    @property
    def total(self) -> float:
        return total(self.items)


def quote_document(q: Quote) -> Document:
    """A quotation PDF: header fields, line items, total, terms — what buyers compare."""
    fields = [("Quotation", q.reference), ("Issue date", q.issued.isoformat()),
              ("Valid until", f"{(q.issued + timedelta(days=q.valid_days)).isoformat()} "
                              f"({q.valid_days} days)"),
              ("Prepared for", q.client_contact), ("Prepared by", q.prepared_by),
              ("Currency", q.currency)]
    if q.msa:
        fields.append(("Framework", q.msa))
    if q.supersedes:
        fields.append(("Supersedes", q.supersedes))
    blocks: list[Block] = [Fields(tuple(fields)), Heading("1. Study design"), Paragraph(q.design),
                           Heading("2. Pricing"), items_table(q.items, q.currency),
                           Paragraph(f"Total (excluding VAT): {money(q.total, q.currency)}",
                                     bold=True)]
    if q.optional:
        blocks += [Paragraph("Optional items (not included in the total above):"),
                   items_table(q.optional, q.currency)]
    if q.pass_through:
        blocks.append(Paragraph(q.pass_through))
    blocks += _list("3. Timeline", q.timeline) + _list("4. Assumptions", q.assumptions)
    blocks += _list("5. Exclusions", q.exclusions) + _list("6. Deliverables", q.deliverables)
    blocks += _list("7. Payment terms", q.payment_terms)
    blocks += [Heading("8. Acceptance"),
               Paragraph("To accept, please sign and return this quotation or issue a purchase "
                         f"order referencing {q.reference}. Prices are valid for "
                         f"{q.valid_days} days from the issue date.")]
    return Document(q.provider, f"Quotation {q.reference} – {q.title}", tuple(blocks),
                    author=q.prepared_by, footer=f"{q.provider} · {q.reference} · Confidential")


def _list(heading: str, lines: tuple[str, ...]) -> list[Block]:
    return [Heading(heading), *(Paragraph(f"• {line}") for line in lines)]


def purchase_order(number: str, issued: date, buyer: str, vendor: str, quote_ref: str,
                   items: tuple[LineItem, ...], currency: str, terms: str) -> Document:
    blocks: tuple[Block, ...] = (
        Fields((("PO number", number), ("Order date", issued.isoformat()), ("Vendor", vendor),
                ("Reference", quote_ref), ("Payment terms", terms))),
        items_table(items, currency),
        Paragraph(f"PO total: {money(total(items), currency)}", bold=True),
        Paragraph(f"Please quote PO number {number} on all invoices. Invoices without a valid "
                  "PO number will be returned unpaid."),
    )
    return Document(buyer, f"Purchase Order {number}", blocks, footer=f"{buyer} · Procurement")


@dataclass(frozen=True)
class ChangeOrder:
    number: str  # "CO-001"
    raised: date
    provider: str
    linked: str  # quote / PO references
    requested_by: str
    reason: str
    description: tuple[str, ...]
    items: tuple[LineItem, ...]
    currency: str
    previous_total: float
    milestones: tuple[tuple[str, str, str], ...]  # (milestone, old date, new date)
    quality_impact: str
    approvers: tuple[tuple[str, str], ...]  # (role, name)


def change_order_document(co: ChangeOrder) -> Document:
    delta = total(co.items)
    blocks: tuple[Block, ...] = (
        Fields((("Change order", f"{co.number} (version 1)"),
                ("Date raised", co.raised.isoformat()), ("Linked to", co.linked),
                ("Requested by", co.requested_by),
                ("Reason category", co.reason), ("Status", "Submitted for approval"))),
        Heading("Description of change"),
        *(Paragraph(f"• {line}") for line in co.description),
        Heading("Cost impact"),
        items_table(co.items, co.currency),
        Paragraph(f"Cost delta: +{money(delta, co.currency)}. Previous contract value "
                  f"{money(co.previous_total, co.currency)}; new contract value "
                  f"{money(co.previous_total + delta, co.currency)}.", bold=True),
        Heading("Timeline impact"),
        Table(("Milestone", "Current date", "Revised date"), co.milestones, widths=(3, 2, 2)),
        Heading("Quality / regulatory impact"),
        Paragraph(co.quality_impact),
        Heading("Approvals"),
        Table(("Role", "Name", "Signature", "Date"),
              tuple((role, name, "", "") for role, name in co.approvers), widths=(3, 3, 3, 2)),
        Paragraph("Work on the changed scope starts only after written sponsor approval."),
    )
    return Document(co.provider, f"Change Order {co.number}", blocks,
                    footer=f"{co.provider} · {co.number} · {co.linked}")


def report_document(provider: str, title: str, status: str, fields: tuple[tuple[str, str], ...],
                    sections: tuple[tuple[str, str], ...], table: Table | None,
                    statement: str) -> Document:
    """A study report; `status` is DRAFT or FINAL and is printed on every page footer."""
    blocks: list[Block] = [Fields(fields)]
    for heading, text in sections:
        blocks += [Heading(heading), Paragraph(text)]
    if table is not None:
        blocks += [Heading("Results summary"), table]
    blocks += [Heading("Statements"), Paragraph(statement)]
    return Document(provider, f"{title} – {status}", tuple(blocks),
                    footer=f"{status} – {provider} – confidential")


@dataclass(frozen=True)
class Invoice:
    number: str
    issued: date
    provider: str
    bill_to: str
    po: str
    currency: str
    items: tuple[LineItem, ...]
    vat_rate: float
    bank: str
    note: str

    @property
    def total(self) -> float:
        return round(total(self.items) * (1 + self.vat_rate), 2)


def invoice_document(inv: Invoice) -> Document:
    net = total(inv.items)
    due = inv.issued + timedelta(days=30)
    blocks: tuple[Block, ...] = (
        Fields((("Invoice number", inv.number), ("Invoice date", inv.issued.isoformat()),
                ("Bill to", inv.bill_to), ("Purchase order", inv.po),
                ("Payment terms", "Net 30 days from invoice date"),
                ("Due date", due.isoformat()))),
        items_table(inv.items, inv.currency),
        Fields((("Subtotal", money(net, inv.currency)),
                (f"VAT ({inv.vat_rate:.0%})", money(net * inv.vat_rate, inv.currency)),
                ("Amount due", money(inv.total, inv.currency)))),
        Paragraph(inv.note),
        Paragraph(f"Remit to: {inv.bank}. Please quote {inv.number} as the payment reference."),
    )
    return Document(inv.provider, f"Invoice {inv.number}", blocks,
                    footer=f"{inv.provider} · Accounts Receivable")


def coa_document(issuer: str, product: str, lot: str, fields: tuple[tuple[str, str], ...],
                 results: tuple[tuple[str, str, str, str, str], ...], statement: str) -> Document:
    """A Certificate of Analysis: one row per test with specification and pass/fail."""
    blocks: tuple[Block, ...] = (
        Fields((("Product", product), ("Lot / batch", lot), *fields)),
        Table(("Test", "Method", "Specification", "Result", "Pass/Fail"), results,
              widths=(4, 3, 4, 3, 2)),
        Paragraph(statement),
    )
    return Document(issuer, f"Certificate of Analysis – {product}, lot {lot}", blocks,
                    footer=f"{issuer} · Quality Assurance")
