"""The spaCy side: build the blank pipeline, save it, load the shipped artefact.

This is the only module that imports spaCy. One `Language` holds two text classifiers,
`textcat_message` and `textcat_attachment`; a call runs one of them and disables the
other, so a process loads one model and one vocabulary.

The architecture is spaCy's bag-of-n-grams `TextCatBOW` (unigrams + bigrams, hashed): it
trains in seconds on two cores and costs little per word. A bag of words needs words, not
spaCy's English affix and exception rules, which cost more than everything else a
`classify` does (about 80 % of it on the backfill corpus); the pipeline's tokenizer is
therefore `WordTokenizer`, one regular expression, registered with spaCy's registry and
named in the saved config, so `spacy.load` builds it too (once this module is imported).

The artefact is a directory: `nlp/` (spaCy's `to_disk`) and `meta.json` (model version,
seed, corpus hash, calibration temperatures, review threshold). A version mismatch is an
error: the code and the artefact must come from the same release.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import Model

from classifier.errors import ModelError
from classifier.types import Label

MODEL_VERSION = "1.2.0"
PACKAGED_MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS: tuple[str, ...] = tuple(label.value for label in Label)
COMPONENTS = ("textcat_message", "textcat_attachment")
HASH_LENGTH = 2**17
BATCH_SIZE = 256
ORTH_CACHE_SIZE = 200_000  # words whose ORTH id a tokenizer keeps; cleared when full
TOKENIZER = "classifier.WordTokenizer.v1"  # the name in the saved config.cfg


@dataclass(frozen=True)
class Meta:
    model_version: str
    seed: int
    corpus_sha256: str
    temperature_message: float
    temperature_attachment: float
    review_threshold: float
    spacy_version: str
    train_seconds: float


# A token is a word, a number or an identifier ("0.00", "inv-0000-0000", "a@b.com": inner
# dots, commas, colons and @ join; a hyphen or slash joins only where a digit follows or
# precedes it, so "follow-up" is two words, as in spaCy's English rules), a clitic ("'s",
# "'ll"), a run of rule characters, a line break (layout is evidence: "total" at the start
# of a line), or any other symbol on its own. Other whitespace separates and is dropped.
TOKEN_PATTERN = (
    r"\w+(?:(?:[.,:@]|[-/](?=\w*\d)|(?<=\d)[-/])\w+)*"
    r"|['\u2019]\w+"
    r"|-+|\.+|=+|\*+"
    r"|\n"
    r"|[^\w\s]"
)


class WordTokenizer:
    """Text → `Doc` of the tokens of `TOKEN_PATTERN`, about eight times faster than spaCy's.

    What the text classifiers need is the same words for the same text in training and
    in service; offsets and whitespace are not kept (`doc.text` is the tokens joined by
    spaces). The pattern is saved with the model, so a loaded model splits text exactly
    as it was trained to, whatever this module's default says.
    """

    def __init__(self, vocab: Vocab, pattern: str = TOKEN_PATTERN) -> None:
        self.vocab = vocab
        self._set(pattern)

    def _set(self, pattern: str) -> None:
        self.pattern = pattern
        self._findall = re.compile(pattern).findall
        self._orth: dict[str, int] = {}

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=self._findall(text))

    def orths(self, texts: Iterable[str]) -> Iterator[numpy.ndarray]:
        """The ORTH ids of the tokens of each text: `self(text).to_array([ORTH])`, without Docs.

        Building a Doc (a lexeme per word) cost more than the model; the ids are the
        StringStore's (a symbol's id or the string's hash), kept per word in a bounded cache.
        No token of `TOKEN_PATTERN` spans a line break, which is a token of its own, so
        that pattern's texts are split line by line, and a line met again in the same call
        (a long mail's paragraphs after the mail, its subject before each) is not re-read.
        """
        if self.pattern != TOKEN_PATTERN:
            for text in texts:
                yield numpy.array(self._ids(self._findall(text)), dtype=numpy.uint64)
            return
        newline = self._ids(["\n"])
        seen: dict[str, list[int]] = {}
        for text in texts:
            lines = text.split("\n")
            known = [seen.get(line) for line in lines]
            if None in known and known.count(None) > len(known) // 2:
                # Mostly new: one pass over the whole text, its lines kept for later texts.
                ids = self._ids(self._findall(text))
                array = numpy.array(ids, dtype=numpy.uint64)
                ends = [*numpy.flatnonzero(array == newline[0]).tolist(), len(ids)]
                start = 0
                for line, end in zip(lines, ends, strict=True):
                    seen.setdefault(line, ids[start:end])
                    start = end + 1
                yield array
                continue
            out: list[int] = []
            for line, ids in zip(lines, known, strict=True):
                if ids is None:
                    ids = seen[line] = self._ids(self._findall(line))
                out += ids
                out += newline
            del out[-1]
            yield numpy.array(out, dtype=numpy.uint64)

    def _ids(self, words: list[str]) -> list[int]:
        cache = self._orth
        try:
            return list(map(cache.__getitem__, words))
        except KeyError:
            if len(cache) > ORTH_CACHE_SIZE:
                cache.clear()
            for word in words:
                if word not in cache:
                    cache[word] = get_string_id(word)
            return list(map(cache.__getitem__, words))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"pattern": self.pattern}).encode()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> WordTokenizer:
        self._set(json.loads(data)["pattern"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> WordTokenizer:
        return self.from_bytes(Path(path).read_bytes())


@spacy.registry.tokenizers(TOKENIZER)
def create_word_tokenizer() -> Callable[[Language], WordTokenizer]:
    def make(nlp: Language) -> WordTokenizer:
        return WordTokenizer(nlp.vocab)

    return make


def build() -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for name in COMPONENTS:
        textcat = nlp.add_pipe(
            "textcat",
            name=name,
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": 2,
                    "no_output_layer": False,
                    "length": HASH_LENGTH,
                },
            },
        )
        for label in LABELS:
            textcat.add_label(label)
    return nlp


def save(nlp: Language, meta: Meta, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir / "nlp")
    (out_dir / "meta.json").write_text(json.dumps(asdict(meta), indent=2) + "\n")


def load(model_dir: Path) -> tuple[Language, Meta]:
    meta_path = model_dir / "meta.json"
    if not meta_path.is_file():
        raise ModelError(f"no classifier model at {model_dir} (run: mailroom classifier train)")
    meta = Meta(**json.loads(meta_path.read_text()))
    if meta.model_version != MODEL_VERSION:
        raise ModelError(
            f"model at {model_dir} is version {meta.model_version}, code expects "
            f"{MODEL_VERSION} (run: mailroom classifier train)"
        )
    nlp = spacy.load(model_dir / "nlp")
    return nlp, meta


def scores(nlp: Language, component: str, texts: Iterable[str]) -> Iterator[dict[str, float]]:
    """Raw (uncalibrated) label probabilities of one text classifier, in input order.

    The bag of n-grams reads nothing of a Doc but its tokens' ORTH ids, so the word
    tokenizer hands it those (`_TokenIds`) instead of building Docs: the same numbers in
    the same batches as `nlp.pipe` (`_doc_scores`), at a fraction of the cost.
    """
    textcat = nlp.get_pipe(component)
    tokenizer = nlp.tokenizer
    if not (isinstance(tokenizer, WordTokenizer) and _reads_orth_only(textcat.model)):
        yield from _doc_scores(nlp, component, texts)
        return
    labels = tuple(textcat.labels)
    stream = tokenizer.orths(texts)
    while batch := [_TokenIds(ids) for ids in islice(stream, BATCH_SIZE)]:
        if any(batch):
            probs = textcat.model.predict(batch).tolist()
        else:  # TextCategorizer.predict: a batch without a token scores all zeros
            probs = [[0.0] * len(labels)] * len(batch)
        for row in probs:
            yield dict(zip(labels, row, strict=True))


class _TokenIds:
    """The part of a Doc that `extract_ngrams(attr=ORTH)` reads: its length and ids."""

    __slots__ = ("ids",)

    def __init__(self, ids: numpy.ndarray) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def to_array(self, attrs: Sequence[int]) -> numpy.ndarray:
        return self.ids


def _reads_orth_only(model: Model) -> bool:
    """The model's only use of a Doc is one `extract_ngrams` on ORTH (TextCatBOW)."""
    extractors = [node for node in model.walk() if node.name == "extract_ngrams"]
    return len(extractors) == 1 and extractors[0].attrs.get("attr") == ORTH


def _doc_scores(nlp: Language, component: str, texts: Iterable[str]) -> Iterator[dict[str, float]]:
    """`scores` through spaCy's own pipe, for a model that reads more than ORTH ids.

    Inside a memory zone: each new word would otherwise stay in the vocabulary for
    good, and a worker that reads mail for months would grow without bound.
    """
    other = [name for name in COMPONENTS if name != component]
    with nlp.select_pipes(disable=other), nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            yield dict(doc.cats)


def spacy_version() -> str:
    return spacy.__version__
