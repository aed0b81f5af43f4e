"""A bare thanks or "received" is `other`, whatever document the subject it answers names."""

from __future__ import annotations

import pytest

from classifier import Classifier, Label, MessageInput
from classifier.signals import is_acknowledgement


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, received - forwarded to AP for processing.\nPriya",
        "Received, thank you.",
        "Noted, thanks!",
        "Vielen Dank, erhalten.",
        "Bien reçu, merci.",
    ],
)
def test_a_bare_thanks_is_an_acknowledgement(text: str) -> None:
    assert is_acknowledgement(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks - samples shipped today on dry ice, tracking 1Z999AA10123456784.",
        "Thanks, approved. Please proceed.",
        "Thanks! Could you also send the PDF?",
        "Received the draft, thanks. We will send comments by Friday and then the team "
        "will review the tables in the appendix with our statistician next week.",
        "Please find attached the final report.",
    ],
)
def test_a_short_reply_with_an_act_in_it_is_not_a_bare_thanks(text: str) -> None:
    assert not is_acknowledgement(text)


def test_thanks_under_an_invoice_subject_is_other(clf: Classifier) -> None:
    # Given a reply that only acknowledges an invoice named in its subject
    item = MessageInput("RE: Invoice 2099-11-0417 - final milestone", "Thanks, received.\nPriya")
    # When it is classified
    (result,) = clf.classify([item])
    # Then it is other
    assert result.message.label == Label.OTHER, result.message.signals
