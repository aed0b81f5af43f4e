"""The train → evaluate workflow end to end, on a small subset, into a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier import MODEL_VERSION, Classifier, Label, ModelError, evaluate, train


def test_train_then_evaluate_on_a_subset(tmp_path: Path) -> None:
    # Given a small slice of the corpus
    # When a model is trained into tmp_path and evaluated on the held-out split
    report = train(tmp_path / "model", seed=3, limit=400, epochs=2)
    result = evaluate(tmp_path / "model", limit=150)
    # Then the artefact carries its version, seed, corpus hash and temperatures
    meta = json.loads((tmp_path / "model" / "meta.json").read_text())
    assert meta["model_version"] == MODEL_VERSION
    assert meta["seed"] == 3
    assert len(meta["corpus_sha256"]) == 64
    assert meta["temperature_message"] >= 1.0
    assert report.messages >= 400
    # And the evaluation reports every label, a macro-F1 and a 6x6 confusion matrix
    as_dict = result.to_dict()
    assert set(as_dict["messages"]["per_label"]) == {lab.value for lab in Label}
    assert 0.3 < result.messages.macro_f1 <= 1.0
    assert len(result.attachments.confusion) == 6
    assert "macro-F1" in result.format()


def test_loading_a_missing_model_is_a_model_error(tmp_path: Path) -> None:
    # Given an empty folder, When it is loaded as a model, Then a ModelError says what to do
    with pytest.raises(ModelError, match="classifier train"):
        Classifier.load(tmp_path)


def test_loading_a_model_of_another_version_is_a_model_error(tmp_path: Path) -> None:
    # Given a meta.json from another model version
    meta = {
        "model_version": "0.0.1",
        "seed": 0,
        "corpus_sha256": "",
        "temperature_message": 1.0,
        "temperature_attachment": 1.0,
        "review_threshold": 0.6,
        "spacy_version": "",
        "train_seconds": 0.0,
    }
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    # When it is loaded, Then it is refused
    with pytest.raises(ModelError, match="version"):
        Classifier.load(tmp_path)


def test_the_shipped_model_loads_once_per_process() -> None:
    # Given two loads of the default model, Then they are the same object
    assert Classifier.load() is Classifier.load()
