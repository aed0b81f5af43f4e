"""Phrase tables: an alternation of phrase patterns, searched line by line, fast.

The reply and review readers hold tables of 5 to 45 case-insensitive patterns each. Python's
regex engine tries every alternative at every position of the text (an alternative that
opens with `\\b` or a look-behind gives it nothing to skip ahead on), so one search of a
9 KB reply cost milliseconds, most of it for words the reply does not contain at all.

A `PhraseTable` therefore knows, for each alternative, the words any text it matches must
contain ("approved" for `\\bapproved\\b`; "please" and "finali" for
`\\bplease\\s+finali[sz]e\\b`), read from the pattern's own parse. A search first looks
those words up in the text (substring tests, far cheaper than a regex pass) and then runs
an alternation of only the alternatives that can match, in their original order. At every
position the first alternative that matches is the one the full alternation would pick, so
the matches are the same; only the work differs.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The standard library's own regex parser (private, but what `re.compile` itself runs):
# required words are read from the same parse the engine matches with.
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_Seq = list[tuple[object, object]]
Need = tuple[frozenset[str], ...]  # every set must have a word in the text
MAX_NEEDS = 3  # the most selective sets kept per alternative
_CACHE_SIZE = 512  # compiled sub-alternations kept per table
_STRIP = " \n.,;:!-"  # trimmed off a matched phrase


class PhraseTable:
    """`re.compile("|".join(f"(?:{p})" for p in patterns), flags)`, searched as above."""

    def __init__(self, patterns: tuple[str, ...], flags: int) -> None:
        self.patterns = patterns
        self.flags = flags
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        self._needs = tuple(required_words(p, flags) for p in patterns)
        self._compiled: dict[tuple[int, ...], re.Pattern[str] | None] = {}

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The alternation of the alternatives that can match somewhere in `text`."""
        view = ascii_view(text)
        seen: dict[str, bool] = {}

        def present(word: str) -> bool:
            found = seen.get(word)
            if found is None:
                found = seen[word] = word in view
            return found

        active = tuple(
            i
            for i, needs in enumerate(self._needs)
            if all(any(present(word) for word in words) for words in needs)
        )
        rx = self._compiled.get(active, False)
        if rx is False:
            if len(self._compiled) >= _CACHE_SIZE:
                self._compiled.clear()
            rx = self._compiled[active] = self._alternation(active)
        return rx  # type: ignore[return-value]

    def _alternation(self, active: tuple[int, ...]) -> re.Pattern[str] | None:
        if not active:
            return None
        return re.compile(alternation([self.patterns[i] for i in active]), self.flags)


def alternation(patterns: list[str]) -> str:
    """`(?:p1)|(?:p2)|…`, with a word boundary that opens consecutive patterns tested once.

    `\\bX|\\bY` and `\\b(?:X|Y)` match the same at every position (the boundary takes no
    characters); the second checks it once instead of once per pattern.
    """
    groups: list[list[str]] = []
    for pattern in patterns:
        bounded = _opens_with_boundary(pattern)
        if groups and bounded and groups[-1][0]:
            groups[-1].append(pattern[2:])
        else:
            groups.append(["\\b", pattern[2:]] if bounded else ["", pattern])
    return "|".join(
        head + "(?:" + "|".join(f"(?:{p})" for p in rest) + ")" if head else f"(?:{rest[0]})"
        for head, *rest in groups
    )


@lru_cache(maxsize=1024)
def _opens_with_boundary(pattern: str) -> bool:
    """`pattern` is `\\b` followed by the rest, not `\\bX|Y` (where `\\b` binds X only)."""
    if not pattern.startswith("\\b"):
        return False
    first = sre_parse.parse(pattern).data[0]
    return first == (sre_c.AT, sre_c.AT_BOUNDARY)


