"""Long-form documents as companies actually lay them out: field blocks, numbered
sections, line-item tables with a currency in every cell, impact and approval tables.

(Mostly phrase banks, i.e. data.) documents.py has the short, regular forms; these are
the multi-page ones (a proposal with study design, pricing, timeline, assumptions and
payment terms; a change order as a form; a report with a title page) whose extracted text
looked nothing like our short forms. Every bank of six or more entries is partitioned
between the splits by the generator, so held-out documents use section titles and
phrasing that training never saw.
"""

from __future__ import annotations

from classifier.corpus.documents import (
    DOCX,
    PDF,
    XLSX,
    Context,
    Doc,
    content_type,
)
from classifier.corpus.layouts import bullets

FIELD_SEPARATORS = ("\t", ": ", "  ", " ", ":\t")


def _fields(g: Context, pairs: list[tuple[str, str]]) -> list[str]:
    sep = g.pick(FIELD_SEPARATORS)
    return [f"{k}{sep}{g.fill(v)}" for k, v in pairs]


def _money(g: Context, cur: str, value: int) -> str:
    cents = g.pick((".00", ".00", ",00", ""))
    amount = f"{value:,}" if cents != ",00" else f"{value:,}".replace(",", ".")
    return g.pick(("{c} {a}{x}", "{c}{a}{x}", "{a}{x} {c}", "{a}{x}")).format(
        c=cur, a=amount, x=cents
    )


def _line_items(g: Context, cur: str, n: int) -> tuple[list[str], int]:
    """Rows of (no, description, qty, unit, unit price, line total); returns rows, total."""
    sep = g.pick(("\t", " ", "  ", " | "))
    header = g.pick(
        (
            "No.{s}Description{s}Qty{s}Unit{s}Unit price{s}Line total",
            "Item{s}Service{s}Quantity{s}Basis{s}Price per unit{s}Amount",
            "#{s}Activity{s}No. of units{s}Unit{s}Rate{s}Total",
            "Pos.{s}Task{s}Units{s}Unit cost{s}Extended price",
            "Line{s}Work package{s}Qty{s}UoM{s}Unit rate{s}Subtotal",
            "Ref{s}Deliverable / activity{s}Quantity{s}Unit{s}Price/unit{s}Total price",
        )
    ).format(s=sep)
    rows, total = [header], 0
    for i in range(n):
        desc, unit, price = g.item()
        qty = 1 if unit in ("fixed", "per study", "per method") else g.randint(2, 240)
        total += qty * price
        rows.append(
            sep.join(
                (
                    str(i + 1),
                    desc,
                    str(qty),
                    unit,
                    _money(g, cur, price),
                    _money(g, cur, qty * price),
                )
            )
        )
    return rows, total


