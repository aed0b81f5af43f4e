"""Project commands: create, list, show, export, close; members; status."""

from __future__ import annotations

from pathlib import Path

import click

from mailroom.commands.output import emit_json, table
from mailroom.errors import UserError
from mailroom.wiring import Workspace
from tracker.types import Role, ServiceType

SERVICE_TYPES = [s.value for s in ServiceType]
ROLES = [r.value for r in Role]


@click.group()
def project() -> None:
    """Create, import, list, show, export and close projects."""


@project.command("create")
@click.argument("code")
@click.option("--name", required=True, help="Human name of the project.")
@click.option(
    "--service-type",
    type=click.Choice(SERVICE_TYPES),
    required=True,
    help="Chooses the milestone template.",
)
@click.option("--sponsor", required=True, help="Sponsor organisation.")
@click.option("--cro", required=True, help="CRO / CDMO organisation.")
@click.option("--timezone", default="UTC", show_default=True)
@click.pass_obj
def project_create(
    ws: Workspace, code: str, name: str, service_type: str, sponsor: str, cro: str, timezone: str
) -> None:
    """Create project CODE; its address is proj-CODE@<mail_domain>."""
    from mailroom.projects import create_project
    from tracker.operations.projects import project_address

    ws.require_initialised()
    with ws.transaction() as session:
        create_project(
            session,
            code=code,
            name=name,
            service_type=ServiceType(service_type),
            sponsor=sponsor,
            cro=cro,
            domain=ws.settings.mail_domain,
            timezone=timezone,
        )
    click.echo(
        f"project {code.lower()} created: {project_address(code.lower(), ws.settings.mail_domain)}"
    )


@project.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def project_import(ws: Workspace, file: Path) -> None:
    """Create projects and members from a TOML file of [[project]] tables.

    The format of `mailroom/demo/projects.toml` and of the benchmark corpus: each
    `[[project]]` has code, name, service_type, sponsor, cro and `[[project.member]]`
    entries with name, email, role (and optional other_emails, organisation).
    """
    import tomllib

    from mailroom.projects import import_projects

    ws.require_initialised()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{file}: not valid TOML ({exc})") from None
    with ws.transaction() as session:
        codes = import_projects(session, data, domain=ws.settings.mail_domain)
    click.echo(f"{len(codes)} project(s) created: {', '.join(codes)}")


@project.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def project_list(ws: Workspace, as_json: bool) -> None:
    """List projects."""
    from tracker.queries import list_projects

    ws.require_initialised()
    with ws.transaction() as session:
        rows = list_projects(session)
    if as_json:
        for row in rows:
            emit_json(
                {
                    "code": row.code,
                    "name": row.name,
                    "service_type": str(row.service_type),
                    "status": str(row.status),
                    "address": row.address,
                }
            )
        return
    click.echo(
        table(
            ["code", "name", "service type", "status", "address"],
            [[r.code, r.name, r.service_type, r.status, r.address] for r in rows],
        )
    )


@project.command("show")
@click.argument("code")
@click.pass_obj
def project_show(ws: Workspace, code: str) -> None:
    """Show a project's members and milestones."""
    from mailroom.status_view import render_project

    ws.require_initialised()
    with ws.transaction() as session:
        click.echo(render_project(session, code))


@project.command("export")
@click.argument("code")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Zip file to write (default <code>-dossier.zip).",
)
@click.pass_obj
def project_export(ws: Workspace, code: str, out: Path | None) -> None:
    """Write a self-contained dossier (zip with an HTML index) of the project."""
    from tracker.dossier import export_dossier
    from tracker.operations.projects import project_by_code

    ws.require_initialised()
    target = out or Path(f"{code}-dossier.zip")
    with ws.transaction() as session:
        project_id = project_by_code(session, code).id
        export_dossier(session, project_id, target, ws.blob_store.get)
    click.echo(f"dossier written to {target}")


@project.command("close")
@click.argument("code")
@click.option(
    "--waive",
    multiple=True,
    metavar="ITEM=REASON",
    help="Waive a closeout checklist item with a reason.",
)
@click.pass_obj
def project_close(ws: Workspace, code: str, waive: tuple[str, ...]) -> None:
    """Close a project once its closeout checklist is met or waived."""
    from mailroom.closing import close_project

    ws.require_initialised()
    waivers = []
    for item in waive:
        key, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise UserError(f"--waive {item!r}: use ITEM=REASON")
        waivers.append((key.strip(), reason.strip()))
    with ws.transaction() as session:
        click.echo(close_project(session, code, waivers))


@click.group()
def member() -> None:
    """Manage project members and their roles."""


@member.command("add")
@click.argument("code")
@click.argument("email")
@click.option("--name", default="", help="Display name (default: the address).")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organisation", default=None)
@click.option("--also", multiple=True, help="Another address of the same person.")
@click.option(
    "--timezone",
    default=None,
    help="The person's IANA time zone for weekly summaries (default: the project's).",
)
@click.pass_obj
def member_add(
    ws: Workspace,
    code: str,
    email: str,
    name: str,
    role: str,
    organisation: str | None,
    also: tuple[str, ...],
    timezone: str | None,
) -> None:
    """Give EMAIL a ROLE in project CODE (creating the person if needed)."""
    from mailroom.projects import MemberSpec, add_member
    from tracker.operations.projects import project_by_code

    ws.require_initialised()
    with ws.transaction() as session:
        project_id = project_by_code(session, code).id
        add_member(
            session,
            project_id,
            MemberSpec(
                name=name or email,
                emails=(email, *also),
                role=Role(role),
                organisation=organisation,
                timezone=timezone,
            ),
        )
    click.echo(f"{email} is {role} in {code}")


@click.command()
@click.argument("code")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def status(ws: Workspace, code: str, as_json: bool) -> None:
    """Show a project at a glance (milestones, changes, payments).

    Also who the project is waiting on, open reviews and samples.
    """
    from mailroom.status_view import render_status, status_json

    ws.require_initialised()
    with ws.transaction() as session:
        if as_json:
            emit_json(status_json(session, code))
        else:
            click.echo(render_status(session, code))
