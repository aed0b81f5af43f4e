"""Milestone mentions for the frame (award, PO, kickoff) and sample receipt, as written."""

from __future__ import annotations

import pytest

from classifier import extract_entities
from classifier.entities import _first_character_alternation


def _milestones(text: str) -> set[object]:
    return {e.value for e in extract_entities(text) if e.type == "milestone"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # award: the quote is accepted
        ("Good news - we are going ahead with Northbridge on Rev B.", "quote_accepted"),
        ("We're going ahead with Meridian on Q-2026-0088 Rev A.", "quote_accepted"),
        ("We’re going ahead with you on this one.", "quote_accepted"),
        ("we will be going ahead with your proposal", "quote_accepted"),
        ("We hereby award the study on the basis of Q-2026-0212 Rev B.", "quote_accepted"),
        ("We would like to award you the study.", "quote_accepted"),
        ("Congratulations, your bid was successful.", "quote_accepted"),
        ("Happy to confirm that you have been selected for the study.", "quote_accepted"),
        ("We accept your offer Q-2231.", "quote_accepted"),
        ("The signed quote is attached in lieu of a PO.", "quote_accepted"),
        ("Wir beauftragen Calder hiermit mit der Studie.", "quote_accepted"),
        ("Nous avons le plaisir de vous confier l'étude.", "quote_accepted"),
        # PO or SOW executed
        ("PO 4500012873 is attached; please reference it.", "po_or_sow_executed"),
        ("PO no. 4500-998877 enclosed.", "po_or_sow_executed"),
        ("Purchase order issued: PO 4500012873.", "po_or_sow_executed"),
        ("The purchase order has been issued.", "po_or_sow_executed"),
        ("Please find attached our signed PO.", "po_or_sow_executed"),
        ("Our PO number is 7100-2231.", "po_or_sow_executed"),
        ("Die Bestellung ist anbei.", "po_or_sow_executed"),
        ("Le bon de commande ci-joint.", "po_or_sow_executed"),
        ("The signed SOW is in the portal.", "po_or_sow_executed"),
        # kickoff
        ("Thank you for joining the kick-off call today.", "kickoff_held"),
        ("Minutes of the study initiation meeting", "kickoff_held"),
        ("Protokoll der Auftaktbesprechung", "kickoff_held"),
        ("Compte rendu de la réunion de lancement", "kickoff_held"),
        # receipt
        ("The cohort 1 shipment arrived this morning at 09:40.", "samples_received"),
        ("The dry shipper arrived at 11:05 today.", "samples_received"),
        ("87 of 88 listed tubes received, plus 1 unlisted tube.", "samples_received"),
        ("All samples were received in good condition.", "samples_received"),
        ("The samples have arrived frozen.", "samples_received"),
        ("Die Proben sind eingegangen.", "samples_received"),
        ("Échantillons reçus ce matin.", "samples_received"),
    ],
)
def test_frame_and_receipt_wording_names_the_milestone(text: str, key: str) -> None:
    # Given a sentence proving a milestone / When entities are extracted
    # Then the milestone key is among them
    assert key in _milestones(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("PO 7100-2231 will follow from procurement this week.", "po_or_sow_executed"),
        ("Work starts once the purchase order is issued.", "po_or_sow_executed"),
        ("If the PO 4500-1 is issued by Friday we can start.", "po_or_sow_executed"),
        ("We are going ahead with dosing on Monday.", "quote_accepted"),
        ("We will decide before we award the study.", "quote_accepted"),
        ("We have not received the samples yet.", "samples_received"),
        ("We will start as soon as the samples have arrived.", "samples_received"),
        ("The shipment hasn't arrived.", "samples_received"),
    ],
)
def test_future_conditional_or_negated_wording_names_no_milestone(text: str, key: str) -> None:
    # Given a sentence that talks about a milestone without proving it
    # When entities are extracted, Then that key is not among them
    assert key not in _milestones(text)


def test_a_key_is_reported_once_from_its_first_firm_mention() -> None:
    # Given a conditional mention followed by a firm one
    found = [
        e
        for e in extract_entities("Once the PO 1 is issued we start. PO 4500-2 is attached.")
        if e.type == "milestone"
    ]
    # Then the firm mention is the one reported, once
    assert [(e.value, e.text) for e in found] == [("po_or_sow_executed", "PO 4500-2 is attached")]


def test_a_pattern_must_start_with_a_plain_letter() -> None:
    # Given a slotted pattern that starts with a group
    # When the combined expression is built, Then it is refused with the pattern named
    with pytest.raises(ValueError, match="plain letter"):
        _first_character_alternation(["kickoff"], [r"(?:a|b)c"])
