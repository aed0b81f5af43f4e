"""The pipeline's word tokenizer: what it splits, and that it travels with the model."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import ORTH

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


def test_token_ids_are_those_of_the_doc(clf: Classifier) -> None:
    # Given texts whose lines repeat (a mail, then its paragraphs with the subject again),
    # words that are spaCy symbols ("number"), and edge line breaks
    texts = [
        "re: po 4500012873\nthe number is\n\nplease find attached\n",
        "re: po 4500012873\nplease find attached",
        "\n\nnumber\n",
        "",
        "re: po 4500012873\nthe number is\nnew line",
    ]
    # When the tokenizer gives ids without building Docs
    ids = list(clf.nlp.tokenizer.orths(texts))
    # Then they are the ORTH ids of the Doc of each text, in order
    expected = [clf.nlp.make_doc(text).to_array([ORTH]).tolist() for text in texts]
    assert [a.tolist() for a in ids] == expected


def test_scores_are_those_of_spacys_pipe(clf: Classifier) -> None:
    # Given more texts than one batch, for each text classifier
    texts = [f"re: quote q-{i:04d}\nplease find our quote\n\nbest, ana" for i in range(300)]
    texts += ["invoice inv-2026-0042\namount due usd 1,200.00", "\n"]
    for component in pipeline.COMPONENTS:
        # When they are scored from token ids, Then the probabilities equal spaCy's own
        assert list(pipeline.scores(clf.nlp, component, texts)) == list(
            pipeline._doc_scores(clf.nlp, component, texts)
        )
