"""Documents as text extraction delivers them: the rules read real layouts, not our ideals."""

from __future__ import annotations

import pytest

from classifier import Classifier, Label
from classifier.signals import (
    ATTACHMENT_RULES,
    UNREADABLE_RULES,
    first_signal,
    rule_rfq_document,
)
from classifier.types import AttachmentInput

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

QUOTE_PDF = """Example CRO Inc.
Quotation Q-2099-0001 Rev A - 14-day study in mice
Issue date 2099-01-05
Valid until 2099-02-04 (30 days)
1. Pricing
No. Description Qty Unit Unit price Line total
1 Study set-up 1 fixed USD 4,000.00 USD 4,000.00
2 Plasma analysis 60 per sample USD 90.00 USD 5,400.00
Total (excluding VAT): USD 9,400.00
2. Payment terms
- 50% at start, 50% on the draft report.
- Net 30 from invoice date; animals invoiced at order.
- Protocol amendment costs are charged separately."""


def test_a_quote_pdf_whose_terms_mention_invoices_is_a_quote() -> None:
    # Given a priced proposal whose payment terms talk about invoices and amendments
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "Proposal.pdf", PDF, QUOTE_PDF)
    # Then it is a quote: invoice words in prose are not an invoice
    assert signal is not None and signal.label == Label.QUOTE


def test_a_purchase_order_with_line_items_is_not_called_a_quote() -> None:
    # Given a sponsor's purchase order with the same priced table
    text = QUOTE_PDF.replace("Quotation Q-2099-0001 Rev A", "Purchase Order 4500000001")
    # When the attachment rules run, Then the quote rule stays silent
    signal = first_signal(ATTACHMENT_RULES, "PO.pdf", PDF, text)
    assert signal is None or signal.label != Label.QUOTE


def test_a_change_order_form_with_impact_tables_is_a_change_agreement() -> None:
    # Given a DOCX change order as a form: fields, a priced cost impact, approvals
    text = (
        "Example CRO Inc.\nChange Order CO-004\nDate raised\t2099-03-01\n"
        "Description of change\n- Add two timepoints.\nCost impact\n"
        "No.\tDescription\tQty\tUnit\tUnit price\tLine total\n"
        "1\tExtra samples\t20\tper sample\tEUR 50.00\tEUR 1,000.00\n"
        "Total\tEUR 1,000.00\nTimeline impact\nMilestone\tCurrent date\tRevised date\n"
        "Approvals\nRole\tName\tSignature\tDate"
    )
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "CO-004.docx", DOCX, text)
    # Then the change-document rule decides, not the priced table
    assert signal is not None and signal.label == Label.CHANGE_AGREEMENT


def test_an_invoice_that_mentions_a_change_order_is_not_a_change_agreement() -> None:
    # Given an invoice with a line for a change order
    text = (
        "Invoice INV-X-1\nInvoice number INV-X-1\nBill to Sponsor\n"
        "Change order CO-004 - cost impact\tEUR 1,000.00\nApprovals on file\nAmount due EUR 1,000"
    )
    # When the attachment rules run, Then the invoice rule wins
    signal = first_signal(ATTACHMENT_RULES, "INV-X-1.pdf", PDF, text)
    assert signal is not None and signal.label == Label.INVOICE


def test_a_results_csv_keyed_by_sample_id_is_a_deliverable() -> None:
    # Given study results: sample ID, subject and timepoint columns, and a concentration
    text = (
        "Sample ID\tSubject\tTimepoint\tXY-101 (ng/mL)\tRun ID\n"
        "XY-1001-PD\t1001\tPre-dose\tBLQ\tR1\nXY-1001-1h\t1001\t1 h\t111.5\tR1"
    )
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "interim_concentrations.csv", "text/csv", text)
    # Then it is a deliverable, though its first columns look like a manifest
    assert signal is not None and signal.label == Label.DELIVERABLE


def _rule_label(filename: str, text: str) -> Label | None:
    signal = first_signal(ATTACHMENT_RULES, filename, "text/csv", text)
    return signal.label if signal is not None else None


