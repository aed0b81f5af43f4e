"""read_review: accepted / changes requested / none from a sponsor's answer to a delivery."""

from __future__ import annotations

import dataclasses

import pytest

from classifier.review_decision import ReviewDecision, ReviewReading, read_review

ACCEPTED = ReviewDecision.ACCEPTED
CHANGES = ReviewDecision.CHANGES_REQUESTED
NONE = ReviewDecision.NONE

CASES = [
    # acceptance, English
    ("Accepted.", ACCEPTED),
    ("ACCEPT", ACCEPTED),
    ("Accepted - no further comments.\n\nSarah", ACCEPTED),
    ("Approved, thank you.", ACCEPTED),
    ("No further comments from us. Michael", ACCEPTED),
    ("No comments from our side, please finalise.", ACCEPTED),
    ("We accept the final report.", ACCEPTED),
    ("Signed off by QA and by me.", ACCEPTED),
    ("Happy with the report - please issue the final.", ACCEPTED),
    ("OK to finalize.", ACCEPTED),
    ("Nothing further from us, thanks.", ACCEPTED),
    ("aproved", ACCEPTED),
    ("Accepted. Let me know if you need anything else.", ACCEPTED),
    # acceptance, German and French
    ("Bericht abgenommen, vielen Dank.", ACCEPTED),
    ("Keine weiteren Anmerkungen, bitte finalisieren.", ACCEPTED),
    ("Freigegeben.", ACCEPTED),
    ("Wir akzeptieren den Abschlussbericht.", ACCEPTED),
    ("Rapport validé, merci.", ACCEPTED),
    ("Pas d'autres commentaires de notre part.", ACCEPTED),
    ("Bon pour accord.", ACCEPTED),
    ("Nous acceptons le rapport final.", ACCEPTED),
    # changes requested, English
    ("Thanks James. Our comments are attached; please finalise once they are addressed.", CHANGES),
    ("Comments below.", CHANGES),
    ("Please revise section 5 and resend.", CHANGES),
    ("A few comments on Table 3 - see the marked-up copy.", CHANGES),
    ("Tracked changes attached.", CHANGES),
    ("We cannot accept the report as it stands.", CHANGES),
    ("Not accepted: the ISR results are missing.", CHANGES),
    ("Changes requested, see attachment.", CHANGES),
    ("Before we can sign off, the units in the PK table need correction.", CHANGES),
    ("Accepted apart from section 4 - please correct the dose units.", CHANGES),
    ("Attached are our consolidated comments.", CHANGES),
    # changes requested, German and French
    ("Unsere Anmerkungen sind im Anhang.", CHANGES),
    ("Bitte Tabelle 3 überarbeiten.", CHANGES),
    ("So nicht abgenommen - die Einheiten stimmen nicht.", CHANGES),
    ("Nos commentaires sont en pièce jointe.", CHANGES),
    ("Merci de corriger le tableau 2.", CHANGES),
    ("Nous ne pouvons pas accepter ce rapport.", CHANGES),
    ("Pas validé en l'état.", CHANGES),
    # tentative or conditional: never an acceptance
    ("Accepted in principle, pending our QA sign-off.", NONE),
    ("Approved subject to the QA statement being added.", NONE),
    ("Accepted if the appendix is added.", NONE),
    ("Should be fine, accepted I think.", NONE),
    ("No further comments yet - QA is still reading.", NONE),
    ("Accepted once legal has had a look.", NONE),
    ("Im Prinzip abgenommen, vorbehaltlich QA.", NONE),
    ("Validé sous réserve de l'avis de notre QA.", NONE),
    ("Accepté si le tableau 4 est complété.", NONE),
    # nothing about the review
    ("Thanks James - got it, will review with QA.", NONE),
    ("Could you send the raw data as well?", NONE),
    ("Out of office until Monday.", NONE),
    ("", NONE),
    ("Reply ACCEPT to accept it, or reply with your comments.", NONE),
    ("Thanks!\n> Accepted by QA on 3 March", NONE),
    # comments already addressed are not new ones; faults named ask for changes
    ("Thanks for addressing our comments. We accept v2 as final.", ACCEPTED),
    ("Table 9 is wrong, please check against the raw data.", CHANGES),
    ("The define.xml doesn't match the XPT files.", CHANGES),
    ("SEND datasets checked, no discrepancies found. Accepted.", ACCEPTED),
    ("Please add my colleague to the distribution list.", NONE),
    # more languages
    ("Aceptado. Gracias por el informe.", ACCEPTED),
    ("Approvato, nessun commento.", ACCEPTED),
    ("内容を確認し、問題ありませんでしたので承認いたします。", ACCEPTED),
    ("Keine Anmerkungen, passt so. Danke!", ACCEPTED),
    ("No podemos aceptar el registro de lote tal como está.", CHANGES),
    ("表5の数値に誤りがあります。修正の上、再送をお願いします。", CHANGES),
    ("Pouvez-vous réémettre le CoA ? La date est fausse.", CHANGES),
    ("fig 3 y axis should be log scale, pls fix", CHANGES),
    ("Could you re-run the curve fits with the top constrained to 100 %?", CHANGES),
    ("Accepted, except section 5: please add the pH excursion as a deviation.", CHANGES),
    ("Great report! Could you add the LLOQ to Table 4? Otherwise all good.", CHANGES),
    ("Je n'accepte pas cette version : l'annexe 4 manque.", CHANGES),
    ("Vi har ett par kommentarer innan vi kan godkänna: figur 2 saknar felstaplar.", CHANGES),
    ("Ser bra ut, vi godkänner rapporten. Tack!", ACCEPTED),
    ("검토 완료했습니다. 이 버전으로 승인합니다.", ACCEPTED),
    ("Could you add my colleague to the distribution list? Accepted.", ACCEPTED),
    ("Accepted. Will the final carry the QA statement? We need it before we can file.", NONE),
    # holding answers decide nothing (their `tentative` says why: see below)
    ("We'll review and come back to you by Friday.", NONE),
    ("Can you confirm the LLOQ before we accept?", NONE),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t)[:40] for t, _ in CASES])
