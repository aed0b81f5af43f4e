"""Classifier errors.

ClassifierError
└── ModelError   the trained artefact is missing, unreadable or from another version
"""

from __future__ import annotations


class ClassifierError(Exception):
    """Base of everything the classifier raises on purpose."""


class ModelError(ClassifierError):
    """The model artefact cannot be used; retrain it (`mailroom classifier train`)."""
