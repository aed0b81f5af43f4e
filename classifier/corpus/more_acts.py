"""More business acts, for mail we have not seen: the breadth round (issue 3).

(Data, like message_acts.py.) What the first corpus missed: requests for proposal that
list what they want (not quotes), awards and go-aheads in several languages (not quotes,
not changes), internal forwards to finance, terse cover notes whose label is the
attachment's, change requests asked as questions, a change agreed in one sentence of a
long status update, deliveries by link, invoices that talk about reports, the sponsor's
own certificate, comments on drafts and out-of-office notes.
"""

from __future__ import annotations

from classifier.corpus.message_acts import Act

TERSE = (
    "see attached",
    "pls find attached {rev}",
    "Attached.",
    "FYI - attached",
    "As discussed, attached.",
    "Here you go.",
    "Please see attached.",
    "updated version attached",
    "Enclosed, as promised.",
    "PFA",
    "pls see att.",
    "Attached for your review.",
    "attached fyi",
    "Here it is - let me know.",
    "As requested.",
    "Sending as discussed.",
    "Please find enclosed.",
    "see the file",
)
TERSE_SUBJECTS = (
    "{study_no}",
    "RE: {study}",
    "docs",
    "Attached",
    "FW: files",
    "as discussed",
    "{study_no} - document",
    "RE: {study_no}",
    "File",
    "for you",
    "Re: latest version",
    "{sponsor} / {cro}",
)


def _terse(name: str, label: str, kinds: tuple[str, ...]) -> Act:
    return Act(
        name,
        label,
        "any",
        subjects=TERSE_SUBJECTS,
        cores=TERSE,
        attachments=tuple((k, label) for k in kinds),
        attach_rate=1.0,
    )


