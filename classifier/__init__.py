"""The classifier: labels and entities for messages and attachments. Text in, predictions out.

Public API (nothing else is imported from outside the package):

    clf = Classifier.load()                 # the shipped model, once per process
    results = clf.classify([MessageInput(subject, reply_text, attachments)])
    clf.needs_review(results[0].message)    # confidence < DEFAULT_REVIEW_THRESHOLD
    print(clf.explain(item))
    extract_entities(text)
    train(out_dir, seed=0) -> TrainReport;  evaluate(model_dir) -> EvalReport

It knows nothing about storage or projects and imports none of the other packages.
spaCy is imported only here (pipeline.py).
"""

from __future__ import annotations

from classifier.classify import DEFAULT_REVIEW_THRESHOLD, Classifier
from classifier.entities import extract_entities
from classifier.errors import ClassifierError, ModelError
from classifier.evaluate import EvalReport, evaluate
from classifier.pipeline import MODEL_VERSION, PACKAGED_MODEL_DIR
from classifier.train import TrainReport, train
from classifier.types import (
    AttachmentInput,
    Classification,
    Entity,
    Label,
    MessageInput,
    Prediction,
)

__all__ = [
    "DEFAULT_REVIEW_THRESHOLD",
    "MODEL_VERSION",
    "PACKAGED_MODEL_DIR",
    "AttachmentInput",
    "Classification",
    "Classifier",
    "ClassifierError",
    "Entity",
    "EvalReport",
    "Label",
    "MessageInput",
    "ModelError",
    "Prediction",
    "TrainReport",
    "evaluate",
    "extract_entities",
    "train",
]
