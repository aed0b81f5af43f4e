"""A request for a quote is `other` (domain notes), even when its outline reads like scope."""

from __future__ import annotations

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput
from classifier.signals import asks_for_quote

OUTLINE = (
    "Dear Sam,\n\nunder our CDA we would like to request a proposal for a 28-day oral toxicity "
    "study in rats with 14-day recovery and TK. Study outline below:\n\n"
    "- 4 groups (vehicle, 10, 30, 100 mg/kg/day), 10/sex/group\n"
    "- recovery 5/sex in control and high dose\n"
    "- TK satellites 3/sex/group, Day 1 and Day 28\n"
    "- standard clinical pathology, full histopathology\n\n"
    "Could you send a quote by end of January, with animal availability?\n\nBest regards\nKatrin"
)
QUOTE_TEXT = (
    "Quotation Q-2099-0007\nItem Qty Unit price Total\nIn-life 1 EUR 80,000.00 EUR 80,000.00\n"
    "TK analysis 240 EUR 95.00 EUR 22,800.00\nTotal EUR 102,800.00\nValid 90 days."
)


@pytest.mark.parametrize(
    "text",
    [
        "We would like to request a proposal for a 28-day study.",
        "Could you please send us a quote for 120 plasma samples?",
        "Can you quote for the method transfer?",
        "Please find our RFQ for the stability programme below.",
        "Wir bitten um ein Angebot für die Methodenvalidierung.",
        "Pourriez-vous nous envoyer un devis pour l'étude ?",
        "Solicitamos una cotización para el análisis de 200 muestras.",
        "Richiesta di offerta per lo studio di stabilità.",
    ],
)
def test_a_request_for_a_quote_is_recognised(text: str) -> None:
    assert asks_for_quote(text)


@pytest.mark.parametrize(
    "text",
    [
        "Following your request for quotation, please find attached our proposal.",
        "Could you send a quote? Our budget is EUR 50,000.",
        "Please find attached our quotation Q-2099-0001.",
        "Further to your RFQ, I attach our offer for the stability programme.",
        "It reflects the smaller design you asked for in the RFQ call.",
        "Thanks for the call today, the plan looks good.",
    ],
)
def test_a_quote_or_a_budget_is_not_a_bare_request(text: str) -> None:
    assert not asks_for_quote(text)


def test_an_rfq_with_a_study_outline_is_other(clf: Classifier) -> None:
    # Given a sponsor's request for a proposal with a bulleted study outline
    item = MessageInput("Request for proposal: 28-day tox study", OUTLINE)
    # When it is classified
    (result,) = clf.classify([item])
    # Then it is other, whatever its outline reads like
    assert result.message.label == Label.OTHER, result.message.signals


def test_a_request_that_carries_a_quote_keeps_the_quote(clf: Classifier) -> None:
    # Given the same words with a priced quotation attached
    quote = AttachmentInput("Q-2099-0007.pdf", "application/pdf", QUOTE_TEXT)
    item = MessageInput("RE: Request for proposal", "Could you send a quote? Attached.", (quote,))
    # When it is classified
    (result,) = clf.classify([item])
    # Then the quote decides
    assert result.attachments[0].label == Label.QUOTE
    assert result.message.label == Label.QUOTE, result.message.signals


def test_an_rfq_that_names_the_certificate_it_needs_is_other(clf: Classifier) -> None:
    # Given a German request for an offer for release testing, naming the CoA it will need
    body = (
        "Sehr geehrter Herr Dr. Schröder,\n\nwir bitten um ein Angebot für die "
        "Freigabeprüfung unseres Wirkstoffs, Charge 24A017 (Identität, Gehalt, Wasser). "
        "Wir benötigen das Analysenzertifikat bis Mitte April.\n\nMit freundlichen Grüßen\nJens"
    )
    # When it is classified
    (result,) = clf.classify([MessageInput("Anfrage Freigabeprüfung Charge 24A017", body)])
    # Then it is other: it asks for the work, it delivers nothing
    assert result.message.label == Label.OTHER, result.message.signals


MANIFEST = (
    "Sample ID\tAnimal\tTimepoint\tMatrix\tVolume (uL)\tStorage\n"
    "KST-001\tR101\tDay 1 0.5 h\tplasma\t100\t-80C\nKST-002\tR101\tDay 1 2 h\tplasma\t100\t-80C\n"
)