QUOTE_DOC_TITLES = (
    "Quotation {qno} {rev} - {study}",
    "Proposal {qno} for the {study}",
    "Commercial and technical proposal {qno}",
    "Cost proposal - {study}",
    "Offer {qno} ({rev})",
    "Statement of work and budget {qno}",
    "Budgetary quotation {qno}",
    "Service proposal: {study}",
    "Price offer {qno} {rev}",
    "Project proposal {qno} - {sponsor}",
    "Quote {qno} - {study}",
    "Estimate {qno} for {sponsor}",
)
QUOTE_FIELDS = (
    ("Issue date", "{date}"),
    ("Valid until", "{date2} ({days} days)"),
    ("Prepared for", "{name}, {sponsor}"),
    ("Prepared by", "{sender}, {cro}"),
    ("Currency", "{cur}"),
    ("Reference", "{study_no}"),
    ("Framework agreement", "MSA {study_no}"),
    ("Validity", "{days} days"),
    ("Client", "{sponsor}"),
    ("Our ref.", "{qno}"),
    ("Contact", "{sender}"),
    ("Revision", "{rev}"),
)
QUOTE_SECTION_TITLES = (
    ("Scope of work", "Pricing", "Timeline", "Assumptions", "Exclusions", "Payment terms"),
    ("Study design", "Budget", "Schedule", "Assumptions", "Not included", "Invoicing schedule"),
    ("Background", "Cost summary", "Project timeline", "Prerequisites", "Out of scope", "Terms"),
    ("Objectives", "Fees", "Milestones", "Basis of estimate", "Exclusions", "Payment"),
    ("Proposed approach", "Price", "Planning", "Client obligations", "Excluded", "Billing"),
    ("Services", "Quotation", "Key dates", "Conditions", "Exclusions", "Commercial terms"),
)
QUOTE_ASSUMPTIONS = (
    "The sponsor supplies the test item with a certificate of analysis and stability data.",
    "A validated method is available and can be transferred without redevelopment.",
    "One round of consolidated comments on the draft report.",
    "Samples arrive in one shipment, frozen, with a complete manifest.",
    "Standard report format; no SEND datasets unless listed as an option.",
    "Up to {n} samples; further samples are charged at the unit rate.",
    "Work starts within 4 weeks of the signed order.",
    "Reference standards and critical reagents are provided free of charge.",
    "Animals are available in the requested weight range.",
    "Testing follows our SOPs; sponsor methods are adopted as written.",
    "Prices exclude VAT and pass-through costs.",
    "Regulatory meetings and travel are not included.",
)
QUOTE_TERMS = (
    "{pct}% on signature, the balance on issue of the draft report.",
    "Invoices are payable net 30 days from the invoice date.",
    "Pass-through costs are invoiced at cost plus 10% handling.",
    "Milestone billing: kickoff {pct}%, draft report 30%, final report 20%.",
    "This quotation is valid for {days} days from the date of issue.",
    "To accept, sign and return this quotation or issue a purchase order quoting its number.",
    "Cancellation after study start: work performed and committed costs are charged.",
    "Prices are fixed for 12 months; later work is subject to indexation.",
    "All amounts are in {cur} and exclude applicable taxes.",
    "Payment by bank transfer within 45 days of receipt of invoice.",
    "Acceptance of this offer is by purchase order referencing {qno}.",
    "Our general terms of business apply unless the MSA says otherwise.",
)
QUOTE_EXCLUSIONS = (
    "Repeat analyses caused by sample quality.",
    "SEND datasets and electronic submissions.",
    "Archiving beyond the standard retention period.",
    "Travel for audits or monitoring visits.",
    "Additional groups, timepoints or endpoints.",
    "Import duties and customs brokerage.",
    "Statistical analysis beyond descriptive statistics.",
    "Method development if the transferred method fails.",
)
QUOTE_TIMELINE = (
    "Protocol draft within 2 weeks of award.",
    "Study start: week of {date}, subject to slot availability.",
    "Draft report {weeks} weeks after the last sample is analysed.",
    "Final report 2 weeks after receipt of sponsor comments.",
    "Results within {weeks} weeks of sample receipt.",
    "Kick-off meeting within 10 working days of the PO.",
)


def quote_long(g: Context) -> Doc:
    cur = g.pick(("USD", "EUR", "GBP", "CHF", "$", "€", "£"))
    titles = g.pick_row(QUOTE_SECTION_TITLES)
    rows, total = _line_items(g, cur, g.randint(3, 9))
    numbered = g.chance(0.7)

    def head(i: int) -> str:
        return f"{i + 1}. {titles[i]}" if numbered else titles[i]

    pct = str(g.pick(("30", "40", "50", "25")))
    lines = [g.fill("{cro}"), g.fill(g.pick(QUOTE_DOC_TITLES))]
    lines += _fields(g, [(k, v) for k, v in g.sample(QUOTE_FIELDS, g.randint(3, 7))])
    lines += [head(0), g.fill("{study}. " + g.pick(QUOTE_ASSUMPTIONS))]
    lines += [head(1), *rows]
    lines.append(
        g.pick(("Total", "Total (excluding VAT):", "Grand total", "TOTAL", "Total price:"))
        + " "
        + _money(g, cur, total)
    )
    if g.chance(0.4):
        opt_rows, _ = _line_items(g, cur, g.randint(1, 2))
        lines += [
            g.pick(("Optional items (not included above):", "Options", "Optional")),
            *opt_rows,
        ]
    order = [2, 3, 4, 5]
    if g.chance(0.5):
        order = [3, 4, 2, 5]
    for i in order:
        bank = {2: QUOTE_TIMELINE, 3: QUOTE_ASSUMPTIONS, 4: QUOTE_EXCLUSIONS, 5: QUOTE_TERMS}[i]
        items = [g.fill(x.replace("{pct}", pct)) for x in g.sample(bank, g.randint(1, 4))]
        lines += [head(i), *bullets(g, items)]
    if g.chance(0.5):
        lines.append(g.fill("Accepted for {sponsor}: ____________  Date: ________"))
    name = g.fill(
        g.pick(
            (
                "{cro}_Proposal_{qno}_{rev}.pdf",
                "Quotation_{qno}.pdf",
                "{qno} {sponsor} proposal.pdf",
                "Proposal_{study_no}_v2.docx",
                "Offer_{qno}.pdf",
                "{cro} quote {study_no}.pdf",
            )
        )
    )
    return Doc(
        name.replace(" ", "_") if g.chance(0.5) else name, content_type(name), "\n".join(lines)
    )


