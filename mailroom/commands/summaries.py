"""`mailroom summary PROJECT [--send]`."""

from __future__ import annotations

import click

from mailroom.wiring import Workspace


@click.command()
@click.argument("code")
@click.option("--send", is_flag=True, help="Queue and send this week's summary to each member.")
@click.pass_obj
def summary(ws: Workspace, code: str, send: bool) -> None:
    """Preview a project's weekly summary, or send it (--send)."""
    from mailroom.outgoing import drain
    from mailroom.summaries import queue_summaries, summary_for
    from outbound.render import render
    from outbound.types import OutgoingEmail
    from tracker.db import utcnow
    from tracker.operations.projects import project_by_code

    ws.require_initialised()
    if send:
        with ws.transaction() as session:
            project_id = project_by_code(session, code).id
            queued = queue_summaries(ws, session, project_id, utcnow(), force=True)
        sent = drain(ws)
        click.echo(
            f"{queued} summary(ies) queued for {code}, {sent} mail(s) sent "
            "(a member gets each week's summary once)"
        )
        return
    with ws.transaction() as session:
        previews = summary_for(session, code)
    if not previews:
        click.echo(f"{code} has no members to summarise for")
        return
    member, context = previews[0]
    click.echo(f"(preview for {member.name} <{member.email}>; each member gets their own copy)\n")
    message = render(
        OutgoingEmail(
            template="weekly_summary",
            context=context,
            mail_from=ws.settings.from_address,
            recipients=(member.email,),
        ),
        domain=ws.settings.mail_domain,
    )
    click.echo(f"Subject: {message['Subject']}\n")
    click.echo(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
