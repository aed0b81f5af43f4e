"""`mailroom milestone`: a project's milestones — list, add, rename, reorder, plan, complete."""

from __future__ import annotations

from datetime import date

import click

from mailroom.commands.output import table
from mailroom.wiring import Workspace
from tracker.types import Actor

ADMIN = Actor.system("mailroom-cli")


@click.group()
def milestone() -> None:
    """Add, rename, reorder, plan or complete milestones."""


def _project_id(ws: Workspace, session: object, code: str) -> int:
    from tracker.operations.projects import project_by_code

    return project_by_code(session, code).id  # type: ignore[arg-type]


@milestone.command("list")
@click.argument("code")
@click.pass_obj
def milestone_list(ws: Workspace, code: str) -> None:
    """List the milestones of project CODE in order."""
    from tracker.operations.milestones import list_milestones

    ws.require_initialised()
    with ws.transaction() as session:
        rows = [
            [m.position, m.key, m.name, str(m.status), m.planned_date or "",
             m.forecast_date or "", m.actual_date or "",
             f"{m.payment_share:.0%}" if m.payment_share else ""]
            for m in list_milestones(session, _project_id(ws, session, code))
        ]  # fmt: skip
    click.echo(
        table(["#", "key", "name", "status", "planned", "forecast", "actual", "share"], rows)
    )


@milestone.command("add")
@click.argument("code")
@click.argument("key")
@click.argument("name")
@click.option("--after", "after_key", default=None, help="Insert after this milestone key.")
@click.option(
    "--share",
    type=click.FloatRange(0, 1),
    default=None,
    help="Payment share (0-1) due when it is done.",
)
@click.pass_obj
def milestone_add(
    ws: Workspace, code: str, key: str, name: str, after_key: str | None, share: float | None
) -> None:
    """Add milestone KEY called NAME to project CODE."""
    from tracker.operations.milestones import add_milestone

    ws.require_initialised()
    with ws.transaction() as session:
        add_milestone(
            session,
            ADMIN,
            _project_id(ws, session, code),
            key,
            name,
            after_key=after_key,
            payment_share=share,
        )
    click.echo(f"milestone {key} added to {code}")


@milestone.command("rename")
@click.argument("code")
@click.argument("key")
@click.argument("name")
@click.pass_obj
def milestone_rename(ws: Workspace, code: str, key: str, name: str) -> None:
    """Give milestone KEY of project CODE a new NAME (the key stays)."""
    from tracker.operations.milestones import rename_milestone

    ws.require_initialised()
    with ws.transaction() as session:
        rename_milestone(session, ADMIN, _project_id(ws, session, code), key, name)
    click.echo(f"milestone {key} renamed to {name!r}")


@milestone.command("reorder")
@click.argument("code")
@click.argument("keys", nargs=-1, required=True)
@click.pass_obj
def milestone_reorder(ws: Workspace, code: str, keys: tuple[str, ...]) -> None:
    """Put project CODE's milestones in the order of KEYS (every key, once)."""
    from tracker.operations.milestones import reorder_milestones

    ws.require_initialised()
    with ws.transaction() as session:
        reorder_milestones(session, ADMIN, _project_id(ws, session, code), list(keys))
    click.echo(f"milestones of {code} reordered")


@milestone.command("plan")
@click.argument("code")
@click.argument("key")
@click.option("--planned", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--forecast", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.pass_obj
def milestone_plan(ws: Workspace, code: str, key: str, planned: object, forecast: object) -> None:
    """Set the planned and/or forecast date of milestone KEY (YYYY-MM-DD)."""
    from mailroom.errors import UserError
    from tracker.operations.milestones import forecast_milestone, plan_milestone

    if planned is None and forecast is None:
        raise UserError("give --planned and/or --forecast")
    ws.require_initialised()
    with ws.transaction() as session:
        project_id = _project_id(ws, session, code)
        if planned is not None:
            plan_milestone(session, ADMIN, project_id, key, _day(planned))
        if forecast is not None:
            forecast_milestone(session, ADMIN, project_id, key, _day(forecast))
    click.echo(f"milestone {key} of {code} planned")


@milestone.command("complete")
@click.argument("code")
@click.argument("key")
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Actual date (default today).",
)
@click.pass_obj
def milestone_complete(ws: Workspace, code: str, key: str, on: object) -> None:
    """Mark milestone KEY of project CODE done (payments tied to it fall due)."""
    from tracker.operations.milestones import complete_milestone
    from tracker.operations.payments import refresh_payments_due

    ws.require_initialised()
    with ws.transaction() as session:
        project_id = _project_id(ws, session, code)
        complete_milestone(session, ADMIN, project_id, key, on=_day(on) if on is not None else None)
        refresh_payments_due(session, project_id)
    click.echo(f"milestone {key} of {code} done")


def _day(value: object) -> date:
    return value.date()  # type: ignore[attr-defined,no-any-return]
