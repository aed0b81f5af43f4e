"""The `mailroom` sub-commands, registered in one literal, ordered table."""

from __future__ import annotations

import click

from mailroom.commands import intake, language, projects, records, summaries, workspace

GROUPS: tuple[tuple[str, click.Command], ...] = (
    ("init", workspace.init),
    ("demo", workspace.demo),
    ("ingest", intake.ingest),
    ("poll", intake.poll),
    ("worker", intake.worker),
    ("serve", intake.serve),
    ("scheduler", intake.scheduler),
    ("health", intake.health),
    ("replay", intake.replay),
    ("project", projects.project),
    ("member", projects.member),
    ("status", projects.status),
    ("classify", language.classify),
    ("classifier", language.classifier_group),
    ("parse-reply", language.parse_reply),
    ("review", language.review),
    ("rules", language.rules_group),
    ("quote", records.quote),
    ("audit", records.audit),
    ("summary", summaries.summary),
)


def register_all(group: click.Group) -> None:
    names = [name for name, _ in GROUPS]
    if len(names) != len(set(names)):
        raise RuntimeError("duplicate command name in mailroom.commands.GROUPS")
    for name, command in GROUPS:
        group.add_command(command, name=name)