def test_manifests_headed_in_german_spanish_and_french_are_sample_sheets() -> None:
    # Given manifest headers as EU sites write them
    headers = [
        "Proben-ID;Tier;Zeitpunkt;Matrix;Menge (µL);Lagerung",
        "Código de muestra,Sujeto,Tiempo,Matriz,Volumen (µL),Almacenamiento",
        "N° échantillon;Sujet;Temps;Matrice;Volume (µL);Stockage",
    ]
    for header in headers:
        text = header + "\nAB-0001;101;0 h;plasma;200;-80\nAB-0002;101;1 h;plasma;200;-80"
        # When the attachment rules run, Then the table is a sample sheet
        assert _rule_label("liste.csv", text) == Label.SAMPLE_SHEET, header


def test_a_screening_table_keyed_by_compound_is_a_deliverable() -> None:
    # Given screening results: compound, target and a % inhibition column
    text = (
        "Compound ID\tTarget\t% inhibition (10 µM)\tSD\n"
        "XC-0101\tBRD4\t87\t4\nXC-0102\tBRD4\t12\t3"
    )
    # When the attachment rules run, Then it is a deliverable (results, not a manifest)
    assert _rule_label("screen_results.csv", text) == Label.DELIVERABLE


def test_a_compound_submission_sheet_is_not_called_results() -> None:
    # Given a compound submission form: IDs, amounts and solvent, no measured values
    text = (
        "Compound ID,MW,Solvent,Volume (uL),Lot\n"
        "XC-0101,412.5,DMSO,50,L1\nXC-0102,398.1,DMSO,50,L1"
    )
    # When the attachment rules run, Then the results rule stays silent
    assert _rule_label("submission.csv", text) != Label.DELIVERABLE


def test_bills_titled_in_other_languages_are_invoices() -> None:
    # Given a Spanish invoice, an Italian one and an English credit note, as extracted
    bills = [
        "FACTURA FV-77/2099\nServicios de bioanálisis ..... 8.400,00 EUR\nIVA 21 %",
        "FATTURA N. 2099/15\nAnalisi di stabilità  EUR 3.100,00",
        "CREDIT NOTE CN-0007 against INV-0042\nCourier charge refunded ..... GBP -85.00",
    ]
    for text in bills:
        # When the attachment rules run, Then each is an invoice
        assert _rule_label("doc.pdf", text) == Label.INVOICE, text


def test_a_german_change_order_with_impact_and_sign_off_is_a_change_agreement() -> None:
    # Given an Änderungsauftrag stating its cost impact and the sponsor's sign-off
    text = (
        "Änderungsauftrag Nr. 3 zum Angebot ANG-2099-17\n"
        "Änderung: zusätzliche Zeitpunkte 9 M und 12 M\n"
        "Kostenauswirkung: + EUR 2.400,00\nFreigabe Auftraggeber: ______"
    )
    # When the attachment rules run, Then it is a change agreement
    assert _rule_label("AA-3.pdf", text) == Label.CHANGE_AGREEMENT


def test_an_offer_titled_in_another_language_with_prices_is_a_quote() -> None:
    # Given offers whose first word says so, with priced lines
    offers = [
        "ANGEBOT ANG-2099-17\n1 Stabilitätsprüfung 12 Monate  EUR 18.000,00\nGesamt EUR 18.000,00",
        "Presupuesto P-55\nEstudio de toxicidad 28 días ..... 61.500 EUR\nValidez 90 días",
        "DEVIS D-2099-08\nSéquençage ARN 96 échantillons  14 400,00 €",
    ]
    for text in offers:
        # When the attachment rules run, Then each is a quote
        assert _rule_label("offer.pdf", text) == Label.QUOTE, text


def test_an_offer_word_without_prices_or_after_the_title_is_not_a_quote() -> None:
    # Given an order confirmation naming the offer it accepts, and an unpriced offer outline
    confirmation = "Auftragsbestätigung zu Angebot ANG-2099-17\nBetrag EUR 18.000,00"
    outline = "Angebot: Studiendesign (Entwurf)\nGruppen, Zeitpunkte und Matrix wie besprochen."
    # When the attachment rules run, Then neither is called a quote by the rules
    assert _rule_label("AB.pdf", confirmation) != Label.QUOTE
    assert _rule_label("outline.pdf", outline) != Label.QUOTE


def test_an_invoice_titled_with_its_number_and_terms_is_an_invoice() -> None:
    # Given a bill whose only markers are its number beside the title and its terms
    text = (
        "INVOICE NB-0412   PO 4500001 (amendment 2)\n"
        "Extra dose group ... EUR 9,900.00\nDue net 30"
    )
    # When the attachment rules run, Then it is an invoice (the change it bills for is not)
    assert _rule_label("NB-0412.pdf", text) == Label.INVOICE


