"""Record commands: quote diff and the audit trail."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mailroom.wiring import Workspace


@click.group()
def quote() -> None:
    """Compare the quote versions of a project."""


@quote.command("diff")
@click.argument("code")
@click.option("--from", "v_from", type=int, default=None, help="Older version (default: v-1).")
@click.option("--to", "v_to", type=int, default=None, help="Newer version (default: latest).")
@click.pass_obj
def quote_diff(ws: Workspace, code: str, v_from: int | None, v_to: int | None) -> None:
    """What changed between quote versions: items, prices, totals, assumptions."""
    from tracker.operations.projects import project_by_code
    from tracker.operations.quotes import quote_diff as diff

    ws.require_initialised()
    with ws.transaction() as session:
        click.echo(diff(session, project_by_code(session, code).id, v_from, v_to).format())


@click.group()
def audit() -> None:
    """Verify or export a project's audit trail (hash-chained)."""


@audit.command("verify")
@click.argument("code")
@click.pass_obj
def audit_verify(ws: Workspace, code: str) -> None:
    """Check the chain; exits 1 and names the first bad event when it was tampered with."""
    from mailroom.errors import UserError
    from tracker import audit as trail
    from tracker.operations.projects import project_by_code

    ws.require_initialised()
    with ws.transaction() as session:
        result = trail.verify(session, project_by_code(session, code).id)
    if not result.ok:
        raise UserError(
            f"audit chain of {code} is broken: {f'event {result.first_bad_seq} {result.why}'}"
        )
    click.echo(f"audit chain of {code} verified: {result.checked} events, intact")


@audit.command("export")
@click.argument("code")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def audit_export(ws: Workspace, code: str, fmt: str, out: Path | None) -> None:
    """Write the audit trail as JSON lines or CSV (stdout by default)."""
    from tracker import audit as trail
    from tracker.operations.projects import project_by_code

    ws.require_initialised()
    with ws.transaction() as session:
        project_id = project_by_code(session, code).id
        if out is None:
            trail.export(session, project_id, fmt, sys.stdout)  # type: ignore[arg-type]
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                trail.export(session, project_id, fmt, handle)  # type: ignore[arg-type]