MORE_ACTS: tuple[Act, ...] = (
    # ------------------------------------------------- other: asks, awards, forwards
    Act(
        "rfp-with-list",
        "other",
        "sponsor",
        subjects=(
            "RFP - {study}",
            "Request for proposal: {study}",
            "RFQ {study_no}",
            "Proposal request - {study}",
            "Looking for a quote: {study}",
            "Enquiry - {study}",
            "New project: {study}",
            "Request for pricing - {study_no}",
        ),
        cores=(
            "As discussed at the conference, we are looking for a partner for the {study}. "
            "Could you send a proposal covering:\n- method transfer\n- {item}\n- reporting\n"
            "We need results by {date}.",
            "We would like to place the {study} with an external lab this year. Please send us "
            "your proposal, including:\n* timelines\n* price per sample for {n} samples\n"
            "* your assumptions",
            "Could you prepare a quotation for the work below?\n1. {item}\n2. storage of the "
            "samples for 12 months\n3. a short report\nThe material can ship in {month}.",
            "We're evaluating vendors for the {study}. Would you be able to send a budget and "
            "a timeline? Scope:\n- about {n} {matrix} samples\n- {item}",
            "Please quote for the following: {item}, {n} samples, standard turnaround. "
            "Deadline for proposals is {date}.",
            "Our team needs a CRO for the {study}. Can you put together a proposal with "
            "options for a full and a reduced design? Happy to have a call first.",
            "Hi, we are planning the {study} and would welcome a proposal from you. Key "
            "points: {n} samples, GLP, report by {date}. Protocol synopsis to follow.",
            "Would {cro} be interested in quoting the {study}? We are asking three vendors; "
            "proposals are due on {date}.",
            "Following our call, here is what we need a quote for:\n- {item}\n- data "
            "package\nPlease include assumptions and validity.",
            "Can you send your best price for the {item} on {n} samples, plus the timeline?",
            "We are preparing the budget for next year and need an estimate for the {study}.",
            "Please let us have your offer for the {study}; the technical package is in our "
            "data room.",
        ),
        attachments=(("rfq_doc", "other"),),
        attach_rate=0.3,
    ),
    Act(
        "award-go-ahead",
        "other",
        "sponsor",
        subjects=(
            "Award - {study}",
            "RE: Proposal {qno}",
            "Re: RFP - {study}",
            "Go-ahead for {study}",
            "Decision on {study}",
            "AW: Angebot {qno}",
            "RE: Quotation {qno} {rev}",
            "Vendor selection - {study}",
            "TR: Devis {qno}",
            "RE: Cotización {qno}",
        ),
        cores=(
            "We're going ahead with you on {qno} {rev}. Please start the preparations - PO "
            "{po} will follow from procurement this week.",
            "Happy to confirm that you have been selected for the {study}. Please proceed on "
            "the basis of {qno}; the purchase order is being raised.",
            "Good news: our committee approved your proposal {qno}. Consider this the "
            "go-ahead; the PO follows shortly.",
            "We accept your offer {qno}. Please go ahead with the draft protocol; our "
            "purchasing team will send the order.",
            "Thank you for the revised proposal - we would like to award the work to you. "
            "PO {po} is attached.",
            "We have chosen your proposal for the {study}. Please schedule the kick-off; our "
            "PO number is {po}.",
            "vielen Dank für Ihr Angebot {qno}. Wir beauftragen Sie hiermit mit der Studie. "
            "Die Bestellung folgt in den nächsten Tagen.\n\n(English below)\nThank you for "
            "your quote. We hereby award you the study; the PO follows in the next days.",
            "Merci pour votre offre {qno}. Nous avons le plaisir de vous confier l'étude. Le "
            "bon de commande suivra.\n\nEnglish: thank you for the offer, we are pleased to "
            "award you the study; purchase order to follow.",
            "Gracias por la propuesta {qno}. Les adjudicamos el estudio; la orden de compra "
            "llegará pronto. / Thanks for the proposal, the study is yours, PO coming soon.",
            "Decision made - we'll place the {study} with {cro} per quote {qno}. Please "
            "reserve the slot; paperwork follows.",
            "The budget is approved and we'd like you to start. The signed quote is attached "
            "in lieu of a PO for now.",
            "Congratulations, your bid was successful. Procurement will issue PO {po}; please "
            "reference it on all invoices.",
        ),
        attachments=(("po_doc", "other"), ("po_long", "other")),
        attach_rate=0.35,
    ),
    Act(
        "forward-internal",
        "other",
        "sponsor",
        subjects=(
            "Fwd: Proposal {qno}",
            "FW: Quotation {qno} - {study}",
            "Fwd: RFP - {study}",
            "FW: {cro} proposal",
            "WG: Angebot {qno}",
            "Fwd: invoice {inv}",
            "FW: Draft report - {study}",
            "Fwd: {study}",
        ),
        cores=(
            "{first} - FYI, this is the {cro} proposal we're likely to accept. Can you "
            "start the vendor set-up? Payment terms are in the PDF of the original mail.",
            "Forwarding for your budget planning; the quote is in the thread below.",
            "Adding {first} from finance. The payment schedule is in section 6 of their proposal.",
            "Looping in procurement - please set {cro} up as a supplier before we award.",
            "See below. Can you check whether this fits the budget line for {study_no}?",
            "FYI only, no action needed. Just keeping you in the loop on the {study}.",
            "For your awareness - legal will need to review the terms before we sign.",
            "{first}, can you take this one? I'm out next week.",
            "Passing this to QA for their review of the draft.",
            "Please file with the project documents.",
        ),
    ),
    Act(
        "out-of-office",
        "other",
        "any",
        subjects=(
            "Automatic reply: {study}",
            "Out of office: RE: {study}",
            "Abwesenheitsnotiz",
            "Réponse automatique : {study}",
            "Away until {date}",
            "OOO",
        ),
        cores=(
            "I am out of the office until {date} with limited access to email. For urgent "
            "matters please contact {name}.",
            "Thank you for your message. I am currently on leave and will reply on my return "
            "on {date}.",
            "Ich bin bis {date} nicht im Büro. In dringenden Fällen wenden Sie sich bitte an "
            "{name}.",
            "Je suis absent(e) jusqu'au {date}. Pour toute urgence, contactez {name}.",
            "I'm travelling this week and checking email only occasionally.",
            "This mailbox is not monitored. Please write to {name} instead.",
        ),
    ),
    Act(
        "sponsor-coa-more",
        "other",
        "sponsor",
        subjects=(
            "Test article - {compound} lot {lot}",
            "TA shipment and CoA",
            "CoA {compound}",
            "Shipping our test item",
            "Reference material for {study}",
            "Documents for the test article",
        ),
        cores=(
            "The test article ships tomorrow; the CoA for lot {lot} is attached for your records.",
            "Enclosed the certificate of analysis for the reference standard we are sending.",
            "Our compound {compound} (lot {lot}) left today. CoA and storage instructions are "
            "attached - please store at -20°C on arrival.",
            "Attached is our manufacturer's CoA for the batch we supply for dosing.",
            "For your GLP file: CoA and SDS of the test item.",
            "Please find the CoA of the material we provide; the retest date is {date}.",
        ),
        attachments=(("sponsor_coa", "other"), ("sds", "other")),
        attach_rate=1.0,
    ),
    Act(
        "comments-more",
        "other",
        "sponsor",
        subjects=(
            "RE: Draft report {study_no}",
            "Comments - draft {deliv}",
            "Sponsor comments {study_no}",
            "RE: For your review: draft {deliv}",
            "Draft v1 - our comments",
            "Feedback on the draft",
        ),
        cores=(
            "Please find our consolidated comments on the draft report attached.",
            "We reviewed the draft; comments are in track changes. Please issue the final "
            "once they are addressed.",
            "A few comments from our toxicologist on section 5 are attached.",
            "Thanks for the draft. Two points: the units in Table 3, and the wording of the "
            "conclusion. Marked-up copy attached.",
            "Our QA has some questions on the deviations listed - see the attached comment log.",
            "Overall fine. Minor edits attached; no need for another draft.",
        ),
        attachments=(("comments_doc", "other"),),
        attach_rate=0.8,
    ),
    Act(
        "status-long-no-change",
        "other",
        "cro",
        subjects=(
            "Monthly update - {study}",
            "Status report {month}",
            "{study_no} weekly",
            "Progress - {study}",
            "Update week {n2}",
            "Study status",
        ),
        cores=(
            "Dosing started on {date} in all groups and is going to plan.",
            "{status_cap}. Body weights and food consumption are within the expected range.",
            "Sample analysis is {n}% complete; no failed runs this week.",
            "The {deliv} is in QC review and remains on schedule for {date}.",
            "Nothing unusual to report: {status}.",
            "We are on track for the next milestone on {date}.",
        ),
        status_wrap=True,
    ),
    # ------------------------------------------------------------- change agreements
    Act(
        "change-question",
        "change_agreement",
        "sponsor",
        subjects=(
            "Extra timepoints?",
            "Question - adding samples",
            "Can we extend {study}?",
            "Possible change to the design",
            "RE: {study} - additional cohort",
            "Scope question",
            "Change to {study_no}?",
            "Additional work?",
        ),
        cores=(
            "Could you add {n} extra samples to the next cohort? What would that mean for "
            "cost and timeline?",
            "Would it be possible to {change}? Please let us know the impact on budget and dates.",
            "Is there any chance you could {change}? We would need a price for the extra work.",
            "Can we {change}? If so, please send a change order.",
            "How much would it cost to {change}, and how long would it delay the report?",
            "Any possibility to {change} before the draft report goes out?",
            "We are wondering whether you could {change} - what is the cost impact?",
            "Is it feasible to {change} within the current timelines? Happy to sign a change "
            "order.",
            "Could we {change} instead of the original plan? What would you need from us?",
            "Do you think you can {change}? Send me the numbers and I'll get approval.",
            "Quick question: could your team {change}? We'd cover the extra cost.",
            "Would you be able to {change}? Our clinical team is asking for it.",
            "What would it take to {change}? A rough cost and the new dates would help.",
            "Is it too late to {change}? If not, please quote the extra work.",
            "Can you check whether we could {change} and let me know the delta?",
            "Any chance we can {change} this month? Please advise on cost and timing.",
            "Could we still {change}? We understand it would be a change order.",
            "Would {cro} be OK to {change}? Please tell us what it does to the schedule.",
        ),
    ),
    Act(
        "change-buried-in-status",
        "change_agreement",
        "cro",
        subjects=(
            "Weekly update {study_no}",
            "Status - {study}",
            "Monthly report {month}",
            "{study} update",
            "Progress week {n2}",
            "RE: status call",
        ),
        cores=(
            "As agreed with {name} on Tuesday, we'll also {change}; the extra cost is {cur} "
            "{amount} and the report date moves to {date}.",
            "Per your request we are adding {n} samples to the run, which adds {cur} {amount}.",
            "We agreed with your team to {change} - the timeline slips by {weeks} weeks.",
            "Following your OK on the call, we'll {change} at {cur} {amount}; a formal change "
            "order follows for the file.",
            "Agreed on Monday: we {change}, cost {cur} {amount}.",
            "Your request to {change} is accepted and scheduled; it adds {cur} {amount} to "
            "the budget.",
            "As confirmed by email, the scope now includes the request to {change}.",
            "We will {change} as you asked yesterday; the final report moves to {date}.",
        ),
        status_wrap=True,
    ),
    Act(
        "quote-inline-more",
        "quote",
        "cro",
        subjects=(
            "RE: pricing",
            "Costs - {study}",
            "Re: budget question",
            "Numbers for {study}",
            "RE: how much?",
            "Price for {n} samples",
            "Quick estimate",
            "RE: cost of {item}",
        ),
        cores=(
            "For the {item} we would charge {cur} {unit_price} {unit}; {n} samples come to "
            "{cur} {amount}. This price stands for {days} days.",
            "Rough numbers: {cur} {amount} all-in for the {study}, results in about {weeks} "
            "weeks. Formal quote on request.",
            "Price per sample is {cur} {unit_price}, minimum order {n} samples, so {cur} "
            "{amount}. Offer open until {date}.",
            "We can offer a fixed fee of {cur} {amount} for the {study}, payable 50/50.",
            "The {item} costs {cur} {unit_price} {unit}. For your batch that totals {cur} "
            "{amount} plus shipping.",
            "Estimated budget: {cur} {amount} (range {cur} {amount2} for a reduced design). "
            "Valid {days} days.",
            "Our rate is {cur} {unit_price} {unit}; total for {n} samples: {cur} {amount}, "
            "excluding VAT.",
            "Costing as requested - {item}: {cur} {unit_price} {unit}, {n} units, {cur} "
            "{amount} in total.",
            "Ballpark is {cur} {amount} for everything, turnaround {weeks} weeks; happy to "
            "firm it up into a proposal.",
            "Total cost {cur} {amount} for the {study} (fixed price), valid until {date}.",
            "Pricing: {cur} {unit_price} {unit} x {n} = {cur} {amount}. Timeline {weeks} weeks.",
            "We'd do it for {cur} {amount}; that includes the report and {n} samples.",
        ),
    ),
    # ---------------------------------------------------------------- deliverables
    Act(
        "deliverable-link-more",
        "deliverable",
        "cro",
        subjects=(
            "Final report available - {study_no}",
            "{deliv_cap} - download",
            "Data uploaded",
            "RE: {study} - final data",
            "Results on the portal",
            "Final package {study_no}",
        ),
        cores=(
            "The final signed {deliv} is now on the portal: {link}",
            "You can pull the data from our SFTP: {link} (same credentials as before).",
            "Final PDF and data tables uploaded to the shared folder {link} .",
            "The {deliv} is ready. Because of its size we have shared it via {link} instead of "
            "attaching it.",
            "All deliverables for {study_no} are in the data room: {link}. The link is valid "
            "for 14 days.",
            "Please download the final {deliv} here: {link}",
        ),
    ),
    Act(
        "invoice-report-more",
        "invoice",
        "cro",
        subjects=(
            "Invoice {inv} - final milestone",
            "Invoice for the final report",
            "{cro} invoice {inv} ({study_no})",
            "Closing invoice {study_no}",
            "Invoice: draft report milestone",
            "Milestone invoice {inv}",
        ),
        cores=(
            "With the final report issued on {date}, please find our invoice {inv} for the "
            "closing milestone ({cur} {amount}).",
            "The draft report went out last week, so per the payment schedule our invoice "
            "{inv} is attached.",
            "Attached is invoice {inv} for the report milestone, referencing PO {po}.",
            "Now that the {deliv} is delivered, here is the final invoice {inv}, due {date}.",
            "Invoice {inv} covers the remaining 20% after the final report; payment within "
            "30 days please.",
            "Please process our invoice {inv} ({cur} {amount}) for the completed {deliv}.",
        ),
        attachments=(("invoice_doc", "invoice"), ("invoice_long", "invoice")),
        attach_rate=0.9,
    ),
    # ------------------------------------- a receipt report that lists what does not match
    # Paragraph by paragraph (classify.py reads long mail that way) its list of IDs looks
    # like a manifest; the mail is a sample issue, `other`, and the model must learn so.
    Act(
        "receipt-discrepancy-report",
        "other",
        "cro",
        subjects=(
            "RE: Samples shipped - {study_no}",
            "RE: Shipment {tracking}",
            "Receipt of shipment - discrepancies",
            "RE: sample shipment {study}",
            "Samples received with discrepancies",
            "RE: Manifest for cohort {n}",
        ),
        cores=(
            "The shipment arrived this morning, frozen, with dry ice remaining.\n\n"
            "Discrepancies against the manifest:\n- {sid}: listed on the manifest, not in "
            "the box\n- one tube in the box that is not on the manifest\n\nPlease advise "
            "how to proceed; we are holding both until we hear from you.",
            "Samples received and logged under accession {lot}.\n\nDifferences found at "
            "check-in:\n{sid} - missing\n{sid} label unreadable\n\nCould you check your "
            "records and let us know?",
            "Your box arrived today.\n\nItems not matching the manifest:\n* {sid}: "
            "volume below the listed amount\n* one extra tube without a label\n\nHow would "
            "you like us to handle these?",
            "Receipt check done.\n\n{n} of the listed tubes received; not received: "
            "{sid}. One unlisted tube (no ID on the manifest) was in the second box.\n\n"
            "We will keep everything at -80 °C until you confirm.",
            "We received the shipment but have some mismatches.\n\nManifest line {n}, "
            "{sid}: tube found cracked, sample lost.\nNot on manifest: two tubes in rack "
            "position E5-E6.\n\nPlease advise whether to replace or cancel these samples.",
            "The cohort {n} samples are in.\n\nDiscrepancy log:\n{sid} | listed | not "
            "received\n{sid} | not listed | received\n\nWe are holding the affected tubes; "
            "all other IDs match.",
            "Samples checked in this afternoon.\n\nThe following do not match the "
            "paperwork:\n- {sid}: timepoint on the tube differs from the manifest\n- {sid}: "
            "duplicate ID\n\nCan you confirm the correct IDs before we start the analysis?",
            "Arrived frozen, logger within range.\n\nReconciliation against your manifest: "
            "{n} tubes expected, one fewer received; {sid} is the missing one.\n\nShould we "
            "proceed with the rest?",
            "Thanks for the shipment.\n\nAt accessioning we noticed:\n{sid} - haemolysed\n"
            "{sid} - QNS for the requested test\n\nPlease let us know whether to analyse "
            "them anyway.",
            "The shipment was received but thawed on arrival (no dry ice left).\n\nAffected "
            "IDs per the manifest: {sid} and the rest of box 2.\n\nWe have opened a "
            "deviation; please advise on next steps.",
            "Quick heads-up on your samples.\n\nListed but not found: {sid}\nFound but not "
            "listed: one tube marked 'spare'\n\nWe will not test either until we hear "
            "back.",
            "Receipt confirmed with exceptions.\n\nException list:\n1. {sid} - label "
            "mismatch with manifest\n2. {sid} - tube empty\n\nPlease send a corrected "
            "manifest or instructions.",
        ),
    ),
    # ------------------------------------------------ terse cover notes: the attachment decides
    _terse("terse-quote", "quote", ("quote_doc", "quote_long")),
    _terse("terse-sheet", "sample_sheet", ("manifest", "submission_form", "receipt_log")),
    _terse("terse-change", "change_agreement", ("change_order", "change_order_form")),
    _terse("terse-deliverable", "deliverable", ("report", "report_long", "data_table", "coa")),
    _terse("terse-invoice", "invoice", ("invoice_doc", "invoice_long")),
)