def test_a_priced_summary_that_states_its_validity_is_a_quote() -> None:
    # Given an offer summary with no quantity table: prices, a total and a validity period
    text = (
        "RX-77  Cell bank manufacture and testing\n"
        "MCB (1 lot) USD 310,000 | WCB (1 lot) USD 190,000\n"
        "Total USD 500,000. Valid for 90 days."
    )
    # When the attachment rules run, Then it is a quote
    assert _rule_label("RX-77.pdf", text) == Label.QUOTE


def test_validity_without_prices_is_not_a_quote() -> None:
    # Given a certificate of analysis whose retest date is "valid until"
    text = "CERTIFICATE OF ANALYSIS Lot 99A001\nAssay 99.6 %\nValid until 2100-01-31 (retest)"
    # When the attachment rules run, Then the offer rule stays silent
    assert _rule_label("CoA.pdf", text) != Label.QUOTE


FFPE_MANIFEST = """FFPE BLOCK MANIFEST   Study KP-EFF-2099-07   Ship date 2099-07-03

Block ID     Animal  Group  Tissue         Fixation     Box/Slot
EFF07-101-T  101     G1     Tumour (s.c.)  10% NBF 24h  1/1
EFF07-102-T  102     G1     Tumour (s.c.)  10% NBF 24h  1/2
EFF07-201-T  201     G2     Tumour (s.c.)  10% NBF 24h  1/3"""


def test_a_manifest_of_tissue_blocks_is_a_sample_sheet() -> None:
    # Given a manifest keyed by block ID with animal, group, tissue and box columns
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "FFPE_manifest.txt", "text/plain", FFPE_MANIFEST)
    # Then it is a sample sheet
    assert signal is not None and signal.label == Label.SAMPLE_SHEET


def test_a_histopathology_findings_table_is_not_a_sample_sheet() -> None:
    # Given slides with animals and tissues, and the pathologist's findings and grades
    text = (
        "Slide ID  Animal  Tissue  Finding  Grade\n"
        "S-101  101  Liver  Hepatocellular hypertrophy  2\nS-102  102  Liver  None  0"
    )
    # When the attachment rules run, Then the manifest rule stays silent
    signal = first_signal(ATTACHMENT_RULES, "histopath.txt", "text/plain", text)
    assert signal is None or signal.label != Label.SAMPLE_SHEET


@pytest.mark.parametrize(
    "text",
    [
        "Jiangnan BioAnalytics Co., Ltd.\nNo. 218 Xinghu Street, Suzhou\n"
        "COMMERCIAL INVOICE JNBA-INV-260512\nNo. Item Amount USD\n1 Rat PK 4,200\n"
        "Total USD 4,200\nPayment by T/T within 30 days.",
        "Lagewaard Diagnostics BV\nPlesmanlaan 121, Leiden\nFACTUUR 2099-00871\n"
        "Omschrijving Aantal Prijs Bedrag\nqPCR 60 64,00 3.840,00\nBTW 21% 806,40\n"
        "Betaling binnen 30 dagen o.v.v. factuurnummer.",
    ],
)
def test_a_bill_titled_with_a_coded_number_or_in_dutch_is_an_invoice(text: str) -> None:
    # Given a commercial invoice numbered "JNBA-INV-…", or a Dutch factuur
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "bill.pdf", PDF, text)
    # Then it is an invoice
    assert signal is not None and signal.label == Label.INVOICE


def test_a_compound_submission_sheet_is_not_a_results_table() -> None:
    # Given a sheet sent with compounds: stock concentration and purity columns
    text = (
        "# Sheet: Compounds\nBasilio Farmaceutici - Compound submission sheet\n"
        "Compound ID\tBatch\tForm\tAmount\tConc. (mM)\tSolvent\tPlate\tWell\tPurity (%)\n"
        "BF-111\tB02\tDMSO stock\t50 uL\t10\tDMSO\tBF-PL-01\tA1\t96.8"
    )
    # When the attachment rules run, Then the results-table rule stays silent
    signal = first_signal(ATTACHMENT_RULES, "submission.xlsx", "application/vnd.ms-excel", text)
    assert signal is None or signal.label != Label.DELIVERABLE


