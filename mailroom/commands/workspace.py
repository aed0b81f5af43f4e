"""`mailroom init` and `mailroom demo`."""

from __future__ import annotations

import click

from mailroom.wiring import Workspace


@click.command()
@click.pass_obj
def init(ws: Workspace) -> None:
    """Create the workspace: settings, database and mail stores.

    Safe to run again: an existing workspace only gets its schema brought up to date.
    """
    created = ws.initialise()
    verb = "created" if created else "already present, schema up to date"
    click.echo(f"workspace {ws.settings.home}: {verb}")
    click.echo(f"  database  {ws.settings.database_url}")
    click.echo(f"  raw store {ws.settings.raw_dir}")
    click.echo(f"  outbox    {ws.settings.outbox_dir}")


@click.command()
@click.option(
    "--fresh/--keep",
    default=True,
    show_default=True,
    help="Start from an empty workspace (removes the demo home first).",
)
@click.pass_obj
def demo(ws: Workspace, fresh: bool) -> None:
    """Build a sample workspace from bundled mail and show it."""
    from mailroom.demo.run import run_demo

    run_demo(ws, fresh=fresh, echo=click.echo)
