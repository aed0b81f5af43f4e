"""A short firm approval of something added, repeated, moved or amended is a change agreed."""

from __future__ import annotations

import pytest

from classifier import Classifier, Label, MessageInput
from classifier.classify import _approves_a_change


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "RE: ampliación estudio de estabilidad",
            "javier, aprobado. podéis proceder con la condición adicional de 40 °C/75 % HR, "
            "el pedido modificado os llega esta semana.\nlucía",
        ),
        (
            "RE: 追加時点のご提案",
            "佐藤様\n\n追加の時点（投与後72時間）を承認します。"
            "発注書の変更は追って送付します。\n\n伊藤",
        ),
        (
            "Antw: extra test hemocompatibiliteit",
            "pieter, akkoord met de extra hemolyse-test op de nieuwe batch, EUR 2.150 zoals "
            "geoffreerd. PO-wijziging volgt deze week.\ngr anouk",
        ),
    ],
)
def test_a_firm_approval_of_a_change_is_a_change_agreement(
    clf: Classifier, subject: str, body: str
) -> None:
    # Given a sponsor's short approval of an added condition, timepoint or test
    # When it is classified
    (result,) = clf.classify([MessageInput(subject, body)])
    # Then it is a change agreement
    assert result.message.label == Label.CHANGE_AGREEMENT, result.message.signals


@pytest.mark.parametrize(
    "body",
    [
        "Good morning,\n\nThe database lock is planned as agreed.\n\nThe cohort 87 samples "
        "are in; we added our back-up contact to the distribution list.\n\nMany thanks,\nPriya",
        "Go ahead as quoted, PO to follow.\nMark",
        "Could we add a 72 h timepoint? Approval would follow from our side.",
    ],
)
def test_agreement_words_that_approve_no_change_are_not_an_approved_change(body: str) -> None:
    # Given a status note "as agreed", an award of a quote, a question proposing a change
    # When / Then the approval rule does not read them as a change approved
    assert not _approves_a_change(body)