def test_clinical_lab_data_keyed_by_patient_is_a_deliverable() -> None:
    # Given a central lab's data transfer: patient, visit, test, result, unit, range
    text = (
        "Patient\tVisit\tCollection date\tTest\tResult\tUnit\tRef low\tRef high\tFlag\n"
        "104-0007\tV1\t2099-04-06\tALT\t26\tU/L\t7\t45\t\n"
        "104-0009\tV1\t2099-04-06\tHaemoglobin\t11.26\tg/dL\t12\t17\tL"
    )
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "DT03.csv", "text/csv", text)
    # Then it is a deliverable
    assert signal is not None and signal.label == Label.DELIVERABLE



@pytest.mark.parametrize(
    "text",
    [
        "Castellan Biologics NV\nTechnologiepark 41, Gent\nCHANGE ORDER CO-LMR-04\n"
        "Reason: engineering batch 1 showed lower titre.\nLine Description Delta EUR\n"
        "1 Engineering batch 2 465,000\nTotal change 465,000\n"
        "Milestone impact: GMP batch 1 start 07-Sep -> 28-Sep.\nApproval - Castellan: ____",
        "Laboratoires Arvelle SAS\n12 rue Jacquard, Villeurbanne\nAVENANT N° 2 au devis "
        "DV2099-0588\nMotif : demande du client.\nMontant de l'avenant HT 22 570,00\n"
        "Impact planning : rapport du lot 4 décalé de 2 mois.\nBon pour accord (client) : ____",
    ],
)
def test_a_change_order_stating_its_impact_and_sign_off_is_a_change(text: str) -> None:
    # Given a change order (or avenant) with its reason, impact and sign-off lines
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "scan.pdf", PDF, text)
    # Then it is a change agreement
    assert signal is not None and signal.label == Label.CHANGE_AGREEMENT


def test_a_purchase_order_with_prices_and_invoicing_terms_is_other() -> None:
    # Given a sponsor's PO naming the quotation, a priced line and where to send invoices
    text = (
        "HALVARD BIO GmbH - PURCHASE ORDER 4500123        Date 06-Feb-2099\n"
        "Vendor: NordFill CDMO AB    Reference: Quotation NF-Q-24-118 Rev C\n"
        "Line 1  DP tech transfer and GMP fill (per quotation)     EUR 267,000.00\n"
        "Invoice to ap@halvardbio.example quoting PO number. Payment terms: Net 30."
    )
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "scan_0013.pdf", PDF, text)
    # Then it is other: an award, not a bill
    assert signal is not None and signal.label == Label.OTHER


def test_a_statement_of_account_with_a_balance_due_is_an_invoice() -> None:
    # Given a provider's statement listing open invoices and the balance due
    text = (
        "# Sheet: Sheet1\nVectorWorks Bio - Statement of account as of 2099-06-30\n"
        "Invoice\tDate\tPO\tAmount USD\tStatus\nVW-INV-1163\t2099-05-20\tLUM-PO-2231\t5700\topen\n"
        "\t\tBalance due\t5700"
    )
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "export.xlsx", "application/vnd.ms-excel", text)
    # Then it is an invoice
    assert signal is not None and signal.label == Label.INVOICE


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (  # a bill's title below a four-line letterhead
            "Lumen Analytical GmbH\nAm Klopferspitz 19a, 82152 Planegg\nUSt-IdNr. DE298114027\n"
            "RECHNUNG\nRechnungsnummer RE-2099-0219\nSumme netto EUR 6.000,00\n"
            "Rechnungsbetrag EUR 7.140,00\nZahlbar innerhalb von 30 Tagen",
            Label.INVOICE,
        ),
        (  # a Brazilian service invoice
            "Vale Analítica Ltda.\nCNPJ 12.448.901/0001-37\n"
            "DANFSE – NOTA FISCAL DE SERVIÇOS ELETRÔNICA\nNúmero NF-e 000.482\n"
            "Vencimento 10/05/2099\nVALOR TOTAL BRL 18.400,00",
            Label.INVOICE,
        ),
        (  # a Japanese quotation workbook
            "# Sheet: 御見積書\n御見積書\n見積番号\tKBR-Q-99-0061\n有効期限\t発行日より3ヶ月\n"
            "No.\t項目\t数量\t単価（円）\t金額（円）\n1\t血漿中濃度測定\t90\t8500\t765000\n合計\t\t\t\t2740540",
            Label.QUOTE,
        ),
        (  # a Japanese change agreement
            "変更合意書（CO-02）\n試験名\tMTP-331 ラットPK試験\n変更内容\n"
            "48時間の採血ポイントを追加する。\n"
            "合計（税抜）\t165,000\n日程への影響\n報告書提出日：4月24日 → 5月8日\n委託者\t捺印",
            Label.CHANGE_AGREEMENT,
        ),
    ],
    ids=["letterhead-rechnung", "nota-fiscal", "mitsumorisho", "henko-goisho"],
)
def test_titles_in_more_languages_name_the_document(text: str, label: Label) -> None:
    signal = first_signal(ATTACHMENT_RULES, "document.pdf", PDF, text)
    assert signal is not None and signal.label == label