def test_an_rfq_with_its_planned_sample_list_is_other(clf: Classifier) -> None:
    # Given an RFQ that attaches the list of samples it plans to send
    item = MessageInput(
        subject="RFQ - bioanalysis of ~450 rat plasma samples",
        reply_text="Hi Megan,\n\nWe'd like a quotation for the GLP TK bioanalysis of about 228 "
        "study samples (planned list attached). Could you send a proposal by 13 March?\n\n"
        "Best,\nOla",
        attachments=(AttachmentInput("Planned_sample_list.xlsx", "text/csv", MANIFEST),),
    )
    # When it is classified, Then the request is the act; the list is still a sample sheet
    result = clf.classify([item])[0]
    assert result.message.label == Label.OTHER
    assert result.attachments[0].label == Label.SAMPLE_SHEET


def test_a_shipment_that_also_asks_for_a_quote_stays_a_shipment(clf: Classifier) -> None:
    # Given samples shipped with their manifest, and a question about pricing more work
    item = MessageInput(
        subject="Samples shipped - KST-1182",
        reply_text="Hi Megan,\n\n228 samples shipped today on dry ice, FedEx tracking 7789 1234 "
        "5560, manifest attached. Could you also send us a quote for the ISR?\n\nBest,\nOla",
        attachments=(AttachmentInput("Manifest_KST-1182.csv", "text/csv", MANIFEST),),
    )
    # When it is classified, Then the shipment is the act
    assert clf.classify([item])[0].message.label == Label.SAMPLE_SHEET


def test_the_samples_a_change_order_covers_make_a_change(clf: Classifier) -> None:
    # Given a change notice for 38 haemolysed samples, with the list of those samples
    notice = (
        "Change Notice CN-12 - re-extraction of haemolysed samples\nReason for change: 38 "
        "samples haemolysed\nCost impact: USD 4,560\nTimeline impact: +5 working days\n"
        "Approval: sponsor signature"
    )
    item = MessageInput(
        subject="Out-of-scope notice CN-12 (BW-77)",
        reply_text="Hi Nathan,\n\nwe found 38 haemolysed samples (list attached). Change notice "
        "CN-12 is attached for your approval.\n\nRegards,\nVera",
        attachments=(
            AttachmentInput("CN-12.pdf", "application/pdf", notice),
            AttachmentInput("Affected_samples_CN-12.csv", "text/csv", MANIFEST),
        ),
    )
    # When it is classified, Then the change is the act
    assert clf.classify([item])[0].message.label == Label.CHANGE_AGREEMENT


def test_added_samples_whose_cost_is_approved_are_a_change(clf: Classifier) -> None:
    # Given the sponsor approving the added cost of 20 more samples, with their list
    item = MessageInput(
        subject="CRB-118-BE - inclusão de 20 amostras adicionais",
        reply_text="Olá Renata,\n\nvamos incluir no estudo as 20 amostras do braço de extensão. "
        "O custo adicional de R$ 9.600,00 (20 amostras x R$ 480,00) está aprovado. Segue em "
        "anexo a lista das amostras adicionais.\n\nAbraços,\nMarta",
        attachments=(AttachmentInput("amostras_adicionais.csv", "text/csv", MANIFEST),),
    )
    # When it is classified, Then the change is the act; the list is still a sample sheet
    result = clf.classify([item])[0]
    assert result.message.label == Label.CHANGE_AGREEMENT
    assert result.attachments[0].label == Label.SAMPLE_SHEET


def test_an_offer_sent_with_a_blank_submission_form_is_a_quote(clf: Classifier) -> None:
    # Given a provider sending its priced offer, valid 60 days, and its submission form
    offer = (
        "Item\tDescription\tQty\tUnit price\tTotal\n1\tRNA-seq library + 30M reads\t96\t"
        "USD 310.00\tUSD 29,760.00\nTotal\t\t\t\tUSD 29,760.00"
    )
    form = (
        "Sample Submission Form v7\nShipping: dry ice, courier of your choice\n"
        "Sample ID\tSample type\tVolume (uL)\tConcentration\n"
    )
    item = MessageInput(
        subject="RE: RNA-seq pricing for the 96 liver samples",
        reply_text="Hi Priya - numbers attached. Valid 60 days. I also put our blank submission "
        "form in so you have it when you ship.\n\nMark",
        attachments=(
            AttachmentInput("export.xlsx", "text/csv", offer),
            AttachmentInput("Submission_Form_v7.xlsx", "text/csv", form),
        ),
    )
    # When it is classified, Then the offer is the act
    assert clf.classify([item])[0].message.label == Label.QUOTE
