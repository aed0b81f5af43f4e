"""`explain` says which signals decided: scores, rules, words, entities."""

from __future__ import annotations

from classifier import AttachmentInput, Classifier, MessageInput


def test_explain_names_scores_signals_and_words(clf: Classifier) -> None:
    # Given an invoice with its PDF
    item = MessageInput(
        "Invoice INV-2026-0042",
        "Please find attached our invoice, net 30.",
        (
            AttachmentInput(
                "INV-2026-0042.pdf",
                "application/pdf",
                "INVOICE INV-2026-0042\nAmount due USD 800.00",
            ),
        ),
    )
    # When it is explained
    text = clf.explain(item)
    # Then the text shows the label, the per-label scores, the rule that fired,
    # the words that pushed and the entities
    assert "label invoice" in text
    assert "scores invoice" in text
    assert "rule: invoice title" in text
    assert "words that pushed towards invoice" in text
    assert "invoice_number" in text
