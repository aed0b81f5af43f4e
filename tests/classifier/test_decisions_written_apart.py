"""Answers to Mailroom's two requests, written apart from the readers: a regression floor.

`decisions_unseen2/` (100 replies by an author who saw neither this code nor its tests): 55
answers to a change-approval request and 45 to a delivery-review request, in twelve
languages and a dozen clients, each with the new text and the decision a prudent project
manager would record. First scored: text 95/100, approvals 44/55, reviews 36/45. Fixed from
it: negations typed without an apostrophe ("i dont aprove"), Portuguese and Italian
refusals, "Rejecting.", Polish, Swedish and Portuguese conditions, an approval on other
terms ("approved at EUR 10,000 … send a revised CR"); for reviews, a change asked as a
question ("could you re-run the fits?"), "pls fix", "accepted, except section 5", French
"je n'accepte pas", Swedish and Korean; a disclaimer led by "the information contained
in this e-mail" in six languages: text 97/100, approvals 50/55, reviews 45/45.

Left, by design of the text reader: an approval of another change than the one asked
("Approved for CR-15" to CR-14's request) and one forwarded to a colleague who approves.
Mailroom sends the first to a person (`mailroom.reply_reading`) and counts an approval
only from the authorised approver holding the signed token, so neither acts. Also left:
"approved" that refers to a board's budget in a reply that says no, and "rejected" about
an earlier revision in a reply that approves this one.
"""

from __future__ import annotations

import json
from pathlib import Path

from classifier.reply_decision import read_decision
from classifier.review_decision import read_review
from ingest import RawEmail, parse
from tests.ingest.test_replies_written_apart import _right

HERE = Path(__file__).parent / "decisions_unseen2"
TEXT_FLOOR = 0.95  # 95 of 100
APPROVAL_FLOOR = 0.87  # 48 of 55
REVIEW_FLOOR = 0.93  # 42 of 45


def _read() -> list[tuple[str, dict[str, str], str, str]]:
    expected = json.loads((HERE / "expected.json").read_text())
    out = []
    for name, want in sorted(expected.items()):
        parsed = parse(RawEmail.from_bytes((HERE / "mail" / name).read_bytes(), f"file:{name}"))
        reader = read_decision if want["kind"] == "approval" else read_review
        out.append((name, want, parsed.reply_text, reader(parsed.reply_text).decision.value))
    return out


def test_answers_to_our_requests_stay_above_their_floors() -> None:
    # Given 100 answers to our approval and review requests, When each is parsed and read
    read = _read()
    # Then the new text and the decisions stay above their floors
    assert len(read) == 100
    wrong_text = [name for name, want, text, _ in read if not _right(text, want["reply"])]
    assert 1 - len(wrong_text) / len(read) >= TEXT_FLOOR, wrong_text
    for kind, floor in (("approval", APPROVAL_FLOOR), ("review", REVIEW_FLOOR)):
        mine = [(n, w["decision"], got) for n, w, _, got in read if w["kind"] == kind]
        wrong = [m for m in mine if m[1] != m[2]]
        assert 1 - len(wrong) / len(mine) >= floor, (kind, wrong)


def test_no_refusal_or_hedge_is_read_as_consent() -> None:
    # Given the same answers, When read, Then consent is read only where it was given,
    # but for the cases the module docstring names (Mailroom's other guards stop them)
    read = _read()
    consent = {"approve", "accepted"}
    wrongly = [n for n, w, _, got in read if got in consent and w["decision"] not in consent]
    assert len(wrongly) <= 3, wrongly
