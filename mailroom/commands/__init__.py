"""The `mailroom` sub-commands, registered in one literal, ordered table.

The table is grouped into help sections in the order a new user meets them: set up a
workspace, get mail in, look at projects, then the language tools. `mailroom --help`
lists them in exactly this order.
"""

from __future__ import annotations

import click

from mailroom.commands import (
    intake,
    language,
    milestones,
    projects,
    records,
    summaries,
    workspace,
)

Entry = tuple[str, click.Command]

SECTIONS: tuple[tuple[str, tuple[Entry, ...]], ...] = (
    ("Start here", (
        ("demo", workspace.demo),
        ("init", workspace.init),
    )),
    ("Projects", (
        ("project", projects.project),
        ("member", projects.member),
        ("status", projects.status),
        ("milestone", milestones.milestone),
        ("summary", summaries.summary),
        ("quote", records.quote),
        ("audit", records.audit),
    )),
    ("Mail in", (
        ("ingest", intake.ingest),
        ("poll", intake.poll),
        ("serve", intake.serve),
        ("worker", intake.worker),
        ("scheduler", intake.scheduler),
        ("health", intake.health),
        ("replay", intake.replay),
    )),
    ("Reading mail", (
        ("classify", language.classify),
        ("parse-reply", language.parse_reply),
        ("review", language.review),
        ("rules", language.rules_group),
        ("classifier", language.classifier_group),
    )),
)  # fmt: skip

GROUPS: tuple[Entry, ...] = tuple(entry for _, entries in SECTIONS for entry in entries)


def register_all(group: click.Group) -> None:
    names = [name for name, _ in GROUPS]
    if len(names) != len(set(names)):
        raise RuntimeError("duplicate command name in mailroom.commands.SECTIONS")
    for name, command in GROUPS:
        group.add_command(command, name=name)
