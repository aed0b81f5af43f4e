"""Review replies written apart from the review reader: a regression floor.

`reviews_unseen/` (70 replies by an author who saw neither this code nor its tests) answers
our "Deliverable received ... Reply ACCEPT to accept it, or reply with your comments"
notice or the lab's own delivery mail, in Outlook (six languages), Gmail, Apple Mail,
Thunderbird, Notes and out-of-office replies, with comment tables and tracked changes
attached. `expected.json` gives each reply's new text and its review: accepted (22),
changes requested (22), tentative (16: hedged, conditional, "we'll review and come back"),
none (10). First scored at 36/70 reviews: "thanks for addressing our comments" read as
new comments, acceptances in Spanish, Italian and Japanese unknown, faults named without
"please revise" missed, holding answers not told apart from silence. 70/70 since; this set
is therefore no longer unseen by the reader, and stays as a floor with some slack.
"""

from __future__ import annotations

import json
from pathlib import Path

from classifier.review_decision import ReviewDecision, read_review
from ingest import RawEmail, parse

HERE = Path(__file__).parent / "reviews_unseen"
FLOOR = 0.9  # 63 of 70


def _review(text: str) -> str:
    reading = read_review(text)
    if reading.decision is ReviewDecision.NONE:
        return "tentative" if reading.tentative else "none"
    return reading.decision.value


def test_review_replies_written_apart_stay_above_the_floor() -> None:
    # Given the replies and the review each one gives
    expected = json.loads((HERE / "expected.json").read_text())
    # When each is parsed as inbound mail and its new text read as a review
    wrong = []
    for name, want in sorted(expected.items()):
        parsed = parse(RawEmail.from_bytes((HERE / "mail" / name).read_bytes(), f"file:{name}"))
        got = _review(parsed.reply_text)
        if got != want["review"]:
            wrong.append(f"{name}: {got}, want {want['review']}")
    # Then the share right stays above the floor, and no request for changes or hedge
    # is ever read as an acceptance
    assert len(expected) == 70
    assert 1 - len(wrong) / len(expected) >= FLOOR, wrong
    assert not [w for w in wrong if w.split(": ")[1].startswith("accepted,")], wrong
