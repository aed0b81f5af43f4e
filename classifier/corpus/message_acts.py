"""Message phrase banks: for each label, the business acts that carry it.

(Long because it is data: one entry per phrasing, as `ruff format` lays it out.)

An act is what the writer is doing (sending a quote, announcing a shipment, agreeing a
change in passing). Each has subject lines, core sentences and the attachments it tends
to carry. The distractor acts (talking *about* a quote, a PO, a sponsor's own CoA, a
comment round on a draft) sit under `other` on purpose: they share words with the real
acts and teach the model that the words alone do not decide.

Every bank is split by position into train / calibration / held-out templates by the
generator, so keep banks long (five or more entries) where held-out coverage matters.
"""

from __future__ import annotations

from dataclasses import dataclass

SIDES = ("cro", "sponsor")


@dataclass(frozen=True)
class Act:
    name: str
    label: str
    side: str  # "cro", "sponsor" or "any"
    subjects: tuple[str, ...]
    cores: tuple[str, ...]
    # attachment kinds with their label; one is drawn when the act carries one
    attachments: tuple[tuple[str, str], ...] = ()
    attach_rate: float = 0.0
    details: tuple[str, ...] = ()  # optional extra sentences of the same act
    status_wrap: bool = False  # bury the core in a status update (see generate._status_wrap)


