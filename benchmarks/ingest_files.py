"""File-backfill throughput: `mailroom ingest` on a generated folder, fresh SQLite workspace.

Generates N messages with `benchmarks/make_corpus.py`, creates the corpus projects from
its `projects.toml`, then times the three phases of `mailroom ingest` separately:
loading the classifier (once per process), filing (store raw → parse → classify → route
→ file → rules → outbox rows, batched), and draining the outbox (writing the
confirmations as .eml files). Prints messages/second and the process's peak RSS.

Run: .venv/bin/python benchmarks/ingest_files.py [--count 5000] [--seed 0]
         [--format eml|mbox|maildir] [--batch-size 100] [--workdir DIR] [--profile OUT]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere

import psutil  # noqa: E402

from benchmarks.make_corpus import write_corpus  # noqa: E402
from mailroom.ingestion import ingest_path  # noqa: E402
from mailroom.outgoing import drain  # noqa: E402
from mailroom.projects import import_projects  # noqa: E402
from mailroom.settings import load_settings  # noqa: E402
from mailroom.wiring import Workspace  # noqa: E402


def _peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _workspace(home: Path, batch_size: int) -> Workspace:
    environ = {**os.environ, "MAILROOM_QUEUE_BATCH_SIZE": str(batch_size)}
    ws = Workspace.from_settings(load_settings(home=home, environ=environ))
    ws.initialise()
    return ws


def _timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    started, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    took, cpu_took = time.perf_counter() - started, time.process_time() - cpu
    # CPU seconds move less than wall time when other work shares the cores.
    print(f"  {label:<26} {took:8.2f} s  (cpu {cpu_took:.2f} s)")
    return result, took


def run(args: argparse.Namespace, work: Path) -> None:
    corpus = work / "corpus"
    size, _ = _timed("generate corpus", write_corpus, corpus, args.count, args.seed, args.format)
    source = {"eml": corpus / "mail", "mbox": corpus / "corpus.mbox",
              "maildir": corpus / "maildir"}[args.format]  # fmt: skip
    ws = _workspace(work / "home", args.batch_size)
    spec = tomllib.loads((corpus / "projects.toml").read_text(encoding="utf-8"))
    with ws.transaction() as session:
        import_projects(session, spec, domain=ws.settings.mail_domain)
    rss_before = _peak_rss_mib()
    _timed("load classifier", lambda: ws.classifier)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    summary, took = _timed("ingest (file every msg)", ingest_path, ws, source,
                           progress=args.progress)  # fmt: skip
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    sent, drain_took = _timed("drain outbox", drain, ws)
    counts = summary.as_dict()
    buckets = sum(v for k, v in counts.items() if k != "seen")
    print(f"\ncorpus      {args.count} messages, {size / 2**20:.1f} MiB ({args.format}), "
          f"seed {args.seed}, batch size {args.batch_size}")  # fmt: skip
    print("summary     " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + ("" if buckets == counts["seen"] else "  (DOES NOT ADD UP)"))
    print(f"outbox      {sent} confirmation(s) written in {drain_took:.2f} s")
    print(f"throughput  {counts['seen'] / took:.1f} messages/s filed "
          f"({1000 * took / counts['seen']:.1f} ms/message); "
          f"{counts['seen'] / (took + drain_took):.1f} messages/s with the outbox drain")
    print(f"memory      peak RSS {_peak_rss_mib():.0f} MiB "
          f"(after set-up {rss_before:.0f} MiB; now {psutil.Process().memory_info().rss / 2**20:.0f} MiB)")  # noqa: E501
    if args.profile:
        print(f"profile     {args.profile} (python -m pstats {args.profile})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("eml", "mbox", "maildir"), default="eml")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Keep the corpus and workspace here (default: a temp dir).")
    parser.add_argument("--profile", default=None, help="Write cProfile stats of the ingest.")
    parser.add_argument("--progress", action="store_true", help="Draw the progress bar.")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.workdir is not None:
        if args.workdir.exists():
            shutil.rmtree(args.workdir)
        args.workdir.mkdir(parents=True)
        run(args, args.workdir)
        return 0
    with tempfile.TemporaryDirectory(prefix="mailroom-bench-") as tmp:
        run(args, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