def test_a_payment_term_naming_the_invoice_is_not_an_invoice_title() -> None:
    # Given a Spanish offer whose last term line says "fecha factura"
    text = (
        "PRESUPUESTO PRE-2099-087\n1 Fase in vivo 14.200 EUR\n2 Bioanálisis 9.600 EUR\n"
        "3 Informe 2.100 EUR\nTOTAL 25.900 EUR\nValidez 60 días. Pago a 30 días fecha factura."
    )
    signal = first_signal(ATTACHMENT_RULES, "PRE-2099-087.txt", "text/plain", text)
    assert signal is not None and signal.label == Label.QUOTE


def test_a_table_keyed_by_serum_id_with_measured_signal_is_results() -> None:
    text = (
        "# Sheet: CutPoint\nCut point evaluation - 50 drug-naive sera\n"
        "Serum ID\tMean RLU run1\tMean RLU run2\tS/N\n"
        "DN-001\t467\t505\t1.126\nDN-002\t667\t436\t0.894"
    )
    signal = first_signal(ATTACHMENT_RULES, "CutPoint_data.xlsx", "application/vnd.ms-excel", text)
    assert signal is not None and signal.label == Label.DELIVERABLE


@pytest.mark.parametrize(
    "text",
    [
        "DRAFT STUDY PROTOCOL CPI-26-047 v0.2\n28-day oral toxicity study in rats\n1. Objectives",
        "Study plan IVA-2099-012 - draft for review\nTest facility: Polderlab",
        "NP-552 Spezifikation Entwurf 0.3\nPrüfung | Methode | Akzeptanzkriterium",
        "Master Services Agreement\nbetween Halvorsen Therapeutics and Meridian\nArticle 4",
    ],
)
def test_plans_and_agreements_are_other(text: str) -> None:
    signal = first_signal(ATTACHMENT_RULES, "document.docx", DOCX, text)
    assert signal is not None and signal.label == Label.OTHER


@pytest.mark.parametrize(
    "text",
    [
        "Laboratory Requisition & Specimen Manifest\nProtocol PEL-mAb3-101\nSite 104",
        "Stability Protocol Amendment 3\nReason: removal of the 9-month pull",
        "Validation report\nProtocol VAL-12 executed as planned",
    ],
)
def test_a_protocol_named_in_a_field_or_amended_is_not_a_plan(text: str) -> None:
    signal = first_signal(ATTACHMENT_RULES, "scan.pdf", PDF, text)
    assert signal is None or signal.label != Label.OTHER


def test_a_submission_sheet_named_so_in_its_file_name_is_not_results() -> None:
    text = (
        "# Sheet: Compounds\nCompound ID\tBatch\tConc. (mM)\tSolvent\tVolume (µL)\tPurity (%)\n"
        "HTX-301\tB01\t10\tDMSO\t50\t95.2\nHTX-302\tB02\t10\tDMSO\t50\t97.2"
    )
    xlsx = "application/vnd.ms-excel"
    named = first_signal(ATTACHMENT_RULES, "HTX_compound_submission.xlsx", xlsx, text)
    assert named is None or named.label != Label.DELIVERABLE
    unnamed = first_signal(ATTACHMENT_RULES, "Book1.xlsx", xlsx, text)
    assert unnamed is not None and unnamed.label == Label.DELIVERABLE