ACTS: tuple[Act, ...] = (
    # ------------------------------------------------------------------ quote
    Act(
        "quote-cover",
        "quote",
        "cro",
        subjects=(
            "Quotation {qno} - {study}",
            "Proposal for {study}",
            "Our quote {qno}",
            "{sponsor} - {study} - quotation",
            "Quote for your RFQ",
            "Proposal {qno} {rev}",
            "Cost estimate: {study}",
            "SOW and pricing for {study}",
        ),
        cores=(
            "Please find attached our quotation {qno} for the {study}.",
            "Attached is our proposal for the {study}, as requested.",
            "As promised, here is our quote for the {study}.",
            "Enclosed you will find our proposal {qno} covering the {study}.",
            "Further to your RFQ, I attach our offer for the {study}.",
            "Here is the statement of work with pricing for the {study}.",
            "Our quotation for the work we discussed is attached.",
            "We are pleased to submit our proposal for the {study}.",
            "I have attached the work order with the budget for the {study}.",
            "Sharing our estimate for the {study} - details in the attached PDF.",
            "Attached please find our offer for the {study}, including assumptions and exclusions.",
            "Our pricing proposal for the {study} is enclosed.",
            "You will find our quote ({qno}) attached; it covers the design we discussed.",
            "Please see the attached cost proposal for your review.",
        ),
        attachments=(("quote_doc", "quote"),),
        attach_rate=1.0,
        details=(
            "The quote is valid for {days} days.",
            "Pricing assumes up to {n} samples and the sponsor providing the reference standard.",
            "Payment terms are 50% at kickoff and 50% on issue of the draft report.",
            "The total comes to {cur} {amount} excluding VAT.",
            "SEND datasets are listed as an optional item.",
            "Turnaround is about {weeks} weeks from receipt of samples.",
            "Assumptions and exclusions are listed in section 4.",
            "Happy to walk you through the budget on a call.",
            "To accept, please sign and return or issue a PO referencing the quote number.",
            "Courier and dry ice are passed through at cost.",
        ),
    ),
    Act(
        "quote-chatty-attachment",
        "quote",
        "cro",
        subjects=(
            "Hello from {cro}",
            "Happy holidays!",
            "Following up",
            "Great to meet you",
            "Catching up",
            "After the conference",
            "Season's greetings",
            "{study}",
        ),
        cores=(
            "Hope you had a great break and the new year is off to a good start. It was lovely to "
            "catch up at the conference last month and hear about your programme.",
            "Season's greetings from all of us here! Wishing you and the team a restful holiday.",
            "Great to see you in Boston last week, and thanks again for the dinner. Our team "
            "really enjoyed the discussion about your pipeline.",
            "Hope all is well on your side. It has been a busy spring here with the new lab "
            "opening, but we are finally settled in.",
            "Sorry this took a little longer than planned, the whole team was travelling.",
            "Good chatting on Tuesday. Enjoy the long weekend when it comes!",
            "Thanks for your patience. Our scientific director had a look and we are all very "
            "excited about the project.",
            "Just a quick note before the holidays.",
            "Wishing you a happy new year from the whole team in {cro}!",
            "Thanks for the nice chat at the booth; as promised, see attached.",
            "Long time no talk! Hope the move to the new office went smoothly.",
            "Greetings from Basel. The weather is finally improving here.",
            "Many thanks for thinking of us for this one.",
        ),
        attachments=(("quote_doc", "quote"),),
        attach_rate=1.0,
    ),
    Act(
        "quote-inline",
        "quote",
        "cro",
        subjects=(
            "Pricing for {study}",
            "RE: price request",
            "Budget estimate",
            "Ballpark for {study}",
            "Re: quick quote?",
            "Costs for {n} samples",
        ),
        cores=(
            "Our price for the {item} is {cur} {unit_price} {unit}. For {n} samples the total "
            "would be {cur} {amount}, with results {weeks} weeks after receipt. This offer is "
            "valid "
            "for {days} days.",
            "As a ballpark, the {study} would come to roughly {cur} {amount} to {cur} {amount2}, "
            "depending on the number of timepoints. A formal quote will follow once the design "
            "is fixed.",
            "Budget estimate for the {study}: {item} at {cur} {unit_price} {unit}; total estimate "
            "{cur} {amount}. Assumptions: standard report format, no GLP.",
            "We can do the {item} for {cur} {unit_price} {unit}, so {cur} {amount} in total for "
            "your {n} samples, plus shipping at cost. Prices valid until {date}.",
            "Quote: {n} x {item} @ {cur} {unit_price} = {cur} {amount}. Excludes re-analysis and "
            "archiving beyond 2 years. Payment net 30.",
            "Indicative pricing: {cur} {unit_price} {unit} for the {item}, all-in {cur} {amount}. "
            "Validity {days} days from today.",
            "Cost would be {cur} {unit_price} per sample for the {item}; with {n} samples that "
            "is {cur} {amount} total. Price holds for {days} days.",
            "Happy to offer the {item} at {cur} {unit_price} {unit}. Estimated total for your "
            "project: {cur} {amount} (excl. VAT), report within {weeks} weeks.",
            "Our fee: {cur} {amount} fixed price for the {study}, invoiced 50/50. Offer valid "
            "until {date}.",
            "Pricing below:\n- {item}: {cur} {unit_price} {unit}\n- report: {cur} 2,500\n"
            "Total {cur} {amount}. Valid {days} days.",
            "For budgeting purposes you can assume about {cur} {amount} for the whole package; "
            "a formal proposal follows.",
            "We would charge {cur} {unit_price} {unit} ({item}), {cur} {amount} in total for the "
            "{n} samples. Turnaround {weeks} weeks.",
        ),
    ),
    Act(
        "quote-revised-before-award",
        "quote",
        "cro",
        subjects=(
            "Revised proposal {qno} {rev}",
            "Updated quote {qno}",
            "RE: Quotation {qno} - revised",
            "Rev B of our proposal",
            "Revised budget for {study}",
        ),
        cores=(
            "Following your comments on our first proposal, please find attached revision {rev} "
            "with the sample number reduced to {n}, for your internal review before you decide.",
            "As discussed, we have reworked the quote to fit your budget: the histopathology is "
            "now optional and the total is {cur} {amount}. Revised proposal attached.",
            "Attached is the updated quotation {qno} {rev}. It supersedes the earlier version "
            "and reflects the smaller design you asked for in the RFQ call.",
            "Please see our revised offer attached - we dropped the recovery group and adjusted "
            "the price accordingly, ahead of your selection meeting.",
            "Here is the revised quote with the discount we talked about; it remains valid for "
            "{days} days.",
            "Updated proposal attached. We split the work into two phases so you can approve "
            "phase 1 first.",
        ),
        attachments=(("quote_doc", "quote"),),
        attach_rate=0.9,
    ),
    # ----------------------------------------------------------- sample_sheet
    Act(
        "samples-shipped",
        "sample_sheet",
        "sponsor",
        subjects=(
            "Shipment of samples - {study}",
            "Samples shipped today",
            "Shipping notification",
            "{n} samples on their way",
            "Sample shipment {tracking}",
            "Samples for {study} - tracking",
            "Dry ice shipment today",
        ),
        cores=(
            "We shipped {n} {matrix} samples today on dry ice with {courier}, tracking number "
            "{tracking}. The manifest is attached.",
            "Samples for the {study} left our site this morning, {courier} priority overnight, "
            "AWB {tracking}. Please find the sample list attached and confirm receipt.",
            "The package with {n} tubes ({matrix}) was picked up today. Tracking: {tracking}. "
            "Shipping manifest attached.",
            "Heads-up: {n2} boxes of {matrix} shipped on dry ice, expected with you tomorrow. "
            "Tracking no. {tracking}. Sample manifest attached.",
            "Our courier collected the samples today. Attached is the shipping manifest listing "
            "all {n} samples with IDs and volumes.",
            "Sending {n} {matrix} samples frozen at -80, courier {courier}, AWB {tracking}. "
            "Please check them against the attached manifest on arrival.",
            "Shipment went out Monday as planned; {n} cryovials in {n2} boxes, data logger "
            "included. Packing list attached.",
        ),
        attachments=(("manifest", "sample_sheet"), ("coc_form", "sample_sheet")),
        attach_rate=0.85,
    ),
    Act(
        "manifest-or-form",
        "sample_sheet",
        "any",
        subjects=(
            "Sample manifest",
            "Sample submission form",
            "Chain of custody - {study}",
            "Sample list for {study}",
            "Manifest for batch 2",
            "Updated sample list",
            "Submission form {study}",
        ),
        cores=(
            "Attached is the sample manifest for the {n} {matrix} samples of the {study}.",
            "Please find the completed sample submission form for the {study}.",
            "Here is the signed chain of custody form for the samples handed over today.",
            "Attached the sample list with IDs, matrix, volumes and storage temperature.",
            "Updated manifest attached - two sample IDs were corrected.",
            "Please find our sample submission sheet for the {n} samples we are sending.",
            "The CoC form for the courier hand-over is attached, relinquished and received "
            "signatures included.",
        ),
        attachments=(
            ("manifest", "sample_sheet"),
            ("submission_form", "sample_sheet"),
            ("coc_form", "sample_sheet"),
        ),
        attach_rate=1.0,
    ),
    Act(
        "receipt-log",
        "sample_sheet",
        "cro",
        subjects=(
            "Sample receipt - {study}",
            "Receipt log",
            "Samples logged in",
            "Sample receipt form {study}",
            "Accessioning list",
        ),
        cores=(
            "The samples arrived and are logged in. The receipt log listing all {n} samples with "
            "condition on arrival is attached.",
            "Please find the sample receipt form attached, with our accession numbers for each "
            "sample.",
            "Attached is the accessioning list for the {n} {matrix} samples received today.",
            "Receipt documentation attached: sample IDs, accession IDs, temperature on arrival.",
            "We received the shipment; our cooler receipt form with each sample listed is "
            "attached.",
        ),
        attachments=(("receipt_log", "sample_sheet"),),
        attach_rate=1.0,
    ),
    Act(
        "sample-table-in-body",
        "sample_sheet",
        "any",
        subjects=(
            "Sample list",
            "Samples in this shipment",
            "Tubes shipped",
            "Sample details",
            "Manifest (in mail)",
        ),
        cores=(
            "Here is the list of samples in the box:\n{table}",
            "Samples shipped today, details below.\n{table}\nTracking {tracking}.",
            "Please log these in:\n{table}",
            "Below the manifest since the spreadsheet would not attach:\n{table}",
            "Sample list for the {study}:\n{table}",
        ),
    ),
    # ------------------------------------------------------- change_agreement
    Act(
        "change-order-formal",
        "change_agreement",
        "cro",
        subjects=(
            "Change order {co} for approval",
            "{co} - additional work",
            "Change request {co}",
            "Change order - {study}",
            "Scope change for {study}",
            "CO{n2} for signature",
            "Contract amendment {co}",
        ),
        cores=(
            "Please find attached change order {co} to {change}. The cost impact is {cur} "
            "{amount} and the draft report moves to {date}. Please approve so we can proceed.",
            "Attached is change request {co} for your review and signature. It covers the "
            "request to {change}.",
            "As discussed, we need to {change}. This is outside the current scope; the change "
            "order is attached for approval.",
            "Here is the change order for the additional work ({change}). Impact on timeline: "
            "about {weeks} weeks; impact on cost: {cur} {amount}.",
            "Change order {co} is attached. Once signed we will update the PO and the milestone "
            "plan.",
            "We have raised {co} to {change}; details of the cost and schedule impact are in the "
            "attached document.",
            "To {change} we need a contract amendment; {co} is attached for signature.",
            "Attached for approval: {co} (additional scope: {change}).",
            "The additional work to {change} is not covered by the SOW. Please review the "
            "attached change order.",
            "Enclosed is the change request to {change}, with the revised milestone dates.",
        ),
        attachments=(("change_order", "change_agreement"),),
        attach_rate=0.9,
    ),
    Act(
        "change-in-status",
        "change_agreement",
        "any",
        subjects=(
            "Weekly update - {study}",
            "Status {study}",
            "RE: status",
            "Update",
            "Project update week {n2}",
            "{study} - progress",
            "Monthly status report",
        ),
        cores=(
            "As agreed on the call, we will {change}; this adds {cur} {amount} and moves the "
            "report to {date}.",
            "One more thing: per your request we will {change}, at an extra cost of {cur} "
            "{amount}.",
            "Following our discussion, we'll go ahead and {change}. The timeline shifts by about "
            "{weeks} weeks.",
            "We agreed with Dr {name} to {change}, so the final report date moves to {date}.",
            "Note that we now need to {change}, which is out of scope; estimated impact {cur} "
            "{amount}. Please confirm you are OK with this.",
            "Also, as discussed yesterday, you asked us to {change} - confirmed, the additional "
            "cost will be {cur} {amount}.",
            "We will {change} as requested; the cost difference of {cur} {amount} will be "
            "added to the next invoice.",
            "Per the sponsor's decision we will {change} - please treat this as agreed scope "
            "change.",
            "Agreed with your team today: we {change}. Updated timeline to follow.",
            "Following the TC we confirm we will {change}, with the report moving by "
            "{weeks} weeks.",
        ),
    ),
    Act(
        "change-revised-quote-after-award",
        "change_agreement",
        "cro",
        subjects=(
            "Revised quote {qno} {rev} - additional scope",
            "Updated quote after protocol amendment",
            "RE: additional timepoints - revised quote",
            "Revised quotation for added samples",
            "Scope change - revised quote",
        ),
        cores=(
            "Since the protocol amendment adds two timepoints, attached is the revised quote "
            "{rev} reflecting the extra {n} samples. Please confirm so we can issue the PO "
            "amendment.",
            "Because you asked us to {change} after the study started, we have revised the "
            "quote; the difference to the awarded PO is {cur} {amount}.",
            "Following the scope change we discussed, please see the revised quotation attached. "
            "The new total replaces the contracted amount once approved.",
            "The extra cohort was not in the original SOW, so I attach a revised quote covering "
            "the additional work and the new report date of {date}.",
            "To cover the request to {change}, our updated quote {qno} {rev} is attached for "
            "your approval; it amends the current work order.",
        ),
        attachments=(("quote_doc", "quote"),),
        attach_rate=0.95,
    ),
    Act(
        "change-request-sponsor",
        "change_agreement",
        "sponsor",
        subjects=(
            "Additional samples",
            "Change to the design",
            "Can we add timepoints?",
            "Request to extend",
            "Scope change request",
            "Change of plan for {study}",
        ),
        cores=(
            "We would like to {change}. Could you send the cost and timeline impact so we can "
            "approve it?",
            "Our team decided to {change}. Please treat this as a change request and let us know "
            "the impact on the budget.",
            "Due to the protocol amendment we need you to {change}. Can you prepare a change "
            "order?",
            "Please {change} - we understand this is out of scope and are fine with a change "
            "order.",
            "Following the QC results we want to {change}; please update the scope and dates.",
        ),
    ),
    Act(
        "change-approval-reply",
        "change_agreement",
        "sponsor",
        subjects=(
            "RE: Change order {co} for approval",
            "RE: {co}",
            "AW: Change request {co}",
            "RE: additional work",
            "RE: scope change",
            "RE: revised timeline",
        ),
        cores=(
            "Approved. Please go ahead and {change} as proposed in {co}.",
            "We agree to the change order {co} at {cur} {amount}. PO amendment to follow.",
            "OK to proceed with the additional work. Signed CO attached.",
            "Thanks - the change is approved in principle, pending internal approval from finance.",
            "Agreed, please proceed with the revised timeline.",
            "Go ahead with the repeat analysis at the quoted cost.",
            "Subject to budget sign-off, we are fine with adding the extra timepoints.",
        ),
        attachments=(("change_order", "change_agreement"),),
        attach_rate=0.25,
    ),
    Act(
        "change-timeline-shift",
        "change_agreement",
        "cro",
        subjects=(
            "Timeline change",
            "Delay to {study}",
            "Revised schedule",
            "Impact on timeline",
            "Rescheduling of dosing",
            "New dates for {study}",
        ),
        cores=(
            "Because of the delayed test article delivery, dosing start moves from {date} to "
            "{date2}; the draft report will follow about {weeks} weeks later. Please confirm you "
            "agree with the new dates.",
            "The failed run means we must repeat the analysis, which shifts the report by two "
            "weeks and costs {cur} {amount} extra. Please approve the repeat.",
            "We propose to move the in-life start to {date2}. There is no cost impact but the "
            "final report milestone moves accordingly.",
            "The additional OOS investigation will push the CoA to {date2}; the investigation "
            "is billed separately at {cur} {amount}.",
            "To fit your new dose levels we need to re-plan the study: new start {date2}, "
            "revised cost {cur} {amount}.",
        ),
    ),
    # ------------------------------------------------------------ deliverable
    Act(
        "deliverable-draft",
        "deliverable",
        "cro",
        subjects=(
            "Draft report - {study}",
            "Draft {deliv} for review",
            "{study_no} draft report",
            "Draft results",
            "For your review: draft {deliv}",
            "Interim data {study}",
        ),
        cores=(
            "Please find attached the draft {deliv} for the {study} for your review. Comments "
            "would be appreciated by {date}.",
            "Attached is the QA-audited draft report for study {study_no}. We look forward to "
            "your comments.",
            "Here are the interim results for the first timepoints; full data will follow with "
            "the draft report.",
            "The draft {deliv} is ready and attached. Please send any comments within 10 "
            "business days.",
            "Sharing the draft results table for the {study}; note these are unaudited.",
            "Draft report attached for your review and comments.",
            "Enclosed is version 0.9 of the {deliv} for sponsor review.",
            "The preliminary {deliv} is attached; the audited version follows after your comments.",
            "First draft of the {deliv} attached. Review window is 3 weeks.",
            "Please review the attached draft {deliv} and send back comments in track changes.",
        ),
        attachments=(("report", "deliverable"), ("data_table", "deliverable")),
        attach_rate=1.0,
    ),
    Act(
        "deliverable-final",
        "deliverable",
        "cro",
        subjects=(
            "Final report {study_no}",
            "Final signed {deliv}",
            "Data package - {study}",
            "CoA lot {lot}",
            "Final deliverables",
            "Results {study}",
            "Batch documentation {lot}",
        ),
        cores=(
            "Please find attached the final signed {deliv} for the {study}.",
            "Attached is the CoA for lot {lot}; all results are within specification.",
            "The final data package for the {study} is attached, including the {deliv}.",
            "Attached you will find the results of the {study} together with the run acceptance "
            "summary.",
            "Final {deliv} attached, signed by the study director with the QA statement.",
            "Please find the executed batch record and the certificate of conformance for batch "
            "{lot}.",
            "Here are the concentration tables and the sample analysis report.",
            "Delivering the IC50 tables and raw plate data for all {n} compounds.",
            "The signed {deliv} is attached, which completes the study deliverables.",
            "Enclosed are the final results and the QC summary for all samples.",
            "Please find the data tables (XLSX) and figures for the {study}.",
            "Attached: certificate of analysis and certificate of compliance for lot {lot}.",
        ),
        attachments=(
            ("report", "deliverable"),
            ("coa", "deliverable"),
            ("data_table", "deliverable"),
            ("batch_record", "deliverable"),
        ),
        attach_rate=1.0,
    ),
    Act(
        "deliverable-link",
        "deliverable",
        "cro",
        subjects=(
            "Data available for download",
            "Sequencing data delivery",
            "Your data is ready",
            "Data transfer - {study}",
            "SFTP upload complete",
            "Results uploaded to portal",
            "Download link: {study}",
            "Data delivery {study_no}",
            "Final data - link",
            "Results available",
        ),
        cores=(
            "The data package for the {study} is available for download here: {link} . The link "
            "expires in 14 days; md5 checksums are included.",
            "Your FASTQ files have been uploaded to our SFTP server ({link}). Please download "
            "them within 30 days and verify the checksums.",
            "The final {deliv} has been posted to the client portal: {link}",
            "All raw data and the analysis report are in the shared folder {link} .",
            "Results are ready. Download link: {link} (password sent separately).",
            "We uploaded the SEND package and the final report to the portal; you can access "
            "them at {link}.",
            "Data delivery: the files are on our SFTP ({link}), folder {study_no}. Checksums "
            "attached in md5.txt inside the folder.",
            "The {deliv} can be downloaded from {link} until {date}.",
            "Download your results here: {link}",
            "Link to the final data: {link} - let me know if the download fails.",
            "The raw data and {deliv} are now available in the data room: {link}",
            "Please use the secure link below to retrieve the {deliv}.\n{link}",
            "Results for the {study} are published on the portal ({link}); access expires in "
            "30 days.",
        ),
    ),
    # --------------------------------------------------------------- invoice
    Act(
        "invoice-attached",
        "invoice",
        "cro",
        subjects=(
            "Invoice {inv}",
            "Invoice {inv} - {study}",
            "Invoice for milestone {n2}",
            "{cro} invoice {inv}",
            "Invoice attached",
            "Billing - PO {po}",
        ),
        cores=(
            "Please find attached invoice {inv} for milestone {n2} of the {study}, amount {cur} "
            "{amount}, referencing PO {po}. Payment terms net 30.",
            "Attached is our invoice {inv} for {cur} {amount}. Please quote the invoice number "
            "on your remittance.",
            "Our invoice for the work completed in {month} is attached.",
            "Invoice {inv} is attached against PO {po}; amount due {cur} {amount} by {date}.",
            "Please process the attached invoice at your earliest convenience.",
            "Here is the invoice for the upfront deposit (animal purchase).",
        ),
        attachments=(("invoice_doc", "invoice"),),
        attach_rate=1.0,
    ),
    Act(
        "invoice-mentions-report",
        "invoice",
        "cro",
        subjects=(
            "Final invoice - {study}",
            "Invoice {inv} final milestone",
            "Invoice on final report",
            "Closing invoice {inv}",
            "Balance invoice",
        ),
        cores=(
            "Following issue of the final report last week, please find attached invoice {inv} "
            "for the final 50% of the study ({cur} {amount}).",
            "Now that the final report has been delivered, our closing invoice {inv} is attached.",
            "The final report milestone was reached on {date}; invoice {inv} for the balance is "
            "attached.",
            "Attached is invoice {inv} covering the draft report milestone as per the payment "
            "schedule.",
            "As the signed final report went out on {date}, we are invoicing the remaining "
            "{cur} {amount}. Invoice attached.",
        ),
        attachments=(("invoice_doc", "invoice"),),
        attach_rate=1.0,
    ),
    Act(
        "payment-reminder",
        "invoice",
        "cro",
        subjects=(
            "Payment reminder - invoice {inv}",
            "Overdue invoice {inv}",
            "Outstanding payment",
            "Second reminder: {inv}",
            "Statement of account",
        ),
        cores=(
            "Our records show invoice {inv} of {cur} {amount}, due on {date}, is still unpaid. "
            "Could you let us know when payment will be made?",
            "Friendly reminder that invoice {inv} is now overdue. Please arrange payment.",
            "Invoice {inv} is 30 days past due. Please find the statement attached.",
            "We have not yet received payment for invoice {inv}. Kindly check with your accounts "
            "payable team.",
            "Could you confirm the status of payment for our invoice {inv} ({cur} {amount})?",
        ),
        attachments=(("invoice_doc", "invoice"),),
        attach_rate=0.4,
    ),
    Act(
        "remittance",
        "invoice",
        "sponsor",
        subjects=(
            "Remittance advice",
            "Payment of invoice {inv}",
            "Payment sent",
            "Remittance {inv}",
            "Payment confirmation",
            "Paid: {inv}",
            "Payment notification",
            "Funds transfer {inv}",
        ),
        cores=(
            "Payment of {cur} {amount} for invoice {inv} was sent today by wire transfer. "
            "Remittance advice attached.",
            "We have paid invoice {inv}; please find the remittance advice.",
            "Please be advised that payment for invoices {inv} has been released.",
            "Your invoice {inv} has been scheduled for payment on {date}.",
            "Payment confirmation for PO {po} attached.",
            "Our accounts payable team has processed invoice {inv}; funds should arrive in "
            "3-5 days.",
            "FYI we transferred {cur} {amount} today against invoice {inv}.",
            "Invoice {inv} was paid on {date}, reference {po}.",
            "Payment run completed: your invoice {inv} ({cur} {amount}) is included.",
            "The wire for invoice {inv} went out this morning; remittance details below.",
        ),
        attachments=(("remittance_doc", "invoice"),),
        attach_rate=0.6,
    ),
    Act(
        "payment-received",
        "invoice",
        "cro",
        subjects=("Payment received", "RE: Remittance advice", "Payment of {inv} received"),
        cores=(
            "We confirm receipt of your payment of {cur} {amount} for invoice {inv}. Thank you.",
            "Payment for invoice {inv} has been received in full.",
            "Thanks, the payment for {inv} arrived today.",
            "Just to confirm we received payment for invoice {inv}.",
            "Our finance team confirms that invoice {inv} is now settled.",
        ),
    ),
    Act(
        "proforma",
        "invoice",
        "cro",
        subjects=(
            "Pro-forma invoice",
            "Proforma for deposit",
            "Pro forma invoice {inv}",
            "Advance invoice",
        ),
        cores=(
            "Attached is the pro-forma invoice for the upfront payment of {cur} {amount}.",
            "As requested, here is a proforma invoice so you can raise the PO.",
            "Please find the pro forma for the reagent purchase.",
            "Pro-forma invoice {inv} attached for the deposit due before kickoff.",
            "Here is our advance invoice for the animal purchase, payable before study start.",
        ),
        attachments=(("invoice_doc", "invoice"),),
        attach_rate=0.9,
    ),
    # ----------------------------------------------------------------- other
    Act(
        "rfq",
        "other",
        "sponsor",
        subjects=(
            "Request for quote - {study}",
            "RFQ: {study}",
            "RFP for {study}",
            "Could you quote?",
            "Quote request",
            "Enquiry: {study}",
        ),
        cores=(
            "Could you quote for the {study} for about {n} samples? The scope is attached; this "
            "is under our CDA.",
            "We are looking for a provider for the {study}. Please send a proposal by {date}.",
            "Please find our RFP attached. We would appreciate a quotation within two weeks.",
            "Would you be able to quote for {n} {matrix} samples? Timeline is tight.",
            "We would like to request a quote for the attached study outline.",
            "Can you give me a price for {item} on {n} samples?",
        ),
        attachments=(("rfq_doc", "other"),),
        attach_rate=0.5,
    ),
    Act(
        "po-award",
        "other",
        "sponsor",
        subjects=(
            "PO {po}",
            "Purchase order for {study}",
            "Award of {study}",
            "PO for quote {qno}",
            "Good news - award",
            "RE: Quotation {qno}",
        ),
        cores=(
            "We are happy to award the {study} to you. PO {po} is attached; please reference it "
            "on all invoices.",
            "Please find attached purchase order {po} for your quote {qno}.",
            "Good news: the project was approved. The PO will be issued next week.",
            "Our purchase order {po} for {cur} {amount} is attached.",
            "The signed SOW is attached. Looking forward to working with you.",
            "We accept quote {qno}. PO to follow.",
        ),
        attachments=(("po_doc", "other"),),
        attach_rate=0.6,
    ),
    Act(
        "talk-about-quote",
        "other",
        "sponsor",
        subjects=(
            "RE: Quotation {qno}",
            "RE: Proposal for {study}",
            "AW: Angebot {qno}",
            "RE: quote",
            "Re: our quote {qno}",
            "Question on your quote",
        ),
        cores=(
            "Thanks for the quote, we'll review it internally and come back to you next week.",
            "Got the proposal, thank you. I have forwarded it to our procurement.",
            "Quick question on your quote {qno}: does the price include the reference standard?",
            "Thanks for sending the proposal so quickly. We are still waiting for the other bids.",
            "Received, thanks. Our budget meeting is on {date}.",
            "Could you clarify what is meant by assumption 3 in the proposal?",
            "The quote looks a bit high compared with last year. Is there any room?",
        ),
    ),
    Act(
        "scheduling",
        "other",
        "any",
        subjects=(
            "Kick-off call",
            "Meeting next week",
            "Teams call",
            "Availability",
            "RE: TC",
            "Reschedule",
            "Agenda for the kickoff",
            "Invitation: {study} kick-off",
        ),
        cores=(
            "Could we move the kick-off call to Thursday at 3 pm CET?",
            "Are you available on {weekday} for a 30-minute call about the protocol?",
            "The agenda for Tuesday's kick-off meeting is attached; points of contact are on "
            "page 2.",
            "Please find the meeting invite attached.",
            "Let's find a slot next week to discuss the study design.",
            "I'm out of office next week, my colleague {name} will cover.",
            "Minutes from today's call attached, action items in bold.",
        ),
        attachments=(("agenda", "other"), ("ics", "other"), ("minutes", "other")),
        attach_rate=0.4,
    ),
    Act(
        "status-no-agreement",
        "other",
        "cro",
        subjects=(
            "Weekly update - {study}",
            "Status {study}",
            "Update",
            "Progress report",
            "{study} - status",
            "Weekly status",
        ),
        cores=(
            "Quick update: {status}. Everything is on track for the planned dates.",
            "Status this week: {status}. No issues to report.",
            "{status}. We expect the next update on {weekday}.",
            "All good here, {status}. Next milestone as planned.",
            "Just a short note that {status}. We will keep you posted.",
        ),
    ),
    Act(
        "receipt-confirmation",
        "other",
        "cro",
        subjects=(
            "Samples received",
            "RE: Shipment of samples",
            "Receipt confirmation",
            "Arrived",
            "RE: tracking {tracking}",
        ),
        cores=(
            "The samples arrived this morning frozen and in good condition; they are logged in.",
            "Confirming receipt of the shipment, dry ice remaining, all tubes intact.",
            "Package received, thanks. We will start the analysis next week.",
            "The test article arrived today and is stored at 2-8°C.",
            "All samples accessioned, no discrepancies.",
        ),
    ),
    Act(
        "sample-issue",
        "other",
        "cro",
        subjects=(
            "Sample discrepancy",
            "Issue with shipment",
            "Missing tubes",
            "Samples thawed",
            "Receipt issue - please advise",
        ),
        cores=(
            "Three tubes were thawed on arrival and two IDs are not on the manifest. Please "
            "advise how to proceed.",
            "We found a label mismatch for sample {sid}. Could you check your records?",
            "Two samples are QNS for the requested tests. How would you like us to proceed?",
            "The shipment arrived without dry ice remaining; temperature logger shows an "
            "excursion.",
            "Sample {sid} is haemolysed. Please let us know whether to analyse it anyway.",
        ),
    ),
    Act(
        "comments-on-draft",
        "other",
        "sponsor",
        subjects=(
            "RE: Draft report - {study}",
            "Comments on draft",
            "RE: Draft {deliv} for review",
            "Our comments",
            "RE: draft results",
        ),
        cores=(
            "Our comments on the draft report are attached (tracked changes). Please finalise.",
            "Thanks for the draft. We have no further comments, please issue the final.",
            "Please see our comments in the attached file; section 6 needs more detail.",
            "We reviewed the draft {deliv}; two questions on the statistics attached.",
            "A few minor edits from our QA in the attached document.",
        ),
        attachments=(("comments_doc", "other"),),
        attach_rate=0.6,
    ),
    Act(
        "cda",
        "other",
        "any",
        subjects=(
            "CDA",
            "Mutual NDA for signature",
            "Confidentiality agreement",
            "MSA draft",
            "Quality agreement",
        ),
        cores=(
            "Attached is our mutual CDA for signature.",
            "Please find the signed NDA attached.",
            "Here is our MSA template for your legal team to review.",
            "The quality agreement draft is attached for QA review.",
            "Could you countersign the attached confidentiality agreement?",
        ),
        attachments=(("cda_doc", "other"),),
        attach_rate=0.8,
    ),
    Act(
        "sponsor-own-coa",
        "other",
        "sponsor",
        subjects=(
            "Test article shipment",
            "CoA for test article",
            "Reference standard",
            "Test item documentation",
            "Compound for {study}",
        ),
        cores=(
            "Attached is the CoA for our test article lot {lot}, which ships tomorrow.",
            "Please find the certificate of analysis and SDS for the reference standard we sent.",
            "Here is the CoA of the compound batch we are providing for the study.",
            "For your records, the CoA and storage conditions of our test item are attached.",
            "The test article CoA and the dosing formulation instructions are attached.",
        ),
        attachments=(("sponsor_coa", "other"), ("sds", "other")),
        attach_rate=1.0,
    ),
    Act(
        "chatter",
        "other",
        "any",
        subjects=(
            "RE: {study}",
            "Thanks!",
            "RE: update",
            "Re: call",
            "AW: {study}",
            "hello",
            "Quick question",
            "RE: samples",
        ),
        cores=(
            "Thanks, got it!",
            "Great, thanks a lot.",
            "Perfect, thank you.",
            "Noted, thanks.",
            "Will do.",
            "Thanks for the update, much appreciated.",
            "Sounds good, speak then.",
            "Could you send me the protocol number again?",
            "What storage temperature do you need for the reference standard?",
            "When can we expect the draft report?",
            "Who is the best contact for shipping questions?",
            "Is the study still on track for the end of the month?",
        ),
    ),
    Act(
        "closeout",
        "other",
        "cro",
        subjects=(
            "Study closeout",
            "Archiving of {study}",
            "Sample disposal notice",
            "Study closed",
        ),
        cores=(
            "The study is closed. Remaining samples will be destroyed 90 days after the final "
            "report unless you ask for return.",
            "Raw data and specimens have been archived; archive location is noted in the report.",
            "Please let us know if you want the remaining material returned or discarded.",
            "We are closing out the project. Thanks for a smooth collaboration.",
            "Data retention period ends on {date}; after that the data will be deleted.",
        ),
    ),
)
