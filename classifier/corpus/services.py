"""Service vocabulary for the corpus generator: one entry per service type in domain.md.

Each service lists what people in that line of work talk about (the study, matrices, the
priced items, the documents delivered, the changes that come up, the status lines of a
normal week). The generator slots these into label phrase banks, so every label is seen
with every service's words and no label owns a service's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    key: str
    studies: tuple[str, ...]
    matrices: tuple[str, ...]
    items: tuple[tuple[str, str, int], ...]  # description, unit, typical unit price
    deliverables: tuple[str, ...]
    changes: tuple[str, ...]
    status: tuple[str, ...]


SERVICES: tuple[Service, ...] = (
    Service(
        key="analytical_testing",
        studies=(
            "release testing of drug substance lot {lot}",
            "ICH stability study at 25°C/60%RH and 40°C/75%RH",
            "impurity profiling by HPLC",
            "extractables and leachables study",
            "compendial testing of the excipient batches",
            "dissolution method verification",
            "residual solvents testing by GC",
        ),
        matrices=(
            "drug substance",
            "tablets",
            "API powder",
            "vials of drug product",
            "excipient",
            "reference standard",
        ),
        items=(
            ("HPLC assay and related substances", "per sample", 650),
            ("Karl Fischer water content", "per sample", 180),
            ("Residual solvents by GC-HS", "per sample", 420),
            ("Method verification (HPLC)", "per method", 6500),
            ("Stability pull and testing, 3-month timepoint", "per timepoint", 2900),
            ("Dissolution, 6 units", "per lot", 950),
            ("Certificate of Analysis preparation", "per lot", 150),
        ),
        deliverables=(
            "certificate of analysis",
            "stability report",
            "analytical test report",
            "method verification report",
            "12-month stability data summary",
        ),
        changes=(
            "add the 18-month pull point to the stability protocol",
            "test 4 additional lots for release",
            "run an OOS investigation on lot {lot}",
            "add photostability testing",
            "repeat the related substances analysis with the new column",
        ),
        status=(
            "the HPLC runs passed system suitability",
            "the 6-month pull was done on schedule",
            "analysis of the release samples is in progress",
            "second-person review of the data is ongoing",
            "the chambers have been stable all month",
        ),
    ),
    Service(
        key="bioanalysis",
        studies=(
            "LC-MS/MS method validation for {compound} in human plasma",
            "sample analysis for study {study_no}",
            "ligand-binding assay development for the anti-drug antibodies",
            "partial validation in rat serum",
            "regulated bioanalysis of clinical samples for {study_no}",
        ),
        matrices=("K2EDTA plasma", "serum", "human plasma", "urine", "CSF", "dried blood spots"),
        items=(
            ("Method development LC-MS/MS", "fixed", 18000),
            ("Full validation per ICH M10", "fixed", 42000),
            ("Sample analysis incl. ISR", "per sample", 95),
            ("Partial validation (matrix change)", "fixed", 12500),
            ("Sample storage at -80°C beyond 6 months", "per box per month", 40),
            ("Bioanalytical report", "per report", 3500),
        ),
        deliverables=(
            "bioanalytical report",
            "validation report",
            "concentration tables",
            "run acceptance summary",
            "ISR results",
            "sample analysis report",
        ),
        changes=(
            "analyse 120 extra samples from the additional cohort",
            "add a partial validation for the new anticoagulant",
            "repeat the ISR on the failed batch",
            "re-assay the 14 samples above ULOQ after dilution",
            "extend long-term stability to 12 months",
        ),
        status=(
            "run 7 passed acceptance",
            "the calibration curves look good so far",
            "about half of the study samples are analysed",
            "ISR is scheduled for next week",
            "two runs failed QC and will be repeated at our cost",
        ),
    ),
    Service(
        key="in_vitro_assay",
        studies=(
            "kinase selectivity panel for {n} compounds",
            "hERG and CYP inhibition screening",
            "IC50 determination in the cell viability assay",
            "ADME panel (microsomal stability, PPB, permeability)",
            "high-throughput screen of the {n}-compound library",
        ),
        matrices=("compound plates", "10 mM DMSO stocks", "powder compounds", "cell pellets"),
        items=(
            ("IC50 determination, 10-point curve in duplicate", "per compound", 380),
            ("Kinase panel, 50 kinases single dose", "per compound", 1200),
            ("Microsomal stability (human, rat)", "per compound", 290),
            ("Assay set-up and validation", "fixed", 7500),
            ("Compound management and plating", "per plate", 150),
        ),
        deliverables=(
            "IC50 tables",
            "raw plate data",
            "curve fits",
            "screening summary slides",
            "assay report",
        ),
        changes=(
            "add 24 follow-up compounds for confirmation",
            "run the panel at a second concentration",
            "repeat the pilot plate with the new reference compound",
            "switch to the 384-well format",
        ),
        status=(
            "the pilot plate gave a Z' of 0.71",
            "the reference compound is within the historical range",
            "screening of plates 1-12 is complete",
            "curve fitting is under way",
        ),
    ),
    Service(
        key="toxicology",
        studies=(
            "28-day GLP repeat-dose toxicity study in rats",
            "dose range finding study in dogs",
            "13-week oral toxicity study with 4-week recovery",
            "xenograft efficacy study in nude mice",
            "GLP genotoxicity package (Ames, micronucleus)",
        ),
        matrices=(
            "test article",
            "dose formulation samples",
            "plasma for TK",
            "tissues",
            "FFPE blocks",
        ),
        items=(
            ("Animals, purchase and acclimation", "per animal", 85),
            ("In-life phase, 4 groups x 10/sex", "fixed", 68000),
            ("Histopathology, full tissue list", "per animal", 420),
            ("TK sample analysis", "per sample", 110),
            ("Dose formulation analysis", "per occasion", 1600),
            ("SEND datasets", "per study", 9500),
        ),
        deliverables=(
            "draft study report",
            "final GLP report",
            "SEND package",
            "pathology contributor report",
            "TK report",
        ),
        changes=(
            "add a recovery group of 5 animals per sex",
            "add two TK timepoints on day 28",
            "move the dosing start by two weeks",
            "include SEND datasets which were excluded from the quote",
            "add a protocol amendment for the extra necropsy",
        ),
        status=(
            "dosing started on Monday and all animals are doing well",
            "the in-life phase is on track",
            "necropsy of the main groups was completed",
            "histopathology slides are being read",
            "body weights are within the expected range",
        ),
    ),
    Service(
        key="pk_pd",
        studies=(
            "single-dose PK study in mice (IV and PO)",
            "PK/PD study in cynomolgus monkeys",
            "cassette PK of {n} compounds in rats",
            "brain penetration study",
        ),
        matrices=("plasma", "brain homogenate", "whole blood", "tissue samples"),
        items=(
            ("In-life PK, 3 animals per timepoint", "per compound", 4200),
            ("Bioanalysis of PK samples", "per sample", 75),
            ("NCA analysis and PK report", "per compound", 1100),
            ("Formulation preparation and verification", "per formulation", 900),
        ),
        deliverables=(
            "PK report",
            "concentration-time tables",
            "NCA parameter table",
            "PK/PD summary",
        ),
        changes=(
            "add the 48 h sampling timepoint",
            "add a third dose level",
            "switch the route from PO to SC",
            "include brain sampling at terminal timepoints",
        ),
        status=(
            "dosing and sampling are complete",
            "samples were transferred to bioanalysis",
            "the concentration data came back this morning",
            "NCA is in progress",
        ),
    ),
    Service(
        key="genomics",
        studies=(
            "RNA-seq of {n} samples",
            "whole genome sequencing at 30x",
            "single-cell RNA-seq of tumour dissociates",
            "targeted panel sequencing",
            "16S microbiome profiling",
        ),
        matrices=(
            "total RNA",
            "genomic DNA",
            "FFPE curls",
            "cell pellets",
            "pre-made libraries",
            "stool samples",
        ),
        items=(
            ("Sample QC (Qubit, Bioanalyzer)", "per sample", 25),
            ("Stranded mRNA library prep", "per sample", 140),
            ("NovaSeq sequencing, 30M read pairs", "per sample", 210),
            ("Bioinformatics: alignment and DE analysis", "per project", 4800),
            ("Data storage beyond 90 days", "per month", 60),
        ),
        deliverables=(
            "FASTQ files",
            "QC report",
            "count matrices",
            "analysis report",
            "BAM and VCF files",
        ),
        changes=(
            "sequence 16 additional samples",
            "run the failed samples as-is without QC assurance",
            "increase the depth to 50M reads",
            "add the differential expression analysis",
        ),
        status=(
            "sample QC is complete, 3 samples have RIN below 7",
            "libraries are prepared and passed QC",
            "the sequencing run is on the instrument",
            "demultiplexing is done",
        ),
    ),
    Service(
        key="cmc_biologics",
        studies=(
            "upstream process development for the mAb",
            "tech transfer of the purification process",
            "analytical method qualification for the ADC",
            "cell line development and RCB",
        ),
        matrices=("cell bank vials", "drug substance", "in-process samples", "reference material"),
        items=(
            ("Gap analysis and tech transfer plan", "fixed", 24000),
            ("Upstream development, 2 L bioreactors", "per run", 8500),
            ("Method qualification (SEC, CE-SDS)", "per method", 14000),
            ("Engineering run at 200 L", "per batch", 160000),
        ),
        deliverables=(
            "development report",
            "tech transfer summary",
            "method qualification report",
            "engineering run data",
        ),
        changes=(
            "add a second engineering run",
            "include the viral clearance study",
            "extend process development by four weeks",
            "add one more chromatography step to the scope",
        ),
        status=(
            "the tech transfer package was reviewed",
            "titres from the last runs are above 3 g/L",
            "the gap analysis meeting is set",
            "method qualification is half done",
        ),
    ),
    Service(
        key="formulation",
        studies=(
            "pre-formulation screening for {compound}",
            "liquid formulation development",
            "lyophilisation cycle development",
            "excipient compatibility study",
        ),
        matrices=("API", "formulation prototypes", "placebo", "lyophilised vials"),
        items=(
            ("Pre-formulation characterisation", "fixed", 16000),
            ("Prototype formulations, 6 variants", "per variant", 2200),
            ("Short-term stability, 4 weeks", "per formulation", 3100),
            ("Lyo cycle development", "fixed", 27000),
        ),
        deliverables=("formulation report", "prototype stability data", "lyo cycle report"),
        changes=(
            "add two extra prototype formulations",
            "extend the stability arm to 3 months",
            "add a freeze-thaw study",
        ),
        status=(
            "prototypes 1-4 are on stability",
            "the solubility data are in",
            "the first lyo cycle went well",
        ),
    ),
    Service(
        key="contract_manufacturing",
        studies=(
            "GMP manufacture of the clinical batch",
            "fill and finish of {n} vials",
            "GMP production of drug substance batch {lot}",
            "tablet manufacturing for the phase 1 supply",
        ),
        matrices=("drug product vials", "drug substance", "raw materials", "retain samples"),
        items=(
            ("Quality agreement and tech transfer", "fixed", 35000),
            ("Engineering batch", "per batch", 120000),
            ("GMP batch incl. release testing", "per batch", 240000),
            ("Stability program, 24 months", "fixed", 46000),
            ("Cold-chain shipment", "per shipment", 2500),
        ),
        deliverables=(
            "executed batch record",
            "certificate of analysis",
            "certificate of conformance",
            "shipping temperature data",
            "deviation report",
        ),
        changes=(
            "add a second GMP batch",
            "move the fill date by three weeks",
            "change the vial size to 10 mL",
            "add a 36-month stability timepoint",
        ),
        status=(
            "raw materials are released",
            "the engineering batch is complete",
            "the batch record review is ongoing",
            "QA disposition is expected next week",
        ),
    ),
)
