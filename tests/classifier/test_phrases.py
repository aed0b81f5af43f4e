"""Phrase tables find exactly what their full alternation finds, only with less work."""

from __future__ import annotations

import random
import re

import pytest

from classifier import reply_decision, review_decision
from classifier.phrases import (
    PhraseTable,
    alternation,
    ascii_view,
    find_and_mask,
    find_phrases,
    mask,
    required_words,
)

TABLES = {
    f"{module.__name__.rsplit('.', 1)[1]}.{name}": table
    for module in (reply_decision, review_decision)
    for name, table in vars(module).items()
    if isinstance(table, PhraseTable)
}

SENTENCES = [
    "Approved, PO to follow.",
    "We cannot approve this until the budget is revised.",
    "Not approved - the cost is too high.",
    "Accepted in principle, pending internal approval.",
    "Our comments are attached; please finalise once addressed.",
    "Ich habe das nicht genehmigt. Bitte überarbeiten.",
    "Nous ne pouvons pas accepter ce rapport. Sous réserve de validation.",
    "Reply APPROVE or REJECT to this message.",
    "no\nnope, not this time\n> Approved\nOK",
    "Yes. If the timeline holds, go-ahead; otherwise let me check with finance?",
    "we'll come back to you; probably fine, should be ok",
    "CONFİRMED and pleaſe proceed, I AGREE",  # İ and ſ: the regex folds them onto i and s
    "tracked changes and red-lines inline, marked-up copy below",
    "👍 ✅ ❌ 👎",
    "",
]


def full_find(table: PhraseTable, text: str) -> tuple[str, ...]:
    """The reference: the whole alternation, line by line, as the readers used to search."""
    found = (
        m.group(0).strip(" \n.,;:!-") or m.group(0).strip()
        for line in text.split("\n")
        for m in table.pattern.finditer(line)
    )
    return tuple(dict.fromkeys(p for p in found if p))


def full_mask(table: PhraseTable, text: str) -> str:
    return "\n".join(
        table.pattern.sub(lambda m: " " * len(m.group(0)), line) for line in text.split("\n")
    )


def texts() -> list[str]:
    """The sentences, lower-cased (as the readers fold them) and mixed line by line."""
    rng = random.Random(4)
    lines = [line for s in SENTENCES for line in s.split("\n")]
    mixed = ["\n".join(rng.sample(lines, 4)) for _ in range(40)]
    return SENTENCES + [s.lower() for s in SENTENCES] + mixed


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_finds_and_masks_what_its_full_alternation_does(name: str) -> None:
    # Given a phrase table of the reply readers, When it searches each text
    table = TABLES[name]
    for text in texts():
        # Then phrases, masked text and the search agree with the full alternation
        assert find_phrases(table, text) == full_find(table, text), text
        assert mask(text, table) == full_mask(table, text), text
        assert find_and_mask(table, text) == (full_find(table, text), full_mask(table, text))
        rx = table.for_text(text)
        assert bool(rx and rx.search(text)) == bool(table.pattern.search(text)), text


def test_a_table_skips_patterns_whose_words_are_absent() -> None:
    # Given a table of three phrases and a text with the words of one of them
    table = PhraseTable((r"\bapproved\b", r"\bplease\s+proceed\b", r"\bon\s+hold\b"), re.I)
    # When it is searched, Then the alternation it runs holds that phrase only
    rx = table.for_text("Please PROCEED today")
    assert rx is not None
    assert "proceed" in rx.pattern
    assert "approved" not in rx.pattern
    assert "hold" not in rx.pattern
    # And a text with none of the words runs no search at all
    assert table.for_text("Thanks, will read it next week.") is None


def test_required_words_come_from_the_parse() -> None:
    # Given patterns with literal runs, groups, branches and optional parts
    # Then every match must contain a word of each returned set, rarest set first
    assert required_words(r"\bapproved\b") == (frozenset({"approved"}),)
    assert required_words(r"\b(?:i|we)\s+accept\b") == (
        frozenset({"accept"}),
        frozenset({"i", "we"}),
    )
    assert frozenset({"finali"}) in required_words(r"\bplease\s+finali[sz]e\b")
    # Optional parts, look-arounds and classes require nothing
    assert required_words(r"(?:\bmaybe\b)?\w+") == ()
    assert required_words(r"(?<!please )\bgo\b") == (frozenset({"go"}),)
    # Cased non-ASCII letters split a run (another case form may match them)
    assert required_words(r"\bvorläufig\b") == (frozenset({"ufig"}), frozenset({"vorl"}))
    # Characters without case (CJK, hangul, emoji) match only themselves: looked up too
    assert required_words("\U0001f44d") == (frozenset({"\U0001f44d"}),)
    assert required_words(r"(?<!不)(?:同意|批准)") == (frozenset({"同意", "批准"}),)
    assert required_words(r"(?:승인|동의)(?:합니다|함)") == (
        frozenset({"승인", "동의"}),
        frozenset({"합니다", "함"}),
    )


def test_a_leading_word_boundary_is_shared_only_where_it_binds_the_whole_pattern() -> None:
    # Given patterns that open with \b, one with a top-level alternative, and one without \b
    joined = alternation([r"\bif\b", r"\bonce\b", r"\bfoo|bar", r"\?"])
    # Then consecutive \b patterns share one boundary; "\bfoo|bar" keeps its own
    assert joined == r"\b(?:(?:if\b)|(?:once\b))|(?:\bfoo|bar)|(?:\?)"
    full = re.compile(r"(?:\bif\b)|(?:\bonce\b)|(?:\bfoo|bar)|(?:\?)")
    for text in ("if once", "xbar foo", "elif? foobar", "bar"):
        assert re.findall(joined, text) == full.findall(text)


def test_the_ascii_view_keeps_every_case_insensitive_match_of_an_ascii_letter() -> None:
    # Given every character of the Basic Multilingual Plane that an IGNORECASE
    # regex matches to an ASCII letter (A-Z, "İ", "ı", "ſ", the Kelvin sign, ...)
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x10000):
        char = chr(code)
        if letters.fullmatch(char):
            # Then its view is that one letter, so a word it is part of stays a substring
            view = ascii_view(char)
            assert len(view) == 1 and "a" <= view <= "z", hex(code)
            assert re.fullmatch(view, char, re.I), hex(code)
    # And lower-casing changes no other character's length
    assert all(len(chr(c).lower()) == 1 for c in range(0x10000) if c != 0x130)
