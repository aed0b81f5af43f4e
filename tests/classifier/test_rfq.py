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
