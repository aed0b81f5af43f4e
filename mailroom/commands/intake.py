"""Intake commands: backfill, the live poller, workers, the scheduler, health and replay."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mailroom.commands.output import emit_json, table
from mailroom.wiring import Workspace


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--no-progress", is_flag=True, help="Do not draw the progress bar.")
@click.option(
    "--quiet",
    is_flag=True,
    help="Record everything but send no mail (for importing old mail): no confirmations, "
    "no approval requests; changes stay awaiting approval.",
)
@click.pass_obj
def ingest(ws: Workspace, path: Path, as_json: bool, no_progress: bool, quiet: bool) -> None:
    """File mail from mail files or folders, an mbox or a Maildir.

    A folder is read by what its files hold: .eml and .msg files, files that start
    with mail headers (numbered MH files, saved .txt), and mbox files; the others
    are listed as not read.

    Safe to run again: what was already stored is counted as duplicate. The summary
    buckets (new, duplicate, unrouted, failed, quarantined) add up to `seen`.
    Importing last year's mail? Use --quiet, or every sender is answered today.
    """
    from mailroom.ingestion import describe_summary, ingest_path

    ws.require_initialised()
    ws.quiet = quiet
    progress = not no_progress and sys.stderr.isatty()
    summary = ingest_path(ws, path, progress=progress)
    if not quiet:
        from mailroom.outgoing import drain

        drain(ws)  # confirmations go out now (folder mode) or are retried by the scheduler
    data = summary.as_dict()
    if as_json:
        emit_json(data)
        return
    click.echo(describe_summary(data))
    if quiet:
        click.echo(f"  {ws.held_back} mail(s) not queued (--quiet)")


@click.command()
@click.option("--once", is_flag=True, help="Fetch what is new, process it, and exit.")
@click.pass_obj
def poll(ws: Workspace, once: bool) -> None:
    """Fetch and file new mail from the IMAP mailbox.

    Waits with IDLE when the server offers it, else polls every imap.poll_interval s.
    With a broker configured (Redis, RabbitMQ) each fetched batch becomes a task for
    `mailroom worker`; otherwise the poller files it itself.
    """
    from mailroom.service import run_poll

    ws.require_initialised()
    run_poll(ws, once=once)


@click.command()
@click.option("--threads", default=2, show_default=True, help="Worker threads.")
@click.pass_obj
def worker(ws: Workspace, threads: int) -> None:
    """Run pipeline workers (dramatiq on Redis or RabbitMQ)."""
    from mailroom.service import run_worker

    ws.require_initialised()
    run_worker(ws, threads=threads)


@click.command()
@click.pass_obj
def serve(ws: Workspace) -> None:
    """Run it all on one machine: poller, scheduler, workers."""
    from mailroom.service import run_serve

    ws.require_initialised()
    run_serve(ws)


@click.command()
@click.option("--once", is_flag=True, help="Run the due ticks once and exit.")
@click.pass_obj
def scheduler(ws: Workspace, once: bool) -> None:
    """Run the scheduler alone (summaries, overdue checks, sweeper)."""
    from mailroom.service import run_scheduler_service

    ws.require_initialised()
    run_scheduler_service(ws, once=once)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def health(ws: Workspace, as_json: bool) -> None:
    """Show poller state, queue depth, unrouted and parked mail."""
    from mailroom.health import collect_health

    ws.require_initialised()
    report = collect_health(ws)
    if as_json:
        emit_json(report.as_dict())
        return
    click.echo(report.format())


@click.command()
@click.option("--all", "replay_all", is_flag=True, help="Replay every quarantined message.")
@click.argument("sha256", nargs=-1)
@click.pass_obj
def replay(ws: Workspace, replay_all: bool, sha256: tuple[str, ...]) -> None:
    """Re-run quarantined or failed messages through the pipeline.

    Without arguments, lists them. Replaying never files a message twice.
    """
    from mailroom.replay import list_parked, replay_messages

    ws.require_initialised()
    if not replay_all and not sha256:
        rows = list_parked(ws)
        if not rows:
            click.echo("nothing is quarantined")
            return
        click.echo(table(["sha256", "status", "reason", "error"], rows))
        click.echo("\nreplay with: mailroom replay --all  (or name sha256 prefixes)")
        return
    outcomes = replay_messages(ws, sha256 if not replay_all else None)
    for sha, outcome in outcomes.items():
        click.echo(f"{sha[:12]}  {outcome}")
