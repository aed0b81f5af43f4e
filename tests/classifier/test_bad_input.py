"""Bad input gets a label, never an exception; garbage gets low confidence."""

from __future__ import annotations

import random

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput


def _garbage(n: int) -> str:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(n)).decode("latin-1")


def test_empty_message_is_other_with_low_confidence(clf: Classifier) -> None:
    # Given a message with no subject, no body and no attachment
    result = clf.classify([MessageInput("", "")])[0]
    # Then it is other, below the review threshold
    assert result.message.label == Label.OTHER
    assert clf.needs_review(result.message)


def test_binary_garbage_body_is_other_with_low_confidence(clf: Classifier) -> None:
    # Given a body that is binary data decoded as text
    result = clf.classify([MessageInput("", _garbage(20000))])[0]
    # Then it is other with low confidence, and no entities are invented from it
    assert result.message.label == Label.OTHER
    assert result.message.confidence < 0.5
    assert result.entities == ()


def test_garbage_attachment_is_judged_by_its_name(clf: Classifier) -> None:
    # Given an invoice PDF whose text extraction produced garbage
    pred = clf.classify_attachment(
        AttachmentInput("Invoice_INV-2026-0042.pdf", "application/pdf", _garbage(5000))
    )
    # Then the garbage is ignored, the file name still counts and the reason is recorded
    assert any("not language" in s for s in pred.signals)
    assert 0.0 <= pred.confidence <= 1.0


def test_five_megabytes_of_text_is_classified(clf: Classifier) -> None:
    # Given a 5 MB body and a 5 MB attachment
    big = ("Status update: dosing continues, all animals fine. " * 100_000)[:5_000_000]
    item = MessageInput("Weekly update", big, (AttachmentInput("log.txt", "text/plain", big),))
    # When it is classified
    result = clf.classify([item])[0]
    # Then a label comes back for both
    assert isinstance(result.message.label, Label)
    assert isinstance(result.attachments[0].label, Label)


@pytest.mark.parametrize(
    "body",
    [
        "Sehr geehrte Damen und Herren, anbei unser Angebot für die Studie. Gültig 30 Tage.",
        "请查收附件中的报价单。Please find attached our quotation, valid 30 days.",
        "Bonjour, veuillez trouver ci-joint la facture. Merci!",
        "\u200b\u200b\u200b",
        "🙂" * 500,
    ],
)
def test_mixed_languages_and_odd_characters_get_a_label(clf: Classifier, body: str) -> None:
    # Given non-English or mixed text, When it is classified, Then a valid prediction comes back
    pred = clf.classify([MessageInput("RE: TR: AW:", body)])[0].message
    assert isinstance(pred.label, Label)
    assert 0.0 <= pred.confidence <= 1.0


def test_empty_batch_returns_empty_list(clf: Classifier) -> None:
    # Given no items, When classified, Then the result is empty
    assert clf.classify([]) == []
