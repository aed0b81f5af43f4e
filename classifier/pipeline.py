"""The spaCy side: build the blank pipeline, save it, load the shipped artefact.

This is the only module that imports spaCy. One `Language` holds two text classifiers,
`textcat_message` and `textcat_attachment`; a call runs one of them and disables the
other, so a process loads one model and one vocabulary.

The architecture is spaCy's bag-of-n-grams `TextCatBOW` (unigrams + bigrams, hashed): it
costs a fraction of the tokenizer's time, which is what the throughput target (≥ 70 % of
bare tokenizer speed) leaves us, and it trains in seconds on two cores.

The artefact is a directory: `nlp/` (spaCy's `to_disk`) and `meta.json` (model version,
seed, corpus hash, calibration temperatures, review threshold). A version mismatch is an
error: the code and the artefact must come from the same release.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from classifier.errors import ModelError
from classifier.types import Label

MODEL_VERSION = "1.0.0"
PACKAGED_MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS: tuple[str, ...] = tuple(label.value for label in Label)
COMPONENTS = ("textcat_message", "textcat_attachment")
HASH_LENGTH = 2**17
BATCH_SIZE = 256


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


def build() -> Language:
    nlp = spacy.blank("en")
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
    _warm_vocab(nlp)
    return nlp, meta


def _warm_vocab(nlp: Language, max_len: int = 40) -> None:
    """Turn the saved strings into lexemes, so the tokenizer's cache can hold them.

    spaCy only caches a tokenisation when every token is a lexeme of the vocab, and a
    loaded pipeline starts with strings but almost no lexemes: without this, every word
    of every message goes through the full prefix/suffix/infix search again.
    """
    for text in list(nlp.vocab.strings):
        if len(text) <= max_len:
            nlp.vocab[text]  # creating the lexeme is the point


def scores(nlp: Language, component: str, texts: Iterable[str]) -> Iterator[dict[str, float]]:
    """Raw (uncalibrated) label probabilities of one text classifier, in input order."""
    other = [name for name in COMPONENTS if name != component]
    with nlp.select_pipes(disable=other):
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            yield dict(doc.cats)


def spacy_version() -> str:
    return spacy.__version__
