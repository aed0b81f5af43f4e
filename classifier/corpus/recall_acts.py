"""Acts for recall (round 3): what still fell to `other` on held-out phrasing.

(Data, like message_acts.py.) Two gaps: a quote written inline, with prices but no
attachment, in words the earlier banks never used; and a change asked as a question by
the sponsor ("could you add two timepoints? what would it cost?"), which domain.md
counts as a `change_agreement` because a proposed change is one. Each gap gets a long
bank of cores plus a bank of details (the follow-up sentences that carry most of the
signal: validity and payment terms for a quote, cost and date impact for a change), so
the held-out sixth of every bank is still new wording.

Their look-alikes stay `other` and are here too, so the new banks do not teach that a
question is a change, or that a price is a quote: questions about logistics, scheduling
and status (from either side), and a request to rework a proposal before anything is
awarded.
"""

from __future__ import annotations

from classifier.corpus.message_acts import Act

RECALL_ACTS: tuple[Act, ...] = (
    # ------------------------------------------------------------ quote, inline
    Act(
        "quote-inline-plain",
        "quote",
        "cro",
        subjects=(
            "RE: cost question",
            "Pricing - {study}",
            "Re: what would it cost?",
            "Costs for the {item}",
            "RE: budget for {study_no}",
            "Our price",
            "Re: {study} - pricing",
            "RE: price check",
            "Estimate - {n} samples",
            "Fees for {study}",
            "RE: numbers",
            "Price info",
            "RE: how much for {n} samples?",
            "Re: costing",
        ),
        cores=(
            "The {item} would cost {cur} {unit_price} {unit}, so {cur} {amount} for the {n} "
            "samples you mentioned.",
            "We can run the {study} for a fixed {cur} {amount}, report included.",
            "Here are our numbers: {item} {cur} {unit_price} {unit}, total {cur} {amount}.",
            "That comes to {cur} {amount} for {n} samples at {cur} {unit_price} each.",
            "Price-wise we are looking at {cur} {amount} for the whole {study}.",
            "To answer your question on cost: {cur} {unit_price} {unit} for the {item}, {cur} "
            "{amount} overall.",
            "Our charge for the {item} is {cur} {unit_price} {unit}; the full job is {cur} "
            "{amount}.",
            "We would price the {study} at {cur} {amount}, payable in two instalments.",
            "For {n} samples we quote {cur} {amount}, including the report and data package.",
            "The fee for this work is {cur} {amount}; turnaround is {weeks} weeks from sample "
            "receipt.",
            "Cost breakdown:\n{item}: {cur} {unit_price} {unit}\nreporting: {cur} 1,800\n"
            "total: {cur} {amount}",
            "Line items as requested:\n1) {item} - {cur} {unit_price} {unit}\n2) data package "
            "- included\nGrand total {cur} {amount}.",
            "Happy to do this for {cur} {amount} all-inclusive.",
            "We'd estimate {cur} {amount} for the work, possibly less if fewer timepoints are "
            "needed.",
            "The total would be {cur} {amount} excl. VAT; we can start within {weeks} weeks of "
            "your go-ahead.",
            "Pricing for your request: {cur} {unit_price} per sample, {n} samples, {cur} {amount}.",
            "It would be {cur} {unit_price} {unit}. With {n} samples you are at {cur} {amount}.",
            "In terms of cost, the {study} is {cur} {amount} at our standard rates.",
            "Our offer: {cur} {amount} for the {study}, fixed price, no hidden charges.",
            "Budget for the {item}: {cur} {unit_price} {unit}. Estimated total {cur} {amount}.",
            "We have costed the {study} at {cur} {amount}; the breakdown is below.\n- {item}: "
            "{cur} {unit_price} {unit}",
            "For the {n} {matrix} samples the cost is {cur} {amount}, results in {weeks} weeks.",
            "Our best price is {cur} {unit_price} {unit}, which puts the project at {cur} "
            "{amount}.",
            "We can offer {cur} {amount} for the package, with a {days}-day validity.",
            "The {item} is charged at {cur} {unit_price} {unit}; for your volume that is {cur} "
            "{amount}.",
            "Quoted price: {cur} {amount} ({n} samples x {cur} {unit_price}).",
            "Approximate cost {cur} {amount}; a formal quotation document can follow if you "
            "need one for procurement.",
            "We propose a fixed fee of {cur} {amount}, invoiced 50% at start and 50% on "
            "delivery of the report.",
            "You'd be looking at about {cur} {amount} in total, with {cur} {unit_price} {unit} "
            "for the {item}.",
            "For this scope our price is {cur} {amount}. It holds until {date}.",
        ),
        details=(
            "This price is valid for {days} days.",
            "Prices exclude VAT and shipping.",
            "Payment terms are net 30.",
            "Turnaround is {weeks} weeks from receipt.",
            "Re-analysis is charged separately.",
            "Sample storage beyond 6 months is extra.",
            "A 10% discount applies if you confirm by {date}.",
            "We assume the reference standard is supplied by you.",
            "GLP compliance would add about 15%.",
            "Rush service is available at a surcharge.",
            "The price includes a QC-reviewed report.",
            "Courier costs are passed on at cost.",
            "Archiving for 2 years is included.",
            "Let us know and we will reserve the slot.",
            "Method transfer is included in the price.",
            "We can hold this price until {date}.",
            "Minimum batch size is {n} samples.",
            "A formal quote with our terms can follow on request.",
        ),
    ),
    # ------------------------------------------------ change_agreement, as a question
    Act(
        "change-question-plain",
        "change_agreement",
        "sponsor",
        subjects=(
            "Could we add timepoints?",
            "Question on extra samples",
            "RE: {study} - one more request",
            "Possible extension",
            "Change question - {study_no}",
            "RE: interim results - next steps",
            "Additional analysis?",
            "RE: {study}",
            "Add-on request",
            "Can we change the design?",
            "Extra cohort?",
            "Re: timeline",
            "Request: extra dose group",
            "RE: protocol amendment",
        ),
        cores=(
            "Could you add two timepoints to cohort {n2}? What would it cost?",
            "Would it be possible to include an extra dose group? How much would that add?",
            "Can we add {n} more samples to the analysis, and what does that do to the timeline?",
            "Is there room to extend the stability study by 6 months? Please let me know the cost.",
            "Could the team also run the {item} on the retained samples? What's the price for "
            "that?",
            "Could you {change}? What would the impact be on cost and the report date?",
            "How about we {change} - would that be possible, and at what cost?",
            "We're considering asking you to {change}. What would that involve in time and money?",
            "Would you be able to squeeze in {n} additional samples from the new site? Any cost "
            "impact?",
            "Is it possible to move the draft report forward by two weeks? Would there be a fee?",
            "Could we drop the recovery group and reduce the price accordingly? What would the "
            "new total be?",
            "Can you bring the report date forward to {date}? What would it take?",
            "Could we switch the matrix from plasma to serum for the remaining samples? Any "
            "impact?",
            "Would you mind adding a 48h timepoint? Please tell us what it costs.",
            "Is it doable to {change} without moving the final report?",
            "Could you repeat the failed run for the {n2} samples? Who pays for it and when "
            "would the data come?",
            "Can we extend the scope to {change}? Please send a revised estimate.",
            "Could you also analyse the {n} backup samples? What would be the extra charge?",
            "What if we {change}? Could you give us the cost and timing?",
            "Might it be possible to {change}? Our management wants to know the budget impact.",
            "Could you fit in an extra interim analysis at week {weeks}? What would it cost us?",
            "Can we postpone dosing to {date}? Does that change the price?",
            "Could you run two more concentrations for {compound}? What would that add to the "
            "invoice?",
            "Is it possible to add a second species? Please indicate cost and timelines.",
            "Could we have the SEND datasets as well? What would you charge for them?",
            "Would you be willing to {change}? Let us know the delta in cost and days.",
            "Could you add {n} samples to batch {n2}? How would that affect the schedule?",
            "Can you reduce the number of timepoints to {n2}? What would we save?",
            "Could your lab {change}? If yes, what's the extra cost and the new report date?",
            "Any chance to include an extra cohort of {n} animals? What's the cost impact?",
            "Would you be able to add a urine matrix to the panel? We'd need the extra cost.",
            "Could the lab take on {n} extra samples from the dose-escalation arm? How does "
            "that change the budget?",
            "Would it work to {change}? We would of course cover the additional effort.",
            "Is your team able to {change} in the current slot, or does it push the dates?",
            "Shall we {change}? Tell us what it means for price and delivery.",
            "Could you extend the analysis to the {n2} follow-up visits? What's the added cost?",
        ),
        details=(
            "What would it cost?",
            "How would that affect the timeline?",
            "Would the final report date move?",
            "We can sign a change order if needed.",
            "Our budget owner needs the number by Friday.",
            "Please include the impact on the current milestones.",
            "If it's feasible, we'd like to start next month.",
            "We understand this is outside the current scope.",
            "Happy to discuss on a call.",
            "Would that require a protocol amendment?",
            "Please send the revised cost when you can.",
            "Is a change order needed for this?",
            "The clinical team asked for it after the interim data.",
            "Let me know if this changes the payment schedule.",
        ),
    ),
    Act(
        "change-approval-more",
        "change_agreement",
        "sponsor",
        subjects=(
            "RE: additional timepoints",
            "RE: {co} - approval",
            "Re: extra samples - cost",
            "RE: repeat analysis",
            "RE: revised dates",
            "Re: change request {co}",
            "AW: {co}",
            "RE: scope extension",
        ),
        cores=(
            "Thanks for the numbers - please go ahead with the extra timepoints at {cur} {amount}.",
            "OK for the additional {n} samples at the price you gave. Please proceed.",
            "We approve the repeat of the failed run; the new report date of {date} works for us.",
            "Fine with the extra cohort and the cost impact. Please update the timeline.",
            "Approved: add the 48h timepoint as described, {cur} {amount} extra.",
            "Yes, please {change}. We accept the cost and the two-week shift.",
            "Go ahead with the added dose group; we will amend the PO.",
            "We agree to extend the study as proposed in {co}.",
            "Please proceed with the reanalysis at the quoted {cur} {amount}.",
            "The change is approved on our side - please {change}.",
            "You have our OK to {change}; the revised dates are fine.",
            "Confirmed: {co} is approved, the PO amendment will follow.",
            "Agreed to the extra work and the {weeks}-week delay.",
            "Proceed with the additional analysis; charge it against the current PO.",
            "We accept the change order and its cost impact of {cur} {amount}.",
            "Happy to approve the scope change. Please send the updated milestone plan.",
            "Please add the samples as discussed; the extra cost is approved.",
            "Signed {co} attached - go ahead with the extension.",
        ),
        attachments=(("change_order", "change_agreement"),),
        attach_rate=0.15,
    ),
    # --------------------------------------------------- look-alikes that stay other
    Act(
        "question-logistics",
        "other",
        "any",
        subjects=(
            "Quick question",
            "RE: {study}",
            "Question - {study_no}",
            "Re: next steps",
            "A few questions",
            "RE: shipment",
            "Re: status",
            "Query",
            "RE: draft report timing",
            "Question on storage",
            "Re: call next week",
            "Follow-up",
        ),
        cores=(
            "Could you confirm the storage temperature for the retained samples?",
            "When do you expect the draft report?",
            "What courier should we use for the next shipment?",
            "Could you send us the study director's CV for our files?",
            "Can we have a call on {weekday} to go through the interim data?",
            "Is the QA audit still planned for {date}?",
            "Could you share the dosing schedule for next week?",
            "What address should we ship the test article to?",
            "Who will be our main contact while {first} is on leave?",
            "Did the samples from cohort {n2} arrive in good order?",
            "Could you resend the minutes of the last meeting?",
            "How many aliquots are left after the analysis?",
            "Is the method validation report final?",
            "Could you confirm the invoice address is still correct?",
            "Can you remind me of the comment deadline for the draft?",
            "What time zone is the call in?",
            "Could you clarify what BLQ means in table 2?",
            "Are the remaining samples stored at -80?",
            "Could you send the calibration certificate for the freezer?",
            "When is the next status call?",
            "Could your QA send the GLP compliance statement?",
            "Do you need anything else from us before dosing?",
            "Could you check whether the dry ice was sufficient on arrival?",
            "What is the expected date for the final report?",
            "Can you tell me who signed the protocol on your side?",
            "Is the data also available in Excel?",
            "Would {weekday} at 3pm work for the review meeting?",
            "Could you confirm the study number for our records?",
            "Are there any open deviations we should know about?",
            "Can you share the batch record summary when available?",
            "Could cohort {n2} ship on {weekday}, or would {weekday} suit your lab better?",
            "Would someone from your team like to attend the necropsy? If so, please send the "
            "names for the visitor list.",
            "Is {date} a good day for the site visit, or do you prefer the week after?",
            "Should the samples from the second site go to the same address?",
            "Can your receiving team accept a delivery on Saturday morning?",
            "Would you like us to hold the remaining tubes until the next shipment?",
            "Could we move our weekly call to {weekday} this week?",
            "Do you want the interim data by email or on the portal?",
            "Could we ship the next cohort on {date}, or is that too close to the holiday?",
            "The cohort {n2} tubes are still at the clinic - is it fine if they come with the "
            "next box?",
            "Are the cohort {n2} results still expected this month?",
            "Would your pathologist like to review the slides on site?",
            "Can you let us know who should receive the shipping notifications?",
            "Is it OK if the courier picks up the box in the afternoon?",
        ),
        details=(
            "Thanks in advance.",
            "No rush, end of the week is fine.",
            "Our auditor asked for it.",
            "Just want to make sure we are aligned.",
            "I couldn't find it in the shared folder.",
            "It's for our internal tracker.",
            "Sorry if I missed it in an earlier mail.",
            "Happy to jump on a call instead.",
            "Please reply by {weekday} so we can book the courier.",
            "The site needs to know by the end of the week.",
            "We can keep the remaining tubes in our freezer until then.",
            "Let me know what suits your team best.",
            "The remaining cohort {n2} samples will travel with the next shipment.",
            "We'll send the missing tube with the next cohort.",
        ),
    ),
    Act(
        "proposal-rework-before-award",
        "other",
        "sponsor",
        subjects=(
            "RE: Proposal {qno}",
            "Re: your quotation {qno}",
            "RE: RFP - {study}",
            "Questions on your proposal",
            "AW: Angebot {qno}",
            "RE: Quote {qno} {rev}",
            "Proposal feedback",
        ),
        cores=(
            "Thanks for the proposal. Before we take it to our committee, could you revise it "
            "without the recovery group?",
            "We are still comparing offers. Could you send a version of the quote with SEND "
            "included, so we compare like with like?",
            "Two points before we can decide: the histopathology list can be shorter, and the "
            "report format should be eCTD-ready. Could you revise accordingly?",
            "Your proposal is over our budget. Is there an option with fewer timepoints we "
            "could evaluate before the vendor selection?",
            "Could you split the price in your proposal into phase 1 and phase 2? Our committee "
            "wants to approve phase 1 first.",
            "Before we award, could you clarify whether method transfer is included in the "
            "quoted price?",
            "We need the quote in EUR rather than USD for our procurement system. Could you "
            "reissue it?",
            "Can you add an optional line for a TK satellite group to the proposal, so we can "
            "decide internally?",
            "Thanks for the offer {qno}. Our finance team asks whether the validity can be "
            "extended to 90 days.",
            "Could you remove the archiving line from the quotation? We archive ourselves.",
            "We'd like to see a reduced design in the proposal as an alternative before "
            "selecting a CRO.",
            "Is the price in {qno} firm, or can you improve it if we commit to both studies?",
        ),
    ),
)
