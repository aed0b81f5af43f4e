"""Held-out scores of the shipped classifier: macro-F1 for messages and attachments.

Targets: messages ≥ 0.90, attachments ≥ 0.93 (held-out split, never trained on).
Run: .venv/bin/python benchmarks/classifier_eval.py [--full]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from classifier import evaluate


def main() -> None:
    report = evaluate()
    if "--full" in sys.argv:
        print(report.format())
        print()
    print(f"macro-F1 messages:    {report.messages.macro_f1:.3f} (target >= 0.90)")
    print(f"macro-F1 attachments: {report.attachments.macro_f1:.3f} (target >= 0.93)")


if __name__ == "__main__":
    main()
