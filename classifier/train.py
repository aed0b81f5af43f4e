"""Train both text classifiers from the corpus, calibrate them, save the artefact.

Reproducible: one seed drives spaCy/thinc initialisation and the shuffling; the same
seed and corpus give the same weights. The calibration split is scored with the same
code path the service uses (attachments first, their labels fed into the message text)
and only fits the temperatures; the held-out split is never read here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from classifier import calibration, features, pipeline
from classifier.classify import DEFAULT_REVIEW_THRESHOLD, Classifier
from classifier.corpus import load
from classifier.types import Label, Prediction

EPOCHS = 8
DROPOUT = 0.1
IN_MESSAGE_ATTACHMENTS = 3000
HANDWRITTEN_WEIGHT = 5  # each hand-written example counts like this many generated ones


@dataclass(frozen=True)
class TrainReport:
    out_dir: Path
    seed: int
    messages: int
    attachments: int
    epochs: int
    seconds: float
    temperature_message: float
    temperature_attachment: float
    calib_accuracy_message: float
    calib_accuracy_attachment: float
    corpus_sha256: str

    def format(self) -> str:
        return "\n".join(
            [
                f"model written to {self.out_dir} "
                f"(version {pipeline.MODEL_VERSION}, seed {self.seed})",
                f"trained on {self.messages} messages and {self.attachments} attachments, "
                f"{self.epochs} epochs, {self.seconds:.1f} s",
                f"calibration: T(message)={self.temperature_message:.2f} "
                f"T(attachment)={self.temperature_attachment:.2f}; calibration-split accuracy "
                f"messages {self.calib_accuracy_message:.3f}, "
                f"attachments {self.calib_accuracy_attachment:.3f}",
                f"corpus sha256 {self.corpus_sha256[:16]}…",
            ]
        )


def _cats(label: Label) -> dict[str, dict[str, float]]:
    return {"cats": {name: float(name == label.value) for name in pipeline.LABELS}}


def _message_examples(nlp: object, rows: Sequence[load.LabelledMessage]) -> list[Example]:
    out = []
    for row in rows:
        tags = [
            (a.filename, lab.value)
            for a, lab in zip(row.item.attachments, row.attachment_labels, strict=True)
        ]
        text = features.message_text(row.item.subject, row.item.reply_text, tags)
        out.append(Example.from_dict(nlp.make_doc(text), _cats(row.label)))  # type: ignore[attr-defined]
    return out


def _attachment_examples(nlp: object, rows: Sequence[load.LabelledAttachment]) -> list[Example]:
    return [
        Example.from_dict(
            nlp.make_doc(
                features.attachment_text(  # type: ignore[attr-defined]
                    r.item.filename, r.item.content_type, r.item.text
                )
            ),
            _cats(r.label),
        )
        for r in rows
    ]


def train(
    out_dir: Path,
    *,
    seed: int = 0,
    limit: int | None = None,
    epochs: int = EPOCHS,
    corpus_dir: Path = load.CORPUS_DIR,
) -> TrainReport:
    """Train, calibrate and save to `out_dir`. `limit` caps each split (for quick tests)."""
    started = time.perf_counter()
    fix_random_seed(seed)
    rng = random.Random(seed)
    msgs = _subset(load.messages("train", corpus_dir), limit, rng)
    msgs += [m for m in msgs if m.style == "handwritten"] * (HANDWRITTEN_WEIGHT - 1)
    atts = _subset(load.attachments("train", corpus_dir), limit, rng)
    # Attachments seen inside training messages are documents too: learn from a share of
    # them as well (capped: beyond that they cost training time and teach little new).
    inside = [
        load.LabelledAttachment(a, lab, "in-message")
        for m in msgs
        for a, lab in zip(m.item.attachments, m.attachment_labels, strict=True)
    ]
    atts += _subset(inside, IN_MESSAGE_ATTACHMENTS, rng)
    nlp = pipeline.build()
    msg_examples = _message_examples(nlp, msgs)
    att_examples = _attachment_examples(nlp, atts)
    optimizer = nlp.initialize(lambda: msg_examples[:100] + att_examples[:100])
    for _epoch in range(epochs):
        for component, examples in (
            ("textcat_message", msg_examples),
            ("textcat_attachment", att_examples),
        ):
            rng.shuffle(examples)
            other = [c for c in pipeline.COMPONENTS if c != component]
            for batch in minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer, drop=DROPOUT, exclude=other)
    report_args = _calibrate(nlp, corpus_dir, limit, rng)
    files = [
        *load.files("train", corpus_dir)[:2],
        *load.files("train", corpus_dir)[2],
        *load.files("calib", corpus_dir)[:2],
    ]
    seconds = time.perf_counter() - started
    meta = pipeline.Meta(
        pipeline.MODEL_VERSION,
        seed,
        load.sha256(files),
        report_args["t_msg"],
        report_args["t_att"],
        DEFAULT_REVIEW_THRESHOLD,
        pipeline.spacy_version(),
        round(seconds, 1),
    )
    pipeline.save(nlp, meta, out_dir)
    return TrainReport(
        out_dir,
        seed,
        len(msgs),
        len(atts),
        epochs,
        seconds,
        meta.temperature_message,
        meta.temperature_attachment,
        report_args["acc_msg"],
        report_args["acc_att"],
        meta.corpus_sha256,
    )


def _subset(rows: list, limit: int | None, rng: random.Random) -> list:
    if limit is None or limit >= len(rows):
        return rows
    return rng.sample(rows, limit)


def _ruled(prediction: Prediction) -> bool:
    return any(s.startswith("rule:") for s in prediction.signals)


def _calibrate(
    nlp: object, corpus_dir: Path, limit: int | None, rng: random.Random
) -> dict[str, float]:
    raw = Classifier(
        nlp,
        pipeline.Meta(
            pipeline.MODEL_VERSION,
            0,
            "",
            1.0,
            1.0,  # type: ignore[arg-type]
            DEFAULT_REVIEW_THRESHOLD,
            "",
            0.0,
        ),
    )
    atts = _subset(load.attachments("calib", corpus_dir), limit, rng)
    msgs = _subset(load.messages("calib", corpus_dir), limit, rng)
    att_preds = raw.classify_attachments([a.item for a in atts])
    msg_preds = [c.message for c in raw.classify([m.item for m in msgs])]
    # Rules set their own confidence: fit the temperature on what the model decides.
    att_rows = [
        (dict((k.value, v) for k, v in p.scores), a.label.value)
        for p, a in zip(att_preds, atts, strict=True)
        if not _ruled(p)
    ]
    msg_rows = [
        (dict((k.value, v) for k, v in p.scores), m.label.value)
        for p, m in zip(msg_preds, msgs, strict=True)
        if not _ruled(p)
    ]
    return {
        "t_att": calibration.fit(att_rows),
        "t_msg": calibration.fit(msg_rows),
        "acc_att": sum(p.label == a.label for p, a in zip(att_preds, atts, strict=True))
        / len(atts),
        "acc_msg": sum(p.label == m.label for p, m in zip(msg_preds, msgs, strict=True))
        / len(msgs),
    }
