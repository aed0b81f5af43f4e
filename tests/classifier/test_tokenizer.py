"""The pipeline's word tokenizer: what it splits, and that it travels with the model."""

from __future__ import annotations

from pathlib import Path

import spacy

from classifier import Classifier, pipeline


def test_words_numbers_and_identifiers_are_tokens() -> None:
    # Given a normalised line with an identifier, an amount, a compound and a clitic
    nlp = pipeline.build()
    text = "re: quote q-0000-0000 (rev b) for $00,000.00 -- follow-up, don't\n\nxatt_quote"
    # When it is tokenized, Then identifiers and numbers stay whole, words split on
    # hyphens and clitics, rules and symbols are tokens, and line breaks count
    assert [t.text for t in nlp.make_doc(text)] == [
        "re", ":", "quote", "q-0000-0000", "(", "rev", "b", ")", "for", "$", "00,000.00",
        "--", "follow", "-", "up", ",", "don", "'t", "\n", "\n", "xatt_quote",
    ]  # fmt: skip


def test_the_tokenizer_pattern_is_saved_with_the_model(tmp_path: Path) -> None:
    # Given a pipeline whose tokenizer splits on whitespace only, saved to disk
    nlp = pipeline.build()
    nlp.tokenizer.from_bytes(b'{"pattern": "\\\\S+"}')
    nlp.to_disk(tmp_path / "nlp")
    # When spaCy loads it (the registered name is in its config)
    loaded = spacy.load(tmp_path / "nlp")
    # Then it splits as it was saved, not as the module's default pattern would
    assert isinstance(loaded.tokenizer, pipeline.WordTokenizer)
    assert loaded.tokenizer.pattern == r"\S+"
    assert [t.text for t in loaded.make_doc("q-1, ok")] == ["q-1,", "ok"]


def test_the_shipped_model_reads_with_the_word_tokenizer(clf: Classifier) -> None:
    # Given the shipped model, Then its pipeline tokenizes with the registered word tokenizer
    assert clf.nlp.config["nlp"]["tokenizer"]["@tokenizers"] == pipeline.TOKENIZER
    assert isinstance(clf.nlp.tokenizer, pipeline.WordTokenizer)
    assert clf.nlp.tokenizer.pattern == pipeline.TOKEN_PATTERN
