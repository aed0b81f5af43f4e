"""`Classifier.classify` on the backfill corpus: ms per message, and where the time goes.

The corpus is the generated mail of `scripts/mailgen` (as `mailroom` backfills it), parsed
with `ingest.parse` and turned into classifier input the way the service does
(`mailroom.conversions.message_input`). Parsing is done once, before timing; the figure is
the process's CPU time of `classify` in batches of 200 (as `mailroom.pipeline` calls it),
best of `ROUNDS`, so neighbours on a shared machine disturb it less. Issue 4 budget:
≤ 2.5 ms/msg.

Run: .venv/bin/python benchmarks/classifier_backfill.py [N] [--profile] [--stages] [--model DIR]
  --profile  print the top of a cProfile of one round (cumulative and own time)
  --stages   also time parts alone: the model's tokenizer on the raw texts, entities
  --model    the model at DIR instead of the shipped one
"""

from __future__ import annotations

import cProfile
import hashlib
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from classifier import (  # noqa: E402
    Classifier,
    MessageInput,
    signals,
)
from classifier.entities import extract_entities  # noqa: E402
from ingest import RawEmail, parse  # noqa: E402
from mailroom.conversions import message_input  # noqa: E402
from scripts.mailgen.corpus import generate_messages  # noqa: E402

ROUNDS = 3
BATCH = 200


def corpus(n: int) -> list[MessageInput]:
    raws = [raw for _, raw in generate_messages(n, 0)]
    parsed = [
        parse(RawEmail(data=r, sha256=hashlib.sha256(r).hexdigest(), origin="bench")) for r in raws
    ]
    return [message_input(p) for p in parsed]


def classify_all(clf: Classifier, items: list[MessageInput]) -> None:
    for i in range(0, len(items), BATCH):
        clf.classify(items[i : i + BATCH])


def best(fn, rounds: int = ROUNDS) -> float:  # type: ignore[no-untyped-def]
    out = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        fn()
        out = min(out, time.process_time() - t0)
    return out


def main(argv: list[str]) -> None:
    n = int(next((a for a in argv if a.isdigit()), "1000"))
    items = corpus(n)
    atts = sum(len(m.attachments) for m in items)
    chars = sum(len(m.reply_text) + sum(len(a.text) for a in m.attachments) for m in items)
    print(f"messages: {n}, attachments: {atts}, {chars / n / 1024:.1f} KiB text/msg")
    clf = Classifier.load(Path(argv[argv.index("--model") + 1]) if "--model" in argv else None)
    classify_all(clf, items[:50])  # warm up
    seconds = best(lambda: classify_all(clf, items))
    print(f"classify:   {1000 * seconds / n:6.2f} ms/msg  ({n / seconds:,.0f} msg/s)")
    if "--stages" in argv:
        texts = [f"{m.subject}\n{m.reply_text}" for m in items]
        texts += [a.text for m in items for a in m.attachments]
        tok = clf.nlp.tokenizer
        t_tok = best(lambda: [tok(t) for t in texts])
        t_ent = best(lambda: [extract_entities(t) for t in texts if signals.is_language(t)])
        print(f"  tokenizer on the raw texts: {1000 * t_tok / n:6.2f} ms/msg")
        print(f"  entities:                   {1000 * t_ent / n:6.2f} ms/msg")
    if "--profile" in argv:
        profile = cProfile.Profile()
        profile.runcall(classify_all, clf, items)
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main(sys.argv[1:])
