"""Calibration: confidences are probabilities, softened by the fitted temperature."""

from __future__ import annotations

import pytest

from classifier import DEFAULT_REVIEW_THRESHOLD, Classifier, MessageInput
from classifier.calibration import apply, expected_calibration_error, fit


def test_temperature_keeps_the_winner_and_softens_it() -> None:
    # Given sharp probabilities
    probs = {"a": 0.9, "b": 0.08, "c": 0.02}
    # When a temperature above 1 is applied
    soft = apply(probs, 2.0)
    # Then the same label wins, with less confidence, and the total is 1
    assert max(soft, key=soft.__getitem__) == "a"
    assert soft["a"] < 0.9
    assert sum(soft.values()) == pytest.approx(1.0)


def test_fit_softens_an_overconfident_model() -> None:
    # Given a model that says 0.99 but is right only 60 % of the time
    rows = [({"a": 0.99, "b": 0.01}, "a")] * 6 + [({"a": 0.99, "b": 0.01}, "b")] * 4
    # When the temperature is fitted
    # Then it is well above 1
    assert fit(rows) > 2.0


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    # Given confidence 0.75 with three of four right
    rows = [(0.75, True), (0.75, True), (0.75, True), (0.75, False)]
    # Then the calibration error is zero
    assert expected_calibration_error(rows) == pytest.approx(0.0)


def test_shipped_confidences_are_probabilities(clf: Classifier) -> None:
    # Given a handful of ordinary messages
    items = [
        MessageInput("Invoice 123", "Please find attached our invoice."),
        MessageInput("hi", "thanks!"),
        MessageInput("Samples", "Shipped today on dry ice, tracking 1Z999AA10123456784."),
    ]
    # When classified
    preds = [r.message for r in clf.classify(items)]
    # Then every confidence and score is in [0, 1] and scores sum to 1
    for p in preds:
        assert 0.0 <= p.confidence <= 1.0
        assert sum(v for _, v in p.scores) == pytest.approx(1.0, abs=1e-3)


def test_default_threshold_is_documented_and_used(clf: Classifier) -> None:
    # Given the shipped model, Then its review threshold is the documented default
    assert clf.review_threshold == DEFAULT_REVIEW_THRESHOLD
    assert 0.0 < DEFAULT_REVIEW_THRESHOLD < 1.0
