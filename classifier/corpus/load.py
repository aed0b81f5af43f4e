"""Read the corpus JSONL into classifier inputs with their gold labels.

Files: `messages_<split>.jsonl.gz` and `attachments_<split>.jsonl.gz` for the generated splits
(gzipped: the generated text is repetitive and compresses about tenfold)
(train, calib, heldout), plus `handwritten_messages.jsonl` / `handwritten_attachments.jsonl`,
which join the train split only. A message record: subject, body, attachments
(filename, content_type, text, label), label, source, style. An attachment record:
filename, content_type, text, label, source, style.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from classifier.types import AttachmentInput, Label, MessageInput

CORPUS_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "calib", "heldout")


@dataclass(frozen=True)
class LabelledMessage:
    item: MessageInput
    label: Label
    attachment_labels: tuple[Label, ...]
    style: str


@dataclass(frozen=True)
class LabelledAttachment:
    item: AttachmentInput
    label: Label
    style: str


def files(split: str, corpus_dir: Path = CORPUS_DIR) -> tuple[Path, Path, tuple[Path, ...]]:
    extra = (
        (corpus_dir / "handwritten_messages.jsonl", corpus_dir / "handwritten_attachments.jsonl")
        if split == "train"
        else ()
    )
    return (
        corpus_dir / f"messages_{split}.jsonl.gz",
        corpus_dir / f"attachments_{split}.jsonl.gz",
        tuple(p for p in extra if p.exists()),
    )


def _records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _attachment(rec: dict) -> AttachmentInput:
    return AttachmentInput(rec["filename"], rec.get("content_type", ""), rec.get("text", ""))


def _message(rec: dict) -> LabelledMessage:
    atts = rec.get("attachments", [])
    item = MessageInput(
        rec.get("subject", ""), rec.get("body", ""), tuple(_attachment(a) for a in atts)
    )
    return LabelledMessage(
        item, Label(rec["label"]), tuple(Label(a["label"]) for a in atts), rec.get("style", "")
    )


def messages(split: str, corpus_dir: Path = CORPUS_DIR) -> list[LabelledMessage]:
    main, _, extra = files(split, corpus_dir)
    recs = _records(main) + [r for p in extra if "messages" in p.name for r in _records(p)]
    return [_message(r) for r in recs]


def attachments(split: str, corpus_dir: Path = CORPUS_DIR) -> list[LabelledAttachment]:
    _, main, extra = files(split, corpus_dir)
    recs = _records(main) + [r for p in extra if "attachments" in p.name for r in _records(p)]
    return [LabelledAttachment(_attachment(r), Label(r["label"]), r.get("style", "")) for r in recs]


def sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
