"""Score a model on the held-out split: per-label precision/recall/F1, macro-F1, confusion.

The held-out split is a separate generation (its own seed and its own share of every
phrase bank) that training and calibration never read, so the numbers measure phrasing
the model has not seen. Messages are scored end to end: their attachments are classified
first and feed the message decision, exactly as in the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier import calibration, pipeline
from classifier.classify import Classifier
from classifier.corpus import load
from classifier.types import Label, Prediction

LABELS = tuple(Label)


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    """Scores of one task (messages or attachments)."""

    per_label: dict[str, LabelScores]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]  # rows: gold, columns: predicted, in LABELS order
    ece: float  # expected calibration error of the confidences
    review_share: float  # share of items under the review threshold
    accuracy_above_threshold: float

    def to_dict(self) -> dict[str, object]:
        return {
            "per_label": {k: vars(v) for k, v in self.per_label.items()},
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "confusion": {
                "labels": [lab.value for lab in LABELS],
                "rows": [list(r) for r in self.confusion],
            },
            "ece": self.ece,
            "review_share": self.review_share,
            "accuracy_above_threshold": self.accuracy_above_threshold,
        }


@dataclass(frozen=True)
class EvalReport:
    model_version: str
    messages: Scores
    attachments: Scores
    review_threshold: float

    def to_dict(self) -> dict[str, object]:
        return {
            "model_version": self.model_version,
            "review_threshold": self.review_threshold,
            "messages": self.messages.to_dict(),
            "attachments": self.attachments.to_dict(),
        }

    def format(self) -> str:
        return "\n\n".join(
            [
                f"model {self.model_version}, held-out split",
                _format("messages", self.messages, self.review_threshold),
                _format("attachments", self.attachments, self.review_threshold),
            ]
        )


def score(gold: Sequence[Label], predicted: Sequence[Prediction], threshold: float) -> Scores:
    index = {lab: i for i, lab in enumerate(LABELS)}
    matrix = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p.label]] += 1
    per_label = {}
    for lab, i in index.items():
        tp = matrix[i][i]
        pred_n = sum(row[i] for row in matrix)
        gold_n = sum(matrix[i])
        prec = tp / pred_n if pred_n else 0.0
        rec = tp / gold_n if gold_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[lab.value] = LabelScores(round(prec, 4), round(rec, 4), round(f1, 4), gold_n)
    present = [s.f1 for s in per_label.values() if s.support]
    correct = [g == p.label for g, p in zip(gold, predicted, strict=True)]
    above = [ok for ok, p in zip(correct, predicted, strict=True) if p.confidence >= threshold]
    return Scores(
        per_label,
        round(sum(present) / len(present), 4),
        round(sum(correct) / len(correct), 4),
        tuple(tuple(r) for r in matrix),
        round(
            calibration.expected_calibration_error(
                [(p.confidence, ok) for p, ok in zip(predicted, correct, strict=True)]
            ),
            4,
        ),
        round(1 - len(above) / len(correct), 4),
        round(sum(above) / len(above), 4) if above else 0.0,
    )


def evaluate(
    model_dir: Path | None = None, *, limit: int | None = None, corpus_dir: Path = load.CORPUS_DIR
) -> EvalReport:
    """Score the model at `model_dir` (default: the shipped one) on the held-out split."""
    clf = Classifier.load(model_dir)
    msgs = load.messages("heldout", corpus_dir)[:limit]
    atts = load.attachments("heldout", corpus_dir)[:limit]
    msg_preds = [c.message for c in clf.classify([m.item for m in msgs])]
    att_preds = clf.classify_attachments([a.item for a in atts])
    t = clf.review_threshold
    return EvalReport(
        pipeline.MODEL_VERSION,
        score([m.label for m in msgs], msg_preds, t),
        score([a.label for a in atts], att_preds, t),
        t,
    )


def _format(title: str, s: Scores, threshold: float) -> str:
    short = {
        "quote": "quote",
        "sample_sheet": "sample",
        "change_agreement": "change",
        "deliverable": "deliv",
        "invoice": "invoice",
        "other": "other",
    }
    lines = [
        f"{title}: macro-F1 {s.macro_f1:.3f}  accuracy {s.accuracy:.3f}  ECE {s.ece:.3f}  "
        f"under threshold {threshold:.2f}: {s.review_share:.1%} "
        f"(accuracy above it {s.accuracy_above_threshold:.3f})",
        f"  {'label':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}",
    ]
    for lab, ls in s.per_label.items():
        lines.append(
            f"  {lab:<18}{ls.precision:>10.3f}{ls.recall:>10.3f}{ls.f1:>10.3f}{ls.support:>9}"
        )
    lines.append("  confusion (rows gold, columns predicted)")
    lines.append("  " + " " * 18 + "".join(f"{short[lab.value]:>9}" for lab in LABELS))
    for lab, row in zip(LABELS, s.confusion, strict=True):
        lines.append(f"  {lab.value:<18}" + "".join(f"{n:>9}" for n in row))
    return "\n".join(lines)
