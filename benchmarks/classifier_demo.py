"""The classifier on the demo mail: a yardstick the model never trains on.

Parses every `mailroom/demo/mail/*/*.eml` with `ingest.parse`, builds the classifier input
the way the service does (`mailroom/conversions.py:message_input`: the new reply text, or
the whole body when the mail is not a reply), and compares the message label with the
expected label in the table of `mailroom/demo/README.md`. Attachments have no table; their
labels are printed for judging by eye.

Run: .venv/bin/python benchmarks/classifier_demo.py [--entities] [--text NAME] [--model DIR]
  --entities  also print the entities found per message
  --model DIR score the model at DIR instead of the shipped one
  --text NAME print the extracted text of attachments whose file name contains NAME
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from classifier import AttachmentInput, Classifier, MessageInput  # noqa: E402
from ingest import parse  # noqa: E402
from ingest.types import ParsedEmail, RawEmail  # noqa: E402

DEMO = ROOT / "mailroom" / "demo"
ATTACHMENT_TEXT_CHARS = 20_000  # as mailroom/conversions.py
_ROW = re.compile(r"^\|\s*`(?P<file>[\w-]+/[\w.-]+\.eml)`\s*\|\s*(?P<label>\w+)\s*\|")


def expected_labels() -> dict[str, str]:
    """'bio-helix/01-rfq.eml' → 'other', from the README table."""
    out = {}
    for line in (DEMO / "README.md").read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            out[m.group("file")] = m.group("label")
    return out


def message_input(parsed: ParsedEmail) -> MessageInput:
    reply = parsed.reply_text or ("" if parsed.in_reply_to else parsed.body_text)
    return MessageInput(
        parsed.subject,
        reply,
        tuple(
            AttachmentInput(a.filename, a.content_type, a.text[:ATTACHMENT_TEXT_CHARS])
            for a in parsed.attachments
        ),
    )


def main(argv: list[str]) -> None:
    show_entities = "--entities" in argv
    show_text = argv[argv.index("--text") + 1] if "--text" in argv else None
    model_dir = Path(argv[argv.index("--model") + 1]) if "--model" in argv else None
    expected = expected_labels()
    names = sorted(expected)
    items = []
    for name in names:
        path = DEMO / "mail" / name
        items.append(message_input(parse(RawEmail.from_bytes(path.read_bytes(), str(path)))))
    clf = Classifier.load(model_dir)
    results = clf.classify(items)
    misses = []
    for name, item, result in zip(names, items, results, strict=True):
        msg = result.message
        ok = msg.label.value == expected[name]
        if not ok:
            misses.append((name, expected[name], msg))
        mark = "  " if ok else "XX"
        print(
            f"{mark} {name:<42} {msg.label.value:<17} {msg.confidence:.2f}"
            f"  (expected {expected[name]})"
        )
        for att, pred in zip(item.attachments, result.attachments, strict=True):
            print(f"       - {att.filename:<48} {pred.label.value:<17} {pred.confidence:.2f}")
            if show_text and show_text in att.filename:
                print("         | " + att.text[:3000].replace("\n", "\n         | "))
        if show_entities:
            for e in result.entities:
                value = f"{e.value} {e.currency}" if e.currency else e.value
                print(f"       * {e.type:<15} {e.text!r:<40} {value!r}")
    print()
    print(
        f"message accuracy: {len(names) - len(misses)}/{len(names)} "
        f"= {(len(names) - len(misses)) / len(names):.3f}"
    )
    for name, gold, msg in misses:
        print(
            f"  miss {name}: expected {gold}, got {msg.label.value} {msg.confidence:.2f} "
            f"[{'; '.join(msg.signals[:2])}]"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