CO_FORM_TITLES = (
    "Change Order {co}",
    "Change Request {co}",
    "Contract Change Order {co}",
    "Change order form",
    "Scope change request {co}",
    "Change Notice {co}",
    "Variation Order {co}",
    "Work Order Amendment {co}",
    "Change authorisation {co}",
    "Project change request {co}",
    "Amendment No. {n2} to the work order",
    "CHANGE ORDER {co}",
)
CO_FORM_FIELDS = (
    ("Change order", "{co} (version 1)"),
    ("Date raised", "{date}"),
    ("Linked to", "{qno}; PO {po}"),
    ("Requested by", "{name} ({sponsor})"),
    ("Reason category", "{reason}"),
    ("Status", "Submitted for approval"),
    ("Project", "{study_no}"),
    ("Originator", "{sender}, {cro}"),
    ("Contract reference", "MSA / work order {po}"),
    ("Priority", "normal"),
    ("Change type", "{reason}"),
    ("Raised on", "{date}"),
)
CO_SECTIONS = (
    ("Description of change", "Cost impact", "Timeline impact", "Approvals"),
    ("Scope change", "Budget impact", "Schedule impact", "Authorisation"),
    ("Change description", "Price impact", "Impact on milestones", "Sign-off"),
    ("What changes", "Cost delta", "Revised dates", "Approval"),
    ("Reason and description", "Financial impact", "Time impact", "Signatures"),
    ("Requested change", "Impact on cost", "Impact on schedule", "Approvals"),
)


CO_EXTRA_LINES = (
    "Reason: {reason}.",
    "Requested by the sponsor on {date}.",
    "Protocol amendment to be signed by the study director.",
    "Affects samples received after {date}.",
    "Same method and acceptance criteria as the original scope.",
    "Report timelines are adjusted as shown below.",
)


def change_order_form(g: Context) -> Doc:
    cur = g.pick(("USD", "EUR", "GBP", "CHF"))
    sec = g.pick_row(CO_SECTIONS)
    rows, delta = _line_items(g, cur, g.randint(1, 4))
    before = g.randint(20, 600) * 1000
    lines = [g.fill("{cro}"), g.fill(g.pick(CO_FORM_TITLES))]
    lines += _fields(g, [(k, v) for k, v in g.sample(CO_FORM_FIELDS, g.randint(3, 7))])
    change = g.fill("{change}")
    extra = g.sample(CO_EXTRA_LINES, g.randint(0, 2))
    lines += [sec[0], *bullets(g, [change[0].upper() + change[1:] + ".", *map(g.fill, extra)])]
    lines += [sec[1], *rows]
    lines.append(
        g.pick(("Cost delta: +", "Total change: ", "Net increase: ", "Additional cost: "))
        + _money(g, cur, delta)
        + g.pick(
            (
                f". Previous contract value {_money(g, cur, before)}; new contract value "
                f"{_money(g, cur, before + delta)}.",
                "",
                f" (revised total {_money(g, cur, before + delta)})",
            )
        )
    )
    sep = g.pick(("\t", " ", "  "))
    lines += [sec[2], sep.join(("Milestone", "Current date", "Revised date"))]
    for ms in g.sample(
        (
            "Draft report",
            "Final report",
            "Dosing start",
            "Analysis complete",
            "Data delivery",
            "Batch release",
        ),
        g.randint(1, 3),
    ):
        lines.append(sep.join((ms, g.fill("{date}"), g.fill("{date2}"))))
    lines += [sec[3], sep.join(("Role", "Name", "Signature", "Date"))]
    lines.append(sep.join(("CRO project manager", g.fill("{sender}"), "", "")))
    lines.append(sep.join(("Sponsor approver", g.fill("{name}"), "", "")))
    if g.chance(0.6):
        lines.append(
            g.pick(
                (
                    "Work on the changed scope starts only after written sponsor approval.",
                    "This change order becomes effective when signed by both parties.",
                    "All other terms of the agreement remain unchanged.",
                    "Please sign and return; the PO should be amended accordingly.",
                    "No work on the additional scope before approval.",
                    "Signed copies to both project managers and finance.",
                )
            )
        )
    name = g.fill(
        g.pick(
            (
                "{cro}_{co}_{study_no}.docx",
                "Change_order_{co}.docx",
                "{co}_for_signature.pdf",
                "CR {study_no} {co}.docx",
                "Change request {co} v1.pdf",
                "Amendment_{n2}_{study_no}.docx",
            )
        )
    )
    return Doc(name, DOCX if name.endswith(".docx") else PDF, "\n".join(lines))


