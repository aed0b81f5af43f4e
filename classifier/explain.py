"""Explain one decision: scores per label, the signals that fired, and the words that mattered.

Word importance is measured by occlusion: the message text is scored again with each
distinct word removed, and a word's weight is how much the winning label's log-odds
drop without it (log-odds: at 0.99 a probability barely moves). That asks the model
itself, so it holds for any architecture.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from classifier import calibration, pipeline
from classifier.types import MessageInput, Prediction

if TYPE_CHECKING:
    from classifier.classify import Classifier

MAX_WORDS = 200
TOP = 8


def explain(clf: Classifier, item: MessageInput) -> str:
    result = clf.classify([item])[0]
    lines = ["message", *_prediction_lines(result.message, clf.review_threshold)]
    text = clf.message_texts([item], [result.attachments])[0]
    lines.append(
        "  words that pushed towards "
        + result.message.label.value
        + ": "
        + _top_words(clf, text, result.message.label.value, clf.meta.temperature_message)
    )
    for att, pred in zip(item.attachments, result.attachments, strict=True):
        lines += [
            f"attachment {att.filename} ({att.content_type or 'unknown type'})",
            *_prediction_lines(pred, clf.review_threshold),
        ]
    if result.entities:
        lines.append("entities")
        lines += [
            f"  {e.type:<16} {e.text!r} → {e.value}" + (f" {e.currency}" if e.currency else "")
            for e in result.entities
        ]
    return "\n".join(lines)


def _prediction_lines(pred: Prediction, threshold: float) -> list[str]:
    review = "  (below review threshold: goes to review)" if pred.confidence < threshold else ""
    return [
        f"  label {pred.label.value}  confidence {pred.confidence:.2f}{review}",
        "  scores " + "  ".join(f"{lab.value} {p:.2f}" for lab, p in pred.scores),
        *(f"  signal: {s}" for s in pred.signals),
    ]


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _top_words(clf: Classifier, text: str, label: str, temperature: float) -> str:
    words = list(dict.fromkeys(text.split()))[:MAX_WORDS]
    variants = [" ".join(text.split())] + [
        " ".join(w for w in text.split() if w != word) for word in words
    ]
    probs = [
        _logit(calibration.apply(p, temperature)[label])
        for p in pipeline.scores(clf.nlp, "textcat_message", variants)
    ]
    drops = sorted(((probs[0] - p, w) for p, w in zip(probs[1:], words, strict=True)), reverse=True)
    shown = [f"{w!r} {d:+.2f}" for d, w in drops[:TOP] if d > 0.01]
    return ", ".join(shown) or "(no single word matters much)"
