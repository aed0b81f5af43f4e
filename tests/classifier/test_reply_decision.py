"""read_decision: approve / reject / needs_review from the new text of a reply."""

from __future__ import annotations

import dataclasses

import pytest

from classifier.reply_decision import ReplyDecision, ReplyReading, read_decision

APPROVE = ReplyDecision.APPROVE
REJECT = ReplyDecision.REJECT
REVIEW = ReplyDecision.NEEDS_REVIEW

CASES = [
    # firm approvals, English
    ("Approved", APPROVE),
    ("approved, PO to follow", APPROVE),
    ("APPROVE", APPROVE),
    ("I approve.", APPROVE),
    ("Agreed.", APPROVE),
    ("Confirmed, thanks.", APPROVE),
    ("Please proceed.", APPROVE),
    ("Go ahead.", APPROVE),
    ("OK to proceed", APPROVE),
    ("ok", APPROVE),
    ("Yes", APPROVE),
    ("yes please", APPROVE),
    ("👍", APPROVE),
    ("✅", APPROVE),
    ("PO to follow.", APPROVE),
    ("No objections, go ahead.", APPROVE),
    ("No problem, please proceed with the repeat run.", APPROVE),
    ("We accept the revised quote.", APPROVE),
    ("You have our approval.", APPROVE),
    ("Approved. Let me know if you need anything else.", APPROVE),
    ("Hi Sam,\n\nApproved.\n\nThanks,\nJane", APPROVE),
    # typos and mixed case
    ("aproved", APPROVE),
    ("Apporved!", APPROVE),
    ("approvd", APPROVE),
    ("aGrEeD", APPROVE),
    ("please procede", APPROVE),
    # German and French approvals
    ("Genehmigt.", APPROVE),
    ("Einverstanden, bitte fortfahren.", APPROVE),
    ("Freigegeben", APPROVE),
    ("Approuvé.", APPROVE),
    ("D'accord, vous pouvez procéder.", APPROVE),
    ("Validé de notre côté.", APPROVE),
    ("oui", APPROVE),
    # Spanish, Portuguese, Italian and Dutch
    ("Aprobado.", APPROVE),
    ("De acuerdo, pueden proceder.", APPROVE),
    ("Aprovado, podem prosseguir.", APPROVE),
    ("Approvato, potete procedere.", APPROVE),
    ("Akkoord, ga je gang.", APPROVE),
    ("Goedgekeurd.", APPROVE),
    ("Rechazado: el presupuesto no alcanza.", REJECT),
    ("Respinto.", REJECT),
    ("Afgewezen.", REJECT),
    ("No estamos de acuerdo.", REJECT),
    ("Non approvato.", REJECT),
    ("Niet akkoord.", REJECT),
    ("Aprobado en principio.", REVIEW),
    ("Aprobado, pero solo la parte A.", REVIEW),
    ("Approvato in linea di principio.", REVIEW),
    ("Akkoord onder voorbehoud.", REVIEW),
    # rejections
    ("Rejected", REJECT),
    ("REJECT", REJECT),
    ("Declined - too expensive.", REJECT),
    ("Do not proceed.", REJECT),
    ("Not approved.", REJECT),
    ("No", REJECT),
    ("No, we need the report on time.", REJECT),
    ("I cannot approve this.", REJECT),
    ("We can't agree to the new price.", REJECT),
    ("Don't go ahead with the repeat.", REJECT),
    ("👎", REJECT),
    ("rejectd", REJECT),
    ("Abgelehnt.", REJECT),
    ("Nicht genehmigt, zu teuer.", REJECT),
    ("Wir sind nicht einverstanden.", REJECT),
    ("Refusé : le budget est dépassé.", REJECT),
    ("Rejeté.", REJECT),
    ("Pas d'accord.", REJECT),
    ("Je n'approuve pas ce devis.", REJECT),
    # tentative and conditional
    ("Approved in principle.", REVIEW),
    ("Pending internal approval.", REVIEW),
    ("Approved subject to finance sign-off.", REVIEW),
    ("Let me check with finance.", REVIEW),
    ("We'll come back to you next week.", REVIEW),
    ("Should be fine but let me confirm.", REVIEW),
    ("Approved if the price stays the same.", REVIEW),
    ("Go ahead once the PO is issued.", REVIEW),
    ("Approve but reduce the cost.", REVIEW),
    ("Can you send the revised quote?", REVIEW),
    ("Approved? Not sure this is in budget.", REVIEW),
    ("I can't approve this yet.", REVIEW),
    ("Not rejected, but not approved either.", REVIEW),
    ("Approved. Actually no, rejected.", REVIEW),
    ("Yes, I reject it.", REVIEW),
    ("Thanks for the update.", REVIEW),
    ("Grundsätzlich einverstanden, vorbehaltlich der Budgetfreigabe.", REVIEW),
    ("Einverstanden, sobald die Bestellung vorliegt.", REVIEW),
    ("D'accord sous réserve de validation interne.", REVIEW),
    ("Validé en principe.", REVIEW),
    ("Validé si le prix reste le même.", REVIEW),
    ("", REVIEW),
    ("   \n  ", REVIEW),
    # Spanish, Italian, German short forms; Japanese and Chinese
    ("Sí, adelante.", APPROVE),
    ("Ok per me.", APPROVE),
    ("Procedete pure.", APPROVE),
    ("Passt so, bitte weiter wie besprochen.", APPROVE),
    ("Va bene, ma solo se la data regge.", REVIEW),
    ("Akkoord, mits de planning blijft.", REVIEW),
    ("Ablehnen. Wir brauchen zuerst das aktualisierte Angebot.", REJECT),
    ("承認します。", APPROVE),
    ("承認します。ただし、納期が守られる場合に限ります。", REVIEW),
    ("承認できません。", REJECT),
    ("却下します。費用が高すぎます。", REJECT),
    ("同意。", APPROVE),
    ("不同意。", REJECT),
    # a reply that opens with the rejection: the reason may hedge
    ("REJECT\n\nDer Wechsel des Kuriers ist mit unserer QA noch nicht abgestimmt.", REJECT),
    ("Rejected - maybe later if the price drops.", REJECT),
    ("Rejected? Not sure, let me check.", REVIEW),
    ("I would probably reject this.", REVIEW),
    # ... even when its reason names what was agreed; a reject and an approve of two
    # things in one clause still needs a person
    ("REJECT\n\nWe only agreed to Day 14 on the call. Day 28 was never discussed.", REJECT),
    ("Reject the old timeline, approve the new one.", REVIEW),
    # Polish, Swedish, Korean
    ("Zatwierdzam.", APPROVE),
    ("Nie zatwierdzam - koszt jest za wysoki.", REJECT),  # as "Not approved - …"
    ("Odrzucam. Budżet się nie zgadza.", REJECT),
    ("Godkänt.", APPROVE),
    ("Avslås, kostnaden är för hög.", REJECT),
    ("승인합니다.", APPROVE),
    ("승인하지 않습니다.", REJECT),
    ("반려합니다. 비용이 너무 높습니다.", REJECT),
    # a refusal that waits for something is not yet a decision
    ("I can't approve this until QA has signed the protocol amendment.", REVIEW),
    ("Nicht genehmigt, bis das neue Angebot vorliegt.", REVIEW),
    # "MA" in an address is not Italian "ma"; hedges in Chinese, Japanese, Korean
    ("Approved. Helix Therapeutics, 200 Binney Street, Cambridge, MA 02142", APPROVE),
    ("Va bene, ma il budget resta fisso.", REVIEW),
    ("原则上同意，待内部审批。", REVIEW),
    ("基本的には承認します。", REVIEW),
    ("원칙적으로 승인합니다.", REVIEW),
    ("Sure, approve it, and why not double the budget too \U0001f644", REVIEW),
    # typed on a phone, negations in more languages, approvals on other terms
    ("i dont aprove this chnage, sorry", REJECT),
    ("Não aprovo. Prefiro substituir as amostras.", REJECT),
    ("rifiutiamo la CR-19: il costo non è coerente con il preventivo.", REJECT),
    ("Rejecting. USD 280 per compound is well above our MSA rate.", REJECT),
    ("Akceptuję, pod warunkiem że termin raportu się nie zmieni.", REVIEW),
    ("Approved at EUR 10,000, the framework rate. Please send a revised CR at that price.", REVIEW),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t)[:40] for t, _ in CASES])