REPORT_FIELDS = (
    ("Study number", "{study_no}"),
    ("Sponsor", "{sponsor}"),
    ("Test facility", "{cro}"),
    ("Test article", "{compound}, lot {lot}"),
    ("Study director", "{name}"),
    ("Version", "Draft 1, QA audited, {date}"),
    ("Report status", "Final, signed {date}"),
    ("Principal investigator", "{sender}"),
    ("Report date", "{date}"),
    ("Document number", "RPT-{study_no}"),
    ("Protocol", "{study_no}, amendment 1"),
    ("Issued", "{date}"),
)
REPORT_SECTION_TEXT = (
    ("Summary", "The {study} was completed as planned. {status_cap}."),
    ("Results", "All analytical runs met the acceptance criteria of the method."),
    ("Conclusion", "The results support the objectives set out in the protocol."),
    ("Methods", "Analyses followed the validated procedures referenced in the protocol."),
    ("Deviations", "No deviation affected the integrity of the study."),
    ("Statements", "Quality Assurance audited this report against the raw data."),
    ("Discussion", "Findings were consistent with the expected pharmacology."),
    ("Appendices", "Individual data tables, chromatograms and the QA statement."),
    ("Introduction", "This report describes the {study} for {sponsor}."),
    ("Compliance", "The study was performed in accordance with GLP and the protocol."),
    ("Data tables", "Tables 1 to 4 list the individual and mean values per group."),
    ("Archiving", "Raw data, samples and the final report are archived at {cro}."),
)
REPORT_HEADS = (
    ("Group", "Dose", "N", "Mean", "SD", "Finding"),
    ("Batch", "Scale", "Yield (%)", "Purity (%)", "Result"),
    ("Run", "Date", "Calibrators", "QCs", "Accepted"),
    ("Sample", "Reads (M)", "Q30 (%)", "Status"),
    ("Parameter", "Group 1", "Group 2", "Group 3"),
    ("Compound", "IC50 (nM)", "Hill", "Max (%)"),
)


def report_long(g: Context) -> Doc:
    stage = g.pick(("DRAFT", "FINAL", "Draft", "Final", "Interim", "Version 1.0"))
    lines = [g.fill("{cro}")]
    title = g.fill(
        g.pick(
            (
                "Study {study_no}: {study}",
                "{deliv_cap} - {study}",
                "{study} - {deliv}",
                "Report for study {study_no}: {study}",
                "{deliv_cap} for {sponsor}: {study}",
                "{study_no} {deliv}",
            )
        )
    )
    lines.append(f"{title} - {stage}" if g.chance(0.6) else title)
    lines += _fields(g, [(k, v) for k, v in g.sample(REPORT_FIELDS, g.randint(3, 7))])
    sections = g.sample(tuple(f"{a}\n{b}" for a, b in REPORT_SECTION_TEXT), g.randint(2, 6))
    lines += [g.fill(s) for s in sections[:1]]
    head = list(g.pick_row(REPORT_HEADS))
    sep = g.pick(("\t", " ", "  "))
    lines.append(sep.join(head))
    for i in range(g.randint(3, 10)):
        lines.append(sep.join([str(i + 1)] + [str(g.randint(1, 999) / 10) for _ in head[1:]]))
    lines += [g.fill(s) for s in sections[1:]]
    if g.chance(0.5):
        lines.append(g.fill(f"{stage} - {{cro}} - confidential"))
    name = g.fill(
        g.pick(
            (
                "{study_no}_Draft_Report_v1.pdf",
                "{study_no}_{deliv_file}_final_signed.pdf",
                "{deliv_file}_{study_no}_v1.0.pdf",
                "Report_{study_no}_{sponsor}.pdf",
                "{study_no} {deliv} DRAFT.pdf",
                "{deliv_file}.docx",
            )
        )
    )
    return Doc(name, content_type(name), "\n".join(lines))


