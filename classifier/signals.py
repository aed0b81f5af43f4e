"""Structural signals: plain-code rules that overrule the model when they are certain.

Each rule is a small named function `(filename, content_type, text) -> Signal | None`,
registered in the literal, ordered `ATTACHMENT_RULES` / `MESSAGE_RULES` tables; the
first rule that fires decides. A rule fires only on layout the model cannot be trusted
to weigh (a spreadsheet header, a priced line-item table), and stays silent when the
document also carries the markers of a neighbouring label (an invoice has line items too;
a change order may carry prices), leaving those to the model.

`is_language` guards both models against binary garbage: text that is not language
is dropped before classification, so garbage cannot borrow a confident label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from classifier.features import content_kind
from classifier.types import Label

RULE_CONFIDENCE = 0.97
HEAD_LINES = 80

_CELL_SPLIT = re.compile(r"\t|\s*[,;|]\s*|\s{2,}")

# Header cell → sample-sheet column family. Order matters: first match wins.
_SAMPLE_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern))
    for family, pattern in (
        (
            "id",
            r"^(sponsor |client |subject |patient )?(sample|tube|specimen|vial|barcode|block|slide"
            r"|aliquot|tubo|provetta|amostra)"
            r"\s*(id|name|no\.?|number|code|#|label)?$|^sampleid$|^client id$"
            # French, Spanish, Italian and German manifests: "ID échantillon", "Proben-ID"
            r"|^((id|n°|nº|no\.?|code|código|codice)\s*(de |d'|del )?)?"
            r"(échantillon|echantillon|muestra|campione)\s*(id|n°|nº)?$"
            r"|^proben?[-\s]?(id|nr\.?|nummer|bezeichnung)$",
        ),
        (
            "matrix",
            r"matrix|matriz|matrice|sample type|specimen( type)?$|material|tissue|^type$"
            r"|tipo de (?:amostra|muestra)|tipo di campione|probenart|type d'[ée]chantillon",
        ),
        (
            "volume",
            r"^(vol|volume|amount|qty|quantity|mass)\b.*(l|g|\))?$|\bvolume\b|\(u?µ?ml\)"
            r"|^volumen\b|^menge\b",
        ),
        ("storage", r"stor(age|ed)|store at|temp|lagerung|stockage|almacenamiento"),
        (
            "timepoint",
            r"time ?point|nominal time|^visit|^day|^time$|day/time|collection time"
            r"|^tiempo$|zeitpunkt|^temps$|^jour$|^tag$|^d[ií]a$",
        ),
        (
            "subject",
            r"subject|animal|patient|donor|^group$|^sex$|dose group|^tier$|sujet|sujeto|paciente",
        ),
        ("collected", r"collect|draw date|sampling date|date (drawn|sampled)|coleta|colheita"
                      r"|recolecci[oó]n|extracci[oó]n|prelievo|entnahme|pr[ée]l[èe]vement"),
        ("container", r"container|^box|position|^well$|^rack|behältnis|^puits$|^pocillo$|^caja$"),
        ("additive", r"anticoagulant|preservative|buffer|solvent"),
        ("accession", r"accession|lab id|lims"),
        ("condition", r"condition|integrity|status on"),
    )
)
# Columns that make a table a result or a price list, not a manifest.
_NOT_SAMPLE_SHEET = re.compile(
    r"result|ic50|ec50|conc\.? \(|concentration \(|reads|q30|pass|spec(ification)?$|"
    r"price|cost|total|amount due|rate$|auc|cmax|flag|analyte|"
    r"\((?:n|µ|u|p|m)?g/(?:m|d)?l\)|\bng/ml|^run( id| no\.?)?$|blq|lloq|titer|yield"
    r"|finding|grade|severity|diagnosis"
)


@dataclass(frozen=True)
class Signal:
    label: Label
    reason: str  # "rule: sample-sheet header (sample id, matrix, volume)"


def _cells(line: str) -> list[str]:
    return [c.strip().strip('"').lower() for c in _CELL_SPLIT.split(line.strip()) if c.strip()]


# Words that a manifest header's ID column contains; lines without one are skipped
# cheaply, so long documents without a table cost almost nothing.
_ID_WORDS = ("sample", "tube", "specimen", "vial", "barcode", "client id", "block", "slide",
             "aliquot", "chantillon", "muestra", "campione", "probe", "compound", "patient",
             "subject", "animal", "serum", "plasma", "verbinding", "amostra", "tubo",
             "paciente", "sujeto", "sujet", "soggetto", "usubjid", "subjid")  # fmt: skip
HEAD_CHARS = 12000


def _candidate_lines(low: str) -> list[str]:
    """Lines among the first HEAD_LINES that contain an ID word, in document order."""
    cut = -1
    for _ in range(HEAD_LINES):
        cut = low.find("\n", cut + 1)
        if cut < 0:
            break
    head = low if cut < 0 else low[:cut]
    starts: set[int] = set()
    for word in _ID_WORDS:
        i = head.find(word)
        while i >= 0:
            starts.add(head.rfind("\n", 0, i) + 1)
            line_end = head.find("\n", i)
            if line_end < 0:
                break
            i = head.find(word, line_end)
    lines = []
    for start in sorted(starts):
        end = head.find("\n", start)
        lines.append(head[start : end if end >= 0 else len(head)])
    return lines


@lru_cache(maxsize=64)
def sample_sheet_header(text: str) -> str | None:
    """The families of the first manifest-like header row, joined, or None.

    Cached: the attachment rules and the sample-ID extractor ask about the same text.
    """
    for line in _candidate_lines(text[:HEAD_CHARS].lower()):
        cells = _cells(line)
        if len(cells) < 3 or len(cells) > 40:
            continue
        families: list[str] = []
        for cell in cells:
            if _NOT_SAMPLE_SHEET.search(cell):
                families = []
                break
            family = next((f for f, rx in _SAMPLE_COLUMNS if rx.search(cell)), None)
            if family and family not in families:
                families.append(family)
        if "id" in families and len(families) >= 3:
            return ", ".join(families)
    return None


_RESULT_COLUMN = re.compile(
    r"\((?:n|µ|u|p|m)?g/(?:m|d)?l\)|\bng/ml|\(n?m\)|concentration|conc\.|^result|ic50|ec50|"
    r"reads|q30|cmax|auc|titer|^blq|inhibition|% activity|viability|hill slope|z'|z-prime"
    r"|\brlu\b|\bod\s?\d{3}\b|absorbance|\bmfi\b|\bcq\b|cut ?point|titre|\bmean\b|\bclint\b"
    r"|t½|t1/2|half-life|% ?(?:remaining|resterend|restante|restant)"
)
# A screening table is keyed by compound, not by sample.
_COMPOUND_ID = re.compile(
    r"^(compound|verbinding|verbindung|compos[ée]|compuesto|composto)\s*(id|name|no\.?|#|naam)?$"
)
# ... or by the specimen's matrix ("Serum ID" in a cut-point evaluation).
_MATRIX_ID = re.compile(r"^(serum|plasma|urine|blood|csf)\s*(sample\s*)?(id|no\.?|#)$")
# Clinical lab data is keyed by patient or animal: a result column with its unit or
# reference range makes it a data transfer, not a list of samples to receive.
_SUBJECT_ID = re.compile(
    r"^(?:patient|subject|animal|sujeto|paciente|sujet|soggetto|proband|participante)"
    r"\s*(?:id|no\.?|number|#)?$|^u?subjid$"
)
# A result column in a long-format lab transfer (one row per test), and what stands beside it.
_RESULT_CELL = re.compile(
    r"^(?:results?|resultados?|ergebnis(?:se)?|r[ée]sultats?|risultat[oi]|value|valor|wert"
    r"|lborres|lbstresc|lbstresn)$"
)
_RESULT_CONTEXT = re.compile(
    r"^units?$|^ref(erence)?\b|^flag$|^normal range|^unidad(?:e)?s?$|^einheit|^unit[ée]s?$"
    r"|^unit[àa]$|^rango|^referenz|^range|^indicador$|^lb(?:or|st)resu$|^lbornr(?:lo|hi)$"
    r"|^lbnrind$"
)
# Measured physiology in a column's unit (clinical pathology keyed by animal or patient).
_CLINICAL_UNIT = re.compile(r"\((?:i?u/l|[mµu]mol/l|g/dl|mmhg|bpm|10\^?\d+/l)\)")
# Pharmacokinetic parameters (an NCA table keyed by animal or subject).
_PK_PARAMETER = re.compile(
    r"^(?:cmax|tmax|auc[\w\-()/]*|t1/2|t½|lambda_?z|cl(?:/f)?|vz(?:/f)?|vss|mrt\w*|c0|f ?%)"
    r"(?:\s*\(.*\))?$"
)
# What a sheet sent *with* samples calls itself: its measured-looking columns (a stock
# concentration, a purity) describe what is sent, not what was found.
_SENT_WITH_SAMPLES = re.compile(
    r"submission|manifest|shipment|shipping|packing list|chain of custody|sample list"
    r"|probenbegleit|envoi|env[ií]o|spedizione",
    re.IGNORECASE,
)


def result_table_header(text: str) -> bool:
    """A table keyed by sample (or compound) ID with a measured-value column: study
    results, not a manifest."""
    for line in _candidate_lines(text[:HEAD_CHARS].lower()):
        cells = _cells(line)
        if not 2 <= len(cells) <= 40:
            continue
        has_id = any(
            _SAMPLE_COLUMNS[0][1].search(c) or _COMPOUND_ID.search(c) or _MATRIX_ID.search(c)
            for c in cells
        )
        if has_id and any(_RESULT_COLUMN.search(c) for c in cells):
            return True
        if any(_SUBJECT_ID.search(c) for c in cells) and (
            (
                any(_RESULT_CELL.match(c) for c in cells)
                and any(_RESULT_CONTEXT.search(c) for c in cells)
            )
            or sum(bool(_CLINICAL_UNIT.search(c)) for c in cells) >= 2
            or sum(bool(_PK_PARAMETER.match(c)) for c in cells) >= 2
        ):
            return True
    return False


# A line-item header names a quantity and a unit price. Checked on the whole line, since
# text extracted from a PDF often separates columns by a single space.
_QTY = re.compile(
    r"\b(qty|quantity|units|no\. of units|n of samples|cantidad|quantidade|quantit[àa]|menge"
    r"|anzahl|quantit[ée]|aantal)\b"
)
_UNIT_PRICE = re.compile(
    r"unit (price|cost|rate)|price ?/ ?unit|\brate\b|price per|\bunit price|precio unitario"
    r"|pre[çc]o unit[áa]rio|prezzo unitario|einzelpreis|prix unitaire|st[üu]ckpreis|stukprijs"
)
_PRICE_WORDS = ("price", "rate", "cost", "precio", "preço", "preco", "prezzo", "preis", "prix",
                "prijs")  # fmt: skip
_TOTAL_LINE = re.compile(r"^\s*(grand |sub)?total\b", re.IGNORECASE | re.MULTILINE)
# Invoice and change-order markers that count against a quote only where a document
# states them (a title line or a field label at the start of a line), not in the prose
# of a quote's payment terms ("net 30 from invoice date", "protocol amendment 1").
_INVOICE_FIELDS = re.compile(
    r"^[ \t]*(invoice\s*(no\b|number|#|date)|amount due|total due|balance due|bill to|"
    r"remit to|rechnung|facture|credit note)",
    re.IGNORECASE | re.MULTILINE,
)
_CHANGE_TITLE = re.compile(
    r"\b(change (order|request|notice|authori[sz]ation)|variation order|scope change|"
    r"(contract|work order|sow|agreement) amendment|amendment (no\.?|to|#|\d)"
    # German, French, Spanish and Italian titles of the same form
    r"|änderungsauftrag|änderungsantrag|nachtragsangebot|avenant|demande de modification"
    r"|orden de cambio|solicitud de cambio|richiesta di modifica|variante contrattuale"
    r"|variazione contrattuale|(?:termo )?aditivo|pedido de altera[çc][ãa]o"
    r"|solicita[çc][ãa]o de altera[çc][ãa]o|ordem de altera[çc][ãa]o)"
    # Japanese, Chinese and Korean (no word boundaries between their characters)
    r"|wijzigingsverzoek|wijzigingsopdracht|meerwerkopdracht"
    r"|変更(?:合意|契約|指示|依頼)書|变更(?:单|协议|申请)|變更(?:單|協議)|변경\s?(?:합의|계약|요청)서",
    re.IGNORECASE,
)
_CHANGE_FIELDS = re.compile(
    r"\b((cost|price|budget|timeline|schedule|time) impact|impact on (cost|budget|price|"
    r"schedule|timeline)|reason for (the )?change|description of (the )?change|cost delta|"
    r"(new|revised) contract value|original scope|revised scope|approvals?\b"
    r"|(milestone|planning|delivery) impact|impact planning|total change|reason(?= ?:)"
    r"|bon pour accord|motif(?= ?:)|montant de l'avenant|impact financier|objet de la modification"
    r"|objet de l'avenant|(?m:^(?:reason|justification|motif|motivo)\b)"
    r"|delta\s*\((?:usd|eur|gbp|chf)\)"
    r"|motivo|impacto (?:en )?(?:el )?(?:coste|costo|plazo|calendario)|(?:is|are) amended"
    r"|meerkosten|goedkeuring|impact op (?:de )?(?:kosten|planning)|reden\b|(?m:^(?:reason|impact"
    r"|justification|begründung|reden)\s*$)"
    r"|kostenauswirkung|terminauswirkung|freigabe|impact sur (le )?(coût|cout|budget|délai)"
    r"|approbation|impacto en (el )?(coste|costo|plazo)|aprobaci[oó]n|approvazione"
    r"|変更内容|変更理由|(?:日程|費用|スケジュール)への影響|捺印|承認|变更内容|变更原因|费用影响|进度影响"
    r"|审批|批准|변경\s?내용|변경\s?사유|비용\s?영향|일정\s?영향|승인"
    # who asked, what changes, from what to what: DE, IT, ES, PT, FR
    r"|requested by|angefordert (?:durch|von)|richiest[ao] da|solicitado por|solicitante"
    r"|demandé par|beschreibung der änderung|descrizione della variazione"
    r"|descripci[oó]n del cambio|descri[çc][ãa]o da altera[çc][ãa]o|altera[çc][ãa]o solicitada"
    r"|(?m:^grund\b)|(?m:^(?:bisher\s+neu|prima\s+dopo|antes\s+despu[eé]s|avant\s+apr[eè]s)\s*$)"
    r"|[âa]mbito (?:atual|actual|alterado)|total do aditivo)",
    re.IGNORECASE,
)
_INVOICE_MARKERS = re.compile(
    r"\b(invoice\s*(no|number|#|date)|amount due|total due|balance due|bill to|remit to|"
    r"pro[\s-]?forma|credit note|rechnung|facture|factura|fattura|faktura|gutschrift"
    r"|remittance|due (net )?\d+|net \d+ days|factuurnummer|factuurdatum|beneficiary bank"
    r"|payment (by [\w/]+ )?within \d+ days|betaling binnen \d+ dagen|nota fiscal|boleto"
    r"|vencimento|nosso n[úu]mero)\b|請求(?:書|金額|番号)|お支払(?:期限|期日)|振込先|发票号|發票號"
    r"|付款(?:期限|方式)|청구\s?(?:금액|번호)|입금\s?계좌"
    # "INVOICE INV-260610", "Invoice 5512", "COMMERCIAL INVOICE JNBA-INV-260512"
    r"|\binvoice[ \t]+#?[ \t]*(?=[a-z0-9/-]*\d)[a-z0-9][a-z0-9/-]*",
    re.IGNORECASE,
)
# The title of a bill, in the languages sponsors and CROs bill in.
_INVOICE_TITLE = re.compile(
    r"\b((tax |pro[\s-]?forma |commercial )?invoice|rechnung|facture|factura|fattura|faktura"
    r"|factuur"
    r"|credit note|gutschrift|nota de cr[eé]dito|statement of account|kontoauszug"
    r"|relev[ée] de compte|estado de cuenta|estratto conto|nota fiscal|nf-?e|boleto|fatura"
    r"|duplicata)\b|請求書|インボイス|发票|發票|청구서|세금계산서"
)
# An offer's title in German, Spanish, French, Italian, Portuguese: the first word of the
# document, so "order confirmation of Angebot 12" is not one.
_OFFER_TITLE = re.compile(
    r"^\W*(angebot|presupuesto|cotizaci[oó]n|devis|offre de prix|offerta|preventivo"
    r"|proposta|orçamento|quotation|quote|cost estimate|work order|statement of work)\b"
    r"|^\W*(?:御?見積書|お見積書?|报价单|報價單"
    r"|견적서)",
    re.IGNORECASE,
)
# An offer states how long its prices hold; bills, orders and reports do not.
_VALIDITY = re.compile(
    r"\bvalid(ity)?\s*(:\s*)?(until|till|through|for|\d+\s*(calendar\s+)?days)"
    r"|gültig (bis|für)|gültigkeit|validez|validité|validità|geldig tot|vigencia|validade"
    r"|有効期限|有效期|유효\s?기간",
    re.IGNORECASE,
)
_CURRENCY = re.compile(
    r"\b(usd|eur|gbp|chf|jpy|cny|rmb|inr|aud|cad|sek|dkk|nok|brl|krw)\b|[$€£¥₹₩]|円|人民币", re.I
)


def quote_line_items(text: str) -> bool:
    """A priced line-item table (quantity and unit-price columns) followed by a total."""
    low = text.lower()
    if not any(word in low for word in _PRICE_WORDS):
        return False
    lines = low.split("\n", HEAD_LINES)[:HEAD_LINES]
    for i, line in enumerate(lines):
        if _QTY.search(line) and _UNIT_PRICE.search(line):
            return bool(_TOTAL_LINE.search(low, sum(len(x) + 1 for x in lines[: i + 1])))
    return False


# --------------------------------------------------------------------------- rules
def rule_inline_image(filename: str, content_type: str, text: str) -> Signal | None:
    if content_kind(content_type, filename) == "image" and not text.strip():
        return Signal(Label.OTHER, "rule: image without text (logo or photo)")
    return None


def rule_calendar(filename: str, content_type: str, text: str) -> Signal | None:
    if content_kind(content_type, filename) == "calendar" or "BEGIN:VCALENDAR" in text[:200]:
        return Signal(Label.OTHER, "rule: calendar invitation")
    return None


# A PDF's text runs a table's header cells together with single spaces ("ID campione
# Prodotto Lotto Q.tà Scadenza Conservazione"): read it by its words instead of its cells.
_SPACED_ID = re.compile(
    r"\b(?:sample|specimen|tube|vial|aliquot)\s*(?:id|name|no\.?|number|code)\b"
    r"|\bid\s+(?:campione|muestra|[ée]chantillon|amostra)\b|\bproben?-?(?:id|nr)\b"
)
_SPACED_FAMILIES = (
    r"\b(?:matrix|matrice|matriz|sample\s+type|tissue|tessuto|prodotto|product|produkt)\b",
    r"\b(?:volume|vol\.|q\.t[àa]|qty|quantity|quantit[àa]|menge|cantidad|anzahl)",
    r"\b(?:storage|conservazione|lagerung|stockage|conservaci[óo]n|temp)",
    r"\b(?:time\s?point|visit|collection|prelievo|entnahme|timepoint)",
    r"\b(?:lot|lotto|lote|charge|batch)\b",
    r"\b(?:expiry|scadenza|verfall|caducidad|container|confezione|box|rack)\b",
)
MAX_SPACED_HEADER_WORDS = 16


def _spaced_manifest_header(text: str) -> bool:
    lines = [line.strip() for line in text[:HEAD_CHARS].lower().splitlines() if line.strip()]
    for at, line in enumerate(lines[:HEAD_LINES]):
        if len(line.split()) > MAX_SPACED_HEADER_WORDS or line.endswith((".", "?", ":")):
            continue
        if not _SPACED_ID.search(line) or _NOT_SAMPLE_SHEET.search(line):
            continue
        families = sum(bool(re.search(rx, line)) for rx in _SPACED_FAMILIES)
        following = lines[at + 1] if at + 1 < len(lines) else ""
        if families >= 2 and re.search(r"\d", following.split(" ")[0] if following else ""):
            return True
    return False


# A form or list that travels with samples, titled so, with its shipping details.
_SHIPPING_FORM_TITLE = re.compile(
    r"(?:sample|specimen)s?\s+(?:submission|shipping|shipment)\s+(?:form|manifest|sheet|list)"
    r"|(?:sample|shipping|shipment)\s+manifest|packing\s+list"
    r"|formulaire\s+de\s+soumission\s+d'[ée]chantillons|bordereau\s+d'(?:envoi|exp[ée]dition)"
    r"|(?:proben|prüfmuster|muster)begleitschein|probeneinsendung|lieferschein"
    r"|formulario\s+de\s+(?:env[ií]o|remisi[oó]n)\s+de\s+muestras|modulo\s+(?:di\s+)?invio\s+campioni"
    r"|formul[aá]rio\s+de\s+envio\s+de\s+amostras",
    re.IGNORECASE,
)
_SHIPPING_FIELDS = re.compile(
    r"exp[ée]dition|transporteur|tracking|carrier|courier|dry\s+ice|carboglace|trockeneis"
    r"|hielo\s+seco|ghiaccio\s+secco|gelo\s+seco|versand|env[ií]o|spedizione|shipped|ship\s+date"
    r"|\bawb\b|n°\s+de\s+suivi|sendungsnummer|kurier|corriere|transportadora",
    re.IGNORECASE,
)


def rule_sample_sheet(filename: str, content_type: str, text: str) -> Signal | None:
    families = sample_sheet_header(text)
    if families:
        return Signal(Label.SAMPLE_SHEET, f"rule: sample-sheet header ({families})")
    if content_kind(content_type, filename) == "pdf" and _spaced_manifest_header(text):
        return Signal(Label.SAMPLE_SHEET, "rule: sample-sheet header (PDF table)")
    head = text[:3000].lower()
    if (
        "relinquished" in head
        and "chain of custody" in head
        and "relinquished" in head
        and "received by" in head
    ):
        return Signal(Label.SAMPLE_SHEET, "rule: chain-of-custody form (relinquished/received)")
    return None


def rule_shipping_form(filename: str, content_type: str, text: str) -> Signal | None:
    """A document (not a mail's body) titled as the form or list that travels with samples."""
    if _SHIPPING_FORM_TITLE.search(_title(text, lines=2)) and _SHIPPING_FIELDS.search(
        text, 0, 3000
    ):
        return Signal(Label.SAMPLE_SHEET, "rule: a shipping form or list, titled so")
    return None


# Priced documents that are not offers: the order that accepts one, the bill that follows.
_NOT_QUOTE_TITLE = re.compile(
    r"invoice|purchase order|\bp\.?o\.? (no|number)|bestellung|bon de commande|"
    r"order confirmation|credit note|remittance|statement of account",
    re.IGNORECASE,
)


def _title(text: str, lines: int = 4) -> str:
    """The first few non-empty lines: where a document says what it is."""
    out = []
    for line in text[:2000].splitlines():
        if line.strip():
            out.append(line.strip().removeprefix("# Sheet: "))  # a sheet's name titles it
            if len(out) == lines:
                break
    return "\n".join(out)


def rule_result_table(filename: str, content_type: str, text: str) -> Signal | None:
    """Measured values keyed by sample: unless the sheet says, in its title or its file name
    ("compound_submission.xlsx"), that it travels with the samples."""
    if _SENT_WITH_SAMPLES.search(_title(text, lines=2)) or _SENT_WITH_SAMPLES.search(
        filename.replace("_", " ")
    ):
        return None
    if content_kind(content_type, filename) in ("sheet", "text") and result_table_header(text):
        return Signal(Label.DELIVERABLE, "rule: results table (sample ID with measured values)")
    return None


def rule_quote_table(filename: str, content_type: str, text: str) -> Signal | None:
    head = text[:HEAD_CHARS]
    if not quote_line_items(head):
        return None
    title = _title(head)
    if (
        _INVOICE_FIELDS.search(head)
        or _CHANGE_TITLE.search(title)
        or _NOT_QUOTE_TITLE.search(title)
    ):
        return None
    return Signal(Label.QUOTE, LINE_ITEMS_REASON)


LINE_ITEMS_REASON = "rule: line items with unit prices and a total"


def rule_change_document(filename: str, content_type: str, text: str) -> Signal | None:
    """A change order says so in its title and states the impact or the approvals."""
    head = text[:HEAD_CHARS]
    title = _title(head)
    if not _CHANGE_TITLE.search(title) or re.search(r"invoice|rechnung|facture", title, re.I):
        return None
    fields = {m.group(1).lower() for m in _CHANGE_FIELDS.finditer(head)}
    if len(fields) >= 2:
        return Signal(
            Label.CHANGE_AGREEMENT, "rule: change-order title with impact or approval fields"
        )
    return None


# A purchase order's own title, in the languages sponsors order in.
_PO_TITLE = re.compile(
    r"\b(purchase order|bestellung|bon de commande|orden de compra|ordine d[i']\s?acquisto"
    r"|inkooporder)\b",
    re.IGNORECASE,
)


def rule_purchase_order(filename: str, content_type: str, text: str) -> Signal | None:
    """A purchase order awards work and names prices and invoicing terms; it is no bill."""
    title = _title(text, lines=2)
    if _CHANGE_TITLE.search(title):
        return None  # "Avenant n°2 au bon de commande": an amendment to the order is a change
    if _PO_TITLE.search(title) and not _INVOICE_TITLE.search(title.lower()):
        return Signal(Label.OTHER, "rule: a purchase order (an award, not a bill)")
    return None


# A request for quotation's own document (the scope sent to be priced), in the languages
# sponsors ask in. A provider's "Quotation for RFQ-88" names an offer besides: not this.
_RFQ_TITLE = re.compile(
    r"\b(?:request\s+for\s+(?:quot(?:e|ation)|proposal|pricing)|rf[qp]\b|angebotsanfrage"
    r"|preisanfrage|demande\s+de\s+(?:devis|prix|cotation)"
    r"|solicitud\s+de\s+(?:cotizaci[oó]n|oferta|presupuesto)|richiesta\s+di\s+(?:offerta"
    r"|preventivo)|pedido\s+de\s+(?:cota[çc][ãa]o|or[çc]amento|proposta))",
    re.IGNORECASE,
)
_OFFER_WORD = re.compile(
    r"\b(?:quot(?:e|ation)|offer|proposal|angebot|devis|cotizaci[oó]n|presupuesto|offerta"
    r"|preventivo|or[çc]amento|proposta|estimate)\b",
    re.IGNORECASE,
)


def rule_rfq_document(filename: str, content_type: str, text: str) -> Signal | None:
    title = _title(text, lines=2)
    asked = _RFQ_TITLE.search(title)
    if asked and not _OFFER_WORD.search(_RFQ_TITLE.sub(" ", title)):
        return Signal(Label.OTHER, "rule: a request for quotation (the scope to be priced)")
    return None


# A reviewer's comments on a draft: a comment log (a table with a comment column beside
# the page or section it is about), or the draft sent back "with comments". Domain notes
# put comments on a draft under `other`; the draft itself is the deliverable.
_COMMENTS_WORD = re.compile(
    r"\b(?:comments?|kommentare?|commentaires?|comentarios?|commenti|coment[áa]rios)\b", re.I
)
_DRAFT_WORD = re.compile(r"\b(?:draft|entwurf|projet|borrador|bozza|rascunho)\b", re.I)
_COMMENT_LOG_HEADER = re.compile(
    r"^.*\b(?:comments?|kommentar|commentaire|comentario|commento)\b.*$", re.I | re.M
)
_WHERE_COLUMN = re.compile(r"\b(?:page|section|seite|abschnitt|chapitre|secci[oó]n|pagina)\b", re.I)


def rule_review_comments(filename: str, content_type: str, text: str) -> Signal | None:
    title = _title(text, lines=3)
    if not _COMMENTS_WORD.search(title + " " + filename):
        return None
    is_log = any(
        _WHERE_COLUMN.search(line.group(0)) for line in _COMMENT_LOG_HEADER.finditer(text, 0, 600)
    )
    returned_draft = _DRAFT_WORD.search(title) is not None and _COMMENTS_WORD.search(title)
    if is_log or returned_draft:
        return Signal(Label.OTHER, "rule: a reviewer's comments on a draft")
    return None


# A sponsor's audit of the provider (findings, CAPAs): oversight of the work, not its product.
_AUDIT_TITLE = re.compile(
    r"\b(?:audit\s+report|auditbericht|rapport\s+d'audit|informe\s+de\s+auditor[ií]a"
    r"|rapporto\s+di\s+audit|relat[óo]rio\s+de\s+auditoria)\b",
    re.IGNORECASE,
)
_AUDIT_FINDINGS = re.compile(
    r"\b(?:capa|observations?|findings?|beobachtung\w*|feststellung\w*|constats?|[ée]carts?"
    r"|hallazgos?|osservazion[ei]|n[ãa]o\s+conformidades?)\b",
    re.IGNORECASE,
)


def rule_audit_report(filename: str, content_type: str, text: str) -> Signal | None:
    if _AUDIT_TITLE.search(_title(text)) and _AUDIT_FINDINGS.search(text, 0, HEAD_CHARS):
        return Signal(Label.OTHER, "rule: an audit report (findings and CAPAs), not a delivery")
    return None


# Documents that plan or govern the work rather than deliver, price or bill it: a draft
# protocol or study plan "for your review", a specification, a scope outline sent with an
# RFQ, an MSA, CDA or quality agreement. Domain notes list CDAs, RFQs and comments as other.
_PLANNING_TITLE = re.compile(
    r"^[\W\d]*(?:[A-Z0-9]+-[\w-]+\s+)?(?:(?:draft\s+)?(?:study\s+)?protocol|study\s+plan|pr[üu]fplan|plan\s+d'[ée]tude"
    r"|protocolo|specification|spezifikation|scope\s+outline|master\s+services?\s+agreement"
    r"|confidential(?:ity)?\s+(?:disclosure\s+)?agreement|non-?disclosure\s+agreement"
    r"|quality\s+agreement|qualit[äa]tssicherungsvereinbarung"
    # confidentiality agreements, general terms, and the scope of services an RFQ sends
    r"|geheimhaltungsvereinbarung|vertraulichkeitsvereinbarung|accord\s+de\s+confidentialit[ée]"
    r"|acuerdo\s+de\s+confidencialidad|accordo\s+di\s+riservatezza"
    r"|(?:general\s+)?terms\s+and\s+conditions|allgemeine\s+gesch[äa]ftsbedingungen"
    r"|conditions\s+g[ée]n[ée]rales|condiciones\s+generales|condizioni\s+generali"
    r"|leistungsverzeichnis|lastenheft)\b",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_PLANNING = re.compile(
    r"amend|report|results?\b|bericht|rapport|change|deviation|invoice|quot|offer|angebot"
    r"|manifest|requisition|submission",
    re.IGNORECASE,
)


def rule_planning_document(filename: str, content_type: str, text: str) -> Signal | None:
    title = _title(text, lines=1)  # the document's own title, not a "Protocol: …" field
    if _PLANNING_TITLE.search(title) and not _NOT_PLANNING.search(title):
        return Signal(Label.OTHER, "rule: a plan or agreement (protocol, specification, MSA)")
    return None


def rule_invoice_document(filename: str, content_type: str, text: str) -> Signal | None:
    """A bill's title (at the top, or a short line below a letterhead of up to five lines)
    and a bill's fields. "Pago a 30 días fecha factura" in an offer's terms is no title."""
    lines = _title(text, lines=6).lower().split("\n")
    first = "\n".join(lines[:2] + [line for line in lines[2:] if len(line.split()) <= 8])
    title = _INVOICE_TITLE.search(first)
    if title and "quot" not in first and _INVOICE_MARKERS.search(text, 0, HEAD_CHARS):
        return Signal(Label.INVOICE, "rule: invoice title with invoice number or amount due")
    return None


def rule_offer_document(filename: str, content_type: str, text: str) -> Signal | None:
    """A priced document that opens as an offer (in any of several languages) or states
    how long its prices are valid: a quote, unless it is also a bill, an order or a
    change."""
    head = text[:HEAD_CHARS]
    title = _title(head)
    if not (_OFFER_TITLE.search(title) or _VALIDITY.search(head)) or not _CURRENCY.search(head):
        return None
    if _INVOICE_FIELDS.search(head) or _CHANGE_TITLE.search(title):
        return None
    if _NOT_QUOTE_TITLE.search(title):
        return None
    return Signal(Label.QUOTE, "rule: offer title or validity period, with prices")


# What every bill shows somewhere: a currency, or the wording of a bill. A table of
# numbers without either (results, a plate map, a manifest) is not an invoice, however
# much its figures look like line items to a bag of words.
_INVOICE_EVIDENCE = re.compile(
    r"\b(usd|eur|gbp|chf|jpy|cny|rmb|inr|aud|cad|sek|dkk|nok|pln|czk|huf)\b|[$€£¥₹]"
    r"|invoice|rechnung|factur|fattura|faktura|credit note|gutschrift|amount due|balance due"
    r"|\bbtw\b"
    r"|total due|iban|remit|payment|zahlbar|\bvat\b|mwst|\btva\b|\biva\b|\bbrl\b|r\$|\bkrw\b"
    r"|円|人民币|请求|請求|发票|發票|청구|boleto|nota fiscal",
    re.IGNORECASE,
)


def invoice_evidence(text: str) -> bool:
    """Whether `text` shows a currency or a bill's wording (see `_INVOICE_EVIDENCE`)."""
    return _INVOICE_EVIDENCE.search(text, 0, HEAD_CHARS) is not None


# A request for a quote names the document it asks for ("could you send a quote", "we
# would like to request a proposal", "demande de devis"): domain notes call an RFQ
# `other`, however much its study outline reads like the scope of a quote.
_ASKS_FOR_QUOTE = re.compile(
    r"\brequest(?:ing)?\s+(?:a|an|your)\s+(?:formal\s+)?(?:proposal|quot(?:e|ation)|offer"
    r"|estimate|pricing)\b"
    r"|\brequest\s+for\s+(?:quot(?:e|ation)|proposal|pricing)\b"
    r"|\b(?:our|this|attached|new)\s+rf[qp]\b|\brf[qp]\s+(?:for|attached|below|:)"
    r"|\b(?:could|can|would)\s+you\s+(?:please\s+)?(?:send|provide|prepare|share|give)"
    r"\s+(?:us\s+|me\s+)?(?:a|an|your)\s+(?:\w+\s+)?(?:quot(?:e|ation)|proposal|offer|estimate)"
    r"|\b(?:could|can|would)\s+you\s+(?:please\s+)?quote\b|\bplease\s+(?:send\s+(?:us\s+)?a\s+)?"
    r"quote\s+(?:for|us)\b"
    r"|\bbitten?\s+(?:wir\s+)?(?:sie\s+)?um\s+(?:ein|ihr)\s+angebot|\bangebotsanfrage"
    r"|\bdemande\s+de\s+(?:devis|cotation|proposition)|\b(?:pourriez|pouvez)-vous\s+nous\s+"
    r"(?:envoyer|faire\s+parvenir|adresser)\s+(?:un|votre)\s+(?:devis|offre|proposition)"
    r"|\bsolicit(?:amos|ud\s+de)\s+(?:una\s+)?(?:cotizaci[oó]n|oferta|presupuesto)"
    r"|\brichiesta\s+di\s+(?:offerta|preventivo)|\bpotete\s+inviarci\s+(?:un|il\s+vostro)\s+"
    r"(?:preventivo|offerta)",
    re.IGNORECASE,
)
# A provider answering one: "further to your RFQ, I attach our offer".
_SENDS_QUOTE = re.compile(
    r"\b(?:attach(?:ed)?|enclos(?:e|ed)|herewith|here\s+is|here's|please\s+find|send(?:ing)?"
    r"\s+you)\b.{0,40}\bour\s+(?:\w+\s+)?(?:quot|proposal|offer|estimate|pricing)"
    r"|\byour\s+(?:rfq|rfp|request\s+for\s+(?:quot\w*|proposal|pricing))",
    re.IGNORECASE,
)


_OFFERS_OWN_QUOTE = re.compile(
    r"\b(?:attach(?:ed)?|enclos(?:e|ed)|herewith|here\s+is|here's|please\s+find|send(?:ing)?"
    r"\s+you)\b.{0,40}\bour\s+(?:\w+\s+)?(?:quot(?:e|ation)|proposal|offer|estimate)\b"
    r"|\bour\s+(?:\w+\s+)?(?:quot(?:e|ation)|proposal|offer)\s+(?:is\s+)?(?:attached|enclosed)\b",
    re.IGNORECASE,
)


def states_validity(text: str) -> bool:
    """ "Valid 60 days": how long the prices hold, which only an offer says."""
    return _VALIDITY.search(text, 0, HEAD_CHARS) is not None


def offers_own_quote(text: str) -> bool:
    """ "Attached is our quote for the IHC panel": a provider's cover note for its offer."""
    return _OFFERS_OWN_QUOTE.search(text, 0, HEAD_CHARS) is not None


# A biller's cover note: "please find attached our invoice", in the languages bills come in.
_ASKS_TO_CITE = (
    r"please|reference|quote|cite|mention|include|state|bitte|angeben|indiquer|por\s+favor"
    r"|indicar|indicare|prega"
)


def _gap(n: int) -> str:
    """Up to `n` characters with no sentence or clause end, and no request to cite the
    document on bills ("PO attached; please quote it on all invoices")."""
    return rf"(?:(?!\b(?:{_ASKS_TO_CITE})\b)[^.?!;\n]){{0,{n}}}"


_SENDS_INVOICE = re.compile(
    r"\b(?:attach\w*|enclos\w*|please\s+find|herewith|here\s+is|sending\s+you|we\s+send)"
    + _gap(40) + r"\b(?:invoices?|credit\s+note)\b"
    r"|\b(?:anbei|beigefügt|im\s+anhang|übersenden|übermitteln)" + _gap(40)
    + r"\b(?:rechnung(?:en)?|gutschrift)\b"
    r"|\b(?:ci-joint\w*|veuillez\s+trouver|nous\s+vous\s+(?:adressons|transmettons|envoyons)"
    r"|en\s+pi[èe]ce\s+jointe)" + _gap(40) + r"\b(?:factures?|avoir)\b"
    r"|\b(?:adjunt\w*|les?\s+(?:remitimos|enviamos|adjuntamos)|remitimos)" + _gap(60)
    + r"\bfacturas?\b"
    r"|\b(?:in\s+allegato|allegat\w*|vi\s+(?:inviamo|trasmettiamo)|trasmettiamo)"
    + _gap(40) + r"\bfatture?\b"
    r"|\b(?:segue|seguem|em\s+anexo|enviamos)" + _gap(40)
    + r"\b(?:faturas?|nota\s+fiscal)\b",
    re.IGNORECASE,
)


# Every alternative of `_SENDS_INVOICE` ends on one of these: substring tests first, since
# the pattern is slow to try at every word of a long mail that names no bill at all.
_BILL_WORDS = ("invoice", "credit note", "rechnung", "gutschrift", "factur", "avoir", "fattur",
               "fatura", "nota fiscal")  # fmt: skip


def sends_invoice(text: str) -> bool:
    """ "Les remitimos en el fichero adjunto las facturas": a cover note for the sender's bill."""
    head = text[:HEAD_CHARS]
    low = head.lower()
    if not any(word in low for word in _BILL_WORDS):
        return False
    return _SENDS_INVOICE.search(head) is not None


# "O custo adicional de R$ 9.600,00 … está aprovado": the added cost of a change, agreed.
_ADDED_COST_AGREED = re.compile(
    r"(?:\b(?:additional|extra|added|zusätzlich\w*|mehr)\s+(?:cost|costs|kosten|price)"
    r"|\b(?:custo|coût|costo|coste|preço)\s+(?:adicional|supplémentaire|aggiuntivo|extra))\b"
    r"(?:[^.\n]|\.(?=\d)){0,140}?\b(?:is\s+|are\s+)?"  # "R$ 9.600,00": a point in a number
    r"(?:approved|agreed|accepted|aprovado|aceito|genehmigt|freigegeben|approuvé|accepté|approvato"
    r"|aprobado)\b",
    re.IGNORECASE,
)


def agrees_added_cost(text: str) -> bool:
    return _ADDED_COST_AGREED.search(text, 0, HEAD_CHARS) is not None


# An e-signature platform's notice that every party has signed (DocuSign, Adobe Sign…).
_SIGNING_COMPLETED = re.compile(
    r"\ball\s+parties\s+have\s+(?:completed|signed)|\byour\s+document\s+has\s+been\s+completed"
    r"|\b(?:has|have)\s+been\s+(?:fully\s+)?(?:signed|executed)\s+by\s+all\b|\bsigned\s+by\s+all\s+parties"
    r"|\bwurde\s+von\s+allen\s+(?:parteien\s+)?(?:unterzeichnet|signiert)|\btous\s+les\s+signataires\s+ont"
    r"|\btodas\s+las\s+partes\s+han\s+firmado|\btutte\s+le\s+parti\s+hanno\s+firmato",
    re.IGNORECASE,
)
_COMPLETED_SUBJECT = re.compile(r"^\W*(?:completed|abgeschlossen|termin[ée]|completado)\s*:", re.I)


# Each alternative of `_SIGNING_COMPLETED` contains one of these (tested first: cheap).
_SIGNING_WORDS = ("all parties", "has been completed", "by all", "von allen", "signataires",
                  "todas las partes", "tutte le parti")  # fmt: skip


def signing_completed(subject: str, text: str) -> bool:
    """ "Completed: Please DocuSign: SOW-14 …": every party has signed the document."""
    if _COMPLETED_SUBJECT.match(subject):
        return True
    head = text[:HEAD_CHARS]
    low = head.lower()
    return any(w in low for w in _SIGNING_WORDS) and _SIGNING_COMPLETED.search(head) is not None


_SHIPMENT = re.compile(
    r"\b(?:shipped|shipping\s+today|dispatched|on\s+(?:their|its)\s+way|tracking|awb"
    r"|air\s?waybill|courier|dry\s+ice|fedex|dhl|marken|versandt|verschickt|exp[ée]di[ée]s?"
    r"|enviad[oa]s|spedit[ie])\b",
    re.IGNORECASE,
)


def reports_shipment(text: str) -> bool:
    """ "Samples shipped today on dry ice, AWB …": the mail tells of samples sent."""
    return _SHIPMENT.search(text, 0, HEAD_CHARS) is not None


# Each alternative of `_ASKS_FOR_QUOTE` contains one of these (substring tests first).
_ASKING_WORDS = ("request", "rfq", "rfp", "quot", "proposal", "offer", "estimate", "angebot",
                 "devis", "cotation", "proposition", "offre", "cotizaci", "oferta", "presupuesto",
                 "preventivo")  # fmt: skip


def asks_for_quote(text: str) -> bool:
    """Whether a message asks for a quote and shows none: no amount, no quote of its own."""
    head = text[:HEAD_CHARS]
    low = head.lower()
    return (
        any(word in low for word in _ASKING_WORDS)
        and _ASKS_FOR_QUOTE.search(head) is not None
        and _CURRENCY.search(head) is None
        and _SENDS_QUOTE.search(head) is None
    )


# "Thanks, received - forwarded to AP." under "RE: Invoice 2026-0417": the subject names a
# document, the reply only acknowledges it. Domain notes call thanks and receipt
# confirmations `other`; a bag of words reads the subject instead.
ACK_MAX_WORDS = 15
_ACK = re.compile(
    r"^\W*(?:many\s+|thank\s+you|thanks|thx|ty\b|noted|received|got\s+it|well\s+received"
    r"|danke|vielen\s+dank|erhalten|merci|bien\s+re[çc]u|gracias|recibido|grazie|ricevuto"
    r"|bedankt|ontvangen)",
    re.IGNORECASE,
)
# Words that make a short reply an act after all: shipping, approving, sending, billing.
_ACT_WORDS = re.compile(
    r"ship|dry ice|tracking|courier|attach|enclos|approv|agree|go ahead|proceed|accept|"
    r"confirm|sign|invoice\s+(?:no|#|\d)|pay|due|link|download|sftp|portal|report is|"
    r"quot|price|cost|add|remove|change|extend|shift|move|cancel|\?|genehmig|einverstanden"
    r"|freigabe|d'accord|valid|de\s+acuerdo|aprob|approvat|akkoord|anbei|ci-joint|adjunt"
    r"|allegat",
    re.IGNORECASE,
)


def is_acknowledgement(text: str) -> bool:
    """A short thanks or "received" with nothing else in it (see `_ACK`)."""
    words = text.split()
    return (
        0 < len(words) <= ACK_MAX_WORDS
        and _ACK.match(text) is not None
        and _ACT_WORDS.search(text) is None
    )


# What an approval approves when it approves a change: something added, repeated, moved
# or amended (an award says "as quoted, PO to follow" and names none of these).
APPROVED_CHANGE_MAX_WORDS = 60
_CHANGE_WORDS = re.compile(
    r"\b(?:additional|extra|add(?:ed|ing)?|repeat|re-?analy[sz]\w*|re-?test\w*|timepoints?"
    r"|condition|scope|shift\w*|mov(?:e|ed)|delay\w*|amend(?:ed|ment)|change\s+order|co-?\d+"
    r"|cohort|zusätzlich\w*|änderung\w*|adicional\w*|ampliaci[oó]n|modificad[oa]"
    r"|aggiuntiv[oaie]|supplémentaire\w*|avenant|extra|wijziging|toegevoegd)\b"
    r"|追加|変更|增加|变更",
    re.IGNORECASE,
)


_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good\s+(?:morning|afternoon)|hallo|liebe[rs]?|sehr\s+geehrte[rs]?"
    r"|bonjour|hola|buenos\s+d[ií]as|ciao|buongiorno|beste|goedemorgen|olá)\b",
    re.IGNORECASE,
)


def is_greeting(line: str) -> bool:
    """ "Hi Priya," / "佐藤様" / "javier,": a line that only greets."""
    words = line.split()
    return (bool(_GREETING.match(line)) and len(words) <= 6) or (
        len(words) <= 2 and line.rstrip().endswith((",", "様", "さん"))
    )


AS_AGREED = re.compile(r"\bas\s+(?:previously\s+)?(?:agreed|discussed|confirmed|planned)\b", re.I)


def names_a_change(text: str) -> bool:
    """Whether a short text names something added, repeated, moved or amended."""
    return len(text.split()) <= APPROVED_CHANGE_MAX_WORDS and bool(_CHANGE_WORDS.search(text))


# A checksum list ("md5sum.txt": digest, then file name, one per line) travels with the data
# it vouches for: domain notes count checksums among a delivery's signals.
_CHECKSUM_LINE = re.compile(r"^\s*(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})\s+\*?\S", re.I | re.M)


def rule_checksums(filename: str, content_type: str, text: str) -> Signal | None:
    if len(_CHECKSUM_LINE.findall(text, 0, HEAD_CHARS)) >= 2:
        return Signal(Label.DELIVERABLE, "rule: a checksum list (digests of delivered files)")
    return None


# Domain notes: 'a "revised quote" after award that adds scope or moves dates is a
# `change_agreement`' (the document itself stays a quote). The mail shows the award: the
# PO to amend, the earlier PO value, the existing contract.
_AFTER_AWARD = re.compile(
    r"\bpo\s+(?:amendment|change|revision)|\bamend(?:ed|ment\s+(?:to|of))\s+(?:the\s+|our\s+"
    r"|your\s+)?(?:po|purchase\s+order|contract|sow)\b"
    r"|\b(?:against|under)\s+(?:the\s+)?(?:existing\s+|current\s+|original\s+)?(?:po|purchase"
    r"\s+order)\b|\b(?:existing|current|original|earlier)\s+(?:po|purchase\s+order|contract|sow)\b"
    r"|\balready\s+awarded|\bafter\s+(?:the\s+)?award|\bsince\s+(?:the\s+)?award",
    re.IGNORECASE,
)
_SCOPE_CHANGE = re.compile(
    r"\b(?:increas\w*|additional|added|addition|extra|timeline\s+shift\w*|shifts?\s+by"
    r"|scope\s+(?:change|increase|grew|extension)|more\s+samples|cohort)\b",
    re.IGNORECASE,
)


def revises_awarded_work(text: str) -> bool:
    """Whether a mail re-prices work already awarded because its scope or dates changed."""
    head = text[:HEAD_CHARS]
    return _AFTER_AWARD.search(head) is not None and _SCOPE_CHANGE.search(head) is not None


# Domain notes: "a CoA the sponsor sends for its own test item is `other`". The mail says
# whose material it is: the test article or reference standard shipped to the lab, "our
# compound", the manufacturer's CoA "for your records". A provider releasing its own batch
# writes "the CoA for lot …" and names none of these.
_CERTIFICATE = (
    r"(?:coas?|certificates?\s+of\s+analysis|analysenzertifikat(?:e|en)?|certificats?\s+d'analyse"
    r"|certificat[oi]\s+di\s+analisi|certificados?\s+de\s+an[áa]lisis)"
)
_CERTIFICATE_WORD = re.compile(rf"\b{_CERTIFICATE}\b", re.IGNORECASE)
_SPONSOR_MATERIAL = re.compile(
    r"\b(?:test\s+(?:article|item|substance|material|compound)s?|(?-i:TA)|reference\s+(?:standard"
    r"|material|item)s?|(?:our|my)\s+(?:own\s+)?(?:compound|material|drug\s+substance|api|molecule"
    r"|product|lot|batch)s?|pr[üu]fsubstanz|referenzstandard|substance\s+de\s+r[ée]f[ée]rence"
    r"|sostanza\s+in\s+esame|articolo\s+in\s+esame|(?:dei\s+)?nostri\s+composti"
    r"|sustancia\s+de\s+ensayo|art[íi]culo\s+de\s+ensayo|nuestros\s+compuestos"
    # the recipient's sample receipt: the certificate travels with what is sent to the lab
    r"|(?:ihr(?:e|en)?|your|votre|vostr[oa]|su)\s+(?:probeneingang|probenannahme|wareneingang"
    r"|sample\s+(?:receipt|reception|receiving|management)|r[ée]ception\s+des\s+[ée]chantillons"
    r"|accettazione\s+campioni|recepci[oó]n\s+de\s+muestras)"
    # the lab's checks of what arrives, and the formulation of the test item
    r"|incoming\s+(?:qc|inspection|goods|testing)|wareneingangspr[üu]fung"
    r"|dose\s+formulation|salt\s+correction)\b",
    re.IGNORECASE,
)
_MAKERS_CERTIFICATE = re.compile(
    rf"\b(?:manufacturer|supplier|vendor)(?:'s|s')?\s+{_CERTIFICATE}\b"
    rf"|\b{_CERTIFICATE}\s+(?:from|of|by)\s+(?:the\s+|our\s+)?(?:manufacturer|supplier|vendor)\b",
    re.IGNORECASE,
)
MATERIAL_REACH = 300  # characters between the certificate and the material it certifies


def _certifies_own_material(head: str) -> bool:
    """A certificate named near the sponsor's material, or the maker's certificate. Searched
    around each certificate word (linear; most mail names none)."""
    low_head = head.lower()
    if not any(word in low_head for word in ("coa", "certific", "zertifikat")):
        return False  # a substring test first: most mail names no certificate
    for found in _CERTIFICATE_WORD.finditer(head):
        low, high = max(0, found.start() - MATERIAL_REACH), found.end() + MATERIAL_REACH
        if _SPONSOR_MATERIAL.search(head, low, high):
            return True
        if _MAKERS_CERTIFICATE.search(head, max(0, found.start() - 40), found.end() + 60):
            return True
    return False


# ... and sends the material to the lab (or the certificate for the lab's use).
_TO_THE_LAB = re.compile(
    r"\b(?:ship(?:s|ped|ping|ment)?|dispatch(?:ed)?|courier|tracking|(?:we|i)\s+(?:are\s+|have\s+"
    r"|will\s+|just\s+)?(?:send|sent|sending)|(?:is|was|are|were|been|being)\s+sent|going\s+out"
    r"|left\s+(?:our|the)|versand\w*|versendet|kurier|envoy[ée]e?s?|exp[ée]di\w*|on\s+receipt"
    r"|dhl|fedex|ups|tnt|marken"
    r"|spedizione|spediamo|spedit[oi]|env[íi]o|enviamos|enviad[oa]s?"
    r"|upon\s+receipt|arriv\w*|for\s+your\s+(?:gl?p\s+)?(?:records?|files?|reference|information"
    r"|use|dossier)|to\s+your\s+(?:site|lab|facility)|log\s+(?:it|the\s+\w+|them)\s+in|store\s+at"
    r"|for\s+the\s+(?:dose\s+formulation|method\s+transfer|study|assay))\b",
    re.IGNORECASE,
)


def sends_own_material_coa(text: str) -> bool:
    """Whether a mail sends the certificate of the sponsor's own material to the lab."""
    head = text[:HEAD_CHARS]
    return _certifies_own_material(head) and _TO_THE_LAB.search(head) is not None


def looks_like_certificate(filename: str, text: str) -> bool:
    """A CoA by its name or its title."""
    name = filename.lower()
    return bool(re.search(r"(?<![a-z])coa(?![a-z])|certificate", name)) or bool(
        _CERTIFICATE_WORD.search(_title(text, 6))
    )


# Structured e-invoices (UBL and XRechnung, CII and ZUGFeRD/Factur-X, FatturaPA, Facturae,
# Brazil's NF-e and NFS-e): the document's root element names it.
_E_INVOICE_ROOT = re.compile(
    r"<(?:[\w-]+:)?(?:Invoice|CreditNote|CrossIndustryInvoice|FatturaElettronica|Facturae"
    r"|CompNfse|Nfse|NFe|nfeProc|GerarNfseEnvio)\b"
)


def rule_e_invoice(filename: str, content_type: str, text: str) -> Signal | None:
    """An XML document whose root is an e-invoice schema's is a bill, whatever its name."""
    head = text[:600].lstrip("\ufeff \r\n\t")
    if head.startswith("<") and _E_INVOICE_ROOT.search(head):
        return Signal(Label.INVOICE, "rule: a structured e-invoice (its XML root says so)")
    return None


# The QA unit's statement bound into a study report (GLP): part of what is delivered.
_QA_STATEMENT_TITLE = re.compile(
    r"\b(?:(?:quality assurance|qa|qau|glp compliance) statement"
    r"|dichiarazione (?:di |dell'|della )?(?:assicurazione (?:di )?qualit[àa]|aq|qa)"
    r"|declaraci[oó]n (?:de )?(?:garant[ií]a de calidad|gc|qa)"
    r"|d[ée]claration (?:d'|de l')?assurance qualit[ée]"
    r"|declara[çc][ãa]o (?:de |da )?garantia (?:de |da )?qualidade"
    r"|(?:qs|qa|qau)-erkl[äa]rung|erkl[äa]rung der qualit[äa]tssicherung)\b",
    re.IGNORECASE,
)


def rule_qa_statement(filename: str, content_type: str, text: str) -> Signal | None:
    if _QA_STATEMENT_TITLE.search(_title(text)):
        return Signal(Label.DELIVERABLE, "rule: a QA statement of a study report")
    return None


Rule = Callable[[str, str, str], Signal | None]

ATTACHMENT_RULES: tuple[tuple[str, Rule], ...] = (
    ("inline-image", rule_inline_image),
    ("calendar", rule_calendar),
    ("checksums", rule_checksums),
    ("e-invoice", rule_e_invoice),
    ("qa-statement", rule_qa_statement),
    ("sample-sheet", rule_sample_sheet),
    ("shipping-form", rule_shipping_form),
    ("result-table", rule_result_table),
    ("purchase-order", rule_purchase_order),
    ("rfq-document", rule_rfq_document),
    ("review-comments", rule_review_comments),
    ("audit-report", rule_audit_report),
    ("planning-document", rule_planning_document),
    ("invoice-document", rule_invoice_document),
    ("change-document", rule_change_document),
    ("quote-table", rule_quote_table),
    ("offer-document", rule_offer_document),
)
# Rules that read text which is not language (a list of digests, an XML document).
UNREADABLE_RULES: tuple[tuple[str, Rule], ...] = (
    ("checksums", rule_checksums),
    ("e-invoice", rule_e_invoice),
)
# A message body is only overruled by a table pasted into it.
MESSAGE_RULES: tuple[tuple[str, Rule], ...] = (("sample-sheet", rule_sample_sheet),)


def first_signal(
    rules: tuple[tuple[str, Rule], ...], filename: str, content_type: str, text: str
) -> Signal | None:
    for _name, rule in rules:
        signal = rule(filename, content_type, text)
        if signal is not None:
            return signal
    return None


# ---------------------------------------------------------------- language guard
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


def is_language(text: str) -> bool:
    """False for binary garbage decoded as text and for blobs without words."""
    sample = text[:4000]
    if not sample.strip():
        return False
    if len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        return False
    words = sample.split()
    return sum(map(len, words)) / len(words) < 25
