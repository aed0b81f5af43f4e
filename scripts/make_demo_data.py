"""Regenerate the bundled demo data in `mailroom/demo/` (projects, mail, README).

Usage: python scripts/make_demo_data.py [--out DIR]

Output is deterministic; rerunning it on an unchanged generator changes no bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.mailgen.demo import build, write_tree  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "mailroom" / "demo")
    args = parser.parse_args(argv)
    files = build()
    write_tree(files, args.out)
    size = sum(len(data) for data in files.values())
    mails = sum(1 for name in files if name.endswith(".eml"))
    print(f"wrote {mails} messages, {len(files)} files, {size / 1024:.0f} KiB to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