INVOICE_LONG_FIELDS = (
    ("Invoice number", "{inv}"),
    ("Invoice date", "{date}"),
    ("Due date", "{date2}"),
    ("Bill to", "{sponsor}, Accounts Payable"),
    ("Purchase order", "{po}"),
    ("Your reference", "{name}"),
    ("Customer no.", "C{n2}0{n}"),
    ("Payment terms", "30 days net"),
    ("Project", "{study_no}"),
    ("VAT number", "GB 000 0000 00"),
    ("Contract", "{qno}"),
    ("Supplier", "{cro}"),
)
INVOICE_LINES = (
    "Milestone: final report issued ({pct}%)",
    "Milestone: draft report issued ({pct}%)",
    "Study initiation ({pct}% of contract value)",
    "Change order {co} - additional work",
    "Pass-through: courier and dry ice",
    "Sample analysis completed in {month}",
    "Animal purchase (advance)",
    "Batch release testing, lot {lot}",
)


def invoice_long(g: Context) -> Doc:
    cur = g.pick(("USD", "EUR", "GBP", "CHF", "$", "€", "£"))
    pct = g.pick(("20", "30", "50", "40"))
    lines = [
        g.fill("{cro}"),
        g.fill(
            g.pick(
                (
                    "Invoice {inv}",
                    "INVOICE",
                    "Tax invoice {inv}",
                    "Invoice",
                    "Rechnung / Invoice {inv}",
                    "Facture / Invoice {inv}",
                )
            )
        ),
    ]
    lines += _fields(g, [(k, v) for k, v in g.sample(INVOICE_LONG_FIELDS, g.randint(4, 8))])
    sep = g.pick(("\t", " ", "  "))
    lines.append(sep.join(("Description", "Amount")))
    total = 0
    for line in g.sample(INVOICE_LINES, g.randint(1, 3)):
        amount = g.randint(5, 300) * 100
        total += amount
        lines.append(sep.join((g.fill(line.replace("{pct}", pct)), _money(g, cur, amount))))
    lines += [
        f"Subtotal {_money(g, cur, total)}",
        g.pick(("VAT 0% (reverse charge) ", "VAT exempt ", "Tax ")) + _money(g, cur, 0),
        g.pick(("Total due ", "Amount due ", "Balance due ", "Total ")) + _money(g, cur, total),
    ]
    lines.append(
        g.fill(
            g.pick(
                (
                    "Please quote {inv} as the payment reference.",
                    "Payment by bank transfer to {cro}, IBAN XX00 0000 0000 0000.",
                    "Remit to: {cro}, accounts receivable.",
                    "Questions about this invoice: finance@{dom}",
                    "Late payments bear interest as per the agreement.",
                    "Thank you for your business.",
                )
            )
        )
    )
    name = g.fill(
        g.pick(
            (
                "{inv}.pdf",
                "Invoice_{inv}.pdf",
                "{cro} invoice {inv}.pdf",
                "INV_{study_no}_{month}.pdf",
                "invoice-{inv}.pdf",
                "Rechnung_{inv}.pdf",
            )
        )
    )
    return Doc(name, PDF, "\n".join(lines))


PO_TITLES = (
    "PURCHASE ORDER",
    "Purchase Order {po}",
    "Bestellung / Purchase order {po}",
    "Bon de commande {po}",
    "Order {po}",
    "Purchase order confirmation",
)


