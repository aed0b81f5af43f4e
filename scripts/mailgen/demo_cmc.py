"""Demo project `cmc-aurora`: tech transfer and process development of an IgG1 antibody.

Aurora Biologics (South San Francisco) moves AUR-101 to Meridian Biologics (Leiden) for
process development and a 200 L engineering run. Hard cases: a `Fwd:` chain; a revised
quote sent after award because the scope changed (the message is a change, the
document is a quote); an HTML-only Outlook status mail with a table; "CoC" meaning chain
of custody in the shipping thread and certificate of compliance next to a batch number;
a one-line reply; a payment reminder and a remittance.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

from scripts.mailgen.docmodel import Table
from scripts.mailgen.mime import attachment
from scripts.mailgen.paperwork import (
    Invoice,
    LineItem,
    Quote,
    coa_document,
    invoice_document,
    money,
    quote_document,
    report_document,
)
from scripts.mailgen.people import Person, Project
from scripts.mailgen.render import csv_bytes, pdf_bytes
from scripts.mailgen.thread import Mailbox
from tracker.types import Role, ServiceType

LA, AMS = "America/Los_Angeles", "Europe/Amsterdam"
AURORA, MERIDIAN = "Aurora Biologics Inc.", "Meridian Biologics B.V."

DANIEL = Person("Daniel Park", "daniel.park@aurorabio.example", "Director, CMC", AURORA, LA,
                Role.SPONSOR_PM, "gmail", "+1 650 555 0117")
LAURA = Person("Dr. Laura Bennett", "laura.bennett@aurorabio.example",
               "SVP, Technical Operations", AURORA, LA, Role.SPONSOR_APPROVER, "gmail")
GRACE = Person("Grace Liu", "ap@aurorabio.example", "Finance Manager", AURORA, LA,
               Role.FINANCE, "gmail", other_emails=("grace.liu@aurorabio.example",))
SANNE = Person("Sanne de Vries", "s.devries@meridian-bio.example", "Program Manager", MERIDIAN,
               AMS, Role.CRO_PM, "outlook", "+31 71 555 0420")
PIETER = Person("Dr. Pieter Janssen", "p.janssen@meridian-bio.example",
                "Head of Process Development", MERIDIAN, AMS, Role.CRO_STAFF, "outlook")
ANA = Person("Ana Kovač", "a.kovac@meridian-bio.example", "QC Team Lead, Analytical Sciences",
             MERIDIAN, AMS, Role.CRO_STAFF, "outlook")
MARCO = Person("Marco Rossi", "invoicing@meridian-bio.example", "Finance & Invoicing",
               MERIDIAN, AMS, Role.FINANCE, "outlook")

PROJECT = Project("cmc-aurora", "AUR-101 tech transfer and process development",
                  ServiceType.CMC_BIOLOGICS, AURORA, MERIDIAN, LA,
                  (DANIEL, LAURA, GRACE, SANNE, PIETER, ANA, MARCO))

BASE_ITEMS = (
    LineItem("Tech transfer package review, gap analysis and tech transfer plan", 1, "fixed",
             28_000),
    LineItem("Upstream process development, 2 L bioreactors", 12, "per run", 6_500),
    LineItem("Downstream process development (protein A capture, 2 polishing steps, viral "
             "inactivation and filtration)", 1, "fixed", 54_000),
    LineItem("Analytical method transfer and qualification (SEC-HPLC, CE-SDS, icIEF, HCP "
             "ELISA, cell-based potency)", 5, "per method", 14_000),
    LineItem("200 L engineering run (non-GMP), drug substance fill", 1, "per batch", 185_000),
    LineItem("Development report and CMC (3.2.S.2) section support", 1, "fixed", 22_000),
)
CHANGE_ITEMS = (
    LineItem("Additional upstream DoE, 2 L bioreactors (feed and pH/temperature shift)", 8,
             "per run", 6_500),
    LineItem("50 L confirmation run before the engineering run", 1, "per batch", 38_000),
)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)


def _quote(revision: str, issued: date) -> Quote:
    items = BASE_ITEMS + (CHANGE_ITEMS if revision == "B" else ())
    return Quote(
        number="Q-2026-0088", revision=revision, issued=issued, valid_days=90,
        provider=MERIDIAN, client=AURORA, prepared_by=SANNE.name,
        client_contact=f"{DANIEL.name}, {AURORA}",
        title="AUR-101 tech transfer, process development and engineering run",
        design=("AUR-101 is a humanised IgG1 produced in CHO-K1 (Aurora RCB). Scope: tech "
                "transfer, upstream and downstream development at 2 L scale, qualification "
                "of five release methods, one 200 L non-GMP engineering run for tox material."),
        currency="EUR", items=items,
        optional=(LineItem("Stability study on engineering-run DS, 6 months, 3 conditions", 1,
                           "fixed", 36_000),),
        timeline=("Tech transfer complete: 6 weeks after receipt of package and RCB.",
                  "Process development: 14 weeks; engineering run: week 24."),
        assumptions=("Aurora provides the RCB (10 vials) with CoA and adventitious agent "
                     "testing.", "Titer at 2 L >= 2.5 g/L with the Aurora process.",
                     "Reference standard and critical reagents provided by Aurora."),
        exclusions=("GMP manufacturing and QA release.", "Cell bank manufacture.",
                    "Viral clearance studies."),
        deliverables=("Tech transfer report; development report (PDF).",
                      "CoA of the engineering-run drug substance; batch summary."),
        payment_terms=("20% at signature; 20% at tech transfer complete; 30% at engineering "
                       "run complete; 30% at issue of the development report.",
                       "Net 30 from invoice date."),
        supersedes="Q-2026-0088 Rev A (accepted 2 Feb 2026)" if revision == "B" else "",
    )


def _outlook_html(paragraphs: list[str], table: tuple[tuple[str, ...], ...]) -> str:
    """Outlook-style HTML: MsoNormal paragraphs, a bordered table, Office namespaces."""
    ps = "\n".join(f'<p class="MsoNormal">{html.escape(t)}<o:p></o:p></p>' for t in paragraphs)
    cells = "\n".join(
        "<tr>" + "".join(f'<td style="border:solid #BFBFBF 1.0pt;padding:0cm 5.4pt"><p '
                         f'class="MsoNormal">{html.escape(c)}</p></td>' for c in row) + "</tr>"
        for row in table)
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml" \
xmlns:o="urn:schemas-microsoft-com:office:office" \
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!-- p.MsoNormal {{margin:0cm;font-size:11.0pt;
font-family:"Calibri",sans-serif;}} --></style></head>
<body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1">
{ps}
<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" \
style="border-collapse:collapse;border:none">
{cells}
</table>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Kind regards,<o:p></o:p></p>
<p class="MsoNormal"><b>Sanne de Vries</b><br>Program Manager | Meridian Biologics B.V.<br>\
+31 71 555 0420<o:p></o:p></p>
</div>
</body>
</html>
"""