def find_phrases(table: PhraseTable, text: str) -> tuple[str, ...]:
    """Matched phrases, stripped, in order, without duplicates (matched line by line)."""
    rx = table.for_text(text)
    if rx is None:
        return ()
    found = (_phrase(match) for line in text.split("\n") for match in rx.finditer(line))
    return tuple(dict.fromkeys(phrase for phrase in found if phrase))


def find_and_mask(table: PhraseTable, text: str) -> tuple[tuple[str, ...], str]:
    """`(find_phrases(table, text), mask(text, table))` from one search."""
    rx = table.for_text(text)
    if rx is None:
        return (), text
    found: list[str] = []
    lines = []
    for line in text.split("\n"):
        end = 0
        parts = []
        for match in rx.finditer(line):
            if phrase := _phrase(match):
                found.append(phrase)
            parts += [line[end : match.start()], " " * (match.end() - match.start())]
            end = match.end()
        lines.append("".join(parts) + line[end:] if parts else line)
    return tuple(dict.fromkeys(found)), "\n".join(lines)


def _phrase(match: re.Match[str]) -> str:
    return match.group(0).strip(_STRIP) or match.group(0).strip()


def mask(text: str, *tables: PhraseTable) -> str:
    """`text` with every match (line by line) replaced by as many spaces."""
    for table in tables:
        rx = table.for_text(text)
        if rx is not None:
            text = "\n".join(
                rx.sub(lambda match: " " * len(match.group(0)), line) for line in text.split("\n")
            )
    return text


# ------------------------------------------------------------------ required words
def ascii_view(text: str) -> str:
    """Lower-case `text` so that a case-insensitive match of ASCII letters stays a substring.

    `str.lower` covers all but three characters the regex engine also folds onto an ASCII
    letter: "İ" (lower() makes it two characters), dotless "ı" and long "ſ".
    """
    if "İ" in text:
        text = text.replace("İ", "i")
    view = text.lower()
    if "ı" in view:
        view = view.replace("ı", "i")
    if "ſ" in view:
        view = view.replace("ſ", "s")
    return view


def required_words(pattern: str, flags: int = 0) -> Need:
    """Sets of lower-case ASCII words: a match of `pattern` contains a word of each set.

    Read from the parse: a run of literal characters, a group, a repeat of at least one,
    or a branch whose every alternative requires something. The sets whose shortest word
    is longest (the rarest in text) come first, at most `MAX_NEEDS` of them; no set means
    the pattern is always tried.
    """
    needs = sorted(set(_required(sre_parse.parse(pattern, flags))), key=_rarity)
    return tuple(needs[:MAX_NEEDS])


def _rarity(words: frozenset[str]) -> tuple[int, int, list[str]]:
    return (-min(map(len, words)), len(words), sorted(words))


def _kept_by_view(code: int) -> bool:
    """A literal whose case-insensitive match is a substring of `ascii_view`: an ASCII
    character, or one with no case at all (CJK, kana, hangul, emoji), which only itself
    matches. A cased non-ASCII letter may match another form ("ß", "ſ"), so it is left out.
    """
    char = chr(code)
    return code < 128 or char.lower() == char == char.upper()


def _required(seq: _Seq) -> list[frozenset[str]]:
    needs: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            needs.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:
        if op is sre_c.LITERAL and _kept_by_view(av):  # type: ignore[arg-type]
            run.append(chr(av).lower())  # type: ignore[arg-type]
            continue
        flush()
        if op is sre_c.SUBPATTERN:
            _group, add_flags, del_flags, inner = av  # type: ignore[misc]
            if not add_flags and not del_flags:
                needs += _required(inner)
        elif op is sre_c.BRANCH:
            # One set for the branch: the rarest set of each alternative, joined.
            best = [min(_required(branch), key=_rarity, default=None) for branch in av[1]]  # type: ignore[index]
            if best and all(best):
                needs.append(frozenset().union(*best))  # type: ignore[arg-type]
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            low, _high, inner = av  # type: ignore[misc]
            if low >= 1:
                needs += _required(inner)
    flush()
    return needs
