"""Demo project `tox-orion`: a GLP 28-day repeat-dose rat study with recovery and TK.

Orion Neurotherapeutics (Munich) places ORN-513's pivotal tox study with Calder
Preclinical (Wisconsin). Hard cases: a German `AW:` award from Outlook; an out-of-office
auto-reply; the sponsor's own test-article CoA (not a deliverable); an unknown outside
sender (a customs broker); a tentative "in principle" answer before the firm approval;
a message carrying only the `[PRJ-tox-orion]` subject tag; an invoice that mentions
the final report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from scripts.mailgen.docmodel import Document, Paragraph, Table
from scripts.mailgen.mime import attachment
from scripts.mailgen.paperwork import (
    ChangeOrder,
    Invoice,
    LineItem,
    Quote,
    change_order_document,
    coa_document,
    invoice_document,
    money,
    quote_document,
    report_document,
)
from scripts.mailgen.people import Person, Project
from scripts.mailgen.render import docx_bytes, pdf_bytes
from scripts.mailgen.thread import Mailbox
from tracker.types import Role, ServiceType

BER, CHI = "Europe/Berlin", "America/Chicago"
ORION, CALDER = "Orion Neurotherapeutics GmbH", "Calder Preclinical Research LLC"

KATRIN = Person("Dr. Katrin Weber", "katrin.weber@orion-nt.example",
                "Senior Manager, Nonclinical Safety", ORION, BER, Role.SPONSOR_PM, "outlook",
                "+49 89 5550 1734")
ANDREAS = Person("Dr. Andreas Hoffmann", "andreas.hoffmann@orion-nt.example",
                 "Head of Nonclinical Development", ORION, BER, Role.SPONSOR_APPROVER, "outlook")
ORION_AP = Person("Monika Braun", "kreditoren@orion-nt.example", "Kreditorenbuchhaltung",
                  ORION, BER, Role.FINANCE, "outlook")
JASON = Person("Jason Miller", "jmiller@calder-preclinical.example",
               "Director, Client Services & Project Management", CALDER, CHI, Role.CRO_PM,
               "outlook", "+1 608 555 0199")
RACHEL = Person("Dr. Rachel Alvarez", "ralvarez@calder-preclinical.example",
                "Study Director, DABT", CALDER, CHI, Role.CRO_STAFF, "gmail")
CALDER_AR = Person("Linda Park", "billing@calder-preclinical.example", "Accounts Receivable",
                   CALDER, CHI, Role.FINANCE, "outlook")
BROKER = Person("Dale Kowalski", "clearance@midwest-customs.example", "Customs Entry Writer",
                "Midwest Customs Brokerage Inc.", CHI, None, "outlook")

PROJECT = Project("tox-orion", "ORN-513 28-day GLP rat toxicity study (CPR-26-014)",
                  ServiceType.TOXICOLOGY, ORION, CALDER, BER,
                  (KATRIN, ANDREAS, ORION_AP, JASON, RACHEL, CALDER_AR))

STUDY = ("28-Day Oral Gavage Toxicity Study of ORN-513 in Sprague Dawley Rats with a 14-Day "
         "Recovery Period and Toxicokinetics (GLP)")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


def _quote(revision: str, issued: date) -> Quote:
    histo = (LineItem("Necropsy, organ weights and histopathology (full list: control and "
                      "high dose; all groups: target organs)", 1, "fixed", 46_500)
             if revision == "B" else
             LineItem("Necropsy, organ weights and full histopathology, all groups", 1, "fixed",
                      52_000))
    send = LineItem("SEND datasets (SENDIG 3.1) with define.xml and reviewer's guide", 1,
                    "fixed", 9_500)
    items = (
        LineItem("Protocol preparation, study director and GLP QA oversight", 1, "fixed",
                 14_500),
        LineItem("Animals: Sprague Dawley rats (Crl:CD), purchase, acclimation, husbandry",
                 124, "per animal", 210),
        LineItem("In-life: 28-day oral gavage dosing, clinical observations, body weight, food "
                 "consumption, FOB, ophthalmology", 1, "fixed", 68_000),
        LineItem("Clinical pathology (haematology, coagulation, clinical chemistry, "
                 "urinalysis)", 100, "per animal", 185),
        histo,
        LineItem("Dose formulation analysis (method transfer + 3 occasions, GLP)", 1, "fixed",
                 16_800),
        LineItem("TK sampling and LC-MS/MS bioanalysis, Day 1 and Day 28, 6 timepoints", 216,
                 "per sample", 95),
        LineItem("Draft and final study report, QA audited", 1, "fixed", 18_000),
        *((send,) if revision == "B" else ()),
    )
    return Quote(
        number="Q-2026-0212", revision=revision, issued=issued, valid_days=30, provider=CALDER,
        client=ORION, prepared_by=JASON.name, client_contact=f"{KATRIN.name}, {ORION}",
        title="ORN-513 28-day GLP toxicity study in rats", currency="USD", items=items,
        design=(f"{STUDY}. Groups: vehicle, 10, 30 and 100 mg/kg/day; 10/sex/group main "
                "study, 5/sex in control and high-dose recovery groups, 3/sex/group TK "
                "satellites in treated groups. Conducted under 21 CFR Part 58 and OECD GLP."),
        optional=() if revision == "B" else (send,),
        pass_through="Test article import, courier and customs costs are passed through at "
                     "cost + 8%.",
        timeline=("Protocol approval: 10 days before dosing start (T-10).",
                  "Dosing start (T): week of 9 March 2026, subject to animal availability.",
                  "Draft report: T+60; final report: 2 weeks after receipt of sponsor "
                  "comments."),
        assumptions=("Sponsor provides GMP or well-characterised test article with CoA and "
                     "stability data covering the dosing period.",
                     "A validated bioanalytical method for ORN-513 in rat plasma is available "
                     "for transfer.", "One round of consolidated sponsor comments."),
        exclusions=("Additional groups, timepoints or endpoints.", "Travel for sponsor "
                    "monitoring visits.", "Archiving beyond 10 years."),
        deliverables=("Signed GLP final report with QA statement (PDF).",
                      "Individual animal data appendices; TK report as appendix."),
        payment_terms=("50% at study initiation (protocol signature); animals invoiced at "
                       "order.", "30% on issue of the draft report; 20% on issue of the final "
                       "report.", "Net 30 from invoice date."),
        supersedes="Q-2026-0212 Rev A" if revision == "B" else "",
        msa="MSA ORN-CPR-2025-11",
    )


def write(box: Mailbox) -> None:
    """The story, in date order; `label` is each message's expected business act."""
    p = PROJECT
    box.send("rfq", KATRIN, "2026-01-20 09:30", """Dear Jason,

under our CDA of November, we would like to request a proposal for a GLP 28-day oral
gavage toxicity study of ORN-513 in rats, with 14-day recovery and TK. Draft study
outline is below:

- Sprague Dawley rats, 4 groups (vehicle, 10, 30, 100 mg/kg/day), 10/sex/group
- recovery 5/sex in control and high dose
- TK satellites 3/sex/group, Day 1 and Day 28
- standard clin path, full histopathology
- we would like dosing to start in the first half of March

Could you send a quote by end of January? Please also indicate animal availability.

Best regards
Katrin""", label="other", case="RFQ", to=[JASON], cc=[p.address],
             subject="Request for proposal - ORN-513 28-day GLP tox study in rats")

    quote_a = _quote("A", date(2026, 1, 28))
    box.send("quote-rev-a", JASON, "2026-01-28 16:10", f"""Dear Katrin,

Thank you for the opportunity. Please find attached our proposal {quote_a.reference} for
the 28-day study. Animals are available for a dosing start the week of 9 March if we have
the signed protocol by 27 February. SEND datasets are listed as an option.

Best regards,
Jason""", label="quote", to=[KATRIN], cc=[p.address], reply_to="rfq",
             attachments=(attachment("Calder_Proposal_Q-2026-0212_RevA.pdf",
                                     pdf_bytes(quote_document(quote_a), _at(quote_a.issued))),))

    box.send("scope-questions", KATRIN, "2026-01-30 10:05", """Dear Jason,

thanks for the quick turnaround. Two points before we can take it to Andreas:

1. For low and mid dose we only need the target organs in histopathology, full list in
   control and high dose is sufficient.
2. SEND will be needed for the IND, please include it in the main scope.

Could you revise accordingly?

Best regards
Katrin""", label="other", case="sponsor asks for a revision", to=[JASON], cc=[p.address],
             reply_to="quote-rev-a")

    quote_b = _quote("B", date(2026, 2, 3))
    box.send("quote-rev-b", JASON, "2026-02-03 11:20", f"""Dear Katrin,

Attached is revised proposal {quote_b.reference}: histopathology reduced as requested and
SEND included. New total {money(quote_b.total, 'USD')}. The rest is unchanged.

Best regards,
Jason""", label="quote", case="revised quote before award", to=[KATRIN],
             cc=[ANDREAS, p.address], reply_to="scope-questions",
             attachments=(attachment("Calder_Proposal_Q-2026-0212_RevB.pdf",
                                     pdf_bytes(quote_document(quote_b), _at(quote_b.issued))),))

    box.send("award-de", ANDREAS, "2026-02-09 08:45", f"""Sehr geehrter Herr Miller, lieber Jason,

vielen Dank für das überarbeitete Angebot. Wir beauftragen Calder hiermit mit der Studie
auf Basis von {quote_b.reference}. Die Bestellung (PO 4711-2026-0093) folgt in den
nächsten Tagen durch unseren Einkauf.

(English below)
Thank you for the revised proposal. We hereby award the study on the basis of
{quote_b.reference}; the PO will follow from procurement in the next days. Please go
ahead with the draft protocol.

Mit freundlichen Grüßen / Best regards
Andreas Hoffmann""", label="other", case="German AW: reply (award, PO to follow)",
             to=[JASON], cc=[KATRIN, p.address], reply_to="quote-rev-b", prefix="AW")

    box.send("study-initiation", RACHEL, "2026-02-26 14:00", """Dear Katrin,

The protocol for study CPR-26-014 was signed by Dr Hoffmann and by me today, so the study
is formally initiated. Key dates:

- animal arrival 24 Feb (done), acclimation until 9 March
- first dose Tuesday 10 March
- terminal necropsy 7-8 April, recovery necropsy 22 April

Please send the test article with its CoA so that it arrives by 5 March at the latest.

Best,
Rachel""", label="other", case="study initiation (GLP protocol signed)", to=[KATRIN],
             cc=[JASON, p.address],
             subject="CPR-26-014 (ORN-513) - protocol signed, study initiation")

    ta_coa = coa_document(
        ORION, "ORN-513 drug substance", "ORN513-24B003",
        (("Manufacturer", "Orion Neurotherapeutics GmbH (contract synthesis)"),
         ("Date of manufacture", "2025-11-18"), ("Retest date", "2027-05-31"),
         ("Storage", "2-8 °C, protected from light")),
        (("Appearance", "Visual", "White to off-white powder", "Off-white powder", "Pass"),
         ("Identity", "1H-NMR, LC-MS", "Conforms to reference", "Conforms", "Pass"),
         ("Assay", "HPLC-UV", "97.0-102.0% (w/w)", "99.4%", "Pass"),
         ("Total impurities", "HPLC-UV", "<= 1.5%", "0.42%", "Pass"),
         ("Water content", "KF", "<= 1.0%", "0.3%", "Pass")),
        "Released for nonclinical use by Orion Quality. Not for human use.")
    box.send("ta-shipment", KATRIN, "2026-03-02 15:20", """Dear Rachel,

the test article was shipped today with DHL Express, AWB 12 3456 7890, ambient, 2 amber
glass bottles (2 x 50 g ORN-513, lot ORN513-24B003). Our CoA for the lot is attached.
Expected delivery Wednesday 4 March.

Please confirm receipt.

Best regards
Katrin""", label="other", case="sponsor sends its own test-article CoA: not a deliverable",
             to=[RACHEL], cc=[JASON, ANDREAS, p.address],
             subject="ORN-513 test article shipment - DHL AWB 1234567890",
             attachments=(attachment("ORN-513_Lot_ORN513-24B003_CoA.pdf",
                                     pdf_bytes(ta_coa, _at(date(2026, 3, 2)))),))

    box.send("out-of-office", ANDREAS, "2026-03-02 15:21", """\
Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 9. März 2026 nicht im Büro
und habe nur eingeschränkt Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich
bitte an Dr. Katrin Weber (katrin.weber@orion-nt.example).

Thank you for your message. I am out of the office until 9 March 2026 with limited access
to email. For urgent matters please contact Dr. Katrin Weber.""",
             label="other", case="out-of-office auto-reply (Auto-Submitted: auto-replied)",
             to=[KATRIN], cc=[p.address], reply_to="ta-shipment", quote=False, signature=False,
             prefix="Automatische Antwort",
             headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All",
                      "Precedence": "auto_reply"})

    box.send("customs-query", BROKER, "2026-03-03 08:12", """Hello,

We are handling US customs entry for DHL shipment AWB 1234567890 (shipper Orion
Neurotherapeutics GmbH, consignee Calder Preclinical Research LLC). This address was
given as the contact on the commercial invoice.

Before release we need:
1. the TSCA certification (positive or negative)
2. a statement that the material is for research use only / not for human use
3. the value breakdown per bottle

Please reply today to avoid storage charges.

Dale Kowalski
Customs Entry Writer
Midwest Customs Brokerage Inc.""", label="other",
             case="unknown outside sender (not a project member)", to=[p.address],
             signature=False, subject="Customs hold - AWB 1234567890 - documents required")

    box.send("ta-receipt", RACHEL, "2026-03-04 10:15", """Hi Katrin,

The test article arrived this morning after customs clearance (Jason sent the TSCA
statement yesterday). 2 bottles, seals intact, no damage, ambient. Logged as TA-26-031
and stored at 2-8 °C protected from light. The CoA matches the labels.

Best,
Rachel""", label="other", case="receipt confirmation", to=[KATRIN], cc=[JASON, p.address],
             reply_to="ta-shipment")

    box.send("dosing-started", RACHEL, "2026-03-12 16:40", """Hi Katrin, hi Andreas,

Quick update on CPR-26-014: dosing started on 10 March as planned. All animals are in
good condition after three doses; no test-article-related clinical signs so far. Dose
formulation samples from Day 1 were taken and are in analysis.

Jason will come back separately on the FDA recovery-group question.

Best,
Rachel""", label="other", case="status update, no agreement in it", to=[KATRIN, ANDREAS],
             cc=[JASON, p.address], subject="CPR-26-014 status - dosing started")

    co = ChangeOrder(
        number="CO-001", raised=date(2026, 3, 16), provider=CALDER,
        linked=f"{quote_b.reference}; PO 4711-2026-0093; protocol amendment 1",
        requested_by=f"{KATRIN.name} ({ORION})",
        reason="Regulatory requirement (FDA pre-IND feedback: recovery animals at mid dose)",
        description=("Add a 14-day recovery group at 30 mg/kg/day (5/sex).",
                     "Clinical pathology and target-organ histopathology for the added "
                     "animals; protocol amendment 1 to be signed by the study director."),
        items=(LineItem("Additional animals incl. husbandry", 10, "per animal", 210),
               LineItem("Recovery phase extension, mid-dose group", 1, "fixed", 6_800),
               LineItem("Clinical pathology, additional animals", 10, "per animal", 185),
               LineItem("Histopathology, mid-dose recovery animals", 1, "fixed", 4_200)),
        currency="USD", previous_total=quote_b.total,
        milestones=(("Recovery necropsy", "2026-04-22", "2026-04-22"),
                    ("Draft report", "2026-05-08", "2026-05-13"),
                    ("Final report", "2026-06-12", "2026-06-17")),
        quality_impact="GLP: documented as protocol amendment 1 with reason, signed and dated "
                       "by the study director before the change takes effect.",
        approvers=(("CRO project manager", JASON.name), ("Study director", RACHEL.name),
                   ("Sponsor approver", ANDREAS.name)))
    box.send("change-order", JASON, "2026-03-16 09:30", f"""Dear Andreas,

Following Katrin's request after the FDA pre-IND feedback, please find attached change
order {co.number} (with protocol amendment 1) to add a recovery group at 30 mg/kg/day.
Cost impact +USD 14,950.00; the draft report moves from 8 to 13 May.

The animals must be ordered by 20 March, so we would need your approval by then.

Best regards,
Jason""", label="change_agreement", case="DOCX change order for approval", to=[ANDREAS],
             cc=[KATRIN, RACHEL, p.address],
             subject=f"Change order {co.number} - CPR-26-014 - additional recovery group",
             attachments=(attachment("Calder_CO-001_CPR-26-014.docx",
                                     docx_bytes(change_order_document(co), _at(co.raised))),))

    box.send("change-tentative", ANDREAS, "2026-03-17 18:05", """Dear Jason,

We agree in principle, but this is subject to internal budget approval. Let me check with
finance and I will come back to you by Friday.

Best regards
Andreas""", label="change_agreement",
             case="tentative ('in principle', 'subject to'): never an approval",
             to=[JASON], cc=[KATRIN, p.address], reply_to="change-order", prefix="AW")

    box.send("change-approved", ANDREAS, "2026-03-20 11:02", """Dear Jason,

the budget is approved. CO-001 is approved - please proceed with the recovery group and
protocol amendment 1. The PO amendment will follow from procurement.

Best regards
Andreas""", label="change_agreement", case="firm approval by the sponsor approver",
             to=[JASON], cc=[KATRIN, RACHEL, p.address], reply_to="change-tentative",
             prefix="AW")

    box.send("necropsy-tag", RACHEL, "2026-04-01 13:25", """Hi Katrin,

Terminal necropsy is scheduled for 7-8 April and recovery necropsy for 22 April (incl.
the new mid-dose recovery group). Would Orion's pathologist like to attend the terminal
necropsy? If so, please send name and arrival time by Friday for the site access form.

Best,
Rachel""", label="other", case="only the [PRJ-tox-orion] subject tag routes it",
             to=[KATRIN], subject="[PRJ-tox-orion] Terminal necropsy 7-8 April - attendance?")

    fields = (("Study number", "CPR-26-014"), ("Sponsor", ORION), ("Test article",
              "ORN-513, lot ORN513-24B003"), ("Study director", RACHEL.name))
    results = Table(("Group", "Dose (mg/kg/day)", "Main (M/F)", "Recovery (M/F)",
                     "Mortality", "Key findings"),
                    (("1", "0", "10/10", "5/5", "0", "none"),
                     ("2", "10", "10/10", "-", "0", "none"),
                     ("3", "30", "10/10", "5/5", "0", "minimal hepatocellular hypertrophy"),
                     ("4", "100", "10/10", "5/5", "0", "hepatocellular hypertrophy, ALT +40%")))
    sections = (("Summary", "Oral administration of ORN-513 for 28 days was well tolerated up "
                 "to 100 mg/kg/day. Liver findings were adaptive and reversed after 14 days of "
                 "recovery. The NOAEL is considered to be 100 mg/kg/day."),
                ("Toxicokinetics", "Exposure (Cmax, AUC0-24h) increased approximately dose "
                 "proportionally; no accumulation between Day 1 and Day 28."))
    draft = report_document(CALDER, f"Study CPR-26-014: {STUDY}", "DRAFT",
                            (*fields, ("Version", "Draft 1, QA audited, 2026-05-13")), sections,
                            results, "Quality Assurance has audited this draft report. The "
                            "GLP compliance statement will be signed in the final report.")
    box.send("draft-report", RACHEL, "2026-05-13 15:55", """Hi Katrin,

Please find attached the QA-audited draft report for CPR-26-014 for your review. Per the
protocol the sponsor review window is 3 weeks, so we would appreciate consolidated
comments by 3 June.

Best,
Rachel""", label="deliverable", case="draft report for review", to=[KATRIN],
             cc=[ANDREAS, JASON, p.address],
             subject="CPR-26-014 draft report for sponsor review",
             attachments=(attachment("CPR-26-014_Draft_Report_v1.pdf",
                                     pdf_bytes(draft, _at(date(2026, 5, 13)))),))

    comments = Document(ORION, "Sponsor comments - CPR-26-014 draft report v1", (
        Table(("No.", "Section", "Comment"),
              (("1", "Summary", "Please state NOAEL reasoning for the ALT increase at 100 "
                                "mg/kg/day."),
               ("2", "3.4 TK", "Add the Day 28 accumulation ratio per sex."),
               ("3", "Appendix 5", "Animal 4012F body weight on Day 15 looks like a typo.")),
              widths=(1, 2, 8)),
        Paragraph("Orion has no further comments. Please finalise after addressing the "
                  "above."),
    ), author=KATRIN.name)
    box.send("sponsor-comments", KATRIN, "2026-06-02 16:45", """Dear Rachel,

our consolidated comments on the draft report are attached (3 comments, none major).
Please finalise after addressing them.

Best regards
Katrin""", label="other", case="sponsor comments on a draft (DOCX attached)", to=[RACHEL],
             cc=[ANDREAS, JASON, p.address], reply_to="draft-report", prefix="AW",
             attachments=(attachment("CPR-26-014_Draft_v1_Orion_comments.docx",
                                     docx_bytes(comments, _at(date(2026, 6, 2)))),))

    final = report_document(CALDER, f"Study CPR-26-014: {STUDY}", "FINAL",
                            (*fields, ("Version", "Final, signed 2026-06-17")), sections,
                            results, "This study was conducted in compliance with 21 CFR Part "
                            "58 and OECD GLP. Signed: Dr. Rachel Alvarez, Study Director, "
                            "2026-06-17. QA statement: audited phases and dates listed in "
                            "Appendix 1.")
    box.send("final-report", RACHEL, "2026-06-17 10:20", """Hi Katrin,

All three comments are addressed. The final signed report for CPR-26-014 (with the GLP
compliance and QA statements) is attached; the SEND package is on the Calder client
portal under the study number.

Raw data, specimens and the report will be archived at Calder, Madison.

Best,
Rachel""", label="deliverable", case="final signed report attached", to=[KATRIN],
             cc=[ANDREAS, JASON, p.address], reply_to="sponsor-comments",
             attachments=(attachment("CPR-26-014_Final_Report_signed.pdf",
                                     pdf_bytes(final, _at(date(2026, 6, 17)))),))

    invoice = Invoice(
        number="CPR-INV-10388", issued=date(2026, 6, 19), provider=CALDER, bill_to=ORION,
        po="4711-2026-0093", currency="USD",
        items=(LineItem("Milestone 3 (20%): final report CPR-26-014 issued 17 June 2026",
                        1, "milestone", round(quote_b.total * 0.2, 2)),
               LineItem("Change order CO-001 (additional recovery group)", 1, "fixed",
                        14_950)),
        vat_rate=0.0, bank="Calder Preclinical Research LLC, Example National Bank, ABA "
        "000000000, account 0000000000, SWIFT EXMPUS00",
        note="Thank you for your business. Final report delivered - balance of contract due.")
    box.send("invoice", CALDER_AR, "2026-06-19 09:10", f"""Hello,

Attached is invoice {invoice.number} for {money(invoice.total, 'USD')} (final report
milestone and CO-001) against PO 4711-2026-0093. Terms net 30.

Thank you,
Linda Park
Accounts Receivable, Calder Preclinical Research LLC""", label="invoice",
             case="invoice that mentions the final report", to=[ORION_AP],
             cc=[KATRIN, JASON, p.address], signature=False,
             subject=f"Calder invoice {invoice.number} / PO 4711-2026-0093",
             attachments=(attachment(f"{invoice.number}.pdf",
                                     pdf_bytes(invoice_document(invoice), _at(invoice.issued))),))