def po_long(g: Context) -> Doc:
    """A sponsor's purchase order: priced lines too, but an order, not a quote (other)."""
    cur = g.pick(("USD", "EUR", "GBP", "CHF"))
    rows, total = _line_items(g, cur, g.randint(1, 4))
    lines = [g.fill("{sponsor}"), g.fill(g.pick(PO_TITLES))]
    lines += _fields(
        g,
        [
            ("PO number", "{po}"),
            ("Order date", "{date}"),
            ("Supplier", "{cro}"),
            ("Quotation reference", "{qno}"),
            ("Buyer", "{name}"),
        ][: g.randint(3, 5)],
    )
    lines += [*rows, f"Total order value {_money(g, cur, total)}"]
    lines.append(
        g.pick(
            (
                "Invoices must quote this PO number; invoices without it will be returned.",
                "Terms: per the master services agreement.",
                "Deliver to: accounts payable by e-mail only.",
                "This order is subject to our standard purchasing conditions.",
                "Please confirm acceptance of this order.",
                "Goods receipt by the requester is required before payment.",
            )
        )
    )
    name = g.fill(g.pick(("PO_{po}_{cro}.pdf", "Purchase order {po}.pdf", "{po}.pdf")))
    return Doc(name.replace(" ", "_"), PDF, "\n".join(lines))


CONC_COLUMNS = (
    "{compound} (ng/mL)",
    "Concentration (ng/mL)",
    "Conc. (µg/mL)",
    "Result (ng/mL)",
    "{compound} conc (pg/mL)",
    "Measured conc. (nM)",
)


def _result_cell(g: Context, column: str, row: int) -> str:
    c = column.lower()
    if c.startswith(("sample", "barcode", "tube")):
        return g.cell("sample id", row)
    if c.startswith(("subject", "animal", "patient")):
        return str(g.randint(1001, 1040))
    if c.startswith(("time", "nominal", "visit", "day")):
        return g.pick(("Pre-dose", "0.5 h", "1 h", "4 h", "24 h", "Day 1", "Day 28"))
    if c.startswith(("run", "batch")):
        return f"R{g.randint(100, 999)}"
    if c.startswith(("analysis", "comment", "flag")):
        return g.pick(("", "", "reassay", "dilution 1:10", "2026-03-02"))
    return g.pick(("BLQ", "<LLOQ", "NR")) if row % 7 == 0 else f"{g.randint(5, 9999) / 10}"


def concentration_table(g: Context) -> Doc:
    """Study-sample results with sample IDs, subjects and timepoints: a deliverable."""
    sep = g.pick(("\t", ",", ";"))
    cols = [g.pick(("Sample ID", "Sample", "Sample name", "Sample no.", "Barcode", "Tube ID"))]
    if g.chance(0.8):
        cols.append(g.pick(("Subject", "Animal", "Patient", "Subject ID", "Animal no.")))
    if g.chance(0.8):
        cols.append(g.pick(("Timepoint", "Nominal time", "Time (h)", "Visit", "Day")))
    cols.append(g.fill(g.pick(CONC_COLUMNS)))
    if g.chance(0.6):
        cols.append(g.pick(("Run ID", "Run", "Batch", "Analysis date", "Comment", "Flag")))
    rows = [sep.join(cols)]
    for i in range(g.randint(5, 40)):
        rows.append(sep.join(_result_cell(g, c, i) for c in cols))
    name = g.fill(
        g.pick(
            (
                "{study_no}_concentrations.csv",
                "interim_results_{study_no}.xlsx",
                "{compound}_plasma_conc.csv",
                "cohort_data_{date}.xlsx",
                "Results table {study_no}.xlsx",
                "conc_listing.csv",
            )
        )
    )
    return Doc(name, XLSX if name.endswith("xlsx") else "text/csv", "\n".join(rows))


LONG_DOCUMENTS = {
    "quote_long": (quote_long, "quote"),
    "change_order_form": (change_order_form, "change_agreement"),
    "report_long": (report_long, "deliverable"),
    "concentration_table": (concentration_table, "deliverable"),
    "invoice_long": (invoice_long, "invoice"),
    "po_long": (po_long, "other"),
}