def write(box: Mailbox) -> None:
    """The story, in date order; `label` is each message's expected business act."""
    p = PROJECT
    box.send("rfp", DANIEL, "2026-01-07 10:00", """Hi Sanne,

As discussed in Basel, we're looking to move AUR-101 (humanised IgG1, CHO-K1) to a
development partner for process development and a non-GMP 200 L engineering run to
supply our GLP tox study. Could you send a proposal covering:

- tech transfer (we'll send the process description, methods and materials list)
- upstream/downstream development at 2 L
- qualification of our 5 release methods
- 200 L engineering run, DS filled in 1 L bottles
- development report + support for the CMC section

We need tox material by end of Q2. The RCB (10 vials) can ship in February.

Thanks,
Daniel""", label="other", case="RFP", to=[SANNE], cc=[LAURA, p.address],
             subject="RFP - AUR-101 process development and 200 L engineering run")

    quote_a = _quote("A", date(2026, 1, 21))
    box.send("proposal", SANNE, "2026-01-21 17:15", f"""Dear Daniel,

Thank you for your request. Please find attached our proposal {quote_a.reference}. With
the RCB in February, the engineering run would be in week 24, so tox material at the end
of June is feasible but tight.

Kind regards,
Sanne""", label="quote", to=[DANIEL], cc=[LAURA, p.address], reply_to="rfp",
             attachments=(attachment("Meridian_Proposal_Q-2026-0088_RevA.pdf",
                                     pdf_bytes(quote_document(quote_a), _at(quote_a.issued))),))

    box.send("fwd-finance", LAURA, "2026-01-22 09:30", """\
Grace - FYI, this is the Meridian proposal we're likely to accept. Can you start the
vendor setup (Dutch B.V., EUR invoices, reverse-charge VAT)? Payment terms are in
section 7 of the PDF in Sanne's mail.

Laura""", label="other", case="Fwd: to finance, no attachment re-sent", to=[GRACE],
             cc=[DANIEL, p.address], forward="proposal")

    box.send("award", LAURA, "2026-02-02 08:15", f"""Hi Sanne,

We're going ahead with Meridian on {quote_a.reference}. Please go ahead with the tech
transfer - PO 7100-2231 will follow from procurement this week.

Best,
Laura""", label="other", case="award, PO to follow", to=[SANNE], cc=[DANIEL, p.address],
             reply_to="proposal")

    box.send("kickoff", SANNE, "2026-02-11 18:20", """Dear Daniel, dear Laura,

Thank you for the kick-off today. Summary:
- Tech transfer package received complete on 9 Feb (process description v3, 5 method
  SOPs, materials list); gap analysis due 27 Feb.
- RCB shipment: week of 16 Feb, Monday-Wednesday delivery only, LN2 dry shipper.
- Weekly call Thursdays 17:00 CET / 08:00 PT.
- Contacts: Pieter Janssen (process), Ana Kovač (analytics, sample receipt).

Kind regards,
Sanne""", label="other", case="kickoff minutes", to=[DANIEL, LAURA], cc=[PIETER, ANA, p.address],
             subject="AUR-101 kick-off summary")

    vials = [(f"AUR101-RCB-{n:02d}", "CHO-K1 research cell bank", "RCB-AUR101-2025-01",
              "2 mL cryovial", "1.0 mL", "LN2 vapour phase (< -150 °C)",
              f"Box 1, A{n}" if n <= 9 else "Box 1, B1", "") for n in range(1, 11)]
    box.send("rcb-shipment", DANIEL, "2026-02-17 07:05", """Hi Ana,

The RCB left this morning: World Courier, AWB 176-55501234, LN2 dry shipper with temperature
logger WC-88213, ETA Thursday 19 Feb. 10 vials, lot RCB-AUR101-2025-01. The sample list
is attached and the signed chain of custody (CoC) form is inside the shipper.

Please confirm receipt and the logger reading.

Daniel""", label="sample_sheet", case="shipping notice with a CSV manifest; CoC = chain of custody",
             to=[ANA], cc=[SANNE, p.address],
             subject="AUR-101 RCB shipped - World Courier AWB 176-55501234",
             attachments=(attachment("AUR-101_RCB_shipment_manifest.csv", csv_bytes(
                 ("Sample ID", "Material", "Lot", "Container", "Volume", "Storage",
                  "Box/Position", "Comments"), vials)),))

    box.send("rcb-receipt", ANA, "2026-02-19 14:40", """Dear Daniel,

The dry shipper arrived at 11:05 today, logger WC-88213 within limits (max -182 °C). All 10
vials received and transferred to LN2 vapour phase storage (tank 3, rack 2).

One point: the label of AUR101-RCB-07 is partly smudged; lot and vial number are readable
on the cap. We have logged it with a comment. Chain of custody form signed and filed.

Kind regards,
Ana""", label="other", case="receipt confirmation with a minor discrepancy", to=[DANIEL],
             cc=[SANNE, p.address], reply_to="rcb-shipment")

    quote_b = _quote("B", date(2026, 3, 18))
    box.send("revised-quote-after-award", SANNE, "2026-03-18 16:50", f"""Dear Laura, dear Daniel,

As discussed on last Thursday's call, the titer in the transferred process is 1.6 g/L at
2 L instead of the 2.5 g/L assumed in our proposal. To close the gap before the
engineering run, we propose to add an upstream DoE (8 additional 2 L runs) and a 50 L
confirmation run. This adds {money(sum(i.total for i in CHANGE_ITEMS), 'EUR')} and moves
the engineering run from week 24 to week 26.

The revised quote {quote_b.reference} with the added scope is attached for your approval.

Kind regards,
Sanne""", label="change_agreement",
             case="revised quote after award: message is a change, the document is a quote",
             to=[LAURA, DANIEL], cc=[PIETER, p.address],
             subject=f"AUR-101 scope change - titer gap - revised quote {quote_b.reference}",
             attachments=(attachment("Meridian_Proposal_Q-2026-0088_RevB.pdf",
                                     pdf_bytes(quote_document(quote_b), _at(quote_b.issued))),))

    box.send("change-approved", LAURA, "2026-03-20 09:05", """Sanne,

Approved - please proceed with the DoE and the 50 L run per Rev B. Procurement will issue PO
amendment 7100-2231-A1.

Laura""", label="change_agreement", case="firm approval", to=[SANNE],
             cc=[DANIEL, GRACE, p.address], reply_to="revised-quote-after-award")

    rows = (("Milestone", "Planned", "Status"),
            ("Gap analysis and TT plan", "27 Feb", "Done"),
            ("Upstream DoE (8 runs)", "24 Apr", "Run 6 of 8, best arm 2.7 g/L"),
            ("50 L confirmation run", "8 May", "Scheduled"),
            ("Method qualification (5 methods)", "15 May", "4 of 5 done; potency in progress"),
            ("200 L engineering run", "week 26", "On track"))
    text = ("Dear Daniel,\n\nHere is this week's AUR-101 update. The DoE is giving good "
            "results: the best arm reaches 2.7 g/L, so we expect to lock the process after "
            "run 8.\n\n" + "\n".join(" | ".join(r) for r in rows) + "\n\nKind regards,\nSanne")
    box.send("html-status", SANNE, "2026-04-17 12:30", text, label="other",
             case="HTML-only Outlook mail with a table", to=[DANIEL], cc=[LAURA, p.address],
             subject="AUR-101 weekly update - week 16", signature=False, html_only=True,
             html=_outlook_html(["Dear Daniel,", "Here is this week's AUR-101 update. The DoE "
                                 "is giving good results: the best arm reaches 2.7 g/L, so we "
                                 "expect to lock the process after run 8."], rows))

    coa = coa_document(
        MERIDIAN, "AUR-101 drug substance (non-GMP engineering batch)", "AUR101-ENG-001",
        (("Date of manufacture", "2026-05-12"), ("Scale", "200 L"),
         ("Quantity", "18 x 1 L bottles, 21.4 g/L"), ("Storage", "-70 °C or below")),
        (("Appearance", "Visual", "Clear to slightly opalescent", "Slightly opalescent", "Pass"),
         ("Protein concentration", "A280", "20.0-23.0 g/L", "21.4 g/L", "Pass"),
         ("Purity (monomer)", "SEC-HPLC", ">= 95.0%", "98.6%", "Pass"),
         ("Purity (reduced)", "CE-SDS", "HC+LC >= 95.0%", "97.9%", "Pass"),
         ("Charge variants", "icIEF", "Main peak 55-75%", "64.2%", "Pass"),
         ("Host cell protein", "ELISA", "<= 100 ppm", "18 ppm", "Pass"),
         ("Endotoxin", "LAL", "<= 0.5 EU/mg", "< 0.05 EU/mg", "Pass"),
         ("Relative potency", "Cell-based", "70-130%", "104%", "Pass")),
        "Results conform to the provisional specification. Non-GMP material for nonclinical "
        "use only. The Certificate of Compliance (CoC) for batch AUR101-ENG-001 is issued "
        "separately by Meridian QA.")
    results = [(r[0], r[1], r[3], r[4]) for r in (
        ("Protein concentration", "A280", "", "21.4 g/L", "Pass"),
        ("Monomer", "SEC-HPLC", "", "98.6%", "Pass"),
        ("HCP", "ELISA", "", "18 ppm", "Pass"))]
    box.send("engineering-coa", ANA, "2026-05-27 15:10", """Dear Daniel,

Please find attached the CoA for engineering batch AUR101-ENG-001 together with the
release results in CSV. All results conform to the provisional specification. The
Certificate of Compliance (CoC) for the batch will follow from our QA by Friday.

The 18 bottles are at -70 °C and ready to ship to your tox CRO once you confirm the
address.

Kind regards,
Ana""", label="deliverable",
             case="CoA of the CDMO's own batch is a deliverable; CoC = certificate of compliance",
             to=[DANIEL], cc=[SANNE, p.address],
             subject="AUR101-ENG-001 - CoA and release results",
             attachments=(attachment("CoA_AUR101-ENG-001.pdf",
                                     pdf_bytes(coa, _at(date(2026, 5, 27)))),
                          attachment("AUR101-ENG-001_release_results.csv", csv_bytes(
                              ("Test", "Method", "Result", "Pass/Fail"), results))))

    box.send("thanks", DANIEL, "2026-05-27 08:02",
             "Thanks Ana - got it, will review with our QA.", label="other",
             case="one-line reply", to=[ANA], cc=[p.address], reply_to="engineering-coa",
             signature=False)

    report = report_document(
        MERIDIAN, "AUR-101 Process Development Report (MBV-DR-26-017)", "FINAL",
        (("Product", "AUR-101 humanised IgG1"), ("Document", "MBV-DR-26-017 v1.0"),
         ("Date", "2026-06-10")),
        (("Upstream", "Fed-batch in chemically defined medium, day-5 temperature shift to "
                      "33 °C; 2.7 g/L at 2 L, 2.6 g/L at 50 L and 200 L."),
         ("Downstream", "Protein A capture, low-pH viral inactivation, CEX and AEX "
                        "polishing, nanofiltration, UF/DF; overall yield 71%."),
         ("Analytics", "Five methods qualified; provisional specifications in Appendix 3.")),
        Table(("Run", "Scale", "Titer (g/L)", "Yield (%)", "Monomer (%)"),
              (("DoE-06", "2 L", "2.7", "-", "-"), ("CR-50-01", "50 L", "2.6", "70", "98.4"),
               ("AUR101-ENG-001", "200 L", "2.6", "71", "98.6"))),
        "Approved by Dr. Pieter Janssen (Head of Process Development) and Meridian QA.")
    box.send("development-report", SANNE, "2026-06-10 11:45", """Dear Daniel, dear Laura,

Please find attached the final process development report MBV-DR-26-017 for AUR-101. It
covers the DoE, the 50 L confirmation run and the 200 L engineering run and includes the
provisional specifications. With this, all deliverables under Q-2026-0088 Rev B are
complete.

Kind regards,
Sanne""", label="deliverable", case="final development report attached",
             to=[DANIEL, LAURA], cc=[PIETER, ANA, p.address],
             subject="AUR-101 final development report MBV-DR-26-017",
             attachments=(attachment("MBV-DR-26-017_AUR-101_Development_Report_v1.0.pdf",
                                     pdf_bytes(report, _at(date(2026, 6, 10)))),))

    invoice = Invoice(
        number="MBV-2026-00731", issued=date(2026, 6, 12), provider=MERIDIAN, bill_to=AURORA,
        po="7100-2231 / 7100-2231-A1", currency="EUR",
        items=(LineItem("Milestone 4 (30%): development report issued", 1, "milestone",
                        round(sum(i.total for i in BASE_ITEMS) * 0.3, 2)),
               *CHANGE_ITEMS),
        vat_rate=0.0, bank="Meridian Biologics B.V., IBAN NL00 EXMP 0000 0000 00, BIC EXMPNL2A",
        note="VAT reverse charged (intra-company services to a non-EU customer).")
    box.send("invoice", MARCO, "2026-06-12 10:00", f"""Dear Aurora Accounts Payable,

Please find attached invoice {invoice.number} ({money(invoice.total, 'EUR')}) for milestone 4
and the additional scope under Rev B, PO 7100-2231 / 7100-2231-A1. Payment terms: net 30.

Kind regards,
Marco Rossi
Finance & Invoicing, Meridian Biologics B.V.""", label="invoice", to=[GRACE],
             cc=[SANNE, p.address], signature=False,
             subject=f"Invoice {invoice.number} - Aurora Biologics - PO 7100-2231",
             attachments=(attachment(f"Invoice_{invoice.number}.pdf",
                                     pdf_bytes(invoice_document(invoice), _at(invoice.issued))),))

    box.send("payment-reminder", MARCO, "2026-07-20 09:30", f"""Dear Grace,

Our records show invoice {invoice.number} ({money(invoice.total, 'EUR')}, due 12 July 2026)
as overdue. Could you let us know the expected payment date, or send the remittance if
payment has already been made?

Kind regards,
Marco Rossi""", label="invoice", case="payment reminder (overdue)", to=[GRACE],
             cc=[SANNE, p.address], reply_to="invoice", signature=False)

    box.send("remittance", GRACE, "2026-07-21 16:20", f"""Hi Marco,

Apologies for the delay - the PO amendment was stuck in approval. Payment of
{money(invoice.total, 'EUR')} for {invoice.number} was released today by SEPA wire,
reference AUR-PMT-20260721-04.

Best,
Grace""", label="invoice", case="payment remittance", to=[MARCO], cc=[SANNE, p.address],
             reply_to="payment-reminder")
