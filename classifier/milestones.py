"""Milestone vocabulary: milestone key (domain.md (a) and the common frame) → phrases.

Phrases are lower-case and matched on word boundaries. The classifier only names the key;
the caller decides which of the project's milestones a key means. A phrase belongs to
one key; where two services use one phrase (e.g. "draft report") it goes to the
service-neutral key and the caller maps it (draft_report_issued, draft_ba_report and
draft_report all take "draft report" mentions via `draft_report`).

Wording with a slot in it ("we are going ahead with Northbridge on Rev B", "PO 4500012873
is attached", "87 of 88 tubes received") is a regular expression in
`MILESTONE_PATTERNS`, on the same lower-cased text. The keys in `FIRM_ONLY` are
completed by a rule on one mention (award, PO, receipt), so a mention inside a condition
or a future ("once the PO is issued", "when we award the study") does not count for
them; a negated mention ("we have not received the samples") counts for no key (see
`entities._milestones`).
"""

from __future__ import annotations

MILESTONE_PHRASES: dict[str, tuple[str, ...]] = {
    # common frame
    "quote_accepted": (
        "quote accepted",
        "accept the quote",
        "accept your quote",
        "quote is approved",
        "proposal accepted",
        "award the study",
        "awarded the study",
        "award you the study",
        "award the work",
        "award you the work",
        "award the project",
        "awarded the project",
        "award the contract",
        "accept your offer",
        "accept your proposal",
        "accepted your proposal",
        "approved your proposal",
        "chosen your proposal",
        "selected your proposal",
        "you have been selected",
        "your bid was successful",
        "decided to go with you",
        "wir beauftragen",
        "beauftragen sie hiermit",
        "erteilen ihnen den auftrag",
        "vous confier l'étude",
        "nous vous confions",
        "retenu votre offre",
        "les adjudicamos",
    ),
    "po_or_sow_executed": (
        "po issued",
        "purchase order issued",
        "signed sow",
        "executed sow",
        "executed work order",
        "sow signed",
        "work order signed",
        "signed work order",
        "countersigned sow",
        "po has been issued",
        "purchase order has been issued",
    ),
    "kickoff_held": (
        "kick-off",
        "kickoff",
        "kick off meeting",
        "kick off call",
        "study initiation",
        "initiation meeting",
        "start-up meeting",
        "project launch meeting",
        "auftaktbesprechung",
        "réunion de lancement",
    ),
    "final_deliverable_accepted": (
        "final report accepted",
        "deliverable accepted",
        "accept the final report",
        "no further comments",
    ),
    "closeout": ("closeout", "close-out", "study closed", "project closed", "closing out"),
    # analytical testing
    "samples_received": (
        "samples received",
        "samples arrived",
        "received the samples",
        "sample receipt",
        "logged in",
        "accessioned",
        "received in good condition",
        "arrived in good condition",
        "arrived intact",
        "arrived frozen",
        "arrived safely",
        "received the shipment",
        "received your shipment",
        "received all samples",
        "received all the samples",
        "proben eingegangen",
        "proben sind eingegangen",
        "échantillons reçus",
        "bien reçu les échantillons",
    ),
    "method_ready": ("method verification", "method transfer", "method qualification report"),
    "testing_started": ("analysis in progress", "testing started", "testing has started"),
    "results_reviewed": ("second-person review", "qa review of the data", "results reviewed"),
    "oos_investigation": ("oos investigation", "out of specification", "oos result", "oot result"),
    "draft_results": ("draft coa", "draft results", "preliminary results"),
    "coa_issued": ("coa issued", "certificate of analysis", "signed coa", "coa for lot"),
    "sample_disposition": (
        "sample disposal",
        "samples will be destroyed",
        "return of remaining",
        "retain samples",
        "discard the samples",
    ),
    # bioanalysis
    "method_developed": ("method development", "method developed"),
    "method_validated": (
        "method validation",
        "validation report",
        "method validated",
        "full validation",
    ),
    "method_transferred": ("partial validation", "cross-validation", "cross validation"),
    "study_samples_received": ("study samples received", "study samples arrived"),
    "sample_analysis_complete": (
        "sample analysis complete",
        "analysis of the study samples is complete",
        "all samples analysed",
        "all samples analyzed",
    ),
    "isr_complete": ("isr complete", "incurred sample reanalysis", "isr results"),
    "draft_ba_report": ("draft bioanalytical report",),
    "final_ba_report": ("final bioanalytical report",),
    # in vitro
    "compounds_received": ("compounds received", "compound plates received", "compounds arrived"),
    "assay_ready": ("assay set-up", "assay setup", "assay validation", "assay ready"),
    "pilot_run": ("pilot plate", "pilot run"),
    "screening_complete": ("screening complete", "screening is complete", "screen finished"),
    "data_analysed": ("curve fits", "curve fitting", "ic50 table", "data analysis complete"),
    "data_delivered": ("data delivered", "data delivery", "raw plate data"),
    "follow_up": ("follow-up compounds", "confirmatory repeat", "follow up compounds"),
    # toxicology
    "protocol_approved": (
        "protocol approved",
        "signed protocol",
        "protocol signed",
        "protocol approval",
    ),
    "test_article_received": (
        "test article received",
        "test article arrived",
        "test item received",
    ),
    "animals_acclimated": ("acclimation complete", "animals acclimated", "animal receipt"),
    "dosing_started": ("dosing started", "first dose", "dosing start", "in-life start"),
    "in_life_complete": (
        "in-life complete",
        "in-life phase complete",
        "necropsy completed",
        "terminal necropsy",
        "necropsy complete",
    ),
    "path_tk_complete": ("histopathology complete", "clinical pathology complete", "tk complete"),
    "draft_report": ("draft report", "draft study report"),
    "final_report": ("final report", "final study report", "final signed report"),
    "archived": ("archived", "archive location", "archiving"),
    # pk/pd
    "design_agreed": ("design agreed", "study design agreed", "sampling times agreed"),
    "formulation_ready": ("formulation ready", "dose formulation prepared", "formulation verified"),
    "dosing_and_sampling_complete": (
        "dosing and sampling complete",
        "sampling complete",
        "in-life sample collection",
    ),
    "samples_to_bioanalysis": ("transferred to bioanalysis", "samples to bioanalysis"),
    "concentrations_available": (
        "concentration data",
        "concentration-time data",
        "concentrations available",
    ),
    "pk_analysis_complete": ("nca complete", "pk analysis complete", "nca parameters"),
    # genomics
    "sample_qc_complete": ("sample qc", "qc report", "rin values"),
    "qc_decision": ("run as-is", "run as is", "replace the failed samples"),
    "libraries_prepared": (
        "libraries prepared",
        "library prep done",
        "library preparation complete",
    ),
    "library_qc_passed": ("library qc", "libraries passed qc"),
    "sequencing_complete": ("sequencing complete", "sequencing run finished", "run finished"),
    "raw_data_delivered": ("fastq", "raw data delivered", "demultiplexed"),
    "analysis_complete": ("alignment complete", "analysis complete", "variant calling complete"),
    "final_report_delivered": ("final report delivered",),
    # cmc / biologics
    "tech_transfer_package_received": ("tech transfer package", "technology transfer package"),
    "gap_analysis_and_tt_plan": ("gap analysis", "tech transfer plan"),
    "cell_bank_or_starting_material_ready": ("cell bank", "mcb", "rcb released"),
    "process_development_complete": ("process development complete", "development report"),
    "analytical_methods_qualified": ("methods qualified", "method qualification"),
    "scale_up_demo_run": ("scale-up", "engineering run", "demo run"),
    "development_report_issued": ("development report issued", "tech transfer summary"),
    # contract manufacturing
    "quality_agreement_signed": ("quality agreement signed", "quality agreement"),
    "tech_transfer_complete": ("tech transfer complete", "transfer report"),
    "materials_released": ("materials released", "raw materials released"),
    "engineering_batch_complete": ("engineering batch",),
    "gmp_batch_manufactured": ("gmp batch", "batch manufactured"),
    "release_testing_complete": ("release testing complete", "release testing"),
    "batch_record_reviewed": (
        "batch record review",
        "executed batch record",
        "batch record reviewed",
    ),
    "qa_disposition": (
        "qa disposition",
        "qa release",
        "certificate of conformance",
        "certificate of compliance",
    ),
    "shipped": ("shipped to the clinic", "cold-chain shipment", "product shipped"),
}