def test_a_pdf_manifest_whose_header_cells_run_together_is_a_sample_sheet() -> None:
    # Given a PDF submission form: its header cells separated by single spaces
    text = (
        "Ferro Farmaceutici S.p.A.\nModulo di invio campioni - Studio FB-12\n"
        "ID campione Prodotto Lotto Origine Confezione Q.tà Scadenza Conservazione\n"
        "FB12-DS-01 FB-12 DS DS2401 Ferro Flacone 50 mL 2 10/2027 2-8 °C\n"
        "FB12-DP-01 FB-12 DP P2403 Ferro Siringa 20 03/2028 2-8 °C"
    )
    signal = first_signal(ATTACHMENT_RULES, "Modulo_invio.pdf", PDF, text)
    assert signal is not None and signal.label == Label.SAMPLE_SHEET
    # a sentence naming the same columns is not a header
    prose = "Please give the sample ID, the lot and the storage temperature for each vial."
    assert first_signal(ATTACHMENT_RULES, "letter.pdf", PDF, prose) is None


def test_a_dutch_change_request_is_a_change() -> None:
    text = (
        "BioCert Europe B.V.\nWijzigingsverzoek WV-03 - Project VM-2611\nNummer WV-03\n"
        "Reden Aanvullende eis notified body\nISO 10993-11 acute systemische toxiciteit 5.200,00\n"
        "Totaal 6.400,00\nGoedkeuring Handtekening opdrachtgever: ________"
    )
    signal = first_signal(ATTACHMENT_RULES, "WV-03.pdf", PDF, text)
    assert signal is not None and signal.label == Label.CHANGE_AGREEMENT


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?>\n<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:'
        'schema:xsd:Invoice-2"><cbc:ID>RE-1</cbc:ID></ubl:Invoice>',
        '<?xml version="1.0"?>\n<p:FatturaElettronica versione="FPR12"><Header/>',
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact"><x/>',
        '\ufeff<?xml version="1.0"?><CompNfse xmlns="http://www.abrasf.org.br/nfse.xsd">',
    ],
    ids=["ubl", "fatturapa", "cii", "nfse"],
)
def test_a_structured_e_invoice_is_an_invoice_by_its_xml_root(clf: Classifier, text: str) -> None:
    # Given an XML e-invoice (markup, not language) under a name that says nothing
    doc = AttachmentInput(filename="00412.xml", content_type="application/xml", text=text)
    # When it is classified
    prediction = clf.classify_attachment(doc)
    # Then its root element makes it a bill
    assert prediction.label == Label.INVOICE


def test_other_xml_is_not_called_an_invoice() -> None:
    # Given XML that merely mentions invoices below a different root
    text = '<?xml version="1.0"?>\n<Settings><InvoiceFolder>/x</InvoiceFolder></Settings>'
    # When the rules read it, Then none calls it a bill
    assert first_signal(UNREADABLE_RULES, "config.xml", "application/xml", text) is None


@pytest.mark.parametrize(
    "title",
    [
        "Quality Assurance Statement",
        "Dichiarazione di Assicurazione Qualità - LRP-25-044",
        "Declaración de Garantía de Calidad – Estudio BIO-CDV-22",
        "QA-Erklärung zur Studie 24-0871",
    ],
)
def test_a_qa_statement_is_part_of_the_delivered_report(title: str) -> None:
    # Given the QA unit's statement of a study, titled in one of several languages
    text = f"{title}\nPhase inspected Date Reported\nProtocol 03/09/2025 03/09/2025\n"
    # When the rules read it, Then it is delivered with the report
    signal = first_signal(ATTACHMENT_RULES, "statement.pdf", PDF, text)
    assert signal is not None and signal.label == Label.DELIVERABLE


@pytest.mark.parametrize(
    "text",
    [
        "Variante contrattuale n. 3\nStudio CST-IT-118\nRichiesta da Aurelia Pharma\n"
        "Motivo Richiesta dello sponsor\nDescrizione della variazione\nPrima Dopo\n",
        "Aditivo 01 à Proposta Comercial PC-2025-0877\nSolicitante: Garantia da Qualidade\n"
        "Item Descrição Valor (R$)\nTotal do aditivo 46.380,00\n",
        "Änderungsauftrag ÄA-02\nAngefordert von Dr. C. Imhof\nGrund Zulassung geplant\n"
        "bisher neu\n",
    ],
    ids=["italian", "portuguese", "german"],
)
def test_change_orders_laid_out_in_other_languages_are_change_agreements(text: str) -> None:
    # Given a change order titled and laid out (who asked, why, before and after)
    # When the rules read it, Then it is a change agreement
    signal = first_signal(ATTACHMENT_RULES, "doc.pdf", PDF, text)
    assert signal is not None and signal.label == Label.CHANGE_AGREEMENT