def test_decision_table(text: str, expected: ReplyDecision) -> None:
    # Given the new text of a reply / When it is read
    reading = read_decision(text)
    # Then the decision is the expected one
    assert reading.decision == expected, reading


def test_table_covers_all_three_outcomes_at_scale() -> None:
    # Given the table above / Then it holds at least 60 cases, every outcome present
    assert len(CASES) >= 60
    assert {expected for _, expected in CASES} == set(ReplyDecision)


def test_empty_reply_needs_review_with_reason() -> None:
    # Given an empty reply / When read / Then the reason says so
    assert read_decision("") == ReplyReading(ReplyDecision.NEEDS_REVIEW, "empty reply", ())


def test_our_instruction_line_does_not_count() -> None:
    # Given a reply that is only our own instruction text left unquoted
    reading = read_decision("Please reply APPROVE or REJECT to this message.")
    # Then nothing was decided
    assert reading.decision == REVIEW and reading.reason == "empty reply"


def test_instruction_line_is_ignored_next_to_a_real_answer() -> None:
    # Given an answer above our instruction line (unquoted by the client)
    reading = read_decision("Rejected.\nTo decide, reply APPROVE or REJECT.")
    # Then only the answer counts
    assert reading.decision == REJECT and reading.matched == ("rejected",)