# Wording with a slot (a name, a number) in it: regular expressions on lower-cased text.
# Each starts with a plain letter (no group, no repeat): the extractor joins them
# with the phrases into one alternation, and the regex engine skips an alternative on
# its first character only when that character is spelled out.
_DOC = r"(?:quote|quotation|proposal|offer|bid|angebot|devis|rev\.?|revision|q-?\d+)"

_SHIPPED = ("shipment", "samples", "package", "parcel", "box", "boxes", "cooler", "tubes", "vials")
_TUBES = ("samples", "tubes", "vials", "cryovials", "aliquots", "specimens")
MILESTONE_PATTERNS: dict[str, tuple[str, ...]] = {
    "quote_accepted": (
        r"we(?:\s+are|['’]re|\s+will\s+be)\s+going\s+ahead\s+with\s+(?:you|your\s+"
        rf"{_DOC}|the\s+{_DOC}|{_DOC}|[\w&.-]+\s+(?:on|per|for)\s+(?:the\s+basis\s+of\s+)?"
        rf"(?:your\s+|the\s+)?{_DOC})",
        r"we\s+(?:hereby\s+)?award\b",
        r"awarded\s+(?:you\s+)?(?:the\s+)?(?:study|project|work|contract)",
        rf"signed\s+{_DOC}\s+(?:is\s+)?(?:attached|enclosed)",
    ),
    "po_or_sow_executed": (
        r"p(?:\.?o\.?|urchase\s+order)(?:\s*(?:#|no\.?|number))?[\s:#]*[\w-]*\d[\w/-]*\s+"
        r"(?:is\s+|has\s+been\s+)?(?:attached|enclosed|issued)",
        r"purchase\s+order\s+(?:is\s+|has\s+been\s+|was\s+)?(?:attached|enclosed|issued)",
        *(
            rf"{lead}\s+(?:attached\s+)?(?:our|the)\s+(?:signed\s+)?(?:po|purchase\s+order)\b"
            for lead in (
                r"please\s+find",
                r"attached\s+(?:is|please\s+find)",
                r"enclosed\s+(?:is|please\s+find)",
                r"here\s+is",
            )
        ),
        r"our\s+(?:po|purchase\s+order)\s+(?:number\s+|no\.?\s+)?is\s+[\w-]*\d",
        r"b(?:estellung|on\s+de\s+commande)\s+(?:\(?[\w-]*\d[\w-]*\)?\s+)?(?:ist\s+)?"
        r"(?:anbei|im\s+anhang|ci-joint|en\s+pièce\s+jointe)",
    ),
    "samples_received": (
        *(rf"{noun}\s+(?:(?:has|have)\s+)?arrived\b" for noun in (*_SHIPPED, r"dry\s+shipper")),
        *(rf"{noun}\s+(?:were\s+|have\s+been\s+)?received\b" for noun in _TUBES),
    ),
}
# Keys that do not count inside a condition or a future ("once the PO is issued", "when
# the samples have arrived"): a rule completes them on the strength of one mention.
FIRM_ONLY = frozenset({"quote_accepted", "po_or_sow_executed", "samples_received"})
