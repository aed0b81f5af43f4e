"""Classifier throughput next to spaCy's bare English tokenizer, on the same texts, one core.

What is compared (issue 3: the classifier must run at >= 70 % of the speed of the bare
tokenizer): the whole `Classifier.classify` (both text classifiers, rules, calibration,
entities) against `spacy.blank("en").tokenizer` alone, spaCy's standard English
tokenizer (prefix/suffix/infix rules and exceptions), on the texts the classifier reads.
The pipeline itself tokenizes with its own `WordTokenizer` (one regular expression, see
classifier/pipeline.py); its speed on the same texts is printed too, as the share of
`classify` that is tokenizing.

Typical message: a subject, ~1 KB of reply text and one attachment with the first 5 KB
of its text. Words/s are counted in spaCy tokenizer tokens for all three lines.
Times are the process's CPU time, best of `ROUNDS` alternating rounds: on a shared
machine, wall-clock time measures the neighbours as much as the code.
Run: .venv/bin/python benchmarks/classifier_throughput.py [N]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import spacy

from classifier import AttachmentInput, Classifier, MessageInput
from classifier.corpus import load

ROUNDS = 3


def typical_messages(n: int) -> list[MessageInput]:
    msgs = [m.item for m in load.messages("heldout")]
    docs = [a.item for a in load.attachments("heldout") if a.item.text]
    out = []
    for i in range(n):
        m = msgs[i % len(msgs)]
        body = (m.reply_text + "\n\n") * (1 + 1000 // max(1, len(m.reply_text)))
        att = docs[i % len(docs)]
        text = (att.text + "\n") * (1 + 5000 // max(1, len(att.text)))
        out.append(
            MessageInput(
                m.subject,
                body[:1000],
                (AttachmentInput(att.filename, att.content_type, text[:5000]),),
            )
        )
    return out


def main(n: int = 2000) -> None:
    items = typical_messages(n)
    texts = [t for m in items for t in (f"{m.subject}\n{m.reply_text}", m.attachments[0].text)]
    tokenizer = spacy.blank("en").tokenizer
    clf = Classifier.load()
    clf.classify(items[:50])  # warm up both
    list(tokenizer.pipe(texts[:100]))

    t_tok = t_clf = t_own = float("inf")
    words = 0
    for _ in range(ROUNDS):
        t0 = time.process_time()
        words = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=256))
        t_tok = min(t_tok, time.process_time() - t0)
        t0 = time.process_time()
        clf.classify(items)
        t_clf = min(t_clf, time.process_time() - t0)
        t0 = time.process_time()
        for text in texts:
            clf.nlp.make_doc(text)
        t_own = min(t_own, time.process_time() - t0)

    print(f"messages: {n}, words: {words}")
    print(f"spaCy tokenizer:      {words / t_tok:>10,.0f} words/s")
    print(f"pipeline's tokenizer: {words / t_own:>10,.0f} words/s")
    print(f"classifier:           {words / t_clf:>10,.0f} words/s  ({n / t_clf:,.0f} messages/s)")
    print(f"ratio classifier/spaCy tokenizer: {t_tok / t_clf:.2f} (target >= 0.70)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