def test_quoted_lines_do_not_count() -> None:
    # Given a quoted "approved" below a tentative answer
    reading = read_decision("Let me check.\n> Approved by finance")
    # Then the quote is not read
    assert reading.decision == REVIEW and "approved" not in reading.matched


def test_reject_reason_is_the_senders_text_after_the_keyword() -> None:
    # Given a rejection with a reason on the same line
    reading = read_decision("Rejected - the cost increase was not agreed.")
    # Then the reason is the sender's words
    assert reading.reason == "the cost increase was not agreed."


def test_reject_reason_comes_from_the_next_paragraph() -> None:
    # Given a bare rejection followed by a paragraph explaining it
    reading = read_decision("Rejected.\n\nThe timeline does not work for us.")
    # Then that paragraph is the reason
    assert reading.reason == "The timeline does not work for us."


def test_reject_without_reason_has_empty_reason() -> None:
    # Given a bare rejection signed off
    reading = read_decision("Rejected.\n\nThanks,\nTom")
    # Then no reason is invented
    assert reading.reason == ""


def test_needs_review_reason_names_the_tentative_phrase() -> None:
    # Given a tentative approval / When read
    reading = read_decision("Approved in principle")
    # Then the reason and matched phrases say why
    assert reading.reason == "tentative: 'in principle'"
    assert reading.matched == ("in principle",)


def test_matched_lists_the_deciding_approval_phrases() -> None:
    # Given a firm approval with two signals / When read / Then both are listed
    assert read_decision("Approved, PO to follow.").matched == ("approved", "po to follow")


def test_negated_approval_is_matched_as_the_negation() -> None:
    # Given a negated approval / When read / Then the whole negation decided
    assert read_decision("I cannot approve this.").matched == ("cannot approve",)


def test_word_approver_is_not_corrected_into_approved() -> None:
    # Given a sentence using "approver" (one letter from "approved")
    reading = read_decision("The approver is on leave.")
    # Then it is not read as an approval
    assert reading.decision == REVIEW and reading.matched == ()


def test_reading_is_frozen() -> None:
    # Given a reading / When a field is assigned / Then it refuses
    reading = read_decision("Approved")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.decision = REJECT  # type: ignore[misc]
