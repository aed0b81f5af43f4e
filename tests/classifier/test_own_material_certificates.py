"""Whose CoA: the sponsor's certificate for its own test item is `other` (domain notes)."""

from __future__ import annotations

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput
from classifier.signals import looks_like_certificate, sends_own_material_coa

SPONSOR_COA = (
    "CERTIFICATE OF ANALYSIS\nProduct: XR-118 drug substance   Lot: XR118-DS-0231\n"
    "Manufacturer: Xerion Therapeutics Inc.\nTest | Specification | Result\n"
    "Appearance | White to off-white powder | Conforms\nAssay (HPLC) | 98.0-102.0% | 99.6%\n"
    "Water (KF) | NMT 1.0% | 0.3%\nConclusion: The lot meets specification."
)
PROVIDER_COA = (
    "CERTIFICATE OF ANALYSIS\nSample: Batch 24-117 drug product   Lot: DP-24117\n"
    "Testing laboratory: Nordlab Analytical GmbH\nTest | Specification | Result\n"
    "Assay (HPLC) | 95.0-105.0% | 100.2%\nRelated substances | NMT 1.0% | 0.4%\n"
    "Conclusion: PASS. Released by Nordlab QA"
)


@pytest.mark.parametrize(
    "text",
    [
        "The test article ships today by World Courier. Please find attached our CoA for lot "
        "XR118-DS-0231 for your records.",
        "Attached is the certificate of analysis of the reference standard we are sending you "
        "for the method transfer.",
        "We shipped 5 g of XR-118 to your site yesterday. The manufacturer's CoA is attached.",
        "Anbei das Analysenzertifikat der Prüfsubstanz, Versand heute per Kurier.",
        "Die Proben gehen am Dienstag per DHL raus. Vorab unsere Analysenzertifikate der drei "
        "Chargen, damit Ihr Probeneingang die Annahme vorbereiten kann.",
        "Ahead of next week's shipment, here are the CoA and SDS for DS batch HP-DS-2602 so "
        "your QA can prepare the incoming inspection.",
        "Your QA asked for the CoA of the HT-4410 lot before dose formulation starts - "
        "attached. The material itself arrived last Thursday.",
    ],
)
def test_the_sponsor_sending_its_own_material_is_recognised(text: str) -> None:
    assert sends_own_material_coa(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please find attached the signed CoA for lot DP-24117. All tests passed.",
        "The batch was released today; CoA and CoC attached.",
        "Could you send us the CoA for the reference standard?",  # asks, sends nothing
        "The test article arrived in good condition, stored at 2-8 C.",  # no certificate
    ],
)
def test_a_provider_releasing_its_batch_is_not_the_sponsors_material(text: str) -> None:
    assert not sends_own_material_coa(text)


def test_a_certificate_is_known_by_its_name_or_title() -> None:
    assert looks_like_certificate("CoA_XR118.pdf", "")
    assert looks_like_certificate("scan_0012.pdf", SPONSOR_COA)
    assert not looks_like_certificate("Final_report.pdf", "Final Report\nStudy 1234")


def test_the_sponsors_own_coa_is_other_with_its_attachment(clf: Classifier) -> None:
    # Given a sponsor shipping its test article with its own certificate
    item = MessageInput(
        "Test article shipment - CoA",
        "Hi Maria,\n\nThe test article ships today by World Courier. Please find attached our "
        "CoA for lot XR118-DS-0231 for your records, so your team can log it in on receipt."
        "\n\nBest, Tom",
        (AttachmentInput("CoA_XR118-DS-0231.pdf", "application/pdf", SPONSOR_COA),),
    )
    # When it is classified
    (result,) = clf.classify([item])
    # Then neither the mail nor the certificate is a delivery
    assert result.message.label == Label.OTHER
    assert [a.label for a in result.attachments] == [Label.OTHER]
    assert "sponsor's own material" in result.attachments[0].signals[0]


def test_the_providers_coa_stays_a_deliverable(clf: Classifier) -> None:
    # Given a lab sending the CoA of the batch it tested
    item = MessageInput(
        "CoA for lot DP-24117",
        "Dear Tom,\n\nPlease find attached the signed CoA for lot DP-24117. All tests passed."
        "\n\nBest regards,\nNordlab QA",
        (AttachmentInput("CoA_DP-24117.pdf", "application/pdf", PROVIDER_COA),),
    )
    # When it is classified, Then both are deliverables
    (result,) = clf.classify([item])
    assert result.message.label == Label.DELIVERABLE
    assert [a.label for a in result.attachments] == [Label.DELIVERABLE]