def test_review_table(text: str, expected: ReviewDecision) -> None:
    # Given the new text of a reply to a delivery / When it is read
    reading = read_review(text)
    # Then the decision is the expected one
    assert reading.decision == expected, reading


def test_table_covers_every_outcome_at_scale() -> None:
    # Given the table above / Then it holds at least 40 cases and every outcome
    assert len(CASES) >= 40
    assert {expected for _, expected in CASES} == set(ReviewDecision)


def test_changes_win_over_acceptance_words() -> None:
    # Given comments together with "please finalise"
    reading = read_review("Our comments are attached; please finalise once addressed.")
    # Then the comments decide, and they are the matched phrase
    assert reading.decision is CHANGES
    assert reading.matched == ("our comments",)


def test_hedged_acceptance_names_the_hedge() -> None:
    # Given an acceptance hedged by tentative wording
    reading = read_review("Accepted in principle")
    # Then it is not an acceptance, and the hedge and the acceptance are both named
    assert reading == ReviewReading(NONE, ("accepted",), ("in principle",))
    assert reading.reason == "tentative: 'in principle'"


def test_silence_about_the_review_is_not_tentative() -> None:
    # Given a reply with no review wording / Then nothing is matched and no hedge reported
    reading = read_review("Thanks, will read it next week.")
    assert reading == ReviewReading(NONE) and reading.reason == ""


def test_acceptance_reason_lists_the_deciding_phrases() -> None:
    # Given an acceptance with two signals / Then the reason lists both
    assert read_review("Accepted, no further comments.").reason == (
        "accepted: 'accepted', 'no further comments'"
    )


def test_polite_closing_is_not_a_condition() -> None:
    # Given an acceptance followed by a polite "let me know if"
    reading = read_review("Approved. Please let me know if you need anything from us.")
    # Then it is still an acceptance
    assert reading.decision is ACCEPTED


def test_reading_is_frozen() -> None:
    # Given a reading / When a field is assigned / Then it refuses
    reading = read_review("Accepted")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.decision = CHANGES  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "We'll review and come back to you by Friday.",
        "Thanks, received - forwarded to our QA team for review.",
        "Can you confirm the LLOQ before we accept?",
        "社内で確認の上、改めてご連絡いたします。",
        "Recibido. Lo revisamos internamente con Calidad.",
    ],
)
def test_a_holding_answer_is_about_the_review_but_decides_nothing(text: str) -> None:
    reading = read_review(text)
    assert reading.decision is NONE and reading.tentative, reading
    assert read_review("Who should get the invoice for this milestone?").tentative == ()