@pytest.mark.parametrize(
    "title",
    [
        "Studienübersicht / Scope für Angebotsanfrage - SNR-510",
        "Request for Quotation RFQ-2026-014: 28-day rat toxicity study",
        "Solicitud de cotización - estabilidad ICH",
    ],
)
def test_the_scope_sent_with_a_request_for_quotation_is_other(title: str) -> None:
    # Given the sponsor's scope document titled as a request for quotation
    text = f"{title}\nTest Method Specification Batches/year\nAssay HPLC-UV 95.0-105.0 % 12\n"
    # When the rules read it, Then it is neither a quote nor a delivery
    signal = first_signal(ATTACHMENT_RULES, "scope.pdf", PDF, text)
    assert signal is not None and signal.label == Label.OTHER


def test_a_quotation_answering_an_rfq_is_not_taken_for_the_request() -> None:
    # Given a provider's quotation whose title names the RFQ it answers
    text = "Quotation Q-2026-0147 for RFQ-2026-014\nValid until 30 June 2026\nTotal EUR 48,000"
    # When the RFQ rule reads it, Then it does not fire
    assert first_signal((("rfq", rule_rfq_document),), "q.pdf", PDF, text) is None


def test_review_comments_on_a_draft_are_other() -> None:
    # Given a comment log and a draft sent back with the reviewer's comments
    log = "# Sheet: Comments\n#\tSection\tPage\tComment\tReviewer\n1\tSummary\t6\tAdd NOAEL.\tML\n"
    returned = "Bioanalytical Report - Study QB-101\nDRAFT v0.3 - WITH SPONSOR COMMENTS\n1. Summary"
    # When the rules read them, Then both are the reviewer's comments, not a delivery
    for text in (log, returned):
        signal = first_signal(ATTACHMENT_RULES, "comments.xlsx", PDF, text)
        assert signal is not None and signal.label == Label.OTHER, text


def test_pk_parameters_keyed_by_animal_are_results() -> None:
    # Given an NCA table: one row per animal, PK parameters as columns
    text = (
        "# Sheet: NCA rat PO 10\nAnimal\tCmax\tTmax\tAUClast\tAUCinf\tt1/2\n"
        "R201\t612\t1\t3104\t3188\t4.1\nR202\t548\t2\t2977\t3061\t4.4\n"
    )
    # When the rules read it, Then it is a delivery of results, not a list of samples
    signal = first_signal(ATTACHMENT_RULES, "NCA_parameters.xlsx", "text/csv", text)
    assert signal is not None and signal.label == Label.DELIVERABLE


def test_a_sponsors_audit_report_is_not_a_delivery() -> None:
    # Given the sponsor's audit report of the provider, with findings and CAPAs
    text = (
        "Audit Report AUD-26-014\nAuditee: Pinecrest Bioanalytical\nSummary of findings\n"
        "Major observation M-1: audit trail review not performed. CAPA due in 30 days."
    )
    # When the rules read it, Then it is oversight of the work (other)
    signal = first_signal(ATTACHMENT_RULES, "AUD-26-014_final.pdf", PDF, text)
    assert signal is not None and signal.label == Label.OTHER


def test_a_spanish_price_sheet_titled_by_its_sheet_is_a_quote() -> None:
    # Given a workbook whose sheet is named "Cotización", with quantities and unit prices
    text = (
        "# Sheet: Cotización\nLaboratorio Central Andino — Cotización LCA-COT-2026-033 v2\n"
        "Fecha: 18/03/2026 — Vigencia: 60 días — Moneda: USD\n"
        "Ítem\tDescripción\tCantidad\tPrecio unitario\tTotal\n"
        "1\tKits de laboratorio\t95\t34\t3230\n\t\t\tTOTAL USD\t3230"
    )
    # When the rules read it, Then it is an offer
    signal = first_signal(ATTACHMENT_RULES, "cotizacion_v2.xlsx", "text/csv", text)
    assert signal is not None and signal.label == Label.QUOTE


