"""fold: typo correction by a one-edit neighbourhood table, the same as a direct edit check."""

from __future__ import annotations

import random
import re

from classifier.reply_decision import _KNOWN_FORMS, _TYPO_TARGETS, _correct, fold

ALPHABET = "abcdefghijklmnopqrstuvwxyzäéöüß"


def within_one_edit(a: str, b: str) -> bool:
    """The reference: optimal string alignment distance <= 1, checked directly."""
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def reference_correct(word: str) -> str:
    if word in _TYPO_TARGETS or word in _KNOWN_FORMS:
        return word
    return next((t for t in _TYPO_TARGETS if within_one_edit(word, t)), word)


def one_edit(word: str) -> set[str]:
    out = set()
    for i in range(len(word) + 1):
        out.update(word[:i] + ch + word[i:] for ch in ALPHABET)
        if i < len(word):
            out.add(word[:i] + word[i + 1 :])
            out.update(word[:i] + ch + word[i + 1 :] for ch in ALPHABET)
        if i < len(word) - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return out


def test_typo_correction_matches_the_direct_edit_check() -> None:
    # Given every word one edit from a target, a sample two edits away, and real words
    rng = random.Random(0)
    near = set().union(*(one_edit(t) for t in _TYPO_TARGETS))
    pool = sorted(near)
    far = {rng.choice(sorted(one_edit(rng.choice(pool)))) for _ in range(3000)}
    words = near | far | _KNOWN_FORMS | {"approach", "proceeding", "reject", "agreement", "xyz"}
    # Then the neighbourhood table corrects each exactly as the direct check does
    assert {w: _correct(w) for w in words} == {w: reference_correct(w) for w in words}
    # And the first target in table order wins when a word is near two ("agreed"/"approved")
    assert _correct("aproved") == "approved"
    assert _correct("rejectd") == "rejected"
    assert _correct("approver") == "approver"


def test_fold_lowers_unifies_spacing_and_corrects_typos() -> None:
    # Given text with tabs, runs of blanks, a curly apostrophe and typos of key words
    text = "APROVED\t\tbut  we don\u2019t\u00a0procede;\tthe aproach is fine"
    # When it is folded, Then it reads as the reference formula says
    expected = re.sub(r"[ \t]+", " ", text.replace("\u2019", "'").replace("\u00a0", " ").lower())
    expected = re.sub(r"[^\W\d_]{5,}", lambda m: reference_correct(m.group(0)), expected)
    assert fold(text) == expected == "approved but we don't proceed; the aproach is fine"
