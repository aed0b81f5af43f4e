"""Reply extraction on 120 replies written apart from the extractor: a regression floor.

`replies_unseen/` was written for this project by an author who saw neither this code nor
the shared golden set: Gmail, Outlook (desktop, web, Mac, in six languages), Apple Mail,
Thunderbird, Lotus Notes, Yahoo, BlackBerry, Zimbra; top-posted, bottom-posted and
interleaved; HTML-only, quoted-printable, base64, windows-1252, ISO-8859-1 and
ISO-2022-JP; gateway banners, disclaimers in five languages, and 40 answers to our own
"Reply APPROVE or REJECT" request. `expected.json` gives each reply's new text.

The author dropped a bare sign-off ("Best,\\nAnna"); Mailroom keeps it (the policy in
`ingest.reply.signature`, and what the public suites of the shared golden set expect).
So a reply that differs from the expectation only by a trailing block of short lines
with no sentence in it counts as right. First scored at 114/120 on that measure; the
gateway banner, the address in a first sentence, Spanish disclaimers and ISO-2022-JP
were fixed from what it showed (118/120). The forward sent with no note of its own is
read as the forwarded body by design (`ingest.reply.plain`), the author expected "".

`replies_unseen2/` (100, by a second author told Mailroom's sign-off policy) leans on
the hard cases: Outlook and OWA HTML in nine languages, logo `[cid:…]` lines, company
register footers, gateway banners in three languages, "From:/To:" lines in the new text,
Polish and Swedish clients. First scored at 89/100 (85 exactly); the fixes it led to
(longer signature blocks, a sign-off a few lines above its contact block, more
languages' sign-offs, footers, banners, disclaimers, "pisze") brought it to 100/100.

`replies_unseen3/` (100, a third author, same policy): format=flowed plain text, Korean,
Chinese and Polish Outlook header blocks, courier "From:/To:" lines in the new text, a
"> 5 mg/mL" value, P.S. after the sign-off, text/plain parts collapsed to one line or led
by leaked CSS, Word list indents, 20 answers to our approval request. First scored at
81/100; the fixes (RFC 3676 unwrapping, more header keys, a sign-off and name followed by
title lines, environment footers in five languages, the cases above) brought it to 96/100.
Of the four left, two keep a Korean sign-off ("감사합니다.") by policy, one keeps a sign-off
above a P.S., and one has its answers typed inside the quoted history.

`replies_unseen4/` (80, a fourth author) answers only our "Reply APPROVE or REJECT"
requests, in twelve localised Outlooks and a dozen other clients, and gives each reply's
decision too: 30 approve, 20 reject, 30 needs review (hedges, conditions, questions,
sarcasm, an approval of another change). First scored at 77/80 texts and 67/80
decisions. Fixed from it: a gateway banner rendered on the line above the reply, two
footers; negated approvals ("Nicht genehmigt", "I don't agree", "不同意") read as
refusals, Chinese, Japanese and Korean hedges, "MA 02142" no Italian "ma", an eye-roll
emoji: 79/80 and 77/80. Left: answers typed below the quoted header block, "reject the
old timeline, approve the new one" (debatable), and an approval naming another change
(Mailroom sends that one to a person: `mailroom.reply_reading`).

`replies_unseen5/` (80, a fifth author) is long real-life threads: 3-8 levels of mixed
clients, long new text with "From"/"Sent"/"wrote" in its sentences, corporate signatures,
P.S. below a signature, "|" and "»" quotes, forwards with a note, hard-wrapped and flowed
text, HTML-only from ten clients, eight languages. First scored at 68/80; fixed from it:
a bilingual sign-off, Dutch and Portuguese closings, a P.S. below the signature, "|" and
"»" quotes, an attribution misplaced above the greeting, Outlook's first-contact tip, and
"... your team wrote:" introducing the writer's own quotation: 77/80. Left: answers
typed inside unquoted Outlook history, and a name kept above answers typed into a quote.

`replies_unseen6/` (80, a sixth author) covers clients not yet common here: Outlook in
ten localisations (FR with its non-breaking space before the colon, NL, PT-BR, JA, RU, TR,
CS), iOS and Android mail, ProtonMail, Zimbra, HCL Notes, Front, Zendesk and Freshdesk,
Superhuman and HEY; interleaved answers to numbered questions; new text holding "From:",
"Sent:", "-----" and tables; KOI8-R and ISO-2022-JP. First scored at 77/80. Fixed from
it: Proton Mail's footer in four languages, and a client footer above a quote the sender
answered inline no longer ends the reply: 79/80. Left: a forward with no note of its own,
read as the forwarded body by design.

`replies_unseen7/` (80, a seventh author) is languages and scripts not yet common here:
Russian, Ukrainian, Turkish, Czech, Slovak, Hungarian, Romanian, Greek, Hebrew and
Arabic (right to left), Thai, Vietnamese, Indonesian, Hindi, Finnish, Danish, Norwegian,
in their own charsets (windows-1251/1255/1256/1258, KOI8, ISO-8859-2/7/8, TIS-620). First
scored at 47/80: the reader knew few of these languages' header keys, sign-offs,
separators, banners, footers and disclaimers. Added them all, stripped the bidi controls
Gmail wraps a right-to-left attribution in, read "Name kirjoitti 14.3.2025 klo 9.41:",
matched Vietnamese in composed form, and stopped reading a quoted "> 2. …" list item as a
value: 78/80. Left: two forwards with no note, read as the forwarded body by design.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.reply_decision import read_decision
from ingest import RawEmail, parse

HERE = Path(__file__).parent / "replies_unseen"
SECOND = Path(__file__).parent / "replies_unseen2"
THIRD = Path(__file__).parent / "replies_unseen3"
FOURTH = Path(__file__).parent / "replies_unseen4"
FIFTH = Path(__file__).parent / "replies_unseen5"
SIXTH = Path(__file__).parent / "replies_unseen6"
SEVENTH = Path(__file__).parent / "replies_unseen7"
DECISION_FLOOR = 0.90  # 72 of 80
FLOOR = 0.95  # 114 of 120; 95 of 100 (second, third); 76 of 80 (fourth to sixth)
SIGN_OFF_LINES = 6
SIGN_OFF_CHARS = 80


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\xa0", " ").splitlines() if line.strip()]


def _only_a_sign_off(tail: list[str]) -> bool:
    return len(tail) <= SIGN_OFF_LINES and all(
        len(line) <= SIGN_OFF_CHARS and not line.rstrip().endswith((".", ":")) for line in tail
    )


def _right(got: str, want: str) -> bool:
    got_lines, want_lines = _lines(got), _lines(want)
    if got_lines[: len(want_lines)] != want_lines:
        return False
    return _only_a_sign_off(got_lines[len(want_lines) :])


@pytest.mark.parametrize(
    ("here", "size"),
    [
        (HERE, 120), (SECOND, 100), (THIRD, 100), (FOURTH, 80), (FIFTH, 80), (SIXTH, 80),
        (SEVENTH, 80),
    ],
    ids=["first", "second", "third", "fourth", "fifth", "sixth", "seventh"],
)
def test_replies_written_apart_stay_above_the_floor(here: Path, size: int) -> None:
    # Given the replies and their expected new text
    expected = json.loads((here / "expected.json").read_text())
    # When each is parsed as Mailroom parses inbound mail
    wrong = []
    for name, want in sorted(expected.items()):
        parsed = parse(RawEmail.from_bytes((here / "mail" / name).read_bytes(), f"file:{name}"))
        if not _right(parsed.reply_text, want["reply"]):
            wrong.append(f"{name}: {parsed.reply_text[:80]!r}")
    # Then the share right stays above the floor (the misreads are listed on failure)
    assert len(expected) == size
    assert 1 - len(wrong) / len(expected) >= FLOOR, wrong


@pytest.mark.parametrize(
    "here", [HERE, SECOND, THIRD, FOURTH], ids=["first", "second", "third", "fourth"]
)
def test_no_answer_to_our_request_keeps_the_request_text(here: Path) -> None:
    # Given every reply to our approval request, When parsed, Then none carries our words
    expected = json.loads((here / "expected.json").read_text())
    for name in sorted(expected):
        raw = (here / "mail" / name).read_bytes()
        if b"APPROVE or REJECT" not in raw:
            continue
        parsed = parse(RawEmail.from_bytes(raw, f"file:{name}"))
        assert "APPROVE or REJECT" not in parsed.reply_text, name


def test_decisions_in_answers_to_our_request_stay_above_the_floor() -> None:
    # Given 80 answers to our approval request with the decision each one makes
    expected = json.loads((FOURTH / "expected.json").read_text())
    # When each is parsed and its new text read as a decision
    wrong = []
    for name, want in sorted(expected.items()):
        parsed = parse(RawEmail.from_bytes((FOURTH / "mail" / name).read_bytes(), f"file:{name}"))
        got = read_decision(parsed.reply_text).decision.value
        if got != want["decision"]:
            wrong.append(f"{name}: {got}, want {want['decision']}")
    # Then the share right stays above the floor, and no hedge or refusal is an approval
    assert len(expected) == 80
    assert 1 - len(wrong) / len(expected) >= DECISION_FLOOR, wrong
    approved_wrongly = [w for w in wrong if w.split(": ")[1].startswith("approve,")]
    assert len(approved_wrongly) <= 2, approved_wrongly  # one when written: another CR's