def test_lab_results_transferred_one_row_per_test_are_a_delivery() -> None:
    # Given a long-format lab transfer: subject, test, result, unit, reference range
    for header in (
        "Protocolo\tCentro\tSujeto\tVisita\tPrueba\tResultado\tUnidad\tRango ref.",
        "STUDYID\tUSUBJID\tVISIT\tLBTESTCD\tLBORRES\tLBORRESU\tLBORNRLO\tLBORNRHI",
    ):
        text = f"{header}\nQBT-015\t01\tCO-01-003\tV3\tALT\t48.2\tU/L\t7-45\n"
        # When the rules read it, Then it is results, not a list of samples
        signal = first_signal(ATTACHMENT_RULES, "export.csv", "text/csv", text)
        assert signal is not None and signal.label == Label.DELIVERABLE, header


def test_a_portuguese_specimen_manifest_is_a_sample_sheet() -> None:
    # Given a site's manifest headed in Portuguese
    text = (
        "Protocolo\tCentro\tPaciente\tVisita\tData coleta\tTipo de amostra\tTubo\tVolume (mL)\t"
        "Temperatura\nQBT-015\t032\t032-0007\tV3\t14/04/2026\tsoro\tSST 5 mL\t1,0\t2-8 °C\n"
    )
    # When the rules read it, Then it is a sample sheet
    signal = first_signal(ATTACHMENT_RULES, "Manifesto.csv", "text/csv", text)
    assert signal is not None and signal.label == Label.SAMPLE_SHEET


@pytest.mark.parametrize(
    "text",
    [
        "FORMULAIRE DE SOUMISSION D'ÉCHANTILLONS\nClient Atlantide\nDate d'expédition "
        "24/03/2026\nTransporteur / n° de suivi DHL Express 48 2219 5530\n",
        "Prüfmusterbegleitschein ISV-A-2026-0212\nVersand: 12.03.2026, Kurier\n",
        "PACKING LIST SHP-HLV-26-0419\nShipper: Helvion AG\nCarrier: World Courier, AWB 176-1234\n",
    ],
)
def test_a_form_titled_as_travelling_with_samples_is_a_sample_sheet(text: str) -> None:
    # Given a submission form, a German sample slip and a packing list, with shipping details
    # When the rules read them, Then each is a sample sheet
    signal = first_signal(ATTACHMENT_RULES, "Document.pdf", PDF, text)
    assert signal is not None and signal.label == Label.SAMPLE_SHEET


def test_change_orders_laid_out_as_tables_are_change_agreements() -> None:
    # Given a change order whose fields lost their colons in a PDF table, and a French avenant
    for text in (
        "Change Order CO-04\nStudy TX-5521\nReason Sponsor request: extend recovery\n"
        "Item Delta (USD)\nExtended housing 7,600.00\n",
        "AVENANT N°2 AU BON DE COMMANDE ATG-2026-031\nObjet de l'avenant n°2 Ajout d'un lot\n"
        "Demandé par Dr Le Goff\n",
    ):
        # When the rules read it, Then it is a change agreement
        signal = first_signal(ATTACHMENT_RULES, "co.pdf", PDF, text)
        assert signal is not None and signal.label == Label.CHANGE_AGREEMENT, text


def test_a_priced_work_order_is_an_offer() -> None:
    # Given a provider's work order under an MSA, with fees and a total, to be signed
    text = (
        "WORK ORDER WO-2026-017 under MSA HLG-2024-03\nscRNA-seq analysis for Grace Bio\n"
        "Task Fee (USD)\nQC and clustering 4,200.00\nDifferential expression, 4 contrasts "
        "6,800.00\nTotal USD 11,000.00\nSignatures: ______"
    )
    # When the rules read it, Then it is a quote (domain notes: a SOW or work order with prices)
    signal = first_signal(ATTACHMENT_RULES, "WO_draft_for_signature.docx", PDF, text)
    assert signal is not None and signal.label == Label.QUOTE


@pytest.mark.parametrize(
    "title",
    [
        "Geheimhaltungsvereinbarung zwischen Rheintal Pharma AG und Bioquant Europe GmbH",
        "Leistungsverzeichnis – Charakterisierung der MCB RP-mAb7",
        "General Terms and Conditions of Sale 2026",
    ],
)
def test_agreements_terms_and_scopes_in_more_languages_are_other(title: str) -> None:
    # Given a confidentiality agreement, a German scope of services, general terms
    text = f"{title}\n§ 1 Gegenstand\nDie Parteien vereinbaren Folgendes.\n"
    # When the rules read it, Then it governs or plans the work: other
    signal = first_signal(ATTACHMENT_RULES, "doc.pdf", PDF, text)
    assert signal is not None and signal.label == Label.OTHER
