"""Demo project `bio-helix`: regulated LC-MS/MS bioanalysis for a Phase 1 study.

Helix Therapeutics (Boston) buys method validation and sample analysis for HLX-208 in
human plasma from Northbridge Bioanalytical (UK). Hard cases in this thread: a chatty
cover mail whose attachment is the quote; a "thanks, we'll review" reply quoting it; a
thread that starts without the project address (participants), gets it cc'd mid-thread
and is answered later from an earlier message (References only); a sample table pasted
into the body; a change agreed in one sentence of a long status update; a final report
delivered as a download link; an invoice that mentions the final report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scripts.mailgen.docmodel import Table
from scripts.mailgen.mime import attachment
from scripts.mailgen.paperwork import (
    ChangeOrder,
    Invoice,
    LineItem,
    Quote,
    change_order_document,
    invoice_document,
    money,
    purchase_order,
    quote_document,
    report_document,
)
from scripts.mailgen.people import Person, Project
from scripts.mailgen.render import csv_bytes, docx_bytes, pdf_bytes, xlsx_bytes
from scripts.mailgen.thread import Mailbox
from tracker.types import Role, ServiceType

NY, LDN = "America/New_York", "Europe/London"
HELIX, NB = "Helix Therapeutics Inc.", "Northbridge Bioanalytical Ltd"

SARAH = Person("Sarah Chen", "sarah.chen@helixtx.example",
               "Associate Director, Clinical Pharmacology", HELIX, NY, Role.SPONSOR_PM,
               "outlook", "+1 617 555 0142",
               ("schen@helixtx.example",))
MICHAEL = Person("Dr. Michael Okafor", "michael.okafor@helixtx.example",
                 "VP, Clinical Pharmacology & DMPK", HELIX, NY, Role.SPONSOR_APPROVER, "apple")
HELIX_AP = Person("Priya Raman", "ap@helixtx.example", "Accounts Payable", HELIX, NY,
                  Role.FINANCE, "outlook")
JAMES = Person("James Whitfield", "j.whitfield@northbridge-bio.example",
               "Senior Project Manager, Regulated Bioanalysis", NB, LDN, Role.CRO_PM,
               "thunderbird", "+44 1223 555 018")
EMMA = Person("Dr. Emma Clarke", "e.clarke@northbridge-bio.example",
              "Principal Scientist, LC-MS/MS", NB, LDN, Role.CRO_STAFF, "thunderbird")
TOM = Person("Tom Barker", "sample.reception@northbridge-bio.example",
             "Sample Management Coordinator", NB, LDN, Role.CRO_STAFF, "outlook",
             other_emails=("t.barker@northbridge-bio.example",))
NB_AR = Person("Karen Doyle", "accounts@northbridge-bio.example", "Credit Control", NB, LDN,
               Role.FINANCE, "outlook")

PROJECT = Project("bio-helix", "HLX-208 bioanalysis (Study HLX-208-101)", ServiceType.BIOANALYSIS,
                  HELIX, NB, NY, (SARAH, MICHAEL, HELIX_AP, JAMES, EMMA, TOM, NB_AR))

TIMEPOINTS = ("Pre-dose", "0.5 h", "1 h", "2 h", "3 h", "4 h", "6 h", "8 h", "12 h", "24 h",
              "48 h")
HOURS = (-0.5, 0.5, 1, 2, 3, 4, 6, 8, 12, 24, 48)
COMMON_TERMS = (
    "30% on issue of purchase order; 30% on issue of the validation report; 40% on issue of "
    "the final bioanalytical report.",
    "Invoices payable net 30 days from invoice date. Pass-through costs invoiced monthly.",
)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def _quote(revision: str, issued: date, samples: int, unit: float, isr_included: bool) -> Quote:
    isr = LineItem("Incurred sample reanalysis (ISR), ~10% of study samples", samples // 10,
                   "per sample", unit)
    items = (
        LineItem("Method transfer and optimisation, HLX-208 in human K2EDTA plasma (LC-MS/MS)",
                 1, "fixed", 18_500),
        LineItem("Full method validation per ICH M10 (3 A&P runs, selectivity, matrix effect, "
                 "dilution integrity, carry-over, stability)", 1, "fixed", 42_000),
        LineItem("Long-term frozen stability at -20 °C and -80 °C (up to 12 months)", 1, "fixed",
                 6_500),
        LineItem("Study sample analysis, Study HLX-208-101", samples, "per sample", unit),
        *((isr,) if isr_included else ()),
        LineItem("Bioanalytical report (draft + final, QA audited), tables in XLSX", 1, "fixed",
                 7_800),
    )
    return Quote(
        number="Q-2026-0147", revision=revision, issued=issued, valid_days=60, provider=NB,
        client=HELIX, prepared_by=JAMES.name, client_contact=f"{SARAH.name}, {HELIX}",
        title="HLX-208 LC-MS/MS validation and sample analysis",
        design=("Validation of an LC-MS/MS method for HLX-208 in human K2EDTA plasma (LLOQ "
                "1.00 ng/mL, range 1.00-1000 ng/mL) and analysis of study samples from the "
                "Phase 1 SAD study HLX-208-101 (up to 5 cohorts, 8 subjects each, 11 timepoints "
                "per subject), performed in compliance with GCP and ICH M10."),
        currency="GBP", items=items,
        optional=(() if isr_included else (isr,)) + (
            LineItem("Sample storage at -80 °C beyond 90 days after final report", 12,
                     "per box per month", 45),),
        timeline=("Method transfer: 3 weeks from receipt of reference standard.",
                  "Validation report: 7 weeks from start of validation.",
                  "Draft report: 4 weeks after receipt of the last cohort."),
        assumptions=("Sponsor provides reference standard and SIL internal standard with CoA.",
                     f"No more than {samples} study samples; samples received in up to 5 "
                     "shipments on dry ice, Monday to Wednesday only.",
                     "Northbridge standard report format; one round of sponsor comments."),
        exclusions=("Re-analysis for reasons outside Northbridge's control.",
                    "SEND or CDISC datasets.", "Archiving beyond 5 years after final report.",
                    "Travel and on-site meetings."),
        deliverables=("Validation report (PDF).", "Bioanalytical report (PDF) with "
                      "concentration tables (XLSX/CSV).",
                      "Run acceptance summary and ISR results."),
        payment_terms=COMMON_TERMS,
        pass_through="Courier, dry ice and third-party costs are charged at cost + 10% handling.",
        supersedes="Q-2026-0147 Rev A" if revision == "B" else "",
        msa="MSA HLX-NB-2024-03 dated 2024-05-14",
    )


def sample_id(subject: int, timepoint: str) -> str:
    code = timepoint.replace(" ", "").replace("Pre-dose", "PD").replace(".", "p")
    return f"HLX208-101-{subject}-{code}"


def _manifest_rows(subjects: range, dosed: datetime) -> list[tuple[object, ...]]:
    """One tube per subject and timepoint, in 9x9 boxes, collection time from dosing."""
    rows: list[tuple[object, ...]] = []
    for s, subject in enumerate(subjects):
        for tp, hours in zip(TIMEPOINTS, HOURS, strict=True):
            n = len(rows)
            taken = dosed + timedelta(minutes=10 * s, hours=hours)
            rows.append((sample_id(subject, tp), subject, "Cohort 1", "Plasma", "K2EDTA", tp,
                         f"{taken:%Y-%m-%d %H:%M}", 500, "-80 °C",
                         f"Box {n // 81 + 1}, {'ABCDEFGHI'[n % 81 // 9]}{n % 9 + 1}", ""))
    return rows


def write(box: Mailbox) -> None:
    """The story, in date order; `label` is each message's expected business act."""
    p = PROJECT
    box.send("rfq", SARAH, "2026-01-12 10:14", """Hi James,

Happy new year! As mentioned at the December meeting, we'd like a quote for the
regulated bioanalysis on our Phase 1 SAD study HLX-208-101.

Scope in short:
- transfer + full ICH M10 validation of an LC-MS/MS method for HLX-208 in human K2EDTA
  plasma (our discovery method gets to 1 ng/mL, we need LLOQ 1 ng/mL or better)
- long-term stability, 12 months
- analysis of ~480 study samples (5 cohorts x 8 subjects x 11 timepoints, plus repeats)
- ISR as per M10
- draft and final bioanalytical report

First cohort is dosed mid-February, so samples could ship early March. Could you quote by
end of next week? Protocol synopsis is available under our CDA if you need it.

Thanks,
Sarah""", label="other", to=[JAMES], cc=[p.address],
             subject="RFQ: HLX-208 LC-MS/MS validation + sample analysis (HLX-208-101)")

    quote_a = _quote("A", date(2026, 1, 16), 480, 38.0, isr_included=False)
    box.send("quote-rev-a", JAMES, "2026-01-16 16:42", f"""Dear Sarah,

Thank you for thinking of us again, and a happy new year to you and the team - I hope the
holidays were restful. It was great to catch up in December; Emma still talks about the
lobster roll.

Please find attached our quotation {quote_a.reference} for the HLX-208 work. I have kept
ISR as an optional line since we were not sure whether you wanted it priced per sample or
inside the study total. Validity is 60 days.

Happy to set up a call next week if useful.

Kind regards,
James""", label="quote", case='chatty cover note; the attachment is the quote',
             to=[SARAH], cc=[p.address], reply_to="rfq",
             attachments=(attachment("Northbridge_Quotation_Q-2026-0147_RevA.pdf",
                                     pdf_bytes(quote_document(quote_a), _at(quote_a.issued))),))

    box.send("thanks-will-review", SARAH, "2026-01-19 08:55", f"""\
Thanks James, got it. We'll review internally this week and come back to you.
One question already: the total of {money(quote_a.total, 'GBP')} is for 480 samples - would the
unit price come down if we commit to ISR as well?

Sarah""", label="other", case='talks about the quote and quotes it, but is not a quote',
             to=[JAMES], cc=[p.address], reply_to="quote-rev-a")

    quote_b = _quote("B", date(2026, 1, 29), 440, 36.5, isr_included=True)
    box.send("quote-rev-b", JAMES, "2026-01-29 14:03", f"""Dear Sarah,

As discussed on Tuesday, attached is revised quotation {quote_b.reference}. Changes from
Rev A:

- study samples set to the protocol number, 440 (repeats are charged per sample)
- ISR included at ~10% (44 samples)
- unit price for sample analysis reduced to GBP 36.50 with ISR committed

New total: {money(quote_b.total, 'GBP')} excluding VAT, valid 60 days.

Best regards,
James""", label="quote", case='revised quote before award is still a quote',
             attachments=(attachment("Northbridge_Quotation_Q-2026-0147_RevB.pdf",
                                     pdf_bytes(quote_document(quote_b), _at(quote_b.issued))),),
             to=[SARAH], cc=[MICHAEL, p.address], reply_to="thanks-will-review")

    po_items = quote_b.items
    box.send("award-po", MICHAEL, "2026-02-03 11:20", """James,

Good news - we are going ahead with Northbridge on Rev B. Please proceed with the method
transfer. PO 4500012873 is attached; please reference it on all invoices.

Michael

Sent from my iPhone""", label="other", case='award with PO attached ("please proceed")',
             to=[JAMES], cc=[SARAH, HELIX_AP, p.address], reply_to="quote-rev-b",
             signature=False,
             attachments=(attachment("PO_4500012873_Northbridge.pdf", pdf_bytes(purchase_order(
                 "4500012873", date(2026, 2, 3), HELIX, NB, quote_b.reference, po_items, "GBP",
                 "Net 30"), _at(date(2026, 2, 3)))),))

    box.send("kickoff", JAMES, "2026-02-10 17:30", """Dear all,

Thank you for joining the kick-off call today. Minutes in brief:

Points of contact
- Helix: Sarah Chen (project lead), Michael Okafor (approvals), Priya Raman (AP)
- Northbridge: James Whitfield (PM), Dr Emma Clarke (method/validation lead),
  Tom Barker (sample reception, sample.reception@northbridge-bio.example)

Timelines
- reference standard + SIL-IS to ship from Helix by 13 Feb
- method transfer complete w/c 2 March, validation start 9 March
- cohort 1 samples: ship w/c 2 March, Monday-Wednesday only, manifest by email the
  day before with the tracking number
- validation report target 24 April

Actions
- Helix: send reference standard CoA and the sample labelling convention
- Northbridge: send shipping instructions and the manifest template (attached to the
  calendar invite)

Best regards,
James""", label="other", to=[SARAH, MICHAEL], cc=[EMMA, TOM, p.address],
             subject="HLX-208-101 kick-off - minutes and actions")

    rows = _manifest_rows(range(1001, 1009), datetime(2026, 2, 24, 8, 0))
    missing = next(r for r in rows if r[0] == sample_id(1004, "8 h"))
    header = ("Sample ID", "Subject ID", "Cohort", "Matrix", "Anticoagulant", "Timepoint",
              "Collection Date/Time", "Volume (µL)", "Storage", "Box/Position", "Comments")
    box.send("shipment-cohort1", SARAH, "2026-03-02 13:05", f"""Hi Tom,

Cohort 1 samples shipped today on dry ice, FedEx Priority Overnight, tracking number
7729 4410 3856. 1 shipper, 2 boxes, {len(rows)} tubes, approx. 8 kg dry ice (UN1845), UN3373
Biological Substance, Category B. Temperature logger ID TL-20931.

Manifest attached - please confirm receipt and let me know of any discrepancies.

Thanks,
Sarah""", label="sample_sheet", case='shipping notice, tracking number, XLSX manifest',
             to=[TOM], cc=[JAMES, p.address],
             subject="Samples shipped - HLX-208-101 cohort 1 - FedEx 772944103856",
             attachments=(attachment("HLX-208-101_Cohort1_Manifest.xlsx", xlsx_bytes(
                 [("Manifest", header, rows)], _at(date(2026, 3, 2)), SARAH.name)),))

    box.send("receipt-discrepancy", TOM, "2026-03-03 11:48", f"""Dear Sarah,

The cohort 1 shipment arrived this morning at 09:40, frozen, with dry ice remaining
(logger TL-20931 max -71.8 °C). Samples are logged under accession L26-00412 to
L26-{411 + len(rows) - 1:05d}.

Discrepancies against the manifest:
- {missing[0]}: listed on the manifest, not in the box ({missing[9]} empty)
- HLX208-101-1012-2h: in the box (Box 2, loose), not on the manifest - looks like a
  cohort 2 tube

{len(rows) - 1} of {len(rows)} listed tubes received, plus 1 unlisted tube. All other IDs
match. Please advise how to proceed with the two tubes; we will hold them until we hear from you.

Kind regards,
Tom Barker""", label="other", case='receipt confirmation with a discrepancy',
             to=[SARAH], cc=[JAMES, p.address], reply_to="shipment-cohort1", signature=False)

    box.send("cohort2-window", SARAH, "2026-03-04 09:12", """Hi Tom,

Thanks for catching those. The 1004 8h tube is still at the site freezer - we'll send it
with cohort 2. Please keep the 1012 2h tube and analyse it with cohort 2.

Could we ship cohort 2 on Monday 9 March, or is Tuesday better for you?

Sarah""", label="other", case='no project address, no tag: routes by participants only',
             to=[TOM], cc=[JAMES], subject="Cohort 2 shipping window")

    box.send("cohort2-window-ok", TOM, "2026-03-04 14:26", """Hi Sarah,

Monday or Tuesday both work; please avoid Thursday/Friday. I've copied the project
mailbox so this is on file. Please send the sample list before shipping as usual.

Tom""", label="other", case="project address cc'd mid-thread",
             to=[SARAH], cc=[JAMES, p.address], reply_to="cohort2-window", signature=False)

    table = "\n".join(
        f"{sample_id(subject, tp):<22} {subject:<8} {tp:<9} Plasma    500 µL   -80 °C"
        for subject, tp in [(1004, "8 h")] + [(s, t) for s in (1009, 1010, 1011)
                                              for t in TIMEPOINTS[:4]])
    box.send("cohort2-list", SARAH, "2026-03-06 10:02", f"""Hi Tom,

Our LIMS export is down, so here is the list for Monday's shipment pasted below (first
shipment of cohort 2 plus the missing 1004 8h tube). The remaining cohort 2 timepoints
will follow next week.

Sample ID              Subject  Timepoint Matrix    Volume   Storage
{table}

13 tubes, 1 box, dry ice. Tracking number follows on Monday.

Sarah""", label="sample_sheet", case='sample table pasted into the body',
             to=[TOM], cc=[JAMES, p.address], reply_to="cohort2-window-ok")

    box.send("cohort2-receiver", JAMES, "2026-03-09 08:31", """\
Sarah - small thing on Tom's note: Tom is on leave Tuesday, so Emma will sign for
the box if it arrives then. Nothing else changes.

James""", label="other",
             case="reply to an earlier message without the project address: "
                  "routes by References only",
             to=[SARAH], reply_to="cohort2-window-ok")

    interim = [(sample_id(s, t), s, t,
                "BLQ" if h < 0 else f"{(s % 7 + 3) * 41.3 * h / (1 + h * h / 9):.2f}",
                f"R{260300 + (s - 1001) // 3}") for s in range(1001, 1009)
               for t, h in zip(TIMEPOINTS, HOURS, strict=True)]
    box.send("status-change-in-passing", JAMES, "2026-03-23 15:47", """Dear Sarah, dear Michael,

Here is the fortnightly update for HLX-208-101.

Validation: all three accuracy and precision runs passed (inter-run CV <= 6.8%, bias
within +/-7.5% at all levels); selectivity, matrix effect in 6 lots incl. haemolysed
and lipaemic plasma, and dilution integrity (10x) are complete. Long-term stability
T=1 month is on track for 9 April. The validation report draft is planned for 17 April.

Cohort 1: analysed in three runs (R260300-R260302), all passed acceptance (calibration
10/10 and QCs 17/18 within limits). Interim concentrations are attached for your PK
team - these are not QA audited and may change.

Cohort 2: received complete on 10 March (incl. the 1004 8h tube), analysis this week.

As agreed with Sarah on Thursday's call, we will add the two extra timepoints for cohorts
3 to 5 (36 h and 72 h, 48 additional samples) at the Rev B unit price, and I will send the
formal change order for Michael's signature this week.

ISR will be selected from cohorts 1-3 once cohort 3 is complete.

Best regards,
James""", label="change_agreement",
             case="change agreed in one sentence of a long status update; interim data attached",
             to=[SARAH, MICHAEL], cc=[EMMA, p.address],
             subject="HLX-208-101 status update - w/c 23 March",
             attachments=(attachment("HLX-208-101_Cohort1_interim_concentrations.csv", csv_bytes(
                 ("Sample ID", "Subject", "Timepoint", "HLX-208 (ng/mL)", "Run ID"),
                 interim)),))

    co = ChangeOrder(
        number="CO-001", raised=date(2026, 3, 25), provider=NB,
        linked=f"{quote_b.reference}; PO 4500012873", requested_by=f"{SARAH.name} ({HELIX})",
        reason="Sponsor scope request (protocol amendment 2: additional PK timepoints)",
        description=("Add 36 h and 72 h timepoints for cohorts 3 to 5 (24 subjects x 2 "
                     "timepoints = 48 additional samples).",
                     "ISR extended to cover the additional samples (5 samples)."),
        items=(LineItem("Additional study samples, cohorts 3-5 (36 h, 72 h)", 48, "per sample",
                        36.5),
               LineItem("Additional ISR samples", 5, "per sample", 36.5)),
        currency="GBP", previous_total=quote_b.total,
        milestones=(("Cohort 5 analysis complete", "2026-04-24", "2026-04-29"),
                    ("Draft bioanalytical report", "2026-05-06", "2026-05-11"),
                    ("Final bioanalytical report", "2026-05-27", "2026-06-02")),
        quality_impact="None. Same validated method; samples within validated range and "
                       "established stability.",
        approvers=(("CRO project manager", JAMES.name), ("Sponsor approver", MICHAEL.name)),
    )
    box.send("change-order", JAMES, "2026-03-25 12:10", f"""Dear Michael,

Following Sarah's request, please find attached change order {co.number} for the two
additional timepoints in cohorts 3 to 5. Cost impact +GBP 1,934.50; the draft report
moves by 3 working days to 11 May.

Could you please approve by reply or return the signed CO? We will start on the extra
samples once approved.

Best regards,
James""", label="change_agreement", case='DOCX change order for approval',
             to=[MICHAEL], cc=[SARAH, p.address],
             subject="Change order CO-001 for approval - HLX-208-101 additional timepoints",
             attachments=(attachment("Northbridge_CO-001_HLX-208-101.docx",
                                     docx_bytes(change_order_document(co), _at(co.raised))),))

    box.send("change-approved", MICHAEL, "2026-03-26 07:58", """\
Approved - please proceed with CO-001.

Michael

Sent from my iPhone""", label="change_agreement",
             case="one-line firm approval from the sponsor approver",
             to=[JAMES], cc=[SARAH, p.address], reply_to="change-order",
             signature=False)

    report_fields = (("Study", "HLX-208-101"), ("Northbridge study no.", "NB-26-0031"),
                     ("Analyte / matrix", "HLX-208 in human K2EDTA plasma"),
                     ("Method", "LC-MS/MS, validated per ICH M10 (VAL-26-0031)"),
                     ("Version", "Draft 1.0, 2026-05-11"))
    results = Table(("Cohort", "Samples received", "Samples analysed", "Runs", "Runs passed",
                     "ISR within 20%"),
                    (("1", "88", "88", "3", "3", "9/9"), ("2", "88", "88", "3", "3", "9/9"),
                     ("3", "104", "104", "4", "4", "10/10"),
                     ("4", "104", "104", "4", "4", "10/11"),
                     ("5", "104", "104", "4", "4", "10/10")))
    draft = report_document(
        NB, "Bioanalytical Report NB-26-0031: HLX-208 in Human Plasma", "DRAFT", report_fields,
        (("Summary", "488 study samples were analysed in 18 analytical runs; all runs met "
                     "acceptance criteria. ISR: 48 of 49 repeats within 20% (98.0%)."),
         ("Deviations", "Sample HLX208-101-1004-8h received in a later shipment than listed "
                        "on the cohort 1 manifest; no impact on data.")),
        results, "This draft has not yet been audited by Quality Assurance.")
    box.send("draft-report", JAMES, "2026-05-11 16:20", """Dear Sarah,

Please find attached the draft bioanalytical report NB-26-0031 for your review.
Concentration tables will be in the final package. We would appreciate comments by
Friday 22 May.

Best regards,
James""", label="deliverable", case='draft report for review',
             to=[SARAH], cc=[MICHAEL, EMMA, p.address],
             subject="HLX-208-101 draft bioanalytical report for review",
             attachments=(attachment("NB-26-0031_Bioanalytical_Report_DRAFT_v1.0.pdf",
                                     pdf_bytes(draft, _at(date(2026, 5, 11)))),))

    box.send("sponsor-comments", SARAH, "2026-05-21 17:05", """Hi James,

Thanks for the draft - it reads well. Our comments:

1. Section 3: please state the LLOQ in the summary as well.
2. Table 2: cohorts 3-5 correctly show 104 samples (incl. CO-001), but the footnote
   still says 88.
3. Please add the run IDs to the ISR table.

No further comments from our QA. Please finalise once these are addressed.

Sarah""", label="other", case='sponsor comments on a draft',
             to=[JAMES], cc=[MICHAEL, p.address], reply_to="draft-report")

    box.send("final-report-link", JAMES, "2026-06-02 11:34", """Dear Sarah,

The final signed bioanalytical report NB-26-0031 (v2.0, with QA statement) and the data
package are now available for download:

https://transfer.northbridge-bio.example/s/8kQ2xV7pLmR4

Files and MD5 checksums:
  NB-26-0031_Final_Report_v2.0.pdf            3f2a9c0d41e8b7a65c1d0e9f8a7b6c5d
  NB-26-0031_Concentrations.xlsx              9b1e4d7a2c6f8e0b3a5d7c9e1f2a4b6c
  NB-26-0031_Run_Acceptance_Summary.pdf       0c7d2e9f4a1b6c8d3e5f7a9b1c2d4e6f

The password follows in a separate email. The link expires in 30 days.

Best regards,
James""", label="deliverable", case='final report as a download link, no attachment',
             to=[SARAH], cc=[MICHAEL, p.address], reply_to="sponsor-comments")

    invoice = Invoice(
        number="INV-NB-260604", issued=date(2026, 6, 4), provider=NB, bill_to=HELIX,
        po="4500012873", currency="GBP",
        items=(LineItem("Milestone 3 (40%): final bioanalytical report NB-26-0031 issued "
                        "2 June 2026, Q-2026-0147 Rev B", 1, "milestone",
                        round(quote_b.total * 0.4, 2)),
               LineItem("Change order CO-001: additional cohorts 3-5 samples and ISR", 1, "fixed",
                        1_934.50)),
        vat_rate=0.0, bank="Northbridge Bioanalytical Ltd, Example Bank plc, sort code "
        "00-00-00, account 00000000, IBAN GB00 EXMP 0000 0000 0000 00",
        note="Zero-rated supply of services to a non-UK business customer.")
    box.send("invoice", NB_AR, "2026-06-04 10:05", f"""Dear Accounts Payable,

Please find attached invoice {invoice.number} for {money(invoice.total, 'GBP')}, covering
the final milestone following issue of the final bioanalytical report, plus change order
CO-001. PO 4500012873. Payment terms net 30.

Kind regards,
Karen Doyle
Credit Control""", label="invoice", case='invoice that mentions the final report',
             to=[HELIX_AP], cc=[SARAH, JAMES, p.address], signature=False,
             subject=f"Invoice {invoice.number} - PO 4500012873 - Helix Therapeutics",
             attachments=(attachment(f"{invoice.number}.pdf",
                                     pdf_bytes(invoice_document(invoice), _at(invoice.issued))),))

    box.send("remittance", HELIX_AP, "2026-06-30 13:40", f"""Hello Karen,

Payment advice: invoice {invoice.number} ({money(invoice.total, 'GBP')}) was paid today by
international wire, our payment reference HLX-PAY-0630-88. Please allow 2-3 business days
for the funds to arrive.

Regards,
Priya Raman
Accounts Payable, Helix Therapeutics Inc.""", label="invoice", case='payment remittance',
             to=[NB_AR], cc=[p.address],
             reply_to="invoice", signature=False)
