"""Shared classifier fixtures: the shipped model, loaded once per test session."""

from __future__ import annotations

import pytest

from classifier import Classifier


@pytest.fixture(scope="session")
def clf() -> Classifier:
    return Classifier.load()
